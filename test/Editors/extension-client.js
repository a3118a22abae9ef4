// The extension's client against stand-ins for the `vscode` API and for
// vscode-languageclient: which server it starts and how, what it sends to
// it, and how it restarts, reports a missing executable and stops. Also that
// the real vscode-languageclient/node exports what the extension uses.
'use strict';

const assert = require('assert/strict');
const Module = require('module');
const os = require('os');
const path = require('path');
const test = require('node:test');
const { extensionRequire, loadExtension } = require('./textmate');

// A recording stand-in for the parts of the `vscode` API the extension uses.
function fakeVscode() {
  const fake = {
    settings: { path: 'rulecc' },
    executed: [],
    errors: [],
    errorAnswer: undefined,
    configListeners: [],
    watchers: [],
    workspace: {
      workspaceFolders: [{ uri: { fsPath: '/work/app' } }],
      getConfiguration(section) {
        assert.equal(section, 'rulecc');
        return { get: (key) => fake.settings[key] };
      },
      createFileSystemWatcher(glob) {
        const w = { glob, dispose() {} };
        fake.watchers.push(w);
        return w;
      },
      onDidChangeConfiguration(listener) {
        fake.configListeners.push(listener);
        return { dispose() {} };
      },
    },
    window: {
      async showErrorMessage(message, ...items) {
        fake.errors.push({ message, items });
        return fake.errorAnswer;
      },
    },
    commands: {
      registerCommand(id, fn) {
        fake.registered.set(id, fn);
        return { dispose() {} };
      },
      async executeCommand(...args) {
        fake.executed.push(args);
      },
    },
    registered: new Map(),
  };
  return fake;
}

// A recording stand-in for vscode-languageclient/node.
function fakeClientLibrary() {
  const lib = {
    clients: [],
    failStart: null,
    RevealOutputChannelOn: { Info: 1, Warn: 2, Error: 3, Never: 4 },
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
        lib.clients.push(this);
      }
      async start() {
        this.started++;
        if (lib.failStart)
          throw lib.failStart;
      }
      async stop() {
        this.stopped++;
      }
    },
  };
  return lib;
}

async function activated() {
  const vscode = fakeVscode();
  const lib = fakeClientLibrary();
  const ext = loadExtension(vscode, lib);
  const context = { subscriptions: [] };
  await ext.activate(context);
  return { vscode, lib, ext, context };
}

test('starts `rulecc lsp` over stdio for .rules documents', async () => {
  const { vscode, lib } = await activated();
  assert.equal(lib.clients.length, 1);
  const c = lib.clients[0];
  assert.equal(c.id, 'rulecc'); // so the client reads rulecc.trace.server
  assert.deepEqual(c.serverOptions.run, { command: 'rulecc', args: ['lsp'] });
  assert.deepEqual(c.serverOptions.debug, c.serverOptions.run);
  // No transport: vscode-languageclient would append --stdio to the arguments.
  assert.equal(c.serverOptions.run.transport, undefined);
  // The server checks file: documents only.
  assert.deepEqual(c.clientOptions.documentSelector, [{ scheme: 'file', language: 'rules' }]);
  assert.equal(c.clientOptions.synchronize.fileEvents, vscode.watchers[0]);
  assert.equal(vscode.watchers[0].glob, '**/*.rules');
  assert.equal(c.clientOptions.revealOutputChannelOn, lib.RevealOutputChannelOn.Never);
  assert.equal(c.started, 1);
});

test('rulecc.path names the executable; relative paths are under the workspace', async () => {
  const vscode = fakeVscode();
  vscode.settings.path = 'build/bin/rulecc';
  const lib = fakeClientLibrary();
  await loadExtension(vscode, lib).activate({ subscriptions: [] });
  assert.equal(lib.clients[0].serverOptions.run.command, path.join('/work/app', 'build/bin/rulecc'));
});

test('rulecc.server.arguments follow `lsp`; a change restarts the server', async () => {
  const vscode = fakeVscode();
  vscode.settings['server.arguments'] = ['-Werror', '-Wno-body-may-fall-off'];
  const lib = fakeClientLibrary();
  await loadExtension(vscode, lib).activate({ subscriptions: [] });
  assert.deepEqual(lib.clients[0].serverOptions.run.args, ['lsp', '-Werror', '-Wno-body-may-fall-off']);
  vscode.settings['server.arguments'] = [];
  await vscode.configListeners[0]({ affectsConfiguration: (s) => s === 'rulecc.server.arguments' });
  assert.equal(lib.clients.length, 2);
  assert.equal(lib.clients[0].stopped, 1);
  assert.deepEqual(lib.clients[1].serverOptions.run.args, ['lsp']);
});

