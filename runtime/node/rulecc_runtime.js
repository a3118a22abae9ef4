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

// --- Rule bodies -----------------------------------------------------------------
// The functions below are what code generated from `rule :name do |item| ...
// end` calls for the operations whose meaning differs from JavaScript's
// (docs/runtime.md), with the semantics of rulecc's evaluator and of the
// Python helpers: Ruby's truthiness (only nil and false are false), Int and
// Float kept apart, nil-safe navigation that projects over lists. `line` is
// the rule file's "file:line" of the construct; an error throws
// EvaluationError with it.

// Ints stay within the integers a double holds exactly.
const MAX_SAFE_INT = Number.MAX_SAFE_INTEGER;

/** A rule body met a value its operation is not defined on; the item is not
 * evaluated and the invocation fails. */
class EvaluationError extends RuleError {
  constructor(line, message) {
    super(`${line}: ${message}`);
    this.line = line;
    this.detail = message;
  }
}

/** A Float whose value is integral: JavaScript has one number type, and
 * `2.0` must stay a Float (`to_s` is "2.0", `/` is not floored). Every
 * other number is an Int when it is a safe integer, else a Float. */
class BoxedFloat {
  constructor(value) {
    this.value = value;
  }
}

/** A property name the checker could not resolve: it matches the key equal
 * after lower-casing and dropping `_`. */
class Loose {
  constructor(name) {
    this.name = name;
  }
}

const isNil = (v) => v === null || v === undefined;
const isIntValue = (v) => typeof v === 'number' && Number.isSafeInteger(v);
const isNumber = (v) => typeof v === 'number' || v instanceof BoxedFloat;
const numberOf = (v) => (v instanceof BoxedFloat ? v.value : v);
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof BoxedFloat);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function kindOf(v) {
  if (isNil(v)) return 'nil';
  if (typeof v === 'boolean') return 'Bool';
  if (isIntValue(v)) return 'Int';
  if (isNumber(v)) return 'Float';
  if (typeof v === 'string') return 'String';
  if (Array.isArray(v)) return 'List';
  return 'Map';
}

/** A Float value: boxed when integral (see BoxedFloat). */
function float(v) {
  if (v instanceof BoxedFloat) return v;
  return Number.isInteger(v) && Math.abs(v) <= MAX_SAFE_INT ? new BoxedFloat(v) : v;
}

/** A configuration item as a body sees it (JSON numbers are already Ints
 * when integral and safe, Floats otherwise). */
function jsonValue(v) {
  return v;
}

/** Ruby's truthiness: only nil and false are false. */
const truthy = (v) => !isNil(v) && v !== false;
/** `a && b`: `a` when it is falsy, else `b()`. */
const and = (a, b) => (truthy(a) ? b() : a);
/** `a || b`: `a` when it is truthy, else `b()`. */
const or = (a, b) => (truthy(a) ? a : b());
/** The verdict of a body that ends without a decision: its last value. */
const verdict = (v) => (truthy(v) ? COMPLIANT : NON_COMPLIANT);

const squash = (name) => name.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/_/g, '');

const loose = (name) => new Loose(name);

function getKey(base, key) {
  if (key instanceof Loose) {
    if (hasOwn(base, key.name)) return base[key.name];
    const want = squash(key.name);
    for (const k of Object.keys(base)) if (squash(k) === want) return base[k];
    return null;
  }
  return hasOwn(base, key) ? base[key] : null;
}

function step(base, key) {
  if (Array.isArray(base)) {
    const out = [];
    for (const element of base) {
      const got = step(element, key);
      if (isNil(got)) continue;
      if (Array.isArray(got)) out.push(...got);
      else out.push(got);
    }
    return out;
  }
  if (isMap(base)) {
    const got = getKey(base, key);
    return got === undefined ? null : got;
  }
  return null;
}

/** `base.a.b`: each key of a map; over a list, each element's (nils
 * dropped, list results spliced one level); null on anything else. */
function nav(base, ...keys) {
  for (const key of keys) base = step(base, key);
  return isNil(base) ? null : base;
}

/** `base[key]`: a list element (negative from the end), a map's value,
 * null for a nil base. */
