// Prints the TextMate tokens of .rules files, one a line, for FileCheck:
//   <LINE:COL> "text" scope scope...
// COL counts from 1 in UTF-16 units, as VS Code does; the root scope
// source.rules is left out.
'use strict';

const fs = require('fs');
const { loadGrammar } = require('./textmate');

async function main(files) {
  if (files.length === 0) {
    process.stderr.write('usage: node tokenize.js FILE.rules...\n');
    process.exit(2);
  }
  const grammar = await loadGrammar();
  const out = [];
  for (const file of files) {
    for (const line of grammar.tokenize(fs.readFileSync(file, 'utf8'))) {
      for (const t of line.tokens) {
        if (/^\s*$/.test(t.text) && t.scopes.length === 1)
          continue;
        out.push(`<${line.line}:${t.start + 1}> ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`);
      }
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