test('resolveServerCommand', () => {
  const { resolveServerCommand } = loadExtension(fakeVscode(), fakeClientLibrary());
  const folders = [{ uri: { fsPath: '/ws' } }];
  assert.equal(resolveServerCommand('rulecc', folders, '/home/u'), 'rulecc');
  assert.equal(resolveServerCommand('', folders, '/home/u'), 'rulecc');
  assert.equal(resolveServerCommand(undefined, folders, '/home/u'), 'rulecc');
  assert.equal(resolveServerCommand('  /opt/rulecc/bin/rulecc ', folders, '/home/u'), '/opt/rulecc/bin/rulecc');
  assert.equal(resolveServerCommand('~/bin/rulecc', folders, '/home/u'), '/home/u/bin/rulecc');
  assert.equal(resolveServerCommand('./build/bin/rulecc', folders, '/home/u'), '/ws/build/bin/rulecc');
  assert.equal(resolveServerCommand('build/bin/rulecc', undefined, '/home/u'), path.resolve('build/bin/rulecc'));
});

test('a change of rulecc.path restarts the server with the new executable', async () => {
  const { vscode, lib } = await activated();
  assert.equal(vscode.configListeners.length, 1);
  await vscode.configListeners[0]({ affectsConfiguration: (s) => s === 'rulecc.trace.server' });
  assert.equal(lib.clients.length, 1, 'other settings do not restart it');
  vscode.settings.path = '/opt/rulecc/bin/rulecc';
  await vscode.configListeners[0]({ affectsConfiguration: (s) => s === 'rulecc.path' });
  assert.equal(lib.clients.length, 2);
  assert.equal(lib.clients[0].stopped, 1);
  assert.equal(lib.clients[1].serverOptions.run.command, '/opt/rulecc/bin/rulecc');
  assert.equal(lib.clients[1].started, 1);
});

test('the restart command stops the running server and starts a new one', async () => {
  const { vscode, lib } = await activated();
  const restart = vscode.registered.get('rulecc.restartServer');
  assert.ok(restart, 'rulecc.restartServer is registered');
  await restart();
  assert.equal(lib.clients.length, 2);
  assert.equal(lib.clients[0].stopped, 1);
  assert.equal(lib.clients[1].started, 1);
});

test('a server that does not start is reported with a way to the setting', async () => {
  const vscode = fakeVscode();
  vscode.settings.path = '/nonexistent/rulecc';
  vscode.errorAnswer = 'Open Settings';
  const lib = fakeClientLibrary();
  lib.failStart = new Error('spawn /nonexistent/rulecc ENOENT');
  await loadExtension(vscode, lib).activate({ subscriptions: [] });
  assert.equal(vscode.errors.length, 1);
  assert.match(vscode.errors[0].message, /\/nonexistent\/rulecc lsp/);
  assert.match(vscode.errors[0].message, /ENOENT/);
  assert.match(vscode.errors[0].message, /rulecc\.path/);
  assert.deepEqual(vscode.errors[0].items, ['Open Settings']);
  assert.deepEqual(vscode.executed, [['workbench.action.openSettings', 'rulecc.path']]);
});

test('deactivate and disposing the subscriptions stop the server', async () => {
  const { lib, ext, context } = await activated();
  await ext.deactivate();
  assert.equal(lib.clients[0].stopped, 1);
  for (const d of context.subscriptions)
    await d.dispose();
  assert.equal(lib.clients[0].stopped, 1, 'a stopped server is not stopped twice');
});

test('the real vscode-languageclient/node exports what the extension uses', () => {
  // The library reads the `vscode` API only when a client runs; loading it
  // needs a module of that name.
  const anything = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : anything) });
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    return request === 'vscode' ? anything : originalLoad.call(this, request, parent, isMain);
  };
  try {
    const lib = extensionRequire('vscode-languageclient/node');
    assert.equal(typeof lib.LanguageClient, 'function');
    assert.equal(typeof lib.RevealOutputChannelOn.Never, 'number');
    assert.equal(typeof lib.LanguageClient.prototype.start, 'function');
    assert.equal(typeof lib.LanguageClient.prototype.stop, 'function');
  } finally {
    Module._load = originalLoad;
  }
});
