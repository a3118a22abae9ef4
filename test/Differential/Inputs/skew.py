#!/usr/bin/env python3
"""`rulecc` with one wrong answer, to prove the differential harness reports
a mismatch: runs RULECC with the remaining arguments and, for `eval`, changes
the annotation of the item whose resourceId is SKEW_ID.

  skew.py SKEW_ID RULECC ARG...
"""
import json
import subprocess
import sys

skew_id, rulecc, args = sys.argv[1], sys.argv[2], sys.argv[3:]
got = subprocess.run([rulecc] + args, stdout=subprocess.PIPE, encoding="utf-8")
if args[:1] != ["eval"]:
    sys.stdout.write(got.stdout)
    sys.exit(got.returncode)
out = json.loads(got.stdout)
for r in out["results"]:
    if r["resourceId"] == skew_id:
        r["annotation"] = "skewed"
json.dump(out, sys.stdout, ensure_ascii=False)
sys.exit(got.returncode)
