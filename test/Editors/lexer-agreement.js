// Checks the TextMate grammar against the compiler's own lexer: every token
// `rulecc --emit=tokens` prints (the stream the parser sees, after the token
// source's context rules) must be covered by TextMate tokens whose scopes fit
// its kind, and the text the lexer skips must be comments or line
// continuations. A keyword after `.`, a label, a heredoc body or an
// interpolation the grammar gets wrong shows up as a disagreement.
//
//   node lexer-agreement.js [--grammar FILE] RULECC PATH...
// PATH is a .rules file or a directory searched for them.
'use strict';

const fs = require('fs');
const { execFileSync } = require('child_process');
const { loadGrammar, findRulesFiles } = require('./textmate');

const has = (scopes, prefix) => scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));

// Inside a string or a quoted symbol, and not in one of its interpolations.
function inString(scopes) {
  let str = -1;
  let code = -1;
  scopes.forEach((s, i) => {
    if (s.startsWith('string.') || s.startsWith('constant.other.symbol.double-quoted'))
      str = i;
    if (s.startsWith('meta.embedded.'))
      code = i;
  });
  return str > code;
}

// The scopes of the innermost code: those inside the last interpolation.
function local(scopes) {
  let last = -1;
  scopes.forEach((s, i) => {
    if (s.startsWith('meta.embedded.'))
      last = i;
  });
  return scopes.slice(last + 1);
}

const code = (pred) => (s, tok) => !inString(s) && !has(local(s), 'comment') && pred(local(s), tok);
const any = (...prefixes) => (s) => prefixes.some((p) => has(s, p));
const all = (...prefixes) => (s) => prefixes.every((p) => has(s, p));
const text = (pred) => (s) => inString(s) && pred(s);
const notName = ['keyword.operator', 'constant', 'comment', 'invalid',
                 'entity.name.type', 'punctuation'];
// The token source reports a malformed number (`007`, `0x1f`, `1__0`) and
// passes it on as an INTEGER.
const INTEGER_TEXT = /^(?:0|[1-9](?:_?[0-9])*)$/;

// The scopes a TextMate token may have inside a lexer token of each kind.
const EXPECT = {
  CLASS: code(any('keyword.control')),
  END: code(any('keyword.control')),
  DO: code(any('keyword.control')),
  IF: code(any('keyword.control')),
  ELSIF: code(any('keyword.control')),
  ELSE: code(any('keyword.control')),
  THEN: code(any('keyword.control')),
  UNLESS: code(any('keyword.control')),
  AND: code(any('keyword.operator.logical')),
  OR: code(any('keyword.operator.logical')),
  NOT: code(any('keyword.operator.logical')),
  TRUE: code(any('constant.language.boolean')),
  FALSE: code(any('constant.language.boolean')),
  NIL: code(any('constant.language.nil')),
  REQUIRE: code(any('keyword.control.import')),
  // A name, never a keyword (`item.class`), a literal or a string.
  IDENT: code((s) => !notName.some((p) => has(s, p)) &&
                     (!has(s, 'keyword.control') || has(s, 'keyword.control.decision'))),
  CONSTANT: code(any('variable.other.constant', 'entity.name.type.class',
                     'entity.other.inherited-class')),
  LABEL: code(any('constant.other.symbol.hashkey', 'punctuation.separator.key-value')),
  SYMBOL: code(any('constant.other.symbol')),
  SQ_SYMBOL: code(any('constant.other.symbol.single-quoted')),
  DSYM_START: all('constant.other.symbol.double-quoted', 'punctuation.definition.constant'),
  DQ_START: text(any('punctuation.definition.string.begin')),
  DQ_END: text(any('punctuation.definition.string.end', 'punctuation.definition.constant')),
  STR_TEXT: text(() => true),
  STR_ESCAPE: text(any('constant.character.escape', 'invalid.illegal.escape')),
  INTERP_START: any('punctuation.section.embedded.begin'),
  INTERP_END: any('punctuation.section.embedded.end'),
  SQ_STRING: text(any('string.quoted.single')),
  SQ_STRING_UNTERMINATED: text(any('string.quoted.single')),
  HEREDOC_START: (s) => has(s, 'string.unquoted.heredoc') &&
      (has(s, 'punctuation.definition.string.begin') || has(s, 'entity.name.tag.heredoc')),
  HEREDOC_END: all('string.unquoted.heredoc', 'punctuation.definition.string.end'),
  INTEGER: code((s, tok) => has(s, INTEGER_TEXT.test(tok.text) ? 'constant.numeric.integer'
                                                                 : 'invalid.illegal.numeric')),
  FLOAT: code(any('constant.numeric.float')),
  INVALID_NUMBER: code(any('invalid.illegal.numeric')),
  EQ: code(any('keyword.operator.comparison')),
  NE: code(any('keyword.operator.comparison')),
  LE: code(any('keyword.operator.comparison')),
  GE: code(any('keyword.operator.comparison')),
  GT: code(any('keyword.operator.comparison')),
  LT: code(any('keyword.operator.comparison', 'punctuation.separator.inheritance')),
  ANDAND: code(any('keyword.operator.logical')),
  // `{ || x }`: a block without parameters.
  OROR: code(any('keyword.operator.logical', 'punctuation.separator.variable')),
  BANG: code(any('keyword.operator.logical')),
  ASSOC: code(any('punctuation.separator.key-value')),
  ASSIGN: code(any('keyword.operator.assignment')),
  PLUS: code(any('keyword.operator.arithmetic')),
  MINUS: code(any('keyword.operator.arithmetic')),
  STAR: code(any('keyword.operator.arithmetic')),
  SLASH: code(any('keyword.operator.arithmetic')),
  PERCENT: code(any('keyword.operator.arithmetic')),
  DOT: code(any('punctuation.separator.method')),
  COLON2: code(any('punctuation.separator.namespace')),
  COLON: code(any('punctuation.separator')),
  COMMA: code(any('punctuation.separator.delimiter')),
  SEMI: code(any('punctuation.terminator.statement')),
  BAR: code(any('punctuation.separator.variable')),
  LPAREN: code(any('punctuation.section.parens.begin')),
  LPAREN_CALL: code(any('punctuation.section.parens.begin')),
  RPAREN: code(any('punctuation.section.parens.end')),
  LBRACK: code(any('punctuation.section.array.begin')),
  LBRACK_INDEX: code(any('punctuation.section.array.begin')),
  RBRACK: code(any('punctuation.section.array.end')),
  LBRACE: code(any('punctuation.section.braces.begin')),
  LBRACE_BLOCK: code(any('punctuation.section.block.begin')),
  RBRACE: code(any('punctuation.section.braces.end', 'punctuation.section.block.end')),
  ERROR_CHAR: code(any('invalid.illegal.character')),
};
// Tokens with no text of their own on a line.
const SKIP = new Set(['NL', 'DQ_NEWLINE', 'HD_NEWLINE', 'EOF']);

