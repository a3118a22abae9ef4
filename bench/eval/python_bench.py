#!/usr/bin/env python3
"""The evaluator benchmark's workload through the generated Python handlers:
compiles the application to its code bundle (rulecc --target=bundle), imports
each rule's generated module, and runs every rule on every item of the
snapshot in-process, as each handler does per item (the runtime's
applicability check, then check(item, params), the annotation cut; no event
parsing, no AWS client). Reports evaluations per second, without and with
json.load of the snapshot, the verdict counts (which must equal rulecc
eval's), and the ratio to `rulecc eval --snapshot` when given its figures.

Usage: python_bench.py RULECC DIR [EVAL_SECONDS_CPP PARSE_SECONDS_CPP]
Exits 77 when the application's bodies do not compile to Python yet."""
import importlib.util
import inspect
import json
import os
import subprocess
import sys
import time

NOW = "2025-01-01T00:00:00Z"


def main():
    rulecc, d = sys.argv[1], sys.argv[2]
    bundle = os.path.join(d, "bundle")
    subprocess.run(["rm", "-rf", bundle], check=True)
    p = subprocess.run([rulecc, os.path.join(d, "app.rules"),
                        "--target=bundle", "-o", bundle + "/"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print("the bodies do not compile to Python:\n" + p.stderr)
        sys.exit(77)
    os.environ["RULECC_NOW"] = NOW
    functions = sorted(os.listdir(bundle))
    sys.path.insert(0, os.path.join(bundle, functions[0]))
    import rulecc_runtime as rt
    rules = []
    for f in functions:
        fdir = os.path.join(bundle, f)
        name = [m for m in os.listdir(fdir)
                if m.endswith(".py") and m != "rulecc_runtime.py"][0][:-3]
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(fdir, name + ".py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        options = inspect.getclosurevars(module.lambda_handler).nonlocals[
            "options"]
        params = rt.decode_parameters(None, options.get("parameters"))
        rules.append((name, module.check, params,
                      list(options.get("resource_types", ()))))

    start = time.process_time()
    with open(os.path.join(d, "snapshot.json"), encoding="utf-8") as fh:
        items = json.load(fh)["configurationItems"]
    parse = time.process_time() - start

    counts = {name: {"COMPLIANT": 0, "NON_COMPLIANT": 0, "NOT_APPLICABLE": 0,
                     "ERROR": 0} for name, _, _, _ in rules}
    start = time.process_time()
    for item in items:
        for name, check, params, types in rules:
            try:
                e = rt._evaluate_item(check, item, params, types)
                counts[name][e["ComplianceType"]] += 1
            except rt.RuleError:
                counts[name]["ERROR"] += 1
    evaluate = time.process_time() - start

    n = len(items) * len(rules)
    print("python %s: items %d, rules %d, item-rule evaluations %d" %
          (sys.version.split()[0], len(items), len(rules), n))
    print("  json.load of the snapshot  CPU %7.3f s" % parse)
    print("  evaluate                   CPU %7.3f s %10.0f evaluations/s" %
          (evaluate, n / evaluate))
    print("  load + evaluate            CPU %7.3f s %10.0f evaluations/s" %
          (parse + evaluate, n / (parse + evaluate)))
    # The verdicts must be the evaluator's.
    out = subprocess.run([rulecc, "eval", os.path.join(d, "app.rules"),
                          "--snapshot", os.path.join(d, "snapshot.json"),
                          "--now", NOW, "--format=json"],
                         capture_output=True, text=True)
    cpp = {r["rule"]: r["counts"] for r in json.loads(out.stdout)["rules"]}
    same = all(cpp.get(name) == c for name, c in counts.items())
    print("  verdict counts per rule equal to rulecc eval's: %s" %
          ("yes" if same else "NO"))
    if not same:
        for name, c in counts.items():
            if cpp.get(name) != c:
                print("    %s: python %s, rulecc eval %s" %
                      (name, c, cpp.get(name)))
    if len(sys.argv) > 4:
        cpp_eval, cpp_parse = float(sys.argv[3]), float(sys.argv[4])
        print("  rulecc eval is %.0fx faster evaluating, %.0fx with parsing" %
              (evaluate / cpp_eval, (parse + evaluate) / (cpp_parse + cpp_eval)))
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
