// Tests of runtime/node/rulecc_runtime.js with Node's built-in test runner
// (`node --test`) and a fake AWS Config client that, like botocore's Stubber,
// answers only the calls queued for it, in order, and checks each request
// exactly. No network, no SDK needed.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { test, beforeEach, afterEach } = require('node:test');

const rr = require(path.join(__dirname, '..', '..', 'runtime', 'node', 'rulecc_runtime.js'));

const BUCKET = 'AWS::S3::Bucket';
const SG = 'AWS::EC2::SecurityGroup';
const ACCOUNT = '123456789012';
const CAPTURE = '2024-05-02T10:11:12.000Z';
const SCHEDULED_AT = '2024-05-03T00:00:00.000Z';
const OPERATIONS = ['putEvaluations', 'getResourceConfigHistory', 'listDiscoveredResources', 'batchGetResourceConfig'];

// Answers queued calls in order; any other call fails the test.
class FakeConfig {
  constructor() {
    this.queue = [];
    for (const op of OPERATIONS) this[op] = (input) => this.answer(op, input);
  }

  expect(operation, input, response = {}) {
    this.queue.push({ operation, input, response });
  }

  answer(operation, input) {
    const next = this.queue.shift();
    assert.ok(next, `unexpected call ${operation} ${JSON.stringify(input)}`);
    assert.equal(operation, next.operation);
    assert.deepEqual(input, next.input);
    return Promise.resolve(structuredClone(next.response));
  }

  assertDone() {
    assert.deepEqual(this.queue.map((q) => q.operation), [], 'calls expected but not made');
  }
}

let fake;
beforeEach(() => {
  fake = new FakeConfig();
  rr.setClient(fake);
});
afterEach(() => rr.setClient(null));

function bucketItem(name = 'logs', { status = 'OK', versioning = 'Enabled', ...extra } = {}) {
  return {
    resourceType: BUCKET, resourceId: name, resourceName: name, awsAccountId: ACCOUNT,
    configurationItemStatus: status, configurationItemCaptureTime: CAPTURE,
    configuration: { name },
    supplementaryConfiguration: { BucketVersioningConfiguration: { status: versioning } },
    ...extra,
  };
}

function changeEvent(item, { token = 'token-1', leftScope = false, parameters = {} } = {}) {
  return {
    invokingEvent: JSON.stringify({ configurationItem: item, messageType: 'ConfigurationItemChangeNotification' }),
    ruleParameters: JSON.stringify(parameters), resultToken: token, eventLeftScope: leftScope,
    configRuleName: 'rules-example-versioning', accountId: ACCOUNT, version: '1.0',
  };
}

function scheduledEvent({ token = 'token-1', parameters = {} } = {}) {
  return {
    invokingEvent: JSON.stringify({
      awsAccountId: ACCOUNT, notificationCreationTime: SCHEDULED_AT,
      messageType: 'ScheduledNotification', recordVersion: '1.0',
    }),
    ruleParameters: JSON.stringify(parameters), resultToken: token, eventLeftScope: false,
    accountId: ACCOUNT, version: '1.0',
  };
}

function versioning(item, params) {
  const wanted = params.requiredStatus || 'Enabled';
  const status = item.supplementaryConfiguration.BucketVersioningConfiguration.status;
  return status === wanted ? rr.COMPLIANT : [rr.NON_COMPLIANT, `versioning is ${status}, not ${wanted}`];
}

function neverCalled(item) {
  throw new Error(`the rule ran for ${item.resourceId}`);
}

function ev(id, compliance, annotation, { when = CAPTURE, type = BUCKET } = {}) {
  const e = { ComplianceResourceType: type, ComplianceResourceId: id, ComplianceType: compliance };
  if (annotation !== undefined) e.Annotation = annotation;
  e.OrderingTimestamp = when;
  return e;
}

function expectPut(evaluations, { token = 'token-1', testMode = false, failed = [] } = {}) {
  fake.expect('putEvaluations', { Evaluations: evaluations, ResultToken: token, TestMode: testMode },
    { FailedEvaluations: failed });
}