// The bytes of a dumped token text, as a latin1 string (one char a byte).
function unescapeDump(s) {
  let out = '';
  for (let i = 0; i < s.length; ++i) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const c = s[++i];
    if (c === 'n') out += '\n';
    else if (c === 't') out += '\t';
    else if (c === 'r') out += '\r';
    else if (c === 'x') { out += String.fromCharCode(parseInt(s.substr(i + 1, 2), 16)); i += 2; }
    else out += c;
  }
  return out;
}

function lexerTokens(rulecc, file) {
  // The dump lists the tokens even when the file has errors (reported on
  // stderr); only the stream matters here.
  let out;
  try {
    out = execFileSync(rulecc, ['--emit=tokens', file], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    out = err.stdout || Buffer.alloc(0);
  }
  out = out.toString('latin1');
  // One stream per file of the application (a `require`d file too), each
  // ending in EOF, without the file's name: the file's own stream is the one
  // whose token texts are the file's bytes at their positions.
  const streams = [[]];
  for (const line of out.split('\n')) {
    if (!line)
      continue;
    const m = /^(\d+):(\d+) (\w+) '(.*)'$/.exec(line);
    if (!m)
      throw new Error(`${file}: unexpected --emit=tokens line: ${line}`);
    const raw = unescapeDump(m[4]);
    const tok = { line: +m[1], col: +m[2], kind: m[3], text: m[4], rawText: raw, bytes: raw.length };
    streams[streams.length - 1].push(tok);
    if (tok.kind === 'EOF')
      streams.push([]);
  }
  const source = fs.readFileSync(file);
  const lineStarts = [0];
  source.forEach((b, i) => {
    if (b === 10)
      lineStarts.push(i + 1);
  });
  const matches = (tok) => {
    if (tok.line > lineStarts.length)
      return false;
    const at = lineStarts[tok.line - 1] + tok.col - 1;
    // Tokens made up at the end of the file (an unterminated heredoc's
    // `<EOF>` end) have no text there.
    if (at >= source.length)
      return true;
    const want = Buffer.from(tok.rawText, 'latin1');
    return source.subarray(at, at + want.length).equals(want);
  };
  const own = streams.find((s) => s.length && s.every((t) => t.kind === 'EOF' || matches(t)));
  if (!own)
    throw new Error(`${file}: rulecc --emit=tokens printed no token stream of this file`);
  return own;
}

// UTF-16 index in a line for each byte offset of its UTF-8 encoding (a byte
// inside a character maps to that character's end).
function byteToUtf16(line) {
  const map = [];
  let u = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    for (let k = 0; k < n; ++k)
      map.push(k === 0 ? u : u + ch.length);
    u += ch.length;
  }
  map.push(u);
  return map;
}