function index(base, key, line) {
  if (isNil(base)) return null;
  if (Array.isArray(base) && isIntValue(key)) {
    const i = key < 0 ? base.length + key : key;
    return i >= 0 && i < base.length && !isNil(base[i]) ? base[i] : null;
  }
  if (isMap(base) && typeof key === 'string') return hasOwn(base, key) && !isNil(base[key]) ? base[key] : null;
  throw new EvaluationError(line, `cannot index ${kindOf(base)} with ${kindOf(key)}`);
}

/** Deep equality: Int and Float by value, other kinds never equal. */
function eq(a, b) {
  if (isNumber(a) && isNumber(b)) return numberOf(a) === numberOf(b);
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 'nil') return true;
  if (ka === 'List') return a.length === b.length && a.every((x, i) => eq(x, b[i]));
  if (ka === 'Map') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && eq(a[k], b[k]));
  }
  return a === b;
}

/** Compares two strings by code point (JavaScript's < compares UTF-16
 * units, which orders characters beyond U+FFFF differently). */
function compareText(a, b) {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i += 1) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

// Orders two numbers or two Strings; anything else fails. Numbers compare
// as numbers (not by subtraction: inf <= inf holds).
function ordered(a, b, op, line, test) {
  if (isNumber(a) && isNumber(b)) {
    const x = numberOf(a);
    const y = numberOf(b);
    return test(x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN);
  }
  if (typeof a === 'string' && typeof b === 'string') return test(compareText(a, b));
  throw new EvaluationError(line, `'${op}' needs two numbers or two Strings, not ${kindOf(a)} and ${kindOf(b)}`);
}

const lt = (a, b, line) => ordered(a, b, '<', line, (c) => c < 0);
const le = (a, b, line) => ordered(a, b, '<=', line, (c) => c <= 0);
const gt = (a, b, line) => ordered(a, b, '>', line, (c) => c > 0);
const ge = (a, b, line) => ordered(a, b, '>=', line, (c) => c >= 0);

// Int results stay within +-(2^53 - 1), as the evaluator's.
const MAX_INT_RESULT = MAX_SAFE_INT;
const OUT_OF_RANGE = 'Int result out of range (beyond \u00b1(2^53-1))';

function intResult(v, line) {
  if (Math.abs(v) <= MAX_INT_RESULT) return v;
  throw new EvaluationError(line, OUT_OF_RANGE);
}

function numbers(a, b, op, line) {
  if (!isNumber(a) || !isNumber(b)) throw new EvaluationError(line, `'${op}' needs two numbers, not ${kindOf(a)} and ${kindOf(b)}`);
  return isIntValue(a) && isIntValue(b);
}

/** `a + b`: numbers, Strings (joined) or Lists (concatenated). */
function add(a, b, line) {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (!isNumber(a) || !isNumber(b)) {
    throw new EvaluationError(line, `'+' needs two numbers, two Strings or two Lists, not ${kindOf(a)} and ${kindOf(b)}`);
  }
  const ints = numbers(a, b, '+', line);
  return ints ? intResult(a + b, line) : float(numberOf(a) + numberOf(b));
}

function sub(a, b, line) {
  const ints = numbers(a, b, '-', line);
  return ints ? intResult(a - b, line) : float(numberOf(a) - numberOf(b));
}

function mul(a, b, line) {
  const ints = numbers(a, b, '*', line);
  return ints ? intResult(a * b, line) : float(numberOf(a) * numberOf(b));
}

/** `a / b`: floored for two Ints (as Ruby), else float division. */
function div(a, b, line) {
  const ints = numbers(a, b, '/', line);
  if (numberOf(b) === 0) throw new EvaluationError(line, 'divided by zero');
  if (!ints) return float(numberOf(a) / numberOf(b));
  const x = BigInt(a);
  const y = BigInt(b);
  let q = x / y;
  if ((x % y !== 0n) && ((x < 0n) !== (y < 0n))) q -= 1n;
  return intResult(Number(q), line);
}

/** `a % b`: the result has the divisor's sign (as Ruby). */
function mod(a, b, line) {
  const ints = numbers(a, b, '%', line);
  if (numberOf(b) === 0) throw new EvaluationError(line, 'modulo by zero');
  const x = numberOf(a);
  const y = numberOf(b);
  let r = x % y;
  if (r !== 0 && (r < 0) !== (y < 0)) r += y;
  return ints ? r : float(r);
}

function neg(a, line) {
  if (!isNumber(a)) throw new EvaluationError(line, `unary '-' needs a number, not ${kindOf(a)}`);
  return isIntValue(a) ? -a : float(-numberOf(a));
}

