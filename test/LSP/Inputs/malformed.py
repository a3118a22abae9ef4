"""Drives `rulecc lsp` with raw bytes: python3 malformed.py RULECC WORKDIR.

Each bad input is followed by a good request whose answer shows the server
is still serving; every reply is checked for the protocol's error code.
"""
import json
import os
import subprocess
import sys
import threading
import queue

rulecc, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
proc = subprocess.Popen([rulecc, "lsp"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
messages = queue.Queue()


def reader():
    out = proc.stdout
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            c = out.read(1)
            if not c:
                messages.put(None)
                return
            header += c
        length = None
        for line in header.decode().split("\r\n"):
            if line.lower().startswith("content-length:"):
                length = int(line.split(":")[1])
        assert length is not None, header
        messages.put(json.loads(out.read(length)))


threading.Thread(target=reader, daemon=True).start()


def raw(data):
    proc.stdin.write(data)
    proc.stdin.flush()


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def send(msg):
    raw(frame(msg))


def receive(pred, what):
    """The next message satisfying pred; others (diagnostics, logs, framing
    errors) are collected."""
    seen = []
    while True:
        try:
            m = messages.get(timeout=20)
        except queue.Empty:
            sys.exit("timed out waiting for %s; saw %r" % (what, seen))
        if m is None:
            sys.exit("the server closed its output waiting for %s; stderr: %s"
                     % (what, proc.stderr.read().decode()))
        if pred(m):
            return m, seen
        seen.append(m)


def reply_to(id):
    return receive(lambda m: m.get("id") == id and "method" not in m,
                   "the reply to %r" % id)


def expect_error(id, code):
    m, seen = reply_to(id)
    assert "error" in m and m["error"]["code"] == code, m
    return m, seen


def ping(id, framing_error=None):
    """An unknown request: answered -32601, which shows the server lives.
    With framing_error, a reply with a null id and that code must come
    before it (the answer to the bad input sent before the ping)."""
    send({"jsonrpc": "2.0", "id": id, "method": "rulecc/ping"})
    _, seen = expect_error(id, -32601)
    if framing_error is not None:
        codes = [m["error"]["code"] for m in seen
                 if m.get("id") is None and "error" in m]
        assert codes == [framing_error], seen


# Before initialize: requests are refused, notifications dropped.
send({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
      "params": {}})
expect_error(1, -32002)
send({"jsonrpc": "2.0", "id": 2, "method": "initialize",
      "params": {"capabilities": {}}})
m, _ = reply_to(2)
assert m["result"]["capabilities"]["textDocumentSync"]["change"] == 2, m
send({"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": {}})
expect_error(3, -32600)

# Garbage, then a request.
raw(b"\x00\xffgarbage that is no header\r\nmore garbage\r\n\r\n")
ping(10, -32700)
# A truncated header: no value, then a header line cut short.
raw(b"Content-Length:\r\n\r\nContent-Len")
ping(11, -32700)
# Invalid JSON in a well-framed body.
raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,")
ping(12, -32700)
# Not a request object, wrong version, an id of the wrong type.
send([1, 2, 3])
ping(121, -32600)
send({"jsonrpc": "1.0", "id": 13, "method": "shutdown"})
expect_error(13, -32600)
send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
ping(131, -32600)
# Unknown methods: a request gets -32601; a notification nothing.
send({"jsonrpc": "2.0", "method": "rulecc/unknownNotification"})
send({"jsonrpc": "2.0", "id": "str-id", "method": "workspace/unknown"})
expect_error("str-id", -32601)
# Bad params: -32602.
send({"jsonrpc": "2.0", "id": 14, "method": "textDocument/hover",
      "params": {"textDocument": {"uri": "file:///x.rules"}}})
expect_error(14, -32602)
send({"jsonrpc": "2.0", "id": 15, "method": "textDocument/hover",
      "params": {"textDocument": {"uri": "file:///x.rules"},
                 "position": {"line": -1, "character": "a"}}})
expect_error(15, -32602)
send({"jsonrpc": "2.0", "id": 16, "method": "textDocument/completion",
      "params": "not an object"})
expect_error(16, -32602)
send({"jsonrpc": "2.0", "id": "definition", "method": "textDocument/definition",
      "params": {"textDocument": {"uri": "file:///x.rules"}}})
expect_error("definition", -32602)
send({"jsonrpc": "2.0", "id": "symbols", "method": "textDocument/documentSymbol",
      "params": {"textDocument": {}}})
expect_error("symbols", -32602)
send({"jsonrpc": "2.0", "id": "resolve", "method": "completionItem/resolve",
      "params": ["not", "an", "item"]})
expect_error("resolve", -32602)
# A huge Content-Length: refused without waiting for (or allocating) the
# body; the body that follows is skipped as garbage.
raw(b"Content-Length: 99999999999999\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":17}")
ping(18, -32600)

# A file that does not parse: diagnostics, and the server goes on.
path = os.path.join(work, "broken.rules")
uri = "file://" + path
text = "class Broken < ApplicationRule\n  managed_rule :x, (\n\x01end\n"
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": uri, "languageId": "rules",
                                  "version": 1, "text": text}}})
