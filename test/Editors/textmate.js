// Tokenizes .rules files with the VS Code extension's TextMate grammar, the
// way VS Code does (vscode-textmate with the Oniguruma WebAssembly build), so
// the tests see the scopes an editor would show.
'use strict';

const fs = require('fs');
const path = require('path');
const Module = require('module');
const { createRequire } = Module;

// The extension's npm modules are installed in editors/vscode (npm ci);
// RULECC_VSCODE_EXTENSION names another copy of its files to check (the
// tests point it at broken copies to see the checks fail).
const installedDir = path.resolve(__dirname, '..', '..', 'editors', 'vscode');
const extensionDir = process.env.RULECC_VSCODE_EXTENSION || installedDir;
const extensionRequire = createRequire(path.join(installedDir, 'package.json'));

function readManifest() {
  return JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
}

// The grammar the manifest contributes for the `rules` language.
function grammarContribution(manifest = readManifest()) {
  const grammars = (manifest.contributes && manifest.contributes.grammars) || [];
  const entry = grammars.find((g) => g.language === 'rules');
  if (!entry)
    throw new Error('package.json contributes no grammar for the "rules" language');
  return { scopeName: entry.scopeName, path: path.join(extensionDir, entry.path) };
}

let onigLoaded;
// The Oniguruma WebAssembly module, loaded once per process.
function loadOniguruma() {
  if (!onigLoaded) {
    const onig = extensionRequire('vscode-oniguruma');
    const wasm = fs.readFileSync(extensionRequire.resolve('vscode-oniguruma/release/onig.wasm'));
    onigLoaded = onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  }
  return onigLoaded;
}

async function loadGrammar(grammarOverride) {
  const vsctm = extensionRequire('vscode-textmate');
  const onig = extensionRequire('vscode-oniguruma');
  await loadOniguruma();
  const { scopeName, path: contributed } = grammarContribution();
  const grammarPath = grammarOverride || contributed;
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
      createOnigString: (text) => new onig.OnigString(text),
    }),
    loadGrammar: async (name) =>
      name === scopeName
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar)
    throw new Error(`cannot load ${scopeName} from ${grammarPath}`);
  return {
    // Lines as VS Code's text model splits them (no BOM, CRLF or LF), each
    // with its tokens: { line, tokens: [{ start, end, text, scopes }] }.
    tokenize(text) {
      const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
      let stack = vsctm.INITIAL;
      return lines.map((line, index) => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        return {
          line: index + 1,
          text: line,
          tokens: result.tokens.map((t) => ({
            start: t.startIndex,
            end: Math.min(t.endIndex, line.length),
            text: line.slice(t.startIndex, t.endIndex),
            scopes: t.scopes,
          })).filter((t) => t.end > t.start),
        };
      });
    },
  };
}

// `.rules` files under a directory, sorted, skipping node_modules.
function findRulesFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules')
      out.push(...findRulesFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.rules'))
      out.push(full);
  }
  return out.sort();
}

// Loads src/extension.js afresh, with stand-ins for the `vscode` API and for
// vscode-languageclient/node.
function loadExtension(vscode, client) {
  const originalLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode')
      return vscode;
    if (request === 'vscode-languageclient/node')
      return client;
    return originalLoad.call(this, request, parent, isMain);
  };
  try {
    const main = path.join(extensionDir, 'src', 'extension.js');
    delete require.cache[require.resolve(main)];
    return require(main);
  } finally {
    Module._load = originalLoad;
  }
}

module.exports = { extensionDir, extensionRequire, loadExtension, readManifest, grammarContribution, loadOniguruma, loadGrammar, findRulesFiles };
