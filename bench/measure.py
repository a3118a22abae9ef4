#!/usr/bin/env python3
"""Times rulecc on generated applications and prints a table (run.sh's core).

    bench/measure.py --rulecc PATH [--work DIR] [--runs K] [--seed S] N...

For each N it writes an application with gen.py, then runs
`rulecc app.rules --target=cfn -o OUTDIR` and `rulecc app.rules --check`
K times each (after one untimed warm-up run) and reports the median wall
time and the peak resident set size of the rulecc process.

Wall time is read around each run with a monotonic clock: /usr/bin/time's
%e counts in 10 ms steps, too coarse for a 25 ms target, and starting GNU
time itself costs a few ms, so peak RSS is taken in K further runs. It is
/usr/bin/time's %M where GNU time is installed. Otherwise it is the ru_maxrss
that os.wait4 returns for the child, which Linux never reports below the size
of the process that spawned it (here the Python interpreter, about 10 MB), so
small figures are then upper bounds; the table says which source was used.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

# The targets.
TARGET_280_MS = 25.0
TARGET_280_MB = 40.0
TARGET_10K_MS = 1000.0
# The checker (lowering and the AWS catalog checks) beyond parsing.
TARGET_1K_CHECKER_MS = 20.0
# Cost per rule may grow by this factor from 1,000 to 10,000 rules and still
# count as linear (the fixed start-up cost makes small N look dearer).
LINEAR_SLACK = 1.5


class RunFailed(Exception):
    pass


def gnu_time():
    """/usr/bin/time when it is GNU time (it understands -f and -o)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    probe = subprocess.run([path, "-f", "%M", "-o", os.devnull, "true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path if probe.returncode == 0 else None


TIME = gnu_time()


def run_once(argv, log, rss=False):
    """Runs argv; returns (wall seconds, CPU seconds, peak RSS in KiB). With
    rss, runs it under GNU time where installed, which costs a few ms."""
    report = log + ".time"
    timed = rss and TIME
    if timed:
        argv = [TIME, "-f", "%M", "-o", report] + argv
    with open(log, "wb") as out:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, dict(os.environ), file_actions=[
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 2),
        ])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(log, errors="replace") as f:
            head = "".join(f.readlines()[:20])
        raise RunFailed("%s exited with %d:\n%s" % (" ".join(argv), code, head))
    cpu = usage.ru_utime + usage.ru_stime
    if timed:
        with open(report) as f:
            return wall, cpu, int(f.read().split()[-1])
    return wall, cpu, usage.ru_maxrss


def measure(argv, runs, log, before=None):
    """Median wall ms and CPU ms (user + system) of `runs` plain runs, after
    an untimed one that warms the page cache; then the largest peak RSS (MB)
    of `runs` runs under GNU time, kept apart so that time's own start-up is
    not in the wall time. CPU time shows what wall time hides when other
    work shares the machine's cores."""
    walls, cpus, rss = [], [], []
    for i in range(runs + 1):
        if before:
            before()
        wall, cpu, _ = run_once(argv, log)
        if i:
            walls.append(wall)
            cpus.append(cpu)
    for i in range(runs):
        if before:
            before()
        rss.append(run_once(argv, log, rss=True)[2])
    return (statistics.median(walls) * 1000.0,
            statistics.median(cpus) * 1000.0, max(rss) / 1024.0)


def checker_ms(argv, runs, log):
    """Median wall ms of the lower-and-check phase alone, as rulecc's own
    --time-phases reports it (the checker's cost beyond parsing)."""
    walls = []
    for _ in range(runs):
        run_once(argv + ["--time-phases"], log)
        with open(log, errors="replace") as f:
            for line in f:
                if line.rstrip().endswith("lower and check (IR, AWS catalogs)"):
                    # The wall time is the last "seconds (percent)" column.
                    walls.append(float(re.findall(r"(\d+\.\d+) \(", line)[-1]))
                    break
            else:
                raise RunFailed("no 'lower and check' line in %s" % log)
    return statistics.median(walls) * 1000.0


def spawn_cost(work):
    """Median wall ms of /bin/true, the floor under every figure."""
    log = os.path.join(work, "true.log")
    walls = [run_once(["/bin/true"], log)[0] for _ in range(11)]
    return statistics.median(walls) * 1000.0


def tree_size(path):
    files = total = 0
    for root, _, names in os.walk(path):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(root, name))
    return files, total


