#!/usr/bin/env python3
"""Tests of the body-support functions of runtime/python/rulecc_runtime.py
(what code generated from rule bodies calls): the shared table
body-cases.json, which body_support.test.js runs against the Node.js helpers,
plus Python-only checks. Standard library only."""
import json
import math
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "runtime", "python"))
import rulecc_runtime as rr  # noqa: E402

BLOCKS = {"id": lambda x: x, "gt1": lambda x: rr.gt(x, 1, "block:1"),
          "nil": lambda x: None}


def decode(v):
    """A table value as the helpers take it."""
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            return float(v["$float"])
        if set(v) == {"$loose"}:
            return rr.Loose(v["$loose"])
        if set(v) == {"$fn"}:
            return BLOCKS[v["$fn"]]
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def encode(v):
    """A value with its Floats marked, so that 2.0 never passes for 2."""
    if isinstance(v, float):
        return {"$float": v}
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [encode(x) for x in v]
    return v


with open(os.path.join(HERE, "body-cases.json"), encoding="utf-8") as f:
    CASES = json.load(f)["cases"]


class BodyCasesTest(unittest.TestCase):
    def test_table(self):
        for name, args, expected in CASES:
            with self.subTest(name=name, args=args):
                fn = getattr(rr, name)
                if isinstance(expected, dict) and set(expected) == {"$error"}:
                    with self.assertRaises(rr.EvaluationError) as got:
                        fn(*decode(args))
                    self.assertIn(expected["$error"], str(got.exception))
                    self.assertIsInstance(got.exception, rr.RuleError)
                    continue
                self.assertEqual(encode(fn(*decode(args))),
                                 encode(decode(expected)))

    def test_every_helper_has_cases(self):
        tested = {name for name, _, _ in CASES}
        helpers = {"json_value", "truthy", "verdict", "annotation", "nav",
                   "index", "eq", "lt", "le", "gt", "ge", "add", "sub", "mul",
                   "div", "mod", "neg", "to_s", "present", "size", "empty",
                   "include", "start_with", "end_with", "match", "downcase",
                   "upcase", "to_i", "block_any", "block_all", "block_none",
                   "block_count", "block_select", "block_reject", "block_map",
                   "days_since"}
        self.assertEqual(helpers - tested, set())


class BodySupportTest(unittest.TestCase):
    def test_and_or_yield_an_operand_and_stay_lazy(self):
        def boom():
            raise AssertionError("evaluated")
        self.assertIsNone(rr.and_(None, boom))
        self.assertIs(rr.and_(False, boom), False)
        self.assertEqual(rr.and_(0, lambda: "b"), "b")
        self.assertEqual(rr.or_("", boom), "")
        self.assertEqual(rr.or_(None, lambda: "off"), "off")

    def test_json_numbers_are_ints_when_integral(self):
        # Python's json reads 2.0 as a float; JSON does not tell it from 2.
        got = rr.json_value({"a": [2.0, -0.0, 1e300, 2 ** 60, (1, True)]})
        self.assertEqual(encode(got), {"a": [2, 0, {"$float": 1e300},
                                             {"$float": float(2 ** 60)},
                                             [1, True]]})
        self.assertIs(type(got["a"][0]), int)

    def test_evaluation_error_carries_the_line(self):
        with self.assertRaises(rr.EvaluationError) as got:
            rr.lt([1], 2, "app.rules:12")
        self.assertEqual(got.exception.line, "app.rules:12")
        self.assertEqual(str(got.exception),
                         "app.rules:12: '<' needs two numbers or two Strings, not List and Int")

    def test_float_overflow_and_non_finite(self):
        self.assertEqual(rr.to_s(rr.mul(1e308, 10.0, "t:1")), "inf")
        with self.assertRaises(rr.EvaluationError):
            rr.to_i(float("inf"), "t:1")
        self.assertTrue(math.isnan(rr.sub(float("inf"), float("inf"), "t:1")))

    def test_now_honours_rulecc_now(self):
        saved = os.environ.get("RULECC_NOW")
        try:
            os.environ["RULECC_NOW"] = "2024-06-01T02:00:00+02:00"
            self.assertEqual(rr.now(), "2024-06-01T00:00:00.000Z")
            os.environ["RULECC_NOW"] = "2024-06-01"
            self.assertEqual(rr.now(), "2024-06-01T00:00:00.000Z")
            os.environ["RULECC_NOW"] = "yesterday"
            with self.assertRaises(rr.RuleError):
                rr.now()
            del os.environ["RULECC_NOW"]
            self.assertRegex(rr.now(),
                             r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        finally:
            if saved is None:
                os.environ.pop("RULECC_NOW", None)
            else:
                os.environ["RULECC_NOW"] = saved

    def test_blocks_assigning_outer_values_run_per_element(self):
        seen = []
        self.assertEqual(rr.block_map([1, [2]], lambda x: seen.append(x)),
                         [None, None])
        self.assertEqual(seen, [1, [2]])


if __name__ == "__main__":
    unittest.main()
