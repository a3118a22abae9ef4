#!/usr/bin/env python3
"""Differential test of rule bodies: the C++ evaluator (`rulecc eval`) against
the generated Python handlers (and the generated Node.js handlers where
`node` and test/utils/run_handler.js are present), on every rule x item of the
committed corpus (corpus/*.json).

  differential.py --rulecc RULECC --utils TEST_UTILS --work DIR [--node NODE|auto]
                  [--jobs N] [--only RULE] [--min-items N] [--min-types N]
                  APP.rules[:name=value,...]...

Each APP.rules argument may carry InputParameters text after a colon
(`params.rules:limit= 12 ,ratio=3`; `,` separates parameters, `;` stands for
a `,` inside a value); the same application may be given several times.
For each application and parameter set:
  - `rulecc eval APP --rule R --now NOW --format=json [--param k=v]... corpus/*.json`
    once per rule, all items in one invocation;
  - `rulecc APP --target=bundle -o DIR/` and, in-process, run_handler.run()
    on each item for the rule's Python module;
  - for Node.js, the same application with `default_runtime "nodejs22.x"`,
    bundled, and one `node run_handler.js` per rule over all items.
Every pair whose verdict or annotation differs is printed with both results;
the last line is `N rule-item pairs compared, M mismatches`, and the exit
status is 1 when M > 0.
"""
import argparse
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

NOW = "2026-06-01T00:00:00.000Z"
HERE = os.path.dirname(os.path.abspath(__file__))
NODE_RUNTIME = "nodejs22.x"