m, _ = receive(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri, "diagnostics")
assert m["params"]["version"] == 1, m
codes = [d["code"] for d in m["params"]["diagnostics"]]
assert "syntax-error" in codes or "invalid-character" in codes, codes
for d in m["params"]["diagnostics"]:
    assert d["severity"] == 1 and d["range"]["start"]["line"] >= 1, d
# Hover and completion on it still answer.
send({"jsonrpc": "2.0", "id": 19, "method": "textDocument/hover",
      "params": {"textDocument": {"uri": uri},
                 "position": {"line": 1, "character": 17}}})
reply_to(19)
send({"jsonrpc": "2.0", "id": 20, "method": "textDocument/completion",
      "params": {"textDocument": {"uri": uri},
                 "position": {"line": 99, "character": 99}}})
m, _ = reply_to(20)
assert m["result"]["items"] == [], m
# An edit whose range ends before it starts is logged, not applied.
send({"jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": {"textDocument": {"uri": uri, "version": 2},
                 "contentChanges": [{"range": {
                     "start": {"line": 1, "character": 0},
                     "end": {"line": 0, "character": 0}}, "text": "x"}]}})
m, _ = receive(lambda m: m.get("method") == "window/logMessage",
               "the log of the bad edit")
assert "ends before it starts" in m["params"]["message"], m
# A change to a document that is not open, and a non-file URI.
send({"jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": {"textDocument": {"uri": "file:///nowhere.rules",
                                  "version": 2}, "contentChanges": []}})
m, _ = receive(lambda m: m.get("method") == "window/logMessage", "a log")
assert "is not open" in m["params"]["message"], m
send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": {"textDocument": {"uri": "untitled:Untitled-1",
                                  "version": 1, "text": ""}}})
m, _ = receive(lambda m: m.get("method") == "window/logMessage", "a log")
assert "not a file URI" in m["params"]["message"], m
# The document is fixed by a full change: its diagnostics clear.
send({"jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": {"textDocument": {"uri": uri, "version": 3},
                 "contentChanges": [{"text": "class FixedRule < ApplicationRule\n"
                                     "  managed_rule :root_account_mfa_enabled\nend\n"}]}})
m, _ = receive(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"].get("version") == 3, "the diagnostics of v3")
assert m["params"]["diagnostics"] == [], m

# $/cancelRequest. A hover waits for the check of the edits sent before it;
# cancelled while it waits, it is answered -32800 and never answered again.
# The edit is 8,000 rules, whose check takes far longer than reading the two
# messages after it, which go in the same write.
big = "".join("class Rule%d < ApplicationRule\n"
              "  managed_rule :s3_bucket_versioning_enabled\nend\n" % i
              for i in range(8000))
hover = {"textDocument": {"uri": uri},
         "position": {"line": 1, "character": 20}}
raw(b"".join(frame(m) for m in [
    {"jsonrpc": "2.0", "method": "textDocument/didChange",
     "params": {"textDocument": {"uri": uri, "version": 4},
                "contentChanges": [{"text": big}]}},
    {"jsonrpc": "2.0", "id": 21, "method": "textDocument/hover",
     "params": hover},
    {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 21}}]))
m, seen = expect_error(21, -32800)
assert not any(x.get("method") == "textDocument/publishDiagnostics"
               and x["params"].get("version") == 4 for x in seen), \
    "the check finished before the cancel was read; the test proves nothing"
# The same hover, not cancelled, is answered from that check; a cancel of a
# request already answered, or of an unknown id, changes nothing.
send({"jsonrpc": "2.0", "id": 22, "method": "textDocument/hover",
      "params": hover})
m, seen = reply_to(22)
assert "S3_BUCKET_VERSIONING_ENABLED" in m["result"]["contents"]["value"], m
send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 22}})
send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": "no"}})
send({"jsonrpc": "2.0", "id": 23, "method": "rulecc/ping"})
_, later = expect_error(23, -32601)
assert not any(x.get("id") in (21, 22) for x in seen + later), seen + later

# Shutdown: later requests are refused; exit ends with status 0.
send({"jsonrpc": "2.0", "id": 30, "method": "shutdown"})
m, _ = reply_to(30)
assert m["result"] is None, m
send({"jsonrpc": "2.0", "id": 31, "method": "textDocument/hover",
      "params": {}})
expect_error(31, -32600)
send({"jsonrpc": "2.0", "method": "exit"})
status = proc.wait(timeout=20)
assert status == 0, status
print("malformed: ok")