// As BatchGetResourceConfig returns it: JSON text and SDK Dates.
function apiItem(name, versioningStatus = 'Enabled', type = BUCKET) {
  return {
    resourceType: type, resourceId: name, accountId: ACCOUNT, arn: `arn:aws:s3:::${name}`,
    configurationItemStatus: 'OK', configurationItemCaptureTime: new Date('2024-05-01T08:00:00.250Z'),
    configuration: JSON.stringify({ name }),
    supplementaryConfiguration: { BucketVersioningConfiguration: JSON.stringify({ status: versioningStatus }) },
  };
}

async function run(event, rule = versioning, options = {}) {
  const result = await rr.evaluate(event, null, rule, options);
  fake.assertDone();
  return result;
}

// --- change notifications ------------------------------------------------------

test('change: compliant', async () => {
  expectPut([ev('logs', 'COMPLIANT')]);
  assert.deepEqual(await run(changeEvent(bucketItem()), versioning, { resourceTypes: [BUCKET] }),
    { evaluations: 1, compliant: 1, non_compliant: 0, not_applicable: 0 });
});

test('change: non-compliant with annotation and parameter', async () => {
  expectPut([ev('logs', 'NON_COMPLIANT', 'versioning is Enabled, not Suspended')]);
  await run(changeEvent(bucketItem(), { parameters: { requiredStatus: 'Suspended' } }), versioning,
    { parameters: { requiredStatus: rr.param('String', 'Enabled') } });
});

test('change: an async rule sees the event item', async () => {
  const seen = [];
  expectPut([ev('logs', 'COMPLIANT')]);
  await run(changeEvent(bucketItem()), async (item) => { seen.push(item); return rr.COMPLIANT; });
  assert.deepEqual(seen, [bucketItem()]);
});

test('deleted resource is NOT_APPLICABLE', async () => {
  for (const [status, why] of [['ResourceDeleted', 'deleted'], ['ResourceDeletedNotRecorded', 'deleted'],
    ['ResourceNotRecorded', 'not recorded']]) {
    expectPut([ev('logs', 'NOT_APPLICABLE', `the resource is ${why}`)]);
    await run(changeEvent(bucketItem('logs', { status, configuration: null })), neverCalled,
      { resourceTypes: [BUCKET] });
  }
});

test('eventLeftScope is NOT_APPLICABLE', async () => {
  expectPut([ev('logs', 'NOT_APPLICABLE', "the resource left the rule's scope")]);
  await run(changeEvent(bucketItem(), { leftScope: true }), neverCalled, { resourceTypes: [BUCKET] });
});

test('out-of-scope type is NOT_APPLICABLE', async () => {
  expectPut([ev('logs', 'NOT_APPLICABLE', `the rule does not evaluate ${SG}`, { type: SG })]);
  await run(changeEvent(bucketItem('logs', { resourceType: SG })), neverCalled, { resourceTypes: [BUCKET] });
});

test('no resource types: every type is evaluated', async () => {
  expectPut([ev('logs', 'COMPLIANT', undefined, { type: SG })]);
  await run(changeEvent(bucketItem('logs', { resourceType: SG })));
});

test('TESTMODE token sets TestMode', async () => {
  expectPut([ev('logs', 'COMPLIANT')], { token: 'TESTMODE', testMode: true });
  await run(changeEvent(bucketItem(), { token: 'TESTMODE' }));
});

test('300-character annotation is cut to 256', async () => {
  expectPut([ev('logs', 'NON_COMPLIANT', `${'x'.repeat(255)}\u2026`)]);
  await run(changeEvent(bucketItem()), () => [rr.NON_COMPLIANT, 'x'.repeat(300)]);
});

test('empty annotation is left out', async () => {
  expectPut([ev('logs', 'NON_COMPLIANT')]);
  await run(changeEvent(bucketItem()), () => [rr.NON_COMPLIANT, '']);
});

test('handler() wraps evaluate', async () => {
  expectPut([ev('logs', 'NON_COMPLIANT', 'versioning is Suspended, not Enabled')]);
  const handler = rr.handler(versioning, { resourceTypes: [BUCKET] });
  assert.equal((await handler(changeEvent(bucketItem('logs', { versioning: 'Suspended' })), {})).non_compliant, 1);
  fake.assertDone();
});