function checkFile(grammar, rulecc, file, failures) {
  const source = fs.readFileSync(file, 'utf8');
  const lines = grammar.tokenize(source);
  const bom = source.startsWith('\uFEFF') ? 3 : 0;
  const maps = lines.map((l) => byteToUtf16(l.text));
  const covered = lines.map((l) => new Uint8Array(l.text.length));
  let checked = 0;
  const fail = (line, col, what) => failures.push(`${file}:${line}:${col}: ${what}`);
  for (const tok of lexerTokens(rulecc, file)) {
    if (SKIP.has(tok.kind))
      continue;
    const expect = EXPECT[tok.kind];
    if (!expect) {
      fail(tok.line, tok.col, `token kind ${tok.kind} has no expected scope (add it to lexer-agreement.js and the grammar)`);
      continue;
    }
    const info = lines[tok.line - 1];
    if (!info)
      continue;
    const map = maps[tok.line - 1];
    const startByte = tok.col - 1 - (tok.line === 1 ? bom : 0);
    const clamp = (b) => map[Math.max(0, Math.min(b, map.length - 1))];
    const start = clamp(startByte);
    const end = clamp(startByte + tok.bytes);
    if (end <= start)
      continue;
    ++checked;
    for (let i = start; i < end; ++i)
      covered[tok.line - 1][i] = 1;
    for (const t of info.tokens) {
      if (t.end <= start || t.start >= end)
        continue;
      if (!expect(t.scopes, tok))
        fail(tok.line, tok.col, `lexer token ${tok.kind} '${tok.text}' but TextMate token ${JSON.stringify(t.text)} has scopes ${t.scopes.join(' ')}`);
    }
  }
  // What the lexer skips: whitespace, comments and line continuations.
  for (const info of lines) {
    const mask = covered[info.line - 1];
    for (const t of info.tokens) {
      const isComment = has(t.scopes, 'comment') && !inString(t.scopes);
      for (let i = t.start; i < t.end; ++i) {
        if (isComment && mask[i]) {
          fail(info.line, i + 1, `TextMate comment ${JSON.stringify(t.text)} overlaps a lexer token`);
          break;
        }
        // Runs of control or non-ASCII characters are reported and dropped,
        // and so is a heredoc opener inside a heredoc's interpolation.
        const dropped = (/[^\x09-\x0D\x20-\x7E]/.test(info.text[i]) &&
                         has(t.scopes, 'invalid.illegal.character')) ||
                        has(t.scopes, 'invalid.illegal.heredoc');
        if (!mask[i] && !/\s/.test(info.text[i]) && !isComment && !dropped &&
            !has(t.scopes, 'punctuation.separator.continuation')) {
          fail(info.line, i + 1, `the lexer skips ${JSON.stringify(info.text[i])} but TextMate scopes ${JSON.stringify(t.text)} as ${t.scopes.join(' ')}`);
          break;
        }
      }
    }
  }
  return checked;
}

async function main(argv) {
  let grammarPath;
  if (argv[0] === '--grammar') {
    grammarPath = argv[1];
    argv = argv.slice(2);
  }
  const [rulecc, ...paths] = argv;
  if (!rulecc || paths.length === 0) {
    process.stderr.write('usage: node lexer-agreement.js [--grammar FILE] RULECC PATH...\n');
    process.exit(2);
  }
  const files = paths.flatMap((p) => (fs.statSync(p).isDirectory() ? findRulesFiles(p) : [p]));
  if (files.length === 0)
    throw new Error(`no .rules files in ${paths.join(' ')}`);
  const grammar = await loadGrammar(grammarPath);
  const failures = [];
  let tokens = 0;
  for (const file of files)
    tokens += checkFile(grammar, rulecc, file, failures);
  for (const f of failures.slice(0, 50))
    process.stdout.write(`${f}\n`);
  if (failures.length > 50)
    process.stdout.write(`... and ${failures.length - 50} more\n`);
  process.stdout.write(`${files.length} files, ${tokens} lexer tokens checked, ${failures.length} disagreements\n`);
  process.exit(failures.length ? 1 : 0);
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(2);
});
