// Runtime helpers of rulecc's custom AWS Config rules (Node.js).
//
// Shipped beside every Node.js rule's handler in its Lambda bundle, with the
// semantics of runtime/python/rulecc_runtime.py: parses the events AWS Config
// sends (configuration change, oversized change, scheduled), decides
// applicability, decodes typed rule parameters, cuts annotations to AWS's 256
// characters and reports through PutEvaluations in batches of 100. Node's
// standard library and the AWS SDK v3 client of AWS Config only; the SDK (part
// of the Lambda Node.js runtime) is loaded on first use, so the module loads
// without it and tests inject a client.
//
// A handler file needs three lines:
//
//   const rulecc = require('./rulecc_runtime');
//   const check = (item, params) => item.configuration.x ? 'COMPLIANT' : ['NON_COMPLIANT', 'no x'];
//   exports.handler = rulecc.handler(check, { resourceTypes: ['AWS::S3::Bucket'] });
'use strict';

const COMPLIANT = 'COMPLIANT';
const NON_COMPLIANT = 'NON_COMPLIANT';
const NOT_APPLICABLE = 'NOT_APPLICABLE';
// PutEvaluations refuses INSUFFICIENT_DATA from a custom rule, so a rule
// function cannot return it.
const VERDICTS = [COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE];

const CHANGE = 'ConfigurationItemChangeNotification';
const OVERSIZED = 'OversizedConfigurationItemChangeNotification';
const SCHEDULED = 'ScheduledNotification';

// The pseudo resource a rule without scope reports on in a scheduled run.
const ACCOUNT_RESOURCE_TYPE = 'AWS::::Account';
// The result token of the console's and the RDK's test invocations.
const TEST_MODE_TOKEN = 'TESTMODE';
const MAX_ANNOTATION = 256; // Evaluation.Annotation, in characters
const BATCH_SIZE = 100; // the most PutEvaluations and BatchGetResourceConfig take
const ELLIPSIS = '\u2026';
// Item states of a resource that can be evaluated; every other state is
// NOT_APPLICABLE.
const LIVE_STATUSES = ['OK', 'ResourceDiscovered'];
// Rounds of BatchGetResourceConfig that return nothing at all before a
// scheduled run gives up on its unprocessed keys.
const MAX_IDLE_BATCH_ROUNDS = 5;

/** Base of the errors the helpers raise; they fail the invocation, so AWS
 * Config shows the rule in error instead of a wrong result. */
class RuleError extends Error {
  constructor(message) {
    super(message);
    this.name = this.constructor.name;
  }
}
/** The event is not one AWS Config sends to a rule. */
class EventError extends RuleError {}
/** A rule parameter is missing, unknown, or not of its declared type. */
class ParameterError extends RuleError {}
/** AWS Config refused some evaluations (PutEvaluations' FailedEvaluations). */
class PutEvaluationsError extends RuleError {
  constructor(failed) {
    super(`PutEvaluations refused ${failed.length} evaluation(s), first ` +
          `${failed[0].ComplianceResourceType} ${failed[0].ComplianceResourceId}`);
    this.failed = failed;
  }
}

// --- AWS Config client --------------------------------------------------------

let sdk = null;
let client = null;

function loadSdk() {
  if (!sdk) sdk = require('@aws-sdk/client-config-service');
  return sdk;
}

/** The AWS Config client, made on first use (tests replace it with
 * setClient). */
function configClient() {
  if (!client) client = new (loadSdk().ConfigServiceClient)({});
  return client;
}

/**
 * Uses `c` for every call not given a client explicitly; null goes back to
 * the default. `c` is an SDK v3 ConfigServiceClient (commands are sent), a
 * ConfigService aggregate, or anything with the same lower-camel methods
 * (putEvaluations(input) returning a promise). `sdkModule` replaces the
 * SDK's module where commands are built (for tests).
 */
function setClient(c, sdkModule) {
  client = c || null;
  if (sdkModule !== undefined) sdk = sdkModule;
}

// Calls one AWS Config operation ('PutEvaluations') with its input.
async function call(c, operation, input) {
  c = c || configClient();
  const method = operation[0].toLowerCase() + operation.slice(1);
  if (typeof c[method] === 'function') return c[method](input);
  const Command = loadSdk()[`${operation}Command`];
  return c.send(new Command(input));
}