test('FailedEvaluations throw', async () => {
  const failed = ev('logs', 'COMPLIANT');
  expectPut([ev('logs', 'COMPLIANT')], { failed: [failed] });
  await assert.rejects(run(changeEvent(bucketItem())), (e) => e instanceof rr.PutEvaluationsError &&
    e.failed.length === 1);
});

// --- oversized ---------------------------------------------------------------

function oversizedEvent({ status = 'OK', leftScope = false } = {}) {
  const { configuration, supplementaryConfiguration, ...summary } = bucketItem('big', { status });
  const event = changeEvent(bucketItem(), { leftScope });
  event.invokingEvent = JSON.stringify({
    configurationItemSummary: summary, messageType: 'OversizedConfigurationItemChangeNotification',
  });
  return event;
}

test('oversized: item fetched from history', async () => {
  const item = apiItem('big', 'Suspended');
  item.relationships = [{ resourceType: 'AWS::IAM::Role', resourceId: 'r', relationshipName: 'Is associated with' }];
  fake.expect('getResourceConfigHistory', { resourceType: BUCKET, resourceId: 'big', laterTime: CAPTURE, limit: 1 },
    { configurationItems: [item] });
  const seen = [];
  expectPut([ev('big', 'NON_COMPLIANT', 'versioning is Suspended, not Enabled', { when: '2024-05-01T08:00:00.250Z' })]);
  await run(oversizedEvent(), (i, p) => { seen.push(i); return versioning(i, p); }, { resourceTypes: [BUCKET] });
  assert.deepEqual(seen[0].configuration, { name: 'big' });
  assert.equal(seen[0].awsAccountId, ACCOUNT);
  assert.equal(seen[0].ARN, 'arn:aws:s3:::big');
  assert.equal(seen[0].relationships[0].name, 'Is associated with');
});

test('oversized: deleted resource needs no history', async () => {
  expectPut([ev('big', 'NOT_APPLICABLE', 'the resource is deleted')]);
  await run(oversizedEvent({ status: 'ResourceDeleted' }), neverCalled);
});

test('oversized: empty history fails', async () => {
  fake.expect('getResourceConfigHistory', { resourceType: BUCKET, resourceId: 'big', laterTime: CAPTURE, limit: 1 },
    { configurationItems: [] });
  await assert.rejects(rr.evaluate(oversizedEvent(), null, versioning), /no configuration history/);
});

// --- scheduled -----------------------------------------------------------------

function listPage(type, ids, { token, next } = {}) {
  const input = { resourceType: type };
  if (token) input.nextToken = token;
  const response = { resourceIdentifiers: ids.map((id) => ({ resourceType: type, resourceId: id })) };
  if (next) response.nextToken = next;
  fake.expect('listDiscoveredResources', input, response);
}

function batch(keys, items, unprocessed = []) {
  const response = { baseConfigurationItems: items };
  if (unprocessed.length) response.unprocessedResourceKeys = unprocessed;
  fake.expect('batchGetResourceConfig', { resourceKeys: keys }, response);
}

const key = (id, type = BUCKET) => ({ resourceType: type, resourceId: id });

test('scheduled: every resource, paginated, unprocessed keys retried', async () => {
  listPage(BUCKET, ['a'], { next: 'page-2' });
  listPage(BUCKET, ['b'], { token: 'page-2' });
  batch([key('a'), key('b')], [apiItem('a')], [key('b')]);
  batch([key('b')], [apiItem('b', 'Suspended')]);
  expectPut([ev('a', 'COMPLIANT', undefined, { when: SCHEDULED_AT }),
    ev('b', 'NON_COMPLIANT', 'versioning is Suspended, not Enabled', { when: SCHEDULED_AT })]);
  assert.equal((await run(scheduledEvent(), versioning, { resourceTypes: [BUCKET] })).evaluations, 2);
});

test('scheduled: periodicTypes override resourceTypes', async () => {
  listPage(SG, ['sg-1']);
  listPage(BUCKET, []);
  batch([key('sg-1', SG)], [apiItem('sg-1', 'Enabled', SG)]);
  expectPut([ev('sg-1', 'COMPLIANT', undefined, { when: SCHEDULED_AT, type: SG })]);
  await run(scheduledEvent(), versioning, { periodicTypes: [SG, BUCKET] });
});

test('scheduled: no resources still closes the run', async () => {
  listPage(BUCKET, []);
  expectPut([]);
  assert.equal((await run(scheduledEvent(), neverCalled, { resourceTypes: [BUCKET] })).evaluations, 0);
});

