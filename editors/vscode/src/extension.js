// The VS Code side of rulecc: starts `rulecc lsp` (the language server built
// into the compiler) over stdio for .rules files, and restarts it when the
// `rulecc.path` or `rulecc.server.arguments` setting changes or on the
// "Restart Language Server" command.
'use strict';

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');

const CLIENT_ID = 'rulecc';
const CLIENT_NAME = 'rulecc';

let client;

// The executable named by `rulecc.path`: a bare name is looked up on PATH by
// the operating system; `~/...` is under the home directory; any other
// relative path is relative to the first workspace folder, so a checkout's
// `build/bin/rulecc` works as a setting shared in .vscode/settings.json.
function resolveServerCommand(setting, workspaceFolders, homeDir = os.homedir()) {
  const value = (typeof setting === 'string' ? setting : '').trim() || 'rulecc';
  if (value === '~' || value.startsWith('~/'))
    return path.join(homeDir, value.slice(1));
  if (path.isAbsolute(value) || !/[\\/]/.test(value))
    return value;
  const folder = workspaceFolders && workspaceFolders[0];
  return folder ? path.join(folder.uri.fsPath, value) : path.resolve(value);
}

function serverOptions() {
  const config = vscode.workspace.getConfiguration(CLIENT_ID);
  const command = resolveServerCommand(config.get('path'), vscode.workspace.workspaceFolders);
  const extra = config.get('server.arguments');
  const args = ['lsp', ...(Array.isArray(extra) ? extra.filter((a) => typeof a === 'string') : [])];
  // No `transport`: the client would append `--stdio`; `rulecc lsp` always
  // speaks on stdin/stdout.
  const executable = { command, args };
  return { run: executable, debug: executable };
}

function clientOptions() {
  return {
    // The server checks files only (an untitled buffer has no directory for
    // its `require`s).
    documentSelector: [{ scheme: 'file', language: 'rules' }],
    synchronize: {
      // A `require`d file changed on disk changes the application.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.rules'),
    },
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
}

async function startClient() {
  // The client reads `rulecc.trace.server` itself (its id is `rulecc`).
  const options = serverOptions();
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, options, clientOptions());
  try {
    await client.start();
  } catch (err) {
    const message = err && err.message ? err.message : String(err);
    const action = await vscode.window.showErrorMessage(
      `Could not start the rulecc language server (${[options.run.command, ...options.run.args].join(' ')}): ${message}. ` +
        'Set "rulecc.path" to the rulecc executable.',
      'Open Settings');
    if (action === 'Open Settings')
      await vscode.commands.executeCommand('workbench.action.openSettings', 'rulecc.path');
  }
}

async function stopClient() {
  const running = client;
  client = undefined;
  if (running)
    await running.stop().catch(() => {});
}

async function restartClient() {
  await stopClient();
  await startClient();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('rulecc.restartServer', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rulecc.path') ||
          event.affectsConfiguration('rulecc.server.arguments'))
        return restartClient();
      return undefined;
    }),
    { dispose: () => stopClient() });
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, resolveServerCommand };