// --- Parameters ----------------------------------------------------------------

const PARAM_TYPES = ['String', 'Integer', 'Float', 'Boolean', 'List'];
const MISSING = Symbol('missing');
const INTEGER = /^[+-]?[0-9]+$/;
const FLOAT = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/**
 * The declaration of one rule parameter (`param :name, Integer, default: 90`).
 * Without a default the parameter is required, unless `required: false`
 * (then it decodes to null).
 */
function param(type = 'String', defaultValue = MISSING, { required } = {}) {
  if (!PARAM_TYPES.includes(type)) {
    throw new TypeError(`parameter type ${JSON.stringify(type)} is not one of ${PARAM_TYPES.join(', ')}`);
  }
  return {
    type,
    default: defaultValue,
    required: required === undefined ? defaultValue === MISSING : required,
    isParam: true,
  };
}

function jsonText(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isScalar(value) {
  return value !== null && typeof value !== 'object';
}

function decodeValue(name, type, value) {
  const bad = (expected) => new ParameterError(
    `rule parameter '${name}' must be ${expected}, got ${JSON.stringify(value)}`);
  const text = typeof value === 'string' ? value.trim() : null;
  switch (type) {
    case 'String':
      if (!isScalar(value)) throw bad('a string');
      return jsonText(value);
    case 'Integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (text !== null && INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
      throw bad('an integer');
    case 'Float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (text !== null && FLOAT.test(text) && Number.isFinite(Number(text))) return Number(text);
      throw bad('a number');
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (text !== null && ['true', 'false'].includes(text.toLowerCase())) return text.toLowerCase() === 'true';
      throw bad('true or false');
    default: { // List: AWS passes every parameter as text, a list comma-separated.
      let items;
      if (Array.isArray(value)) items = value;
      else if (typeof value === 'string') items = value.split(',');
      else throw bad('a comma-separated list');
      if (!items.every(isScalar)) throw bad('a comma-separated list');
      return items.map((i) => jsonText(i).trim()).filter((i) => i !== '');
    }
  }
}

function specEntry(name, entry) {
  if (entry && entry.isParam) return entry;
  if (typeof entry === 'string') return param(entry);
  throw new TypeError(`parameter '${name}': declare it as a type name or param(), not ${JSON.stringify(entry)}`);
}

/**
 * Decodes an event's ruleParameters (a JSON object in a string). Without a
 * spec the values come back as AWS sent them; with one (name -> param() or
 * type name) each value is decoded by its type, as the Python helpers do.
 * Throws ParameterError for a missing required parameter, an undeclared one,
 * or a value not of its type.
 */
function decodeParameters(raw, spec) {
  let values;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    values = {};
  } else if (typeof raw === 'string') {
    try {
      values = JSON.parse(raw);
    } catch (e) {
      throw new ParameterError(`ruleParameters is not JSON: ${e.message}`);
    }
  } else {
    values = raw;
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new ParameterError('ruleParameters is not a JSON object');
  }
  if (!spec) return { ...values };
  const declared = Object.entries(spec).map(([name, entry]) => [name, specEntry(name, entry)]);
  const names = new Set(declared.map(([name]) => name));
  const unknown = Object.keys(values).filter((k) => !names.has(k)).sort();
  if (unknown.length) {
    throw new ParameterError(
      `unknown rule parameter ${unknown.map((u) => `'${u}'`).join(', ')} ` +
      `(the rule declares ${declared.map(([n]) => `'${n}'`).join(', ') || 'none'})`);
  }
  const params = {};
  for (const [name, p] of declared) {
    if (Object.prototype.hasOwnProperty.call(values, name)) {
      params[name] = decodeValue(name, p.type, values[name]);
    } else if (p.default !== MISSING) {
      params[name] = decodeValue(name, p.type, p.default);
    } else if (p.required) {
      throw new ParameterError(`rule parameter '${name}' (${p.type}) is not set`);
    } else {
      params[name] = null;
    }
  }
  return params;
}

// --- Events --------------------------------------------------------------------

// AWS's timestamp text for a Date (the SDK returns the API's timestamps so).
function iso(value) {
  return value instanceof Date ? value.toISOString() : value;
}

function jsonOrText(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (e) {
    return value;
  }
}

/**
 * Gives an item from GetResourceConfigHistory or BatchGetResourceConfig the
 * shape of a change event's configurationItem, as the RDK does.
 */