def load_corpus():
    """[(file, index, item)] over corpus/*.json in sorted order."""
    items = []
    for path in sorted(glob.glob(os.path.join(HERE, "corpus", "*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for index, it in enumerate(data if isinstance(data, list) else [data]):
            items.append((path, index, it))
    return items


def parse_app(arg):
    path, sep, text = arg.partition(":")
    params = {}
    if sep and text:
        for part in text.split(","):
            name, _, value = part.partition("=")
            params[name.strip()] = value.replace(";", ",")
    return path, params


def rule_params(rulecc, app):
    """{rule: [param names]} of the body rules of an application, by their
    source names, from the IR dump (`rule Class.name kind=body ...` and the
    `param NAME ...` lines below it): AWS passes each rule only its own
    InputParameters, and the runtimes refuse any other."""
    got = subprocess.run(rulecc + [app, "--emit=ir"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, encoding="utf-8", check=True)
    rules, current = {}, None
    for line in got.stdout.splitlines():
        m = re.match(r"rule \w+\.(\w+) kind=(\w+)", line)
        if m:
            current = m.group(1) if m.group(2) == "body" else None
            if current:
                rules[current] = []
        elif not line.startswith(" "):
            current = None
        elif current:
            m = re.match(r"  param (\w+) ", line)
            if m:
                rules[current].append(m.group(1))
    return rules


def bundle(rulecc, app, out):
    """Bundles `app` into `out`; {module: function directory}."""
    shutil.rmtree(out, ignore_errors=True)
    got = subprocess.run(rulecc + [app, "--target=bundle", "-o", out + "/"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         encoding="utf-8")
    if got.returncode != 0:
        raise RuntimeError("rulecc --target=bundle %s failed:\n%s" %
                           (app, got.stderr))
    modules = {}
    for fdir in sorted(os.listdir(out)):
        for name in os.listdir(os.path.join(out, fdir)):
            stem, ext = os.path.splitext(name)
            if ext in (".py", ".js") and stem != "rulecc_runtime":
                modules[stem] = fdir
    return modules


def run_eval(rulecc, app, rule, params, files, items):
    cmd = rulecc + ["eval", app, "--rule", rule, "--now", NOW, "--format=json"]
    for name, value in sorted(params.items()):
        cmd += ["--param", "%s=%s" % (name, value)]
    got = subprocess.run(cmd + files, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, encoding="utf-8")
    try:
        results = json.loads(got.stdout)["results"]
    except (ValueError, KeyError, TypeError):
        message = "no JSON from rulecc eval (exit %d): %s" % (
            got.returncode, got.stderr.strip()[:500])
        return [{"verdict": "NO-RESULT", "annotation": None, "error": message}
                for _ in items]
    by_key = {(os.path.realpath(r["file"]), r["index"]): r for r in results}
    return [by_key.get((os.path.realpath(path), index),
                       {"verdict": "NO-RESULT", "annotation": None,
                        "error": "rulecc eval printed no result"})
            for path, index, _ in items]


def run_node(node, utils, root, fdir, module, params, items, work):
    listing = os.path.join(work, "node-items.json")
    with open(listing, "w", encoding="utf-8") as f:
        json.dump([it for _, _, it in items], f, ensure_ascii=False)
    cmd = [node, os.path.join(utils, "run_handler.js"), root, fdir, module,
           "--now", NOW]
    for name, value in sorted(params.items()):
        cmd += ["--param", "%s=%s" % (name, value)]
    got = subprocess.run(cmd + [listing], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, encoding="utf-8")
    lines = [json.loads(l) for l in got.stdout.splitlines() if l.strip()]
    if len(lines) != len(items):
        message = "run_handler.js gave %d results for %d items (exit %d): %s" % (
            len(lines), len(items), got.returncode, got.stderr.strip()[:500])
        return [{"verdict": "NO-RESULT", "annotation": None, "error": message}
                for _ in items]
    return lines


def node_variant(app, work):
    """A copy of `app` whose default runtime is Node.js."""
    with open(app, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r'^default_runtime .*$', 'default_runtime "%s"' % NODE_RUNTIME,
                      text, flags=re.M)
    if not n:
        text = 'default_runtime "%s"\n' % NODE_RUNTIME + text
    out = os.path.join(work, "node-" + os.path.basename(app))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return out


def short(result):
    return json.dumps({k: result.get(k) for k in ("verdict", "annotation", "error")},
                      ensure_ascii=False)


def compare_rule(task):
    """Runs one rule on every item on each side; (verdict counts, pairs
    compared, [mismatch reports], {side: mismatches})."""
    (label, app, rule, params, py_root, py_fdir, node_root, node_fdir,
     args) = task
    import run_handler  # test/utils, put on sys.path by main()
    items, files = CORPUS
    want = run_eval(args.rulecc, app, rule, params, files, items)
    got = {"python": [run_handler.run(py_root, py_fdir, rule, it, params, NOW)
                      for _, _, it in items]}
    if node_root:
        work = os.path.join(args.work, "node-items-%s" % rule)
        os.makedirs(work, exist_ok=True)
        got["node"] = run_node(args.node, args.utils, node_root, node_fdir,
                               rule, params, items, work)
    verdicts, reports, by_side, compared = {}, [], {}, 0
    for k, (path, index, it) in enumerate(items):
        e = want[k]
        verdicts[e["verdict"]] = verdicts.get(e["verdict"], 0) + 1
        for side, results in got.items():
            g = results[k]
            compared += 1
            if (e["verdict"], e["annotation"]) == (g["verdict"], g["annotation"]):
                continue
            by_side[side] = by_side.get(side, 0) + 1
            reports.append("MISMATCH %s rule %s item %s[%d] (%s %s)\n"
                           "  eval:   %s\n  %-7s %s" %
                           (label, rule, os.path.basename(path), index,
                            it.get("resourceType"), it.get("resourceId"),
                            short(e), side + ":", short(g)))
    return verdicts, compared, reports, by_side


CORPUS = None


def main():
    global CORPUS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rulecc", required=True,
                    help="the rulecc command (split like a shell word list)")
    ap.add_argument("--utils", required=True, help="test/utils (run_handler.py/.js)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--node", help="node, to compare the Node.js handlers too "
                    "('auto': node on PATH, if any)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="one rule (source name)")
    ap.add_argument("--min-items", type=int, default=0)
    ap.add_argument("--min-types", type=int, default=0)
    ap.add_argument("apps", nargs="+")
    args = ap.parse_args()
    args.rulecc = shlex.split(args.rulecc)
    if args.node == "auto":
        args.node = shutil.which("node")
        if args.node and not os.path.isfile(os.path.join(args.utils, "run_handler.js")):
            args.node = None
    sys.path.insert(0, args.utils)

    os.makedirs(args.work, exist_ok=True)
    items = load_corpus()
    files = sorted({path for path, _, _ in items})
    CORPUS = (items, files)
    types = {it.get("resourceType") for _, _, it in items}
    print("corpus: %d items of %d resource types in %d files" %
          (len(items), len(types), len(files)))
    if len(items) < args.min_items or len(types) < args.min_types:
        print("the corpus needs at least %d items of %d resource types" %
              (args.min_items, args.min_types))
        return 1
    sides = ["python"] + (["node"] if args.node else [])
    print("sides: rulecc eval against %s" % " and ".join(sides))
    started = time.time()
    tasks = []
    for n, arg in enumerate(args.apps):
        app, params = parse_app(arg)
        label = os.path.basename(app) + (" " + json.dumps(params) if params else "")
        declared = rule_params(args.rulecc, app)
        py_root = os.path.join(args.work, "py%d" % n)
        py_modules = bundle(args.rulecc, app, py_root)
        node_root, node_modules = None, {}
        if args.node:
            node_root = os.path.join(args.work, "node%d" % n)
            node_modules = bundle(args.rulecc, node_variant(app, args.work),
                                  node_root)
        for rule, names in declared.items():
            if args.only and rule != args.only:
                continue
            mine = {k: v for k, v in params.items() if k in names}
            tasks.append((label, app, rule, mine, py_root, py_modules[rule],
                          node_root, node_modules.get(rule), args))
    verdicts, by_side, compared, mismatches = {}, {s: 0 for s in sides}, 0, 0
    rules = set()
    if args.jobs > 1:
        import multiprocessing
        pool = multiprocessing.get_context("fork").Pool(args.jobs)
        outcomes = pool.imap(compare_rule, tasks)
    else:
        pool, outcomes = None, map(compare_rule, tasks)
    for task, (v, c, reports, sided) in zip(tasks, outcomes):
        rules.add((task[1], task[2]))
        for k, count in v.items():
            verdicts[k] = verdicts.get(k, 0) + count
        for side, count in sided.items():
            by_side[side] += count
        compared += c
        mismatches += len(reports)
        for r in reports:
            print(r)
    if pool:
        pool.close()
        pool.join()
    print("rules: %d in %d runs" % (len(rules), len(tasks)))
    print("eval verdicts: %s" % ", ".join("%s %d" % kv for kv in sorted(verdicts.items())))
    print("mismatches by side: %s; %.1f s" % (
        ", ".join("%s %d" % kv for kv in by_side.items()), time.time() - started))
    print("%d rule-item pairs compared, %d mismatches" % (compared, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
