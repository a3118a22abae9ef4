#!/usr/bin/env python3
"""Checks examples/community: every example compiles, the README lists it,
and `rulecc eval` gives every fixture its expected verdict and annotation.

  examples.py check RULECC EXAMPLES_DIR
      `rulecc --check` on every example; the README names each one and each
      has fixtures with expectations.
  examples.py compile RULECC EXAMPLES_DIR OUT_DIR [RULECC_OPTION...]
      `rulecc --target=cfn -o OUT_DIR/<example>.yaml` on every example.
  examples.py eval RULECC EXAMPLES_DIR
      For every fixtures/<rule>/expected.json: one `rulecc eval --format=json`
      per set of parameters, over all the cases that share it.

Expectations (fixtures/<rule>/expected.json):
  {"rules": "<example>.rules", "rule": "<rule>",
   "cases": [{"item": "<case>.json", "verdict": "...", "annotation": ...,
              "params": {"name": "value", ...}}]}
`params` are InputParameters text as AWS passes them; `annotation` is the
exact text or null. Every run fixes "now" (NOW below), which the
expectations of date rules assume.
"""
import json
import os
import subprocess
import sys

NOW = "2026-06-01T00:00:00.000Z"


def examples(root):
    return sorted(f for f in os.listdir(root) if f.endswith(".rules"))


def expectations(root):
    fixtures = os.path.join(root, "fixtures")
    for rule in sorted(os.listdir(fixtures)):
        path = os.path.join(fixtures, rule, "expected.json")
        with open(path, encoding="utf-8") as f:
            yield rule, os.path.join(fixtures, rule), json.load(f)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8", **kw)


def check(rulecc, root):
    failures = []
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    covered = {e["rules"] for _, _, e in expectations(root)}
    names = examples(root)
    for name in names:
        got = run([rulecc, "--check", "-Werror", os.path.join(root, name)])
        if got.returncode != 0 or got.stderr:
            failures.append("%s: rulecc --check exit %d\n%s" %
                            (name, got.returncode, got.stderr))
        if "(%s)" % name not in readme:
            failures.append("%s: README.md does not link it" % name)
        if name not in covered:
            failures.append("%s: no fixtures/<rule>/expected.json" % name)
    for f in failures:
        print("FAIL:", f)
    print("%d examples checked, %d failures" % (len(names), len(failures)))
    return 1 if failures else 0


def compile_all(rulecc, root, out, options):
    failures = 0
    names = examples(root)
    for name in names:
        target = os.path.join(out, name[:-len(".rules")] + ".yaml")
        got = run([rulecc, os.path.join(root, name), "--target=cfn", "-o",
                   target] + options)
        if got.returncode != 0 or not os.path.isfile(target):
            failures += 1
            print("FAIL: %s: exit %d\n%s" % (name, got.returncode, got.stderr))
    print("%d examples compiled to CloudFormation, %d failures" %
          (len(names), failures))
    return 1 if failures else 0


def evaluate(rulecc, root):
    compared = mismatches = 0
    for rule, folder, spec in expectations(root):
        groups = {}
        for case in spec["cases"]:
            key = json.dumps(case.get("params", {}), sort_keys=True)
            groups.setdefault(key, []).append(case)
        for key, cases in sorted(groups.items()):
            cmd = [rulecc, "eval", os.path.join(root, spec["rules"]),
                   "--rule", spec["rule"], "--now", NOW, "--format=json"]
            for name, value in sorted(json.loads(key).items()):
                cmd += ["--param", "%s=%s" % (name, value)]
            paths = [os.path.join(folder, c["item"]) for c in cases]
            got = run(cmd + paths)
            try:
                results = json.loads(got.stdout)["results"]
            except (ValueError, KeyError, TypeError):
                print("FAIL: %s: no JSON results (exit %d)\n%s" %
                      (rule, got.returncode, got.stderr))
                mismatches += len(cases)
                continue
            by_file = {os.path.normpath(r["file"]): r for r in results}
            for case, path in zip(cases, paths):
                compared += 1
                r = by_file.get(os.path.normpath(path))
                want = (case["verdict"], case["annotation"])
                have = (r["verdict"], r["annotation"]) if r else None
                if have != want:
                    mismatches += 1
                    print("MISMATCH: %s %s%s\n  expected %s\n  rulecc eval %s" %
                          (rule, case["item"],
                           " params " + key if case.get("params") else "",
                           json.dumps(want, ensure_ascii=False),
                           json.dumps(r, ensure_ascii=False)))
    print("%d fixtures evaluated, %d mismatches" % (compared, mismatches))
    return 1 if mismatches else 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    if len(argv) >= 5 and argv[1] == "compile":
        return compile_all(argv[2], argv[3], argv[4], argv[5:])
    if len(argv) >= 4 and argv[1] == "eval":
        return evaluate(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