/** A Float as Python's repr() writes it: the shortest digits that read
 * back, exponent form below 1e-4 and from 1e16 ("1e+16", "1.5e-07"). */
function floatText(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const [mantissa, exp] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ee = String(Math.abs(e)).padStart(2, '0');
    return `${sign}${m}e${e < 0 ? '-' : '+'}${ee}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

function bodyJson(v) {
  if (isNil(v)) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isNumber(v)) return isIntValue(v) ? String(v) : floatText(numberOf(v));
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(bodyJson).join(',')}]`;
  const keys = Object.keys(v).sort(compareText);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${bodyJson(v[k])}`).join(',')}}`;
}

/** `to_s` and interpolation: nil is "", lists and maps compact JSON with
 * sorted keys. */
function toS(v) {
  if (isNil(v)) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (isNumber(v)) return isIntValue(v) ? String(v) : floatText(numberOf(v));
  return bodyJson(v);
}

/** An annotation: the value as to_s writes it (null for nil). */
const annotation = (v) => (isNil(v) ? null : toS(v));

/** `present?`: not nil, false, ASCII-blank text or an empty collection. */
function present(v) {
  if (isNil(v) || v === false) return false;
  if (typeof v === 'string') return !/^[ \t\n\v\f\r]*$/.test(v);
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** `size`/`count`: code points of a String, elements of a List or Map; 0
 * for nil. */
function size(v, line, method = 'size') {
  if (isNil(v)) return 0;
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new EvaluationError(line, `'${method}' is not defined for ${kindOf(v)}`);
}

const empty = (v, line) => size(v, line, 'empty?') === 0;

/** `include?(x)`: list membership, substring, map key; false for nil; a
 * number or Bool is compared with x. */
function include(v, x, line) {
  if (isNil(v)) return false;
  if (Array.isArray(v)) return v.some((e) => eq(e, x));
  if (typeof v === 'string') {
    if (typeof x !== 'string') throw new EvaluationError(line, `'include?' on a String needs a String, not ${kindOf(x)}`);
    return v.includes(x);
  }
  if (isMap(v)) return typeof x === 'string' && hasOwn(v, x);
  return eq(v, x);
}

// Whether to go on with a String method (false for a nil receiver).
function textReceiver(v, method, line) {
  if (isNil(v)) return false;
  if (typeof v === 'string') return true;
  throw new EvaluationError(line, `'${method}' is not defined for ${kindOf(v)}`);
}

function textArgument(x, method, line) {
  if (typeof x !== 'string') throw new EvaluationError(line, `the argument of '${method}' must be a String, not ${kindOf(x)}`);
}

function startWith(v, x, line) {
  if (!textReceiver(v, 'start_with?', line)) return null;
  textArgument(x, 'start_with?', line);
  return v.startsWith(x);
}

function endWith(v, x, line) {
  if (!textReceiver(v, 'end_with?', line)) return null;
  textArgument(x, 'end_with?', line);
  return v.endsWith(x);
}

const SPACE_CLASS = ' \\t\\n\\r\\f\\v';
const REGEX_SYNTAX = '^$\\.*+?()[]{}|/';
const regexCache = new Map();

/** The common regex subset as a JavaScript RegExp (flag u): `.` is any
 * character but a newline, `\s` ASCII whitespace, as in Python. */
function jsRegex(pattern) {
  let got = regexCache.get(pattern);
  if (got) return got;
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) {
      const n = chars[(i += 1)];
      if (n === 's') out += inClass ? SPACE_CLASS : `[${SPACE_CLASS}]`;
      else if (n === 'S' && !inClass) out += `[^${SPACE_CLASS}]`;
      else if (/[A-Za-z0-9]/.test(n) || REGEX_SYNTAX.includes(n) || (inClass && n === '-')) out += `\\${n}`;
      else out += `\\u{${n.codePointAt(0).toString(16)}}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal member.
      if (chars[i + 1] === '^') out += chars[(i += 1)];
      if (chars[i + 1] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    out += c === '.' ? '[^\\n]' : c;
  }
  got = new RegExp(out, 'u');
  regexCache.set(pattern, got);
  return got;
}

/** `match?("re")`: an unanchored search. */
function match(v, pattern, line) {
  if (!textReceiver(v, 'match?', line)) return null;
  return jsRegex(pattern).test(v);
}

/** `downcase`: ASCII letters only, as Ruby's default. */
function downcase(v, line) {
  if (!textReceiver(v, 'downcase', line)) return null;
  return v.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function upcase(v, line) {
  if (!textReceiver(v, 'upcase', line)) return null;
  return v.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** `to_i`: a String's leading integer as Ruby reads it (0 without
 * digits), an Int itself, a Float truncated, 0 for nil. */
function toI(v, line) {
  if (isNil(v)) return 0;
  if (typeof v === 'string') {
    // Digits may be grouped by single underscores, as in Ruby ("1_000").
    const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+(?:_[0-9]+)*)/.exec(v);
    if (!m) return 0;
    const n = BigInt(m[1].replace(/_/g, ''));
    if (n > BigInt(MAX_INT_RESULT) || n < -BigInt(MAX_INT_RESULT)) throw new EvaluationError(line, OUT_OF_RANGE);
    return Number(n);
  }
  if (isIntValue(v)) return v;
  if (isNumber(v)) {
    const x = numberOf(v);
    if (!Number.isFinite(x)) throw new EvaluationError(line, OUT_OF_RANGE);
    return intResult(Math.trunc(x) || 0, line);
  }
  throw new EvaluationError(line, `'to_i' is not defined for ${kindOf(v)}`);
}

// What a block method iterates: a list's elements, nothing for nil, a
// single value as a one-element list.
const elements = (v) => (isNil(v) ? [] : Array.isArray(v) ? v : [v]);

const blockAny = (v, fn) => elements(v).some((e) => truthy(fn(e)));
const blockAll = (v, fn) => elements(v).every((e) => truthy(fn(e)));
const blockNone = (v, fn) => !elements(v).some((e) => truthy(fn(e)));
const blockCount = (v, fn) => elements(v).filter((e) => truthy(fn(e))).length;
const blockSelect = (v, fn) => elements(v).filter((e) => truthy(fn(e)));
const blockReject = (v, fn) => elements(v).filter((e) => !truthy(fn(e)));
const blockMap = (v, fn) => elements(v).map((e) => fn(e));

const TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2}))?$/;

// Milliseconds since 1970 of an ISO 8601 timestamp (a date alone is
// midnight UTC; fractions past milliseconds are dropped), or null.
function epochMs(text) {
  const m = typeof text === 'string' ? TIMESTAMP.exec(text) : null;
  if (!m) return null;
  const [y, mo, d, hh, mi, ss] = m.slice(1, 7).map((x) => Number(x || 0));
  const monthDays = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > monthDays[mo - 1] || hh > 23 || mi > 59 || ss > 59) return null;
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offset = (oh * 60 + om) * (zone[0] === '+' ? 1 : -1);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(hh, mi, ss, Number((m[7] || '0').slice(0, 3).padEnd(3, '0')));
  return date.getTime() - offset * 60000;
}

/** The evaluation time, `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC; the environment
 * variable RULECC_NOW (an ISO timestamp) fixes it. */
function now() {
  const fixed = process.env.RULECC_NOW;
  let ms = Date.now();
  if (fixed) {
    ms = epochMs(fixed);
    if (ms === null) throw new RuleError(`RULECC_NOW is not an ISO 8601 timestamp: ${JSON.stringify(fixed)}`);
  }
  return new Date(ms).toISOString();
}

/** `days_since(x)`: whole days from the timestamp x to now, floored. */
function daysSince(v, nowText, line) {
  if (isNil(v)) return null;
  if (typeof v !== 'string') throw new EvaluationError(line, `days_since needs an ISO 8601 date String, not ${kindOf(v)}`);
  const then = epochMs(v);
  if (then === null) throw new EvaluationError(line, `days_since needs an ISO 8601 date, not '${v}'`);
  return Math.floor((epochMs(nowText) - then) / 86400000);
}

Object.assign(module.exports, {
  EvaluationError,
  BoxedFloat,
  Loose,
  float,
  jsonValue,
  truthy,
  and,
  or,
  verdict,
  loose,
  nav,
  index,
  eq,
  lt,
  le,
  gt,
  ge,
  add,
  sub,
  mul,
  div,
  mod,
  neg,
  floatText,
  toS,
  annotation,
  present,
  size,
  empty,
  include,
  startWith,
  endWith,
  match,
  downcase,
  upcase,
  toI,
  blockAny,
  blockAll,
  blockNone,
  blockCount,
  blockSelect,
  blockReject,
  blockMap,
  daysSince,
  now,
});
