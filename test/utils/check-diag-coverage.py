#!/usr/bin/env python3
"""Fails when a diagnostic kind registered in DiagnosticKinds.def has no test.

A kind is covered when a lit test under the test root (any *.rules or *.test
file, or a file in an Inputs/ directory; test/Unit and test/utils are not lit
tests) has either

  * a `# expected-<severity>[@...] {{text}}` directive of the kind's severity
    (a warning may also be expected as an error, for -Werror tests) whose text
      - names the kind, `[stable-id]` (--verify-diagnostics matches the text
        against the message followed by ` [id]`), or
      - contains the format's fixed prefix (its literal text before the first
        placeholder, or its longest literal text when that prefix is shorter
        than eight characters; at most its first 32 characters, cut at a
        word) and agrees with the format around it. When several kinds fit
        one text, it covers the one whose literal text it quotes most of
        ("the application needs 3 nested stacks; write" covers
        template-too-large, not application-too-large); or
  * a FileCheck line (CHECK:, CHECK-NEXT:, JSON:, ... but not *-NOT:) that
    names the kind's id, e.g. `CHECK: error: ... [too-many-errors]` or
    `CHECK: "id": "too-many-errors"`.

Kinds listed in the exempt file (`<id> <reason>` per line) are skipped; an
exemption without a reason, for an unknown id, or for a kind that is covered
anyway is an error, so the list cannot rot. A file with directives but no
RUN line using --verify-diagnostics is an error too: its directives would
check nothing.

Exit status 0 when everything is covered, 1 otherwise.
"""

import argparse
import os
import re
import sys

DIAG_RE = re.compile(
    r'^\s*DIAG\(\s*(\w+)\s*,\s*(Error|Warning|Note)\s*,\s*"([^"]*)"\s*,\s*'
    r'"((?:[^"\\]|\\.)*)"\s*\)', re.M)
# formatv: {N}, {N,align}, {N:options}; "{{" is a literal brace.
PLACEHOLDER_RE = re.compile(r'\{\{|\{\s*\d+\s*(?:,[^}:]*)?(?::[^}]*)?\}')
DIRECTIVE_RE = re.compile(
    r'(?<![\w-])expected-(error|warning|note)(?:@[+-]?\d+)?\s*\{\{(.*?)\}\}')
CHECK_RE = re.compile(r'\b([A-Z][A-Z0-9_]*)(-[A-Z]+)?:')
NOT_CHECK_PREFIXES = {'RUN', 'REQUIRES', 'UNSUPPORTED', 'XFAIL', 'END',
                      'ALLOW_RETRIES'}
TRIM = " '\"`:;,.()[]"
MIN_PREFIX = 8
# A long fixed text is required only up to here (at a word boundary): a test
# may quote the start of a long message.
MAX_PREFIX = 32


class Kind:
    def __init__(self, ident, severity, name, fmt):
        self.ident = ident
        self.severity = severity.lower()
        self.name = name
        self.format = fmt
        self.literals = split_format(fmt)
        self.prefix = fixed_prefix(self.literals)
        self.covered_by = None

    def accepts_severity(self, severity):
        if self.severity == 'warning':
            return severity in ('warning', 'error')
        return severity == self.severity

    def score(self, text):
        """How well an expected text fits this kind's message: 0 when it
        does not, else the number of characters of literal text it quotes."""
        if '[%s]' % self.name in text:
            return 1 << 30  # naming the kind decides
        if not self.prefix:
            return 0
        return agrees(text, self.literals, self.prefix)


def unescape_c(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
        m.group(1), m.group(1)), s)


def split_format(fmt):
    """The literal pieces of a formatv format, one more than placeholders."""
    literals, current, pos = [], '', 0
    for m in PLACEHOLDER_RE.finditer(fmt):
        current += fmt[pos:m.start()]
        if m.group(0) == '{{':
            current += '{'
        else:
            literals.append(current)
            current = ''
        pos = m.end()
    literals.append(current + fmt[pos:])
    return literals


def fixed_prefix(literals):
    prefix = literals[0].strip(TRIM)
    if len(prefix) < MIN_PREFIX:
        prefix = max((lit.strip(TRIM) for lit in literals), key=len)
    if len(prefix) < MIN_PREFIX:
        return None
    if len(prefix) > MAX_PREFIX:
        cut = prefix.rfind(' ', 0, MAX_PREFIX + 1)
        prefix = prefix[:cut if cut >= MIN_PREFIX else MAX_PREFIX].rstrip(TRIM)
    return prefix


def common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def quoted_after(text, literals):
    """Characters of `literals` (in order, each by its longest prefix of at
    least three characters) that appear in `text`."""
    total, pos = 0, 0
    for lit in literals:
        lit = lit.strip(TRIM)
        for n in range(len(lit), 2, -1):
            found = text.find(lit[:n], pos)
            if found >= 0:
                total += n
                pos = found + n
                break
    return total


