// Starts `rulecc lsp` and connects the npm LSP client library to it over
// stdio; helpers to wait for diagnostics and to apply edits as an editor does.
'use strict';
const assert = require('node:assert/strict');
const cp = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const rpc = require('vscode-jsonrpc/node');
const lsp = require('vscode-languageserver-protocol/node');

function uriOf(file) {
  return 'file://' + path.resolve(file).split('/').map(encodeURIComponent).join('/');
}

// Applies LSP TextEdits (UTF-16 positions) to a string, as an editor does.
function offsetAt(text, pos) {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < pos.line && i < lines.length; ++i)
    offset += lines[i].length + 1;
  const line = lines[Math.min(pos.line, lines.length - 1)] || '';
  return offset + Math.min(pos.character, line.length);
}
function applyEdits(text, edits) {
  const sorted = [...edits].sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted)
    text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}
function positionOf(text, needle, delta = 0, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; ++i) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `'${needle}' not in the text`);
  }
  at += delta;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: at - (before.lastIndexOf('\n') + 1) };
}

function start(rulecc, args = []) {
  const child = cp.spawn(rulecc, ['lsp', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const conn = lsp.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const published = new Map(); // uri -> list of params, in order
  const waiters = [];
  conn.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
    if (!published.has(params.uri))
      published.set(params.uri, []);
    published.get(params.uri).push(params);
    for (const w of [...waiters])
      if (w.test(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
  });
  const logs = [];
  conn.onNotification(lsp.LogMessageNotification.type, (p) => logs.push(p.message));
  conn.listen();
  // Resolves with the first publication for `uri` (at `version`, if given)
  // after the call; `timeout` ms at most.
  function nextDiagnostics(uri, version, timeout = 20000) {
    return new Promise((resolve, reject) => {
      const w = {
        test: (p) => p.uri === uri && (version === undefined || p.version === version),
        resolve,
      };
      waiters.push(w);
      setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${stderr}`)), timeout).unref();
    });
  }
  return { child, conn, exited, published, nextDiagnostics, logs, stderr: () => stderr };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

module.exports = { assert, fs, path, lsp, uriOf, applyEdits, positionOf, start, withTimeout };