function normalizeItem(item) {
  const out = {};
  for (const [k, v] of Object.entries(item)) out[k] = iso(v);
  if ('configuration' in out) out.configuration = jsonOrText(out.configuration);
  const supplementary = out.supplementaryConfiguration;
  if (supplementary && typeof supplementary === 'object') {
    out.supplementaryConfiguration = {};
    for (const [k, v] of Object.entries(supplementary)) out.supplementaryConfiguration[k] = jsonOrText(v);
  }
  for (const [api, event] of [['accountId', 'awsAccountId'], ['arn', 'ARN'],
    ['configurationItemMD5Hash', 'configurationStateMd5Hash'], ['version', 'configurationItemVersion']]) {
    if (api in out && !(event in out)) out[event] = out[api];
  }
  if (Array.isArray(out.relationships)) {
    out.relationships = out.relationships.map((r) => ({ ...r, name: r.name !== undefined ? r.name : r.relationshipName }));
  }
  return out;
}

/**
 * Parses the event AWS Config invoked the function with: { messageType, item
 * (the configuration item or an oversized item's summary; null when
 * scheduled), leftScope, resultToken, testMode, accountId, notificationTime,
 * rawParameters, ruleName, scheduled, invokingEvent }. Throws EventError for
 * anything else.
 */
function parseEvent(event) {
  if (!event || typeof event !== 'object') throw new EventError('the event is not a JSON object');
  if (!('invokingEvent' in event)) throw new EventError('the event has no invokingEvent');
  let invoking;
  try {
    invoking = JSON.parse(event.invokingEvent);
  } catch (e) {
    throw new EventError(`invokingEvent is not JSON: ${e.message}`);
  }
  if (!invoking || typeof invoking !== 'object' || Array.isArray(invoking)) {
    throw new EventError('invokingEvent is not a JSON object');
  }
  const token = event.resultToken;
  if (typeof token !== 'string' || !token) throw new EventError('the event has no resultToken');
  const messageType = invoking.messageType;
  const key = { [CHANGE]: 'configurationItem', [OVERSIZED]: 'configurationItemSummary', [SCHEDULED]: null }[messageType];
  if (key === undefined) throw new EventError(`unexpected messageType ${JSON.stringify(messageType)}`);
  let item = null;
  if (key) {
    item = invoking[key];
    if (!item || typeof item !== 'object' || !item.resourceType || !item.resourceId) {
      throw new EventError(`${messageType} has no ${key} with resourceType and resourceId`);
    }
  }
  return {
    messageType,
    item,
    scheduled: messageType === SCHEDULED,
    leftScope: event.eventLeftScope === true,
    resultToken: token,
    testMode: token === TEST_MODE_TOKEN,
    accountId: event.accountId || invoking.awsAccountId,
    notificationTime: invoking.notificationCreationTime,
    rawParameters: event.ruleParameters,
    ruleName: event.configRuleName,
    invokingEvent: invoking,
  };
}

/** The full item of an oversized notification's summary, fetched with
 * GetResourceConfigHistory (limit 1, laterTime the capture time). */
async function fetchItem(summary, { client: c } = {}) {
  const input = { resourceType: summary.resourceType, resourceId: summary.resourceId, limit: 1 };
  if (summary.configurationItemCaptureTime) input.laterTime = summary.configurationItemCaptureTime;
  const got = await call(c, 'GetResourceConfigHistory', input);
  const items = (got && got.configurationItems) || [];
  if (!items.length) {
    throw new EventError(`no configuration history for ${summary.resourceType} ${summary.resourceId}`);
  }
  return normalizeItem(items[0]);
}

// --- Evaluations ---------------------------------------------------------------

/**
 * An annotation AWS Config accepts: at most 256 UTF-16 code units, cut on a
 * character boundary (never inside a surrogate pair) with a trailing
 * ellipsis when longer. null/undefined/'' give null (left out).
 */
