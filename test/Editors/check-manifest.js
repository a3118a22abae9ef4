// Checks that the VS Code extension's files are valid and agree with each
// other: package.json (language, grammar, settings, commands, entry point,
// lock file), the TextMate grammar (every include resolves, every regular
// expression compiles in Oniguruma) and language-configuration.json (regular
// expressions, brackets, and the indentation rules applied to real files).
//   node check-manifest.js FILE.rules...   (files that are indented well)
'use strict';

const fs = require('fs');
const path = require('path');
const { extensionDir, extensionRequire, readManifest, grammarContribution, loadOniguruma, loadGrammar } = require('./textmate');

const failures = [];
function check(cond, what) {
  if (!cond)
    failures.push(what);
  return cond;
}
const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

function checkManifest(manifest) {
  check(manifest.publisher && manifest.name && manifest.version, 'package.json needs publisher, name and version');
  check(manifest.engines && /^\^1\.\d+\.\d+$/.test(manifest.engines.vscode || ''), 'engines.vscode is a ^1.x.y range');
  check(fs.existsSync(path.join(extensionDir, manifest.main || '')), `main ${manifest.main} exists`);
  check((manifest.activationEvents || []).includes('onLanguage:rules'), 'activated by the rules language');

  const languages = manifest.contributes.languages || [];
  const rules = languages.find((l) => l.id === 'rules');
  if (check(rules, 'contributes the "rules" language')) {
    check((rules.extensions || []).includes('.rules'), 'the rules language claims *.rules');
    check(rules.configuration && fs.existsSync(path.join(extensionDir, rules.configuration)),
          'the language configuration file exists');
  }
  const grammar = grammarContribution(manifest);
  if (check(fs.existsSync(grammar.path), `grammar ${grammar.path} exists`)) {
    const raw = readJSON(grammar.path);
    check(raw.scopeName === grammar.scopeName,
          `the grammar's scopeName ${raw.scopeName} is the contributed ${grammar.scopeName}`);
    check(grammar.scopeName === 'source.rules', 'the scope is source.rules');
  }

  // The examples' style: two spaces.
  const defaults = (manifest.contributes.configurationDefaults || {})['[rules]'] || {};
  check(defaults['editor.tabSize'] === 2 && defaults['editor.insertSpaces'] === true,
        '.rules files are indented with two spaces');

  const props = (manifest.contributes.configuration || {}).properties || {};
  const pathSetting = props['rulecc.path'] || {};
  check(pathSetting.type === 'string' && pathSetting.default === 'rulecc', 'rulecc.path is a string, default "rulecc"');
  const args = props['rulecc.server.arguments'] || {};
  check(args.type === 'array' && args.items && args.items.type === 'string' &&
        Array.isArray(args.default) && args.default.length === 0,
        'rulecc.server.arguments is a list of strings, default empty');
  const trace = props['rulecc.trace.server'] || {};
  check(JSON.stringify(trace.enum) === '["off","messages","verbose"]' && trace.default === 'off',
        'rulecc.trace.server is off|messages|verbose, default off');
  check(Object.keys(props).every((k) => k.startsWith('rulecc.')), 'every setting is under rulecc.');

  // Commands declared and registered are the same set.
  const source = fs.readFileSync(path.join(extensionDir, manifest.main), 'utf8');
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
  const declared = (manifest.contributes.commands || []).map((c) => c.command).sort();
  check(JSON.stringify(registered) === JSON.stringify(declared),
        `declared commands ${declared} are the registered ones ${registered}`);

  // The client library ships in the .vsix; the test tools do not.
  check(manifest.dependencies && manifest.dependencies['vscode-languageclient'], 'vscode-languageclient is a dependency');
  for (const dev of ['@vscode/vsce', 'vscode-textmate', 'vscode-oniguruma'])
    check(manifest.devDependencies && manifest.devDependencies[dev], `${dev} is a devDependency`);
  check(/\bvsce package\b/.test((manifest.scripts || {}).package || ''), 'npm run package runs vsce package');
  const lock = readJSON(path.join(extensionDir, 'package-lock.json'));
  const root = lock.packages[''];
  check(JSON.stringify(root.dependencies) === JSON.stringify(manifest.dependencies) &&
        JSON.stringify(root.devDependencies) === JSON.stringify(manifest.devDependencies),
        'package-lock.json was written from this package.json');
}

// Every include resolves and every regular expression compiles.
function checkGrammarRules(rawGrammar) {
  const onig = extensionRequire('vscode-oniguruma');
  const repo = rawGrammar.repository || {};
  let regexes = 0;
  const visit = (rule, where) => {
    if (!rule || typeof rule !== 'object')
      return;
    if (rule.include && rule.include.startsWith('#'))
      check(repo[rule.include.slice(1)], `${where}: include ${rule.include} names a repository rule`);
    for (const key of ['match', 'begin', 'end', 'while']) {
      if (typeof rule[key] !== 'string')
        continue;
      ++regexes;
      // Back-references to the begin captures are filled in before an end
      // pattern is compiled.
      const pattern = key === 'end' ? rule[key].replace(/\\(\d)/g, 'X') : rule[key];
      try {
        new onig.OnigScanner([pattern]).dispose();
      } catch (err) {
        failures.push(`${where}.${key}: ${pattern}: ${err.message || err}`);
      }
    }
    for (const key of ['captures', 'beginCaptures', 'endCaptures'])
      for (const [n, cap] of Object.entries(rule[key] || {}))
        visit(cap, `${where}.${key}[${n}]`);
    (rule.patterns || []).forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
  };
  visit({ patterns: rawGrammar.patterns }, 'grammar');
  for (const [name, rule] of Object.entries(repo))
    visit(rule, `repository.${name}`);
  check(regexes > 20, `the grammar has its regular expressions (${regexes})`);
}

