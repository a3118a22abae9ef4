#!/usr/bin/env python3
"""Times `rulecc eval --snapshot` on the benchmark's inputs (see gen.py) and
reports item-rule evaluations per second, without and with reading and
parsing the snapshot, from the phase timers of --time-phases (wall clock),
plus the whole process's wall time. The median of RUNS runs after one
warm-up run.

Usage: measure.py RULECC DIR [RUNS]"""
import json
import re
import statistics
import subprocess
import sys
import time

# An LLVM timer line: user, system, user+system and wall seconds, each with
# its percentage, then the name.
PAIR = re.compile(r"(\d+\.\d+) \(\s*[\d.]+%\)")
NOW = "2025-01-01T00:00:00Z"


def run_once(rulecc, d):
    cmd = [rulecc, "eval", d + "/app.rules", "--snapshot",
           d + "/snapshot.json", "--now", NOW, "--time-phases"]
    start = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    wall = time.monotonic() - start
    if p.returncode not in (0,):
        sys.exit("rulecc eval failed (%d):\n%s" % (p.returncode, p.stderr))
    phases = {}
    for line in p.stderr.splitlines():
        pairs = PAIR.findall(line)
        if len(pairs) == 4:
            name = line[line.rindex(")") + 1:].strip()
            phases[name] = (float(pairs[2]), float(pairs[3]))
    return wall, phases


def main():
    rulecc, d = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    # The JSON summary says how many items and rules were evaluated.
    out = subprocess.run([rulecc, "eval", d + "/app.rules", "--snapshot",
                          d + "/snapshot.json", "--now", NOW,
                          "--format=json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("rulecc eval failed:\n" + out.stderr)
    summary = json.loads(out.stdout)
    items, rules = summary["items"], len(summary["rules"])
    evaluations = items * rules
    verdicts = {}
    for r in summary["rules"]:
        for k, v in r["counts"].items():
            verdicts[k] = verdicts.get(k, 0) + v
    walls, parse, evaluate = [], [], []
    for _ in range(runs):
        wall, phases = run_once(rulecc, d)
        walls.append(wall)
        parse.append(phases["read and parse the configuration items"])
        evaluate.append(phases["evaluate the rules on the items"])
    w = statistics.median(walls)
    print("items %d, rules %d, item-rule evaluations %d" %
          (items, rules, evaluations))
    print("verdicts: " + ", ".join("%s %d" % kv for kv in sorted(verdicts.items())))
    print("median of %d runs (CPU = user + system of the phase; wall clock):" % runs)
    for name, cpu, wall in (
            ("read and parse the snapshot", statistics.median(p[0] for p in parse),
             statistics.median(p[1] for p in parse)),
            ("evaluate", statistics.median(e[0] for e in evaluate),
             statistics.median(e[1] for e in evaluate)),
            ("parse + evaluate",
             statistics.median(p[0] + e[0] for p, e in zip(parse, evaluate)),
             statistics.median(p[1] + e[1] for p, e in zip(parse, evaluate)))):
        print("  %-28s CPU %7.3f s %12.0f evaluations/s   wall %7.3f s %12.0f evaluations/s"
              % (name, cpu, evaluations / cpu, wall, evaluations / wall))
    print("  whole process, wall %.3f s" % w)


if __name__ == "__main__":
    main()