def bench_one(rulecc, work, n, runs, seed):
    appdir = os.path.join(work, "app-%d" % n)
    shutil.rmtree(appdir, ignore_errors=True)
    app, handlers = gen.generate(n, seed, "bench")
    os.makedirs(appdir)
    with open(os.path.join(appdir, "app.rules"), "w") as f:
        f.write(app)
    for path, text in handlers.items():
        full = os.path.join(appdir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    rules = os.path.join(appdir, "app.rules")
    outdir = os.path.join(appdir, "out")
    log = os.path.join(appdir, "rulecc.log")

    def clean():
        shutil.rmtree(outdir, ignore_errors=True)

    # A trailing '/' asks for directory output (parent template plus nested
    # stacks where the application needs them) even though it does not exist.
    compile_ms, compile_cpu, compile_mb = measure(
        [rulecc, rules, "--target=cfn", "-o", outdir + "/"], runs, log, clean)
    files, size = tree_size(outdir)
    check_ms, check_cpu, check_mb = measure([rulecc, rules, "--check"], runs,
                                            log)
    lower_ms = checker_ms([rulecc, rules, "--check"], runs, log)
    return {"n": n, "classes": app.count("\nclass "), "ms": compile_ms,
            "lower_ms": lower_ms,
            "cpu": compile_cpu, "mb": compile_mb, "check_ms": check_ms,
            "check_cpu": check_cpu, "check_mb": check_mb, "files": files,
            "bytes": size, "app_bytes": len(app)}


def target_note(row):
    n, ms, mb = row["n"], row["ms"], row["mb"]
    if n == 280:
        ok = ms < TARGET_280_MS and mb < TARGET_280_MB
        return "%s (< %g ms, < %g MB)" % ("ok" if ok else "MISSED",
                                           TARGET_280_MS, TARGET_280_MB)
    if n == 1000:
        ok = row["lower_ms"] < TARGET_1K_CHECKER_MS
        return "checker %s (< %g ms)" % ("ok" if ok else "MISSED",
                                         TARGET_1K_CHECKER_MS)
    if n == 10000:
        ok = ms < TARGET_10K_MS
        return "%s (< %g ms)" % ("ok" if ok else "MISSED", TARGET_10K_MS)
    return ""


def print_table(rulecc, rows, runs, floor):
    print("rulecc benchmark: %s" % rulecc)
    print("starting /bin/true the same way takes %.1f ms here" % floor)
    print("median wall time of %d runs after a warm-up; peak RSS (from %s) "
          "is the largest of those runs" % (
              runs, "GNU time %M" if TIME else "wait4, an upper bound"))
    print()
    head = ("%6s %7s %8s %10s %7s %8s %7s %9s %9s %10s %6s %9s  %s" % (
        "rules", "classes", "input KB", "compile ms", "ms/rule", "CPU ms",
        "RSS MB", "check ms", "check CPU", "checker ms", "files", "output KB",
        "target"))
    print(head)
    print("-" * len(head))
    for r in rows:
        print("%6d %7d %8.0f %10.1f %7.3f %8.1f %7.1f %9.1f %9.1f %10.1f %6d "
              "%9.0f  %s"
              % (r["n"], r["classes"], r["app_bytes"] / 1024.0, r["ms"],
                 r["ms"] / r["n"], r["cpu"], r["mb"], r["check_ms"],
                 r["check_cpu"], r["lower_ms"], r["files"],
                 r["bytes"] / 1024.0,
                 target_note(r)))
    by_n = {r["n"]: r for r in rows}
    if 1000 in by_n and 10000 in by_n:
        small = by_n[1000]["ms"] / 1000
        large = by_n[10000]["ms"] / 10000
        ratio = large / small
        verdict = "ok" if ratio <= LINEAR_SLACK else "MISSED"
        print()
        print("growth: %.3f ms/rule at 1,000 rules, %.3f at 10,000 "
              "(x%.2f; linear if <= x%.1f): %s" % (small, large, ratio,
                                                  LINEAR_SLACK, verdict))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rulecc", required=True)
    parser.add_argument("--work", default=os.path.join(HERE, "out"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("sizes", type=int, nargs="*",
                        default=[10, 100, 280, 1000, 10000])
    args = parser.parse_args(argv)
    rulecc = shutil.which(args.rulecc) or args.rulecc
    if not os.access(rulecc, os.X_OK):
        print("measure.py: %s is not an executable" % args.rulecc,
              file=sys.stderr)
        return 2
    rulecc = os.path.abspath(rulecc)
    os.makedirs(args.work, exist_ok=True)
    rows = []
    floor = spawn_cost(args.work)
    try:
        for n in args.sizes:
            rows.append(bench_one(rulecc, args.work, n, args.runs, args.seed))
    except RunFailed as e:
        print("measure.py: %s" % e, file=sys.stderr)
        return 1
    print_table(args.rulecc, rows, args.runs, floor)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
