#!/usr/bin/env node
// Runs a Node.js function of a rulecc bundle on configuration items,
// in-process: the counterpart of run_handler.py.
//
//   node run_handler.js BUNDLE_DIR FUNCTION MODULE --now T [--param k=v]... ITEM.json...
//
// Each item goes to the module's `handler` as a configuration change
// notification (`ruleParameters` from the params, RULECC_NOW set to `now`).
// The AWS Config client is a stub object (the runtime calls its lower-camel
// methods, as with test/Runtime's fake client): no SDK, no network; it
// captures the PutEvaluations request and fails on any other call. The result
// is {"verdict": ..., "annotation": ..., "error": ...}, printed one per line
// (an ITEM.json may hold one item or a list of them).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_ACCOUNT = '123456789012';

class StubConfig {
  constructor() {
    this.captured = [];
  }

  putEvaluations(input) {
    this.captured.push(JSON.parse(JSON.stringify(input)));
    return Promise.resolve({ FailedEvaluations: [] });
  }
}
for (const op of ['getResourceConfigHistory', 'listDiscoveredResources', 'batchGetResourceConfig']) {
  StubConfig.prototype[op] = () => Promise.reject(new Error(`unexpected AWS Config call ${op}`));
}

/** The change notification AWS Config would send for `item`. */
function changeEvent(item, params, now, ruleName) {
  item = { ...item };
  // PutEvaluations needs an ordering timestamp; AWS always sends one.
  if (!item.configurationItemCaptureTime) item.configurationItemCaptureTime = now || '2024-01-01T00:00:00.000Z';
  const invoking = {
    messageType: 'ConfigurationItemChangeNotification',
    configurationItem: item,
    notificationCreationTime: now || item.configurationItemCaptureTime,
    recordVersion: '1.3',
  };
  return {
    invokingEvent: JSON.stringify(invoking),
    ruleParameters: JSON.stringify(params),
    resultToken: 'rulecc-run-handler',
    eventLeftScope: false,
    configRuleName: ruleName,
    accountId: item.awsAccountId || DEFAULT_ACCOUNT,
  };
}

/** Runs `module.handler` of bundleRoot/functionDir on one item; resolves to
 * its verdict, annotation or error. */
async function run(bundleRoot, functionDir, moduleName, item, params, now) {
  const dir = path.resolve(bundleRoot, functionDir);
  let mod;
  let runtime = null;
  try {
    mod = require(path.join(dir, `${moduleName}.js`));
    const helpers = path.join(dir, 'rulecc_runtime.js');
    if (fs.existsSync(helpers)) runtime = require(helpers);
    // Inline code (CloudFormation's ZipFile) holds the helpers itself.
    else if (typeof mod.setClient === 'function') runtime = mod;
  } catch (e) {
    return { verdict: 'ERROR', annotation: null, error: `cannot load ${moduleName}: ${e.message}` };
  }
  const stub = new StubConfig();
  const savedNow = process.env.RULECC_NOW;
  if (now !== null && now !== undefined) process.env.RULECC_NOW = now;
  if (runtime) runtime.setClient(stub);
  try {
    await mod.handler(changeEvent(item, params, now, moduleName), {});
  } catch (e) {
    return { verdict: 'ERROR', annotation: null, error: e.message };
  } finally {
    if (runtime) runtime.setClient(null);
    if (savedNow === undefined) delete process.env.RULECC_NOW;
    else process.env.RULECC_NOW = savedNow;
  }
  const evaluations = stub.captured.length ? stub.captured[0].Evaluations : [];
  if (evaluations.length !== 1) {
    return { verdict: 'ERROR', annotation: null, error: `the handler sent ${evaluations.length} evaluations` };
  }
  const e = evaluations[0];
  return { verdict: e.ComplianceType, annotation: e.Annotation === undefined ? null : e.Annotation, error: null };
}

function usage(message) {
  process.stderr.write(`run_handler.js: ${message}\n` +
    'usage: run_handler.js BUNDLE_DIR FUNCTION MODULE --now T [--param k=v]... ITEM.json...\n');
  process.exit(2);
}

async function main(argv) {
  const positional = [];
  const params = {};
  let now = null;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--now' || a === '--param') {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      const v = argv[(i += 1)];
      if (a === '--now') {
        now = v;
      } else {
        const eq = v.indexOf('=');
        if (eq <= 0) usage(`--param takes name=value, not ${JSON.stringify(v)}`);
        params[v.slice(0, eq)] = v.slice(eq + 1);
      }
    } else if (a.startsWith('--now=')) {
      now = a.slice('--now='.length);
    } else {
      positional.push(a);
    }
  }
  if (positional.length < 4) usage('expected BUNDLE_DIR FUNCTION MODULE and at least one ITEM.json');
  if (now === null) usage('--now is required');
  const [bundle, fn, moduleName, ...files] = positional;
  for (const file of files) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const item of Array.isArray(data) ? data : [data]) {
      const result = await run(bundle, fn, moduleName, item, params, now);
      // Spaced as Python's json.dumps prints it, so both runners' lines compare.
      const j = JSON.stringify;
      process.stdout.write(`{"verdict": ${j(result.verdict)}, "annotation": ${j(result.annotation)}, "error": ${j(result.error)}}\n`);
    }
  }
}

module.exports = { run, changeEvent };

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`run_handler.js: ${e.stack || e}\n`);
    process.exit(2);
  });
}