test('scheduled: a rule without scope evaluates the account', async () => {
  const seen = [];
  expectPut([ev(ACCOUNT, 'NON_COMPLIANT', 'no trail', { when: SCHEDULED_AT, type: 'AWS::::Account' })]);
  await run(scheduledEvent(), (item) => { seen.push(item); return [rr.NON_COMPLIANT, 'no trail']; });
  assert.equal(seen[0].resourceType, 'AWS::::Account');
  assert.deepEqual(seen[0].configuration, {});
});

test('scheduled: 250 evaluations go out in 3 calls', async () => {
  const ids = Array.from({ length: 250 }, (_, i) => `b${String(i).padStart(3, '0')}`);
  listPage(BUCKET, ids.slice(0, 200), { next: 'p2' });
  listPage(BUCKET, ids.slice(200), { token: 'p2' });
  const ok = (id) => Number(id.slice(1)) % 3 !== 0;
  for (const start of [0, 100, 200]) {
    const chunk = ids.slice(start, start + 100);
    batch(chunk.map((i) => key(i)), chunk.map((i) => apiItem(i, ok(i) ? 'Enabled' : 'Off')));
  }
  const expected = ids.map((i) => (ok(i) ? ev(i, 'COMPLIANT', undefined, { when: SCHEDULED_AT })
    : ev(i, 'NON_COMPLIANT', 'versioning is Off, not Enabled', { when: SCHEDULED_AT })));
  for (const start of [0, 100, 200]) expectPut(expected.slice(start, start + 100));
  const result = await run(scheduledEvent(), versioning, { resourceTypes: [BUCKET] });
  assert.equal(result.evaluations, 250);
  assert.equal(result.non_compliant, 84);
});

test('scheduled: unprocessed keys forever fail', async () => {
  listPage(BUCKET, ['a']);
  for (let i = 0; i < rr.MAX_IDLE_BATCH_ROUNDS; i++) batch([key('a')], [], [key('a')]);
  const pauses = [];
  await assert.rejects(rr.scheduledItems([BUCKET], { sleep: async (s) => { pauses.push(s); } }), /unprocessed/);
  fake.assertDone();
  assert.equal(pauses.length, rr.MAX_IDLE_BATCH_ROUNDS - 1);
  assert.deepEqual(pauses, [...pauses].sort((a, b) => a - b));
});

// --- failures: nothing is sent (no PutEvaluations is queued) --------------------

async function assertNothingSent(event, rule, options, pattern) {
  await assert.rejects(rr.evaluate(event, null, rule, options), pattern);
  fake.assertDone();
}

test('bad parameter value fails before any call', async () => {
  await assertNothingSent(changeEvent(bucketItem(), { parameters: { maxAge: 'ninety' } }), versioning,
    { parameters: { maxAge: rr.param('Integer', 90) } },
    (e) => e instanceof rr.ParameterError && e.message === 'rule parameter \'maxAge\' must be an integer, got "ninety"');
});

test('bad parameter fails before listing', async () => {
  await assertNothingSent(scheduledEvent({ parameters: { enabled: 'yes' } }), versioning,
    { parameters: { enabled: 'Boolean' }, resourceTypes: [BUCKET] }, /'enabled' must be true or false/);
});

test('a rule without verdict fails', async () => {
  await assertNothingSent(changeEvent(bucketItem()), () => undefined, {}, /returned undefined/);
});

test('INSUFFICIENT_DATA is refused', async () => {
  await assertNothingSent(changeEvent(bucketItem()), () => 'INSUFFICIENT_DATA', {}, /INSUFFICIENT_DATA/);
});

test('unknown messageType fails', async () => {
  const event = changeEvent(bucketItem());
  event.invokingEvent = JSON.stringify({ messageType: 'Surprise' });
  await assertNothingSent(event, versioning, {}, (e) => e instanceof rr.EventError && /"Surprise"/.test(e.message));
});

test('event without resultToken fails', async () => {
  const event = changeEvent(bucketItem());
  delete event.resultToken;
  await assertNothingSent(event, versioning, {}, /resultToken/);
});