function truncateAnnotation(text) {
  if (text === undefined || text === null) return null;
  text = String(text);
  if (text === '') return null;
  if (text.length <= MAX_ANNOTATION) return text;
  let cut = text.slice(0, MAX_ANNOTATION - ELLIPSIS.length);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/** One PutEvaluations entry for an item (anything with resourceType and
 * resourceId); the timestamp defaults to its capture time. */
function evaluation(item, complianceType, annotation, { timestamp } = {}) {
  if (!VERDICTS.includes(complianceType)) {
    throw new RuleError(`compliance type ${JSON.stringify(complianceType)} is not one of ${VERDICTS.join(', ')}`);
  }
  const when = timestamp !== undefined && timestamp !== null ? timestamp : item.configurationItemCaptureTime;
  if (when === undefined || when === null) {
    throw new RuleError(`no ordering timestamp for ${item.resourceType} ${item.resourceId}`);
  }
  const result = {
    ComplianceResourceType: item.resourceType,
    ComplianceResourceId: item.resourceId,
    ComplianceType: complianceType,
  };
  const text = truncateAnnotation(annotation);
  if (text !== null) result.Annotation = text;
  result.OrderingTimestamp = iso(when);
  return result;
}

/**
 * Sends the evaluations in batches of at most 100 (an empty list once, which
 * closes a scheduled run), with TestMode for the token TESTMODE. Throws
 * PutEvaluationsError after all batches when AWS refused any; resolves to the
 * number of calls.
 */
async function putEvaluations(evaluations, resultToken, { client: c } = {}) {
  const testMode = resultToken === TEST_MODE_TOKEN;
  let failed = [];
  let calls = 0;
  for (let start = 0; start < Math.max(evaluations.length, 1); start += BATCH_SIZE) {
    const got = await call(c, 'PutEvaluations', {
      Evaluations: evaluations.slice(start, start + BATCH_SIZE),
      ResultToken: resultToken,
      TestMode: testMode,
    });
    calls += 1;
    failed = failed.concat((got && got.FailedEvaluations) || []);
  }
  if (failed.length) throw new PutEvaluationsError(failed);
  return calls;
}

/** Why the item is NOT_APPLICABLE before the rule looks at it, or null. */
function applicability(item, resourceTypes = [], leftScope = false) {
  if (leftScope) return "the resource left the rule's scope";
  const status = item.configurationItemStatus === undefined ? 'OK' : item.configurationItemStatus;
  if (!LIVE_STATUSES.includes(status)) {
    const why = { ResourceDeleted: 'deleted', ResourceDeletedNotRecorded: 'deleted', ResourceNotRecorded: 'not recorded' };
    return `the resource is ${why[status] || status}`;
  }
  if (resourceTypes.length && !resourceTypes.includes(item.resourceType)) {
    return `the rule does not evaluate ${item.resourceType}`;
  }
  return null;
}

async function runRule(ruleFn, item, params, timestamp) {
  let verdict = await ruleFn(item, params);
  let annotation = null;
  if (Array.isArray(verdict) && verdict.length === 2) [verdict, annotation] = verdict;
  if (!VERDICTS.includes(verdict)) {
    // A rule that decides nothing must not pass for COMPLIANT.
    throw new RuleError(`the rule returned ${JSON.stringify(verdict) || String(verdict)} for ` +
                        `${item.resourceType} ${item.resourceId}, not one of ${VERDICTS.join(', ')}`);
  }
  return evaluation(item, verdict, annotation, { timestamp });
}

async function evaluateItem(ruleFn, item, params, resourceTypes, leftScope, timestamp) {
  const reason = applicability(item, resourceTypes, leftScope);
  if (reason !== null) return evaluation(item, NOT_APPLICABLE, reason, { timestamp });
  if (typeof item.configuration === 'string') item = { ...item, configuration: jsonOrText(item.configuration) };
  return runRule(ruleFn, item, params, timestamp);
}

const defaultSleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Every recorded resource of the types, as normalized items:
 * ListDiscoveredResources page by page, then BatchGetResourceConfig for at
 * most 100 keys at a time; unprocessed keys are asked for again (a growing
 * pause while a round returns nothing; after 5 such rounds RuleError).
 */
async function scheduledItems(resourceTypes, { client: c, sleep = defaultSleep } = {}) {
  let keys = [];
  for (const resourceType of resourceTypes) {
    let nextToken;
    do {
      const input = { resourceType };
      if (nextToken) input.nextToken = nextToken;
      const page = await call(c, 'ListDiscoveredResources', input);
      for (const r of page.resourceIdentifiers || []) keys.push({ resourceType: r.resourceType, resourceId: r.resourceId });
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const items = [];
  let idle = 0;
  while (keys.length) {
    const batch = keys.slice(0, BATCH_SIZE);
    keys = keys.slice(BATCH_SIZE);
    const got = await call(c, 'BatchGetResourceConfig', { resourceKeys: batch });
    const found = got.baseConfigurationItems || [];
    for (const i of found) items.push(normalizeItem(i));
    const unprocessed = got.unprocessedResourceKeys || [];
    if (unprocessed.length && !found.length) {
      idle += 1;
      if (idle >= MAX_IDLE_BATCH_ROUNDS) {
        throw new RuleError(`BatchGetResourceConfig left ${unprocessed.length} key(s) unprocessed ${idle} times in a row`);
      }
      await sleep(0.1 * 2 ** idle);
    } else if (found.length) {
      idle = 0;
    }
    for (const k of unprocessed) keys.push({ resourceType: k.resourceType, resourceId: k.resourceId });
  }
  return items;
}

/** The pseudo item a rule without scope evaluates in a scheduled run. */
function accountItem(parsed) {
  if (!parsed.accountId) throw new EventError('a scheduled event without accountId');
  return {
    resourceType: ACCOUNT_RESOURCE_TYPE,
    resourceId: parsed.accountId,
    awsAccountId: parsed.accountId,
    configurationItemStatus: 'OK',
    configurationItemCaptureTime: parsed.notificationTime,
    configuration: {},
  };
}

/** The evaluations of one invocation, without sending them (see evaluate). */
async function evaluationsFor(event, ruleFn, options = {}) {
  const { parameters, resourceTypes = [], periodicTypes, client: c } = options;
  // A raw event carries invokingEvent as text, a parsed one as an object.
  const parsed = typeof event.invokingEvent === 'string' ? parseEvent(event) : event;
  // Decoded first: a bad parameter fails before any AWS call.
  const params = decodeParameters(parsed.rawParameters, parameters);
  if (parsed.scheduled) {
    const types = periodicTypes === undefined || periodicTypes === null ? resourceTypes : periodicTypes;
    const when = parsed.notificationTime;
    if (!when) throw new EventError('a scheduled event without notificationCreationTime');
    const items = types.length ? await scheduledItems(types, { client: c }) : [accountItem(parsed)];
    const results = [];
    for (const i of items) results.push(await evaluateItem(ruleFn, i, params, types, false, when));
    return results;
  }
  let item = parsed.item;
  if (parsed.messageType === OVERSIZED && applicability(item, resourceTypes, parsed.leftScope) === null) {
    item = await fetchItem(item, { client: c });
  }
  return [await evaluateItem(ruleFn, item, params, resourceTypes, parsed.leftScope)];
}

/**
 * Handles one AWS Config invocation with ruleFn(item, params), which returns
 * (or resolves to) COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE, or a
 * [verdict, annotation] pair. Options: parameters (name -> param() or type
 * name), resourceTypes, periodicTypes (default resourceTypes; none: the
 * account is evaluated), client. Semantics as in the Python helpers'
 * evaluate(). Resolves to counts { evaluations, compliant, non_compliant,
 * not_applicable }.
 */
async function evaluate(event, context, ruleFn, options = {}) {
  const parsed = parseEvent(event);
  const results = await evaluationsFor(parsed, ruleFn, options);
  await putEvaluations(results, parsed.resultToken, { client: options.client });
  const summary = { evaluations: results.length };
  for (const v of VERDICTS) summary[v.toLowerCase()] = results.filter((r) => r.ComplianceType === v).length;
  return summary;
}

/** A Lambda handler running evaluate(event, context, ruleFn, options). */
function handler(ruleFn, options = {}) {
  return (event, context) => evaluate(event, context, ruleFn, options);
}

module.exports = {
  COMPLIANT,
  NON_COMPLIANT,
  NOT_APPLICABLE,
  ACCOUNT_RESOURCE_TYPE,
  TEST_MODE_TOKEN,
  MAX_ANNOTATION,
  BATCH_SIZE,
  MAX_IDLE_BATCH_ROUNDS,
  RuleError,
  EventError,
  ParameterError,
  PutEvaluationsError,
  param,
  decodeParameters,
  parseEvent,
  normalizeItem,
  fetchItem,
  truncateAnnotation,
  evaluation,
  putEvaluations,
  applicability,
  scheduledItems,
  evaluationsFor,
  evaluate,
  handler,
  configClient,
  setClient,
};
