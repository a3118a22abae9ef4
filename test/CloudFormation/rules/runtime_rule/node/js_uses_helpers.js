const { } = require("./rulecc_runtime.js");

exports.handler = async () => null;
