#!/usr/bin/env python3
"""Compares `rulecc eval --format=json` results with an expectation file:
one line per result, `rule VERDICT [annotation]`, where {c*N} stands for the
character c repeated N times. Usage: verdicts.py RESULTS.json EXPECTED.txt"""
import json
import re
import sys

results = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
expected = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
got = []
for r in results:
    line = "%s %s" % (r["rule"], r["verdict"])
    if r["annotation"] is not None:
        line += " " + r["annotation"]
    if r["error"] is not None:
        line += " " + r["error"]
    got.append(line)
expected = [re.sub(r"\{(.)\*(\d+)\}", lambda m: m.group(1) * int(m.group(2)), e)
            for e in expected]
if got != expected:
    for g, e in zip(got, expected):
        if g != e:
            print("got:      %r\nexpected: %r" % (g, e))
    if len(got) != len(expected):
        print("got %d results, expected %d" % (len(got), len(expected)))
    sys.exit(1)