def agrees(text, literals, prefix):
    """0 unless `text` contains `prefix` and the text around it fits the
    format: what follows it continues the literal (a placeholder may absorb
    the rest), and what precedes it ends the literal. Else the number of
    characters of the format's literal text that `text` quotes."""
    for index, lit in enumerate(literals):
        offset = lit.find(prefix)
        if offset < 0:
            continue
        start = text.find(prefix)
        while start >= 0:
            before = text[:start]
            after = text[start + len(prefix):]
            lit_before = lit[:offset]
            lit_after = lit[offset + len(prefix):]
            has_ph_before = index > 0
            has_ph_after = index < len(literals) - 1
            ok_after = (lit_after.startswith(after) if len(after) <= len(lit_after)
                        else after.startswith(lit_after) and has_ph_after)
            ok_before = (lit_before.endswith(before) if len(before) <= len(lit_before)
                         else before.endswith(lit_before) and has_ph_before)
            if ok_before and ok_after:
                return (len(prefix) + common_prefix(after, lit_after) +
                        quoted_after(after, literals[index + 1:]))
            start = text.find(prefix, start + 1)
    return 0


def load_kinds(def_path):
    with open(def_path, encoding='utf-8') as f:
        text = f.read()
    kinds = [Kind(m.group(1), m.group(2), m.group(3), unescape_c(m.group(4)))
             for m in DIAG_RE.finditer(text)]
    if not kinds:
        sys.exit('check-diag-coverage: no DIAG(...) entries in %s' % def_path)
    return kinds


def lit_files(tests_root):
    for dirpath, dirnames, filenames in os.walk(tests_root):
        rel = os.path.relpath(dirpath, tests_root).split(os.sep)
        if rel[0] in ('Unit', 'utils'):
            dirnames[:] = []
            continue
        dirnames.sort()
        in_inputs = 'Inputs' in rel
        for name in sorted(filenames):
            if in_inputs or name.endswith(('.rules', '.test')):
                yield os.path.join(dirpath, name), in_inputs


def scan(tests_root, kinds, errors):
    for path, in_inputs in lit_files(tests_root):
        try:
            with open(path, encoding='utf-8', errors='replace') as f:
                lines = f.read().split('\n')
        except OSError:
            continue
        rel = os.path.relpath(path, tests_root)
        has_directive = False
        runs_verify = any('RUN:' in l and '--verify-diagnostics' in l
                          for l in lines)
        for lineno, line in enumerate(lines, 1):
            where = '%s:%d' % (rel, lineno)
            hash_pos = line.find('#')
            # A FileCheck line quoting a directive (`CHECK: # expected-...`)
            # is not one.
            quoted = hash_pos >= 0 and any(
                m.group(1) not in NOT_CHECK_PREFIXES
                for m in CHECK_RE.finditer(line, 0, hash_pos))
            if hash_pos >= 0 and not quoted:
                for m in DIRECTIVE_RE.finditer(line, hash_pos):
                    has_directive = True
                    severity, text = m.group(1), m.group(2).strip()
                    scores = [(kind.score(text), kind) for kind in kinds
                              if kind.accepts_severity(severity)]
                    best = max((sc for sc, _ in scores), default=0)
                    for sc, kind in scores:
                        if best and sc == best and not kind.covered_by:
                            kind.covered_by = where
            m = CHECK_RE.search(line)
            if (m and m.group(1) not in NOT_CHECK_PREFIXES and
                    m.group(2) != '-NOT'):
                for kind in kinds:
                    if (not kind.covered_by and
                            re.search(r'(?<![\w-])%s(?![\w-])' %
                                      re.escape(kind.name), line[m.end():])):
                        kind.covered_by = where
        if has_directive and not in_inputs and not runs_verify:
            errors.append('%s: has expected-* directives but no RUN line '
                          'with --verify-diagnostics' % rel)


def load_exempt(path, kinds, errors):
    exempt = {}
    if not os.path.exists(path):
        return exempt
    names = {k.name for k in kinds}
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            parts = line.split(None, 1)
            where = '%s:%d' % (os.path.basename(path), lineno)
            if parts[0] not in names:
                errors.append('%s: unknown diagnostic id %r' % (where, parts[0]))
            elif len(parts) < 2:
                errors.append('%s: exemption of %r needs a reason'
                              % (where, parts[0]))
            else:
                exempt[parts[0]] = parts[1]
    return exempt


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--def', dest='def_path',
                    default=os.path.join(root, 'frontend', 'DiagnosticKinds.def'))
    ap.add_argument('--tests', default=os.path.join(root, 'test'))
    ap.add_argument('--exempt',
                    default=os.path.join(here, 'diag-coverage-exempt.txt'))
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='print the test that covers each kind')
    args = ap.parse_args()

    errors = []
    kinds = load_kinds(args.def_path)
    exempt = load_exempt(args.exempt, kinds, errors)
    scan(args.tests, kinds, errors)

    missing = []
    for kind in kinds:
        if kind.name in exempt:
            if kind.covered_by:
                errors.append('%s is exempt but covered by %s: remove the '
                              'exemption' % (kind.name, kind.covered_by))
            continue
        if args.verbose and kind.covered_by:
            print('%-34s %s' % (kind.name, kind.covered_by))
        if not kind.covered_by:
            missing.append(kind)

    for e in errors:
        print('error: ' + e)
    if missing:
        print('error: %d of %d diagnostic kinds have no test:'
              % (len(missing), len(kinds)))
        for kind in missing:
            hint = ('{{%s' % kind.prefix) if kind.prefix else ('{{[%s]' % kind.name)
            print('  %-34s %s: # expected-%s %s...}}'
                  % (kind.name, kind.ident, kind.severity, hint))
    if not errors and not missing:
        print('all %d diagnostic kinds are covered (%d exempt)'
              % (len(kinds), len(exempt)))
    return 1 if errors or missing else 0


if __name__ == '__main__':
    sys.exit(main())
