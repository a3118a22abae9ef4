// The grammar knows the language's vocabulary: every application setting,
// class setting, rule property and declaration of ir/LowerTables.cpp, every
// method the body's sema (ir/LowerBody*.cpp) knows and the body's built-in
// names get their scopes. A name added to the compiler without the grammar fails here.
//   node check-vocabulary.js SRCROOT
'use strict';

const fs = require('fs');
const path = require('path');
const { loadGrammar } = require('./textmate');

// The string literals of a brace-enclosed table `static const ... NAME[] = {...};`.
function tableStrings(source, name, firstFieldOnly) {
  const m = new RegExp(`\\b${name}\\[\\]\\s*=\\s*\\{([\\s\\S]*?)\\n\\};`).exec(source);
  if (!m)
    throw new Error(`table ${name} not found`);
  const re = firstFieldOnly ? /\{"([^"]+)"/g : /"([^"]+)"/g;
  return [...m[1].matchAll(re)].map((x) => x[1]);
}

async function main(srcRoot) {
  const tables = fs.readFileSync(path.join(srcRoot, 'ir', 'LowerTables.cpp'), 'utf8');
  // The body's methods: the StringSwitch cases naming a method (M::) or a
  // block method (B::) in the body's sema.
  const irDir = path.join(srcRoot, 'ir');
  const body = fs.readdirSync(irDir).filter((f) => /^LowerBody.*\.cpp$/.test(f))
    .map((f) => fs.readFileSync(path.join(irDir, f), 'utf8')).join('\n');
  const declarations = tableStrings(tables, 'declarationTable', true);
  const settings = [
    ...tableStrings(tables, 'propertyTable', true),
    ...tableStrings(tables, 'classSettingTable', false),
    ...tableStrings(tables, 'appSettingTable', false),
  ];
  const methods = [...new Set([...body.matchAll(/\.Case\("([^"]+)",\s*[MB]::/g)].map((m) => m[1]))];
  if (declarations.length < 5 || settings.length < 25 || methods.length < 15)
    throw new Error(`the compiler's tables were not found (${declarations.length} declarations, ${settings.length} settings, ${methods.length} methods)`);

  const grammar = await loadGrammar();
  const failures = [];
  // The scope of `word` when it is the first statement of a line in `text`.
  const scopeOf = (text, word) => {
    const line = grammar.tokenize(text)[0];
    const at = text.indexOf(word);
    const tok = line.tokens.find((t) => t.start === at && t.text === word);
    return tok ? tok.scopes[tok.scopes.length - 1] : `(not one token: ${line.tokens.map((t) => JSON.stringify(t.text)).join(' ')})`;
  };
  const expect = (text, word, scope) => {
    const got = scopeOf(text, word);
    if (got !== scope)
      failures.push(`${JSON.stringify(text)}: ${word} is ${got}, want ${scope}`);
  };
  for (const d of declarations) {
    expect(`  ${d} :name`, d, 'storage.type.rule.rules');
    // A local of that name is not a declaration.
    expect(`  ${d} = 1`, d, 'source.rules');
  }
  for (const s of settings) {
    expect(`  ${s} "value"`, s, 'support.function.setting.rules');
    expect(`x; ${s}(1)`, s, 'support.function.setting.rules');
    expect(`  x.${s}`, s, 'variable.other.property.rules');
  }
  for (const m of methods)
    expect(`x.${m}`, m, 'support.function.builtin.rules');
  for (const d of ['compliant', 'non_compliant', 'not_applicable'])
    expect(`    ${d} "why"`, d, 'keyword.control.decision.rules');
  expect('days_since(now)', 'days_since', 'support.function.builtin.rules');
  expect('days_since(now)', 'now', 'support.function.builtin.rules');
  expect('x = params.limit', 'params', 'variable.language.params.rules');

  for (const f of failures)
    process.stdout.write(`FAIL: ${f}\n`);
  process.stdout.write(`vocabulary: ${declarations.length} declarations, ${settings.length} settings, ${methods.length} methods, ${failures.length} problems\n`);
  process.exit(failures.length ? 1 : 0);
}

main(process.argv[2] || path.resolve(__dirname, '..', '..')).catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(2);
});
