"""Throws seeded random input at `rulecc lsp`: python3 fuzz.py RULECC WORKDIR.

Random bytes, random framings and mutated protocol messages (documents with
random text and edits with random positions, requests with random params),
then a shutdown and an exit: the server must answer the shutdown and exit
with status 0, never crash or hang.
"""
import json
import os
import random
import subprocess
import sys
import threading

rulecc, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
rng = random.Random(6)
proc = subprocess.Popen([rulecc, "lsp"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
out = bytearray()
reader = threading.Thread(target=lambda: out.extend(proc.stdout.read()),
                          daemon=True)
reader.start()


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def msg(m):
    return frame(json.dumps(m).encode())


uri = "file://" + os.path.join(os.path.abspath(work), "fuzz.rules")
snippets = ["class ARule < ApplicationRule\n", "  scope \"AWS::S3::Bucket\"\n",
            "  managed_rule :s3_bucket_versioning_enabled\n", "end\n",
            "  rule :r do |item|\n    item.configuration.\n  end\n",
            "  input_parameters a: 1\n", "require \"other\"\n", "((((", "\"",
            "é😀", "\x00", "#{", "<<~X\n", "  managed_rule :\n"]


def text():
    return "".join(rng.choice(snippets) for _ in range(rng.randint(0, 12)))


def position():
    return {"line": rng.choice([0, 1, 2, 5, 99, -1, 2**31]),
            "character": rng.choice([0, 1, 3, 17, 1000, -5, "x"])}


def random_message(i):
    kind = rng.randrange(10)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    if kind == 1:
        return b"Content-Length: %d\r\n\r\n" % rng.randint(0, 50) + \
            bytes(rng.randrange(256) for _ in range(rng.randint(0, 60)))
    if kind == 2:
        return msg({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": uri, "version": i,
                                                "text": text()}}})
    if kind in (3, 4):
        change = {"text": text()}
        if rng.random() < 0.8:
            change["range"] = {"start": position(), "end": position()}
        return msg({"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": i},
                               "contentChanges": [change]}})
    if kind == 5:
        method = rng.choice(["textDocument/hover", "textDocument/completion",
                             "textDocument/codeAction"])
        params = {"textDocument": {"uri": uri}, "position": position(),
                  "range": {"start": position(), "end": position()}}
        if rng.random() < 0.3:
            params = rng.choice([None, [], {}, "x", 3, {"textDocument": 1}])
        return msg({"jsonrpc": "2.0", "id": i, "method": method,
                    "params": params})
    if kind == 6:
        return msg({"jsonrpc": "2.0", "method": "textDocument/didClose",
                    "params": {"textDocument": {"uri": uri}}})
    if kind == 7:
        return msg({"jsonrpc": "2.0", "method": "$/cancelRequest",
                    "params": {"id": rng.randint(0, i)}})
    if kind == 8:
        body = json.dumps({"jsonrpc": "2.0", "id": i,
                           "method": "textDocument/hover"}).encode()
        cut = rng.randint(0, len(body))
        return frame(body[:cut] + bytes(rng.randrange(256) for _ in range(3)))
    return msg(rng.choice([None, [], 1, "s", {"id": []}, {"jsonrpc": "2.0"},
                           {"jsonrpc": "2.0", "id": i, "method": 5}]))


proc.stdin.write(msg({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                      "params": {"capabilities": {}}}))
for i in range(400):
    proc.stdin.write(random_message(i))
# Whatever state the garbage left the framing in, padding ends it: it fills
# a body a random header claimed (at most 50 bytes), and garbage is skipped
# up to the next Content-Length header.
proc.stdin.write(b" " * 64 + b"\r\n" + msg({"jsonrpc": "2.0", "id": "down",
                                           "method": "shutdown"}))
proc.stdin.write(msg({"jsonrpc": "2.0", "method": "exit"}))
proc.stdin.flush()
try:
    status = proc.wait(timeout=120)
except subprocess.TimeoutExpired:
    proc.kill()
    sys.exit("the server hung")
reader.join(timeout=10)
if status != 0:
    sys.exit("exit status %d; stderr: %s" % (status, proc.stderr.read()))
if b'"id":"down","jsonrpc":"2.0","result":null' not in out:
    sys.exit("no answer to the shutdown")
print("fuzz: ok (%d bytes of replies)" % len(out))