test('the fake refuses calls nothing was queued for', async () => {
  await assert.rejects(rr.putEvaluations([], 't'), /unexpected call putEvaluations/);
});

// --- parameters ----------------------------------------------------------------

const decode = (raw, spec) => rr.decodeParameters(JSON.stringify(raw), spec);

test('parameters: String', () => {
  assert.deepEqual(decode({ s: ' a b ' }, { s: 'String' }), { s: ' a b ' });
  assert.deepEqual(decode({ s: 5 }, { s: 'String' }), { s: '5' });
  assert.deepEqual(decode({ s: true }, { s: 'String' }), { s: 'true' });
});

test('parameters: Integer', () => {
  for (const [text, value] of [['90', 90], [' -7 ', -7], ['+3', 3], [12, 12]]) {
    assert.equal(decode({ n: text }, { n: 'Integer' }).n, value);
  }
  for (const bad of ['1.5', '', '0x10', '1_000', '\u0661', true, [1], '99999999999999999999']) {
    assert.throws(() => decode({ n: bad }, { n: 'Integer' }), rr.ParameterError, String(bad));
  }
});

test('parameters: Float', () => {
  for (const [text, value] of [['1.5', 1.5], ['2', 2], ['-.5', -0.5], ['1e3', 1000], [3, 3], [0.25, 0.25]]) {
    assert.equal(decode({ x: text }, { x: 'Float' }).x, value);
  }
  for (const bad of ['nan', 'inf', 'Infinity', '1e400', '1,5', '', '1_0', false]) {
    assert.throws(() => decode({ x: bad }, { x: 'Float' }), rr.ParameterError, String(bad));
  }
});

test('parameters: Boolean', () => {
  for (const [text, value] of [['true', true], ['FALSE', false], [' True ', true], [false, false]]) {
    assert.equal(decode({ b: text }, { b: 'Boolean' }).b, value);
  }
  for (const bad of ['yes', '1', 1, '', null]) {
    assert.throws(() => decode({ b: bad }, { b: 'Boolean' }), rr.ParameterError, String(bad));
  }
});

test('parameters: List', () => {
  assert.deepEqual(decode({ l: 'a, b,,c ' }, { l: 'List' }).l, ['a', 'b', 'c']);
  assert.deepEqual(decode({ l: '' }, { l: 'List' }).l, []);
  assert.deepEqual(decode({ l: ['x', 2] }, { l: 'List' }).l, ['x', '2']);
  assert.throws(() => decode({ l: { a: 1 } }, { l: 'List' }), rr.ParameterError);
});

test('parameters: defaults, required, unknown, malformed', () => {
  const spec = { age: rr.param('Integer', 90), tags: rr.param('List', 'a,b'), opt: rr.param('String', undefined, { required: false }) };
  assert.deepEqual(rr.decodeParameters('{}', spec), { age: 90, tags: ['a', 'b'], opt: null });
  assert.equal(rr.decodeParameters('{"age": "30"}', spec).age, 30);
  assert.throws(() => rr.decodeParameters('{}', { status: 'String' }), /'status' \(String\) is not set/);
  assert.throws(() => rr.decodeParameters('{}', { n: rr.param('Integer', 'many') }), /'n' must be an integer/);
  assert.throws(() => rr.decodeParameters('{"maxAgee": "1"}', { maxAge: 'Integer' }), /unknown rule parameter 'maxAgee'/);
  for (const raw of ['["a"]', '{', '"x"']) assert.throws(() => rr.decodeParameters(raw, {}), rr.ParameterError);
  for (const raw of [undefined, '', '  ', '{}']) assert.deepEqual(rr.decodeParameters(raw, { n: rr.param('Integer', 1) }), { n: 1 });
  assert.deepEqual(rr.decodeParameters('{"a": "1", "b": 2}'), { a: '1', b: 2 });
  assert.throws(() => rr.param('Int'), TypeError);
  assert.throws(() => rr.decodeParameters('{}', { n: 5 }), TypeError);
});

// --- annotations, events, client --------------------------------------------------

