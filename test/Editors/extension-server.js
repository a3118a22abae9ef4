// The extension's launch of the real server: the command and arguments the
// client computes (rulecc.path = RULECC) are spawned as vscode-languageclient
// spawns them (stdio, the workspace folder as working directory), and the
// server must answer the client's protocol: initialize with the capabilities
// the editor uses, diagnostics for a `rules` document, the file-change
// notifications the client forwards, shutdown and exit.
//   node extension-server.js RULECC WORKDIR
'use strict';

const assert = require('assert/strict');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { extensionRequire, loadExtension } = require('./textmate');

// The server options the extension passes to LanguageClient.
async function extensionServerOptions(rulecc, workdir) {
  const captured = [];
  const vscode = {
    workspace: {
      workspaceFolders: [{ uri: { fsPath: workdir } }],
      getConfiguration: () => ({ get: (key) => (key === 'path' ? rulecc : undefined) }),
      createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    window: { showErrorMessage: async (m) => assert.fail(m) },
    commands: { registerCommand: () => ({ dispose() {} }), executeCommand: async () => {} },
  };
  const client = {
    RevealOutputChannelOn: { Never: 4 },
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        captured.push({ serverOptions, clientOptions });
      }
      async start() {}
      async stop() {}
    },
  };
  await loadExtension(vscode, client).activate({ subscriptions: [] });
  assert.equal(captured.length, 1);
  return captured[0];
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

async function main(rulecc, workdir) {
  const { serverOptions, clientOptions } = await extensionServerOptions(rulecc, workdir);
  const { command, args } = serverOptions.run;
  const languageId = clientOptions.documentSelector[0].language;
  process.stdout.write(`server: ${path.basename(command)} ${args.join(' ')}\n`);

  const rpc = extensionRequire('vscode-jsonrpc/node');
  const server = cp.spawn(command, args, { cwd: workdir, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout),
                                           new rpc.StreamMessageWriter(server.stdin));
  const published = [];
  let notifyPublished;
  conn.onNotification('textDocument/publishDiagnostics', (params) => {
    published.push(params);
    if (notifyPublished)
      notifyPublished();
  });
  conn.listen();

  const init = await withTimeout(conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workdir).href,
    workspaceFolders: [{ uri: pathToFileURL(workdir).href, name: 'app' }],
    capabilities: {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
    },
  }), 30000, 'initialize');
  const caps = init.capabilities;
  const sync = typeof caps.textDocumentSync === 'object' ? caps.textDocumentSync.change : caps.textDocumentSync;
  assert.ok(sync === 1 || sync === 2, `textDocumentSync is full or incremental (${JSON.stringify(caps.textDocumentSync)})`);
  for (const cap of ['hoverProvider', 'completionProvider', 'codeActionProvider'])
    assert.ok(caps[cap], `the server offers ${cap}`);
  process.stdout.write(`capabilities: sync ${sync === 2 ? 'incremental' : 'full'}, hover, completion, code actions\n`);
  conn.sendNotification('initialized', {});

  // A document with one mistake the checker names.
  const file = path.join(workdir, 'app.rules');
  const text = 'project "editor-test"\nclass CheckRule < ApplicationRule\n  desc "x"\nend\n';
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const gotDiagnostics = new Promise((resolve) => {
    notifyPublished = () => {
      if (published.some((p) => p.uri === uri && p.diagnostics.length > 0))
        resolve();
    };
  });
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await withTimeout(gotDiagnostics, 30000, 'diagnostics');
  const diags = published.filter((p) => p.uri === uri).pop().diagnostics;
  for (const d of diags)
    process.stdout.write(`diagnostic: ${d.range.start.line + 1}:${d.range.start.character + 1} [${d.code}] ${d.message}\n`);

  // What the client's file watcher forwards, then the orderly end.
  conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  await withTimeout(conn.sendRequest('shutdown'), 30000, 'shutdown');
  conn.sendNotification('exit');
  const { code, signal } = await withTimeout(exited, 30000, 'exit');
  process.stdout.write(`exit: ${code}${signal ? ` (${signal})` : ''}\n`);
  conn.dispose();
}

main(process.argv[2], process.argv[3]).catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
