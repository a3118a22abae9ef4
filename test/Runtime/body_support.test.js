// Tests of the body-support functions of runtime/node/rulecc_runtime.js
// (what code generated from rule bodies calls), with Node's built-in test
// runner: the table body-cases.json that test_body_support.py runs against
// the Python helpers (so both give the same answers), plus Node-only checks.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');

const rr = require(path.join(__dirname, '..', '..', 'runtime', 'node', 'rulecc_runtime.js'));

const BLOCKS = { id: (x) => x, gt1: (x) => rr.gt(x, 1, 'block:1'), nil: () => null };

// The Python name of a helper in lowerCamelCase (to_s -> toS).
const camel = (name) => name.replace(/_([a-z])/g, (m, c) => c.toUpperCase());

const only = (v, key) => v !== null && typeof v === 'object' && !Array.isArray(v) &&
  Object.keys(v).length === 1 && key in v;

function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if (only(v, '$float')) return rr.float(v.$float);
    if (only(v, '$loose')) return rr.loose(v.$loose);
    if (only(v, '$fn')) return BLOCKS[v.$fn];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

// A value with its Floats marked, so that 2.0 never passes for 2.
function encode(v) {
  if (v instanceof rr.BoxedFloat) return { $float: v.value };
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : { $float: v };
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  }
  return v === undefined ? null : v;
}

const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, 'body-cases.json'), 'utf8'));

test('the shared table of body cases', () => {
  for (const [name, args, expected] of cases) {
    const fn = rr[camel(name)];
    assert.equal(typeof fn, 'function', name);
    const what = `${name}(${JSON.stringify(args)})`;
    if (only(expected, '$error')) {
      assert.throws(() => fn(...decode(args)), (e) => {
        assert.ok(e instanceof rr.EvaluationError, what);
        assert.ok(e instanceof rr.RuleError, what);
        assert.ok(e.message.includes(expected.$error), `${what}: ${e.message}`);
        return true;
      }, what);
      continue;
    }
    assert.deepEqual(encode(fn(...decode(args))), encode(decode(expected)), what);
  }
});

test('and/or yield an operand and stay lazy', () => {
  const boom = () => assert.fail('evaluated');
  assert.equal(rr.and(null, boom), null);
  assert.equal(rr.and(false, boom), false);
  assert.equal(rr.and(0, () => 'b'), 'b');
  assert.equal(rr.or('', boom), '');
  assert.equal(rr.or(null, () => 'off'), 'off');
});

test('an EvaluationError carries the line', () => {
  assert.throws(() => rr.lt([1], 2, 'app.rules:12'), (e) => {
    assert.equal(e.line, 'app.rules:12');
    assert.equal(e.message, "app.rules:12: '<' needs two numbers or two Strings, not List and Int");
    return true;
  });
});

test('float overflow and non-finite values', () => {
  assert.equal(rr.toS(rr.mul(1e308, rr.float(10), 't:1')), 'inf');
  assert.throws(() => rr.toI(Infinity, 't:1'), rr.EvaluationError);
  assert.equal(rr.toS(rr.sub(Infinity, Infinity, 't:1')), 'nan');
});

test('now honours RULECC_NOW', () => {
  const saved = process.env.RULECC_NOW;
  try {
    process.env.RULECC_NOW = '2024-06-01T02:00:00+02:00';
    assert.equal(rr.now(), '2024-06-01T00:00:00.000Z');
    process.env.RULECC_NOW = '2024-06-01';
    assert.equal(rr.now(), '2024-06-01T00:00:00.000Z');
    process.env.RULECC_NOW = 'yesterday';
    assert.throws(() => rr.now(), rr.RuleError);
    delete process.env.RULECC_NOW;
    assert.match(rr.now(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  } finally {
    if (saved === undefined) delete process.env.RULECC_NOW;
    else process.env.RULECC_NOW = saved;
  }
});

test('a Float stays a Float through arithmetic', () => {
  assert.equal(rr.toS(rr.float(2)), '2.0');
  assert.equal(rr.toS(rr.add(rr.float(1.5), rr.float(0.5), 't:1')), '2.0');
  assert.equal(rr.toS(rr.div(rr.float(4), 2, 't:1')), '2.0');
  assert.equal(rr.toS(rr.div(4, 2, 't:1')), '2');
  assert.ok(rr.eq(rr.float(2), 2));
});
