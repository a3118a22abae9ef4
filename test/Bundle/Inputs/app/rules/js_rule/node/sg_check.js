// Requires the runtime helpers, which the bundle ships beside this file.
const runtime = require('./rulecc_runtime');

exports.handler = async () => ({ helpers: typeof runtime });