function checkLanguageConfiguration(config) {
  check(config.comments && config.comments.lineComment === '#', 'line comments start with #');
  const pairs = config.brackets || [];
  for (const want of [['{', '}'], ['[', ']'], ['(', ')']])
    check(pairs.some((p) => p[0] === want[0] && p[1] === want[1]), `bracket pair ${want.join('')}`);
  for (const p of config.autoClosingPairs || [])
    check(typeof p.open === 'string' && typeof p.close === 'string', `auto-closing pair ${JSON.stringify(p)}`);
  // VS Code compiles these with JavaScript's RegExp.
  const regex = (s) => {
    try {
      return new RegExp(s);
    } catch (err) {
      failures.push(`language-configuration.json: ${s}: ${err.message}`);
      return /$^/;
    }
  };
  const increase = regex(config.indentationRules.increaseIndentPattern);
  const decrease = regex(config.indentationRules.decreaseIndentPattern);
  const word = regex(`^(?:${config.wordPattern})$`);
  for (const w of ['empty?', 'save!', 'item', 'AWS', 'max_age', '1.5e3', '-42'])
    check(word.test(w), `"${w}" is one word`);

  const indents = [
    'class StorageRule < ApplicationRule', 'if status == "Enabled"', 'elsif x', 'else',
    'unless ok', 'rule :versioning do |bucket|', 'rule :r do |bucket| # a body', 'list.any? { |p|',
    'tags {', 'scope(', 'x = [', 'l.each do',
  ];
  const flat = [
    'managed_rule :incoming_ssh_disabled', 'non_compliant "x" unless ok', 'compliant if ok',
    'x = l.map { |a| a }', 'l.map do |a| a end', 'class A < ApplicationRule; end',
    'if a then b end', '# a comment about an if', '# let us do', 'desc "do {"', 'endpoint = 1',
    'non_compliant "open (#{n} rules)"', 'x = f(a) # (see above)',
  ];
  for (const line of indents)
    check(increase.test(line), `a line after "${line}" is indented`);
  for (const line of flat)
    check(!increase.test(line), `a line after "${line}" is not indented`);
  for (const line of ['end', '  end', 'elsif x', 'else', '}', '  ]', ')'])
    check(decrease.test(line), `"${line}" is outdented`);
  for (const line of ['ending = 1', 'end_time', 'elsewhere', 'x }'])
    check(!decrease.test(line), `"${line}" is not outdented`);
  return { increase, decrease };
}

// VS Code's indentation rules applied line by line to well-indented files
// give their indentation back. Lines that continue a statement (after `,`,
// an operator or `\`), heredoc bodies and comments keep their own.
async function checkIndentation(files, rules) {
  let grammar;
  try {
    grammar = await loadGrammar();
  } catch (err) {
    failures.push(`the grammar does not load: ${err.message || err}`);
    return;
  }
  for (const file of files) {
    const lines = grammar.tokenize(fs.readFileSync(file, 'utf8'));
    let base = null;
    let continues = false;
    for (const line of lines) {
      const text = line.text;
      const first = line.tokens.find((t) => t.text.trim() !== '');
      if (!first)
        continue;
      const scopes = first.scopes.join(' ');
      if (/\bcomment\b/.test(scopes) || /\bheredoc\b/.test(scopes))
        continue;
      const indent = text.match(/^ */)[0].length;
      if (base && !continues) {
        const want = base.indent + (rules.increase.test(base.text) ? 2 : 0) -
                     (rules.decrease.test(text) ? 2 : 0);
        check(indent === want, `${file}:${line.line}: indented ${indent}, the rules give ${want}`);
      }
      const code = text.replace(/\s+#[^"']*$/, '');
      const wasContinued = continues;
      continues = /(,|\\|&&|\|\||[-+*\/%=<>]|\band|\bor)\s*$/.test(code);
      if (!wasContinued)
        base = { indent, text };
    }
  }
}

async function main(files) {
  const manifest = readManifest();
  checkManifest(manifest);
  await loadOniguruma();
  checkGrammarRules(readJSON(grammarContribution(manifest).path));
  const config = readJSON(path.join(extensionDir, 'language-configuration.json'));
  const rules = checkLanguageConfiguration(config);
  await checkIndentation(files, rules);
  for (const f of failures)
    process.stdout.write(`FAIL: ${f}\n`);
  process.stdout.write(`extension files: ${failures.length} problems\n`);
  process.exit(failures.length ? 1 : 0);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(2);
});