test('annotations: cut on a character boundary', () => {
  assert.equal(rr.truncateAnnotation('é'.repeat(256)), 'é'.repeat(256));
  assert.equal(rr.truncateAnnotation('é'.repeat(257)), `${'é'.repeat(255)}\u2026`);
  const lock = '\u{1F512}';
  assert.equal(rr.truncateAnnotation('a'.repeat(254) + lock.repeat(3)), `${'a'.repeat(254)}\u2026`);
  assert.equal(rr.truncateAnnotation('a'.repeat(253) + lock.repeat(3)), `${'a'.repeat(253)}${lock}\u2026`);
  assert.equal(rr.truncateAnnotation('a'.repeat(254) + lock), 'a'.repeat(254) + lock);
  assert.equal(rr.truncateAnnotation(null), null);
  assert.equal(rr.truncateAnnotation(''), null);
  assert.equal(rr.truncateAnnotation(42), '42');
});

test('parseEvent', () => {
  const change = rr.parseEvent(changeEvent(bucketItem(), { token: 'TESTMODE' }));
  assert.equal(change.messageType, 'ConfigurationItemChangeNotification');
  assert.equal(change.item.resourceId, 'logs');
  assert.equal(change.testMode, true);
  assert.equal(change.scheduled, false);
  const scheduled = rr.parseEvent(scheduledEvent());
  assert.equal(scheduled.scheduled, true);
  assert.equal(scheduled.item, null);
  assert.equal(scheduled.notificationTime, SCHEDULED_AT);
  assert.throws(() => rr.parseEvent({ invokingEvent: '{', resultToken: 't' }), /not JSON/);
});

test('evaluation timestamps and verdicts', () => {
  assert.equal(rr.evaluation(bucketItem(), 'COMPLIANT', null, { timestamp: new Date(Date.UTC(2024, 0, 2, 1, 4, 5, 678)) })
    .OrderingTimestamp, '2024-01-02T01:04:05.678Z');
  assert.throws(() => rr.evaluation(bucketItem(), 'PASS'), rr.RuleError);
});

test('an SDK v3 client gets commands', async () => {
  class PutEvaluationsCommand {
    constructor(input) { this.input = input; }
  }
  const sent = [];
  const sdkClient = { send: async (command) => { sent.push(command); return {}; } };
  rr.setClient(sdkClient, { PutEvaluationsCommand });
  try {
    assert.equal(await rr.putEvaluations([ev('logs', 'COMPLIANT')], 'token-1'), 1);
  } finally {
    rr.setClient(null, null);
  }
  assert.equal(sent.length, 1);
  assert.ok(sent[0] instanceof PutEvaluationsCommand);
  assert.deepEqual(sent[0].input, { Evaluations: [ev('logs', 'COMPLIANT')], ResultToken: 'token-1', TestMode: false });
});

test('the SDK is loaded only when a default client is needed', () => {
  rr.setClient(null, null);
  let installed = true;
  try {
    require.resolve('@aws-sdk/client-config-service');
  } catch (e) {
    installed = false;
  }
  if (installed) assert.equal(typeof rr.configClient().send, 'function');
  else assert.throws(() => rr.configClient(), { code: 'MODULE_NOT_FOUND' });
});

test('the handler of docs/runtime.md works as a bundle lays it out', async () => {
  const fs = require('node:fs');
  const os = require('node:os');
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'runtime.md'), 'utf8');
  const code = doc.split('## A handler in three lines')[1].split('```js\n')[1].split('```')[0];
  const bundle = fs.mkdtempSync(path.join(os.tmpdir(), 'rulecc-bundle-'));
  try {
    fs.copyFileSync(require.resolve(path.join(__dirname, '..', '..', 'runtime', 'node', 'rulecc_runtime.js')),
      path.join(bundle, 'rulecc_runtime.js'));
    fs.writeFileSync(path.join(bundle, 'index.js'), code);
    const copy = require(path.join(bundle, 'rulecc_runtime.js'));
    assert.notEqual(copy, rr);
    copy.setClient(fake);
    const { handler } = require(path.join(bundle, 'index.js'));
    const item = bucketItem('logs', { configuration: { x: 0 } });
    expectPut([ev('logs', 'NON_COMPLIANT', 'no x')]);
    await handler(changeEvent(item), {});
    expectPut([ev('logs', 'COMPLIANT')]);
    await handler(changeEvent({ ...item, configuration: { x: 1 } }), {});
    fake.assertDone();
  } finally {
    fs.rmSync(bundle, { recursive: true, force: true });
  }
});
