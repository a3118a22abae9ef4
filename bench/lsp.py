#!/usr/bin/env python3
"""Re-check latency of `rulecc lsp`: python3 bench/lsp.py PATH-TO-RULECC.

Opens a generated N-rule application (bench/gen.py, default 1,000 rules) in
the server, then edits one managed rule's name in the middle of the file,
breaking and fixing it in turn, as incremental didChange notifications. For
each edit it measures the wall time from writing the didChange to reading
the publishDiagnostics of that version (which must hold the error exactly
when the name is broken), and prints the median, 90th percentile and worst.
A second run sends bursts of edits back to back, as fast typing does, and
measures the last edit's latency and how many checks were published: a
newer edit cancels the check of an older one. Last, it times the requests
an editor sends while the user reads and types (hover on the managed rule,
completion of every managed rule after `managed_rule :`, and
completionItem/resolve of one), answered from the latest check.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Server:
    def __init__(self, rulecc):
        self.proc = subprocess.Popen([rulecc, "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        out = self.proc.stdout
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = out.read(1)
            if not c:
                sys.exit("rulecc lsp closed its output")
            header += c
        length = int(header.split(b":")[1].split(b"\r")[0])
        return json.loads(out.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params})
        while True:
            m = self.receive()
            if m.get("id") == rid:
                if "error" in m:
                    sys.exit("%s: %r" % (method, m["error"]))
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        """Reads until the publication of `version` for `uri`."""
        while True:
            m = self.receive()
            if (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri and
                    m["params"].get("version") == version):
                return m["params"]["diagnostics"]

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.proc.wait(timeout=10)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rulecc")
    ap.add_argument("--rules", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=60)
    ap.add_argument("--bursts", type=int, default=10)
    ap.add_argument("--burst-size", type=int, default=10,
                    help="edits per burst (even)")
    ap.add_argument("--target-ms", type=float, default=50,
                    help="the median re-check latency to meet")
    ap.add_argument("--requests", type=int, default=50,
                    help="runs of each timed request")
    ap.add_argument("--work", default=os.path.join(HERE, "out", "lsp"))
    args = ap.parse_args()

    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
                    str(args.rules), args.work], check=True)
    path = os.path.abspath(os.path.join(args.work, "app.rules"))
    uri = "file://" + path
    with open(path) as f:
        text = f.read()
    lines = text.split("\n")
    # The managed rule nearest the middle of the file.
    middle = len(lines) // 2
    target = min((i for i, l in enumerate(lines)
                  if l.strip().startswith("managed_rule :")),
                 key=lambda i: abs(i - middle))
    name_end = len(lines[target].rstrip())
    last = lines[target][name_end - 1]

    def edit(version, broken):
        # Replace the name's last character: 'Z' breaks it, the original
        # character restores it.
        return {"textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": target, "character": name_end - 1},
                              "end": {"line": target, "character": name_end}},
                    "text": "Z" if broken else last}]}

    server = Server(args.rulecc)
    server.request("initialize", {"processId": os.getpid(),
                                  "capabilities": {}})
    server.notify("initialized", {})
    t0 = time.perf_counter()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "rules", "version": 1, "text": text}})
    diags = server.diagnostics(uri, 1)
    open_ms = (time.perf_counter() - t0) * 1000
    if diags:
        sys.exit("the generated application has diagnostics: %r" % diags[:2])

    version = 1
    latencies = []
    cpu0 = server.cpu_seconds()
    for i in range(args.edits):
        version += 1
        broken = i % 2 == 0
        t0 = time.perf_counter()
        server.notify("textDocument/didChange", edit(version, broken))
        diags = server.diagnostics(uri, version)
        latencies.append((time.perf_counter() - t0) * 1000)
        codes = [d["code"] for d in diags]
        expected = ["unknown-managed-rule"] if broken else []
        if codes != expected:
            sys.exit("edit %d: expected %r, got %r" % (i, expected, codes))
    cpu_ms = (server.cpu_seconds() - cpu0) * 1000 / args.edits

    burst_latencies = []
    published = 0
    for b in range(args.bursts):
        for j in range(args.burst_size):
            version += 1
            # Broken, fixed, ...: with an even burst size the last edit fixes.
            server.notify("textDocument/didChange", edit(version, j % 2 == 0))
        t0 = time.perf_counter()
        while True:
            m = server.receive()
            if m.get("method") != "textDocument/publishDiagnostics":
                continue
            published += 1
            if m["params"].get("version") == version:
                break
        burst_latencies.append((time.perf_counter() - t0) * 1000)
        if m["params"]["diagnostics"]:
            sys.exit("burst %d ended broken: %r" % (b, m["params"]))

    # Requests, answered from the check of the (fixed) text.
    def timed(method, params, runs=args.requests):
        times, result = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            result = server.request(method, params)["result"]
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times), result

    colon = lines[target].index(":") + 1
    at_name = {"textDocument": {"uri": uri},
               "position": {"line": target, "character": colon + 2}}
    hover_ms, hover = timed("textDocument/hover", at_name)
    if "AWS Config managed rule" not in hover["contents"]["value"]:
        sys.exit("hover: %r" % hover)
    after_colon = {"textDocument": {"uri": uri},
                   "position": {"line": target, "character": colon}}
    completion_ms, completion = timed("textDocument/completion", after_colon)
    items = completion["items"]
    completion_kb = len(json.dumps(completion)) / 1024
    resolve_ms, resolved = timed("completionItem/resolve", items[0])
    if "documentation" not in resolved:
        sys.exit("resolve: %r" % resolved)
    status = server.close()

    print("rulecc lsp, %d rules (%d KB), %d edits of line %d" %
          (args.rules, len(text) // 1024, args.edits, target + 1))
    print("  open -> diagnostics:          %7.1f ms" % open_ms)
    print("  didChange -> diagnostics:     median %.1f ms, p90 %.1f ms, "
          "max %.1f ms (target < %g ms)" %
          (statistics.median(latencies), percentile(latencies, 90),
           max(latencies), args.target_ms))
    print("  server CPU per edit:          %7.1f ms" % cpu_ms)
    print("  bursts of %d edits: last edit -> its diagnostics median %.1f ms, "
          "%d of %d edits checked to the end" %
          (args.burst_size, statistics.median(burst_latencies), published,
           args.bursts * args.burst_size))
    print("  hover on a managed rule:      median %.1f ms" % hover_ms)
    print("  completion after 'managed_rule :': median %.1f ms, %d items, "
          "%.0f KB" % (completion_ms, len(items), completion_kb))
    print("  completionItem/resolve:       median %.1f ms" % resolve_ms)
    print("  exit status %d" % status)
    ok = statistics.median(latencies) < args.target_ms
    print("  %s (median %s %g ms)" % ("ok" if ok else "MISSED",
                                      "<" if ok else ">=", args.target_ms))
    return 0 if ok and status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
