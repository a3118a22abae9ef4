"""Seeded mutation fuzzing of the command line:
python3 fuzz.py RULECC SRCROOT WORKDIR [--seed S] [--runs N].

Mutates the repository's own rule files and configuration items, and the
CloudFormation templates compiled from its examples (bytes deleted, inserted, duplicated, spliced from another file,
language tokens dropped in) and runs each mutant through one of the
commands (--check, each target, --emit, SARIF, rulecc eval, rulecc import).
Every run must end with status 0, 1 or 2 within its time limit, say
`error:` whenever it fails (with JSON or SARIF diagnostics: write one JSON
document holding an error; rulecc eval reports a rule's evaluation errors
as its results), and never crash: no signal, no assertion, no LLVM error,
no std::terminate.
"""
import argparse
import glob
import json
import os
import random
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("rulecc")
ap.add_argument("srcroot")
ap.add_argument("work")
ap.add_argument("--seed", type=int, default=5)
ap.add_argument("--runs", type=int, default=300)
args = ap.parse_args()
args.rulecc = os.path.abspath(args.rulecc)
rng = random.Random(args.seed)
os.makedirs(args.work, exist_ok=True)


def files(*patterns):
    out = []
    for p in patterns:
        out += glob.glob(os.path.join(args.srcroot, p), recursive=True)
    return sorted(p for p in out if os.path.isfile(p))


rules = files("examples/**/*.rules", "test/**/*.rules")
items = files("examples/community/fixtures/**/*.json", "test/Eval/**/*.json")
apps = files("examples/community/*.rules")[:4]
# Templates to import: the compiler's own CloudFormation for a few examples.
templates = []
for i, app in enumerate(files("examples/**/*.rules")[:6]):
    out = os.path.join(args.work, "template-%d.yaml" % i)
    subprocess.run([args.rulecc, app, "--code=package", "-o", out],
                   check=True, capture_output=True)
    templates.append(out)
assert rules and items and apps, "inputs not found"
texts = {p: open(p, "rb").read() for p in rules + items + templates}

TOKENS = [b"do", b"end", b"|", b"{", b"}", b"(", b")", b'"', b"'", b"#{",
          b"<<~E\n", b"\nE\n", b":", b"::", b".", b",", b"=", b"==", b"[",
          b"]", b"\n", b"\\", b"\x00", b"\xff", b"\xc3", b"9" * 30, b"1e999",
          b"rule", b"managed_rule", b"scope", b"class X < ApplicationRule\n",
          b"item.", b"params.", b"if ", b"unless ", b"else\n", b"compliant",
          b'non_compliant "', b"every 1.hour", b"input_parameters a: ",
          b'require "x"\n', b"null", b"true", b"\\ud800", b"- ", b"!Ref ",
          b"!If [", b'!Sub "', b"&a", b"*a", b"---\n", b"\t"]


def mutate(text):
    t = bytearray(text)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(5)
        pos = rng.randint(0, len(t))
        if kind == 0 and t:
            del t[pos:pos + rng.randint(1, 20)]
        elif kind == 1:
            t[pos:pos] = rng.choice(TOKENS)
        elif kind == 2 and t:
            a = rng.randint(0, len(t))
            t[pos:pos] = t[a:a + rng.randint(1, 200)]
        elif kind == 3 and t:
            t[min(pos, len(t) - 1)] = rng.randrange(256)
        else:
            other = texts[rng.choice(sorted(texts))]
            a = rng.randint(0, len(other))
            t[pos:pos] = other[a:a + rng.randint(1, 300)]
    return bytes(t)


w = args.work
RULE_MODES = [["--check"], ["--target=cfn", "-o", w + "/cfn/"],
              ["--target=cfn", "--code=inline", "-o", w + "/inline.yaml"],
              ["--target=terraform", "-o", w + "/tf/"],
              ["--target=bundle", "-o", w + "/bundle.zip"],
              ["--emit=ir"], ["--emit=ast"],
              ["--check", "--diagnostics-format=sarif"],
              ["--check", "--diagnostics-format=json"]]
CRASH = ("Stack dump", "Assertion", "terminate called", "LLVM ERROR",
         "UNREACHABLE", "Segmentation")
failures = []
for run in range(args.runs):
    what = rng.randrange(10)
    if what < 7:
        source, ext = rng.choice(rules), ".rules"
    elif what < 9:
        source, ext = rng.choice(items), ".json"
    else:
        source, ext = rng.choice(templates), ".yaml"
    path = os.path.join(w, "mutant" + ext)
    text = mutate(texts[source])
    with open(path, "wb") as f:
        f.write(text)
    if ext == ".rules":
        mode = rng.choice(RULE_MODES)
        cmd = [args.rulecc, path] + mode
    elif ext == ".json":
        mode = [] if rng.random() < 0.6 else ["--snapshot"]
        cmd = [args.rulecc, "eval"] + apps + mode + [path]
    else:
        mode = ["import"]
        cmd = [args.rulecc, "import", path, "-o", w + "/imported.rules"]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=30, cwd=w)
    except subprocess.TimeoutExpired:
        failures.append((run, source, mode, "no answer within 30 s", text))
        continue
    err = p.stderr.decode("utf-8", "replace")
    why = None
    if p.returncode not in (0, 1, 2):
        why = "exit status %d" % p.returncode
    elif any(s in err for s in CRASH):
        why = "crashed"
    elif any(m.startswith("--diagnostics-format=") for m in mode):
        # JSON and SARIF: one document on stderr, with an error on failure.
        try:
            json.loads(err)
        except ValueError:
            why = "stderr is not one JSON document"
        if not why and p.returncode != 0 and '"error"' not in err:
            why = "failed without an error in the document"
    elif p.returncode != 0 and "error:" not in err and "eval" not in cmd:
        why = "failed without an error message"
    if why:
        failures.append((run, source, mode, why + ": " + err[-400:], text))

for run, source, mode, why, text in failures:
    kept = os.path.join(w, "failure-%d%s" % (run, os.path.splitext(source)[1]))
    with open(kept, "wb") as f:
        f.write(text)
    print("run %d (%s, %s): %s; the input is %s" % (
        run, os.path.basename(source), " ".join(mode), why, kept))
if failures:
    sys.exit(1)
print("fuzz: %d runs, no crash, no hang, every failure reported" % args.runs)
