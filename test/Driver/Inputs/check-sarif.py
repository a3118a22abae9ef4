#!/usr/bin/env python3
"""Checks a SARIF 2.1.0 log as rulecc writes it.

Always: the structure SARIF 2.1.0 requires and what code scanning relies on
(version, $schema, one run, tool.driver.name, rules with unique ids and a
default level, results with a message, ruleId and ruleIndex naming the same
rule, regions with 1-based lines and columns whose end is not before their
start, relatedLocations with unique ids, fixes with artifactChanges of
replacements, artifact URIs that are URI references, uriBaseIds that the run
defines as absolute directory URIs). With --sources, every region must also
lie inside its file, its columns counted in UTF-16 code units as the run's
columnKind says. With --schema, the log must also validate against that JSON
schema (jsonschema, draft 4 as SARIF's schema is written).

--apply-fixes FILE prints FILE's text with the first fix of every result that
changes it applied, to show that fixes replace what they should.

Prints one line per problem and exits 1 when there is any.
"""

import argparse
import json
import os
import re
import sys
import urllib.parse

LEVELS = {'none', 'note', 'warning', 'error'}
# RFC 3986 characters; anything else in a URI must be percent-encoded.
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


class Checker:
    def __init__(self, log, sources):
        self.log = log
        self.sources = sources
        self.problems = []
        self.base_ids = {}
        self.column_kind = 'utf16CodeUnits'

    def fail(self, where, what):
        self.problems.append('%s: %s' % (where, what))

    def check(self):
        log = self.log
        if log.get('version') != '2.1.0':
            self.fail('$', 'version is %r, not "2.1.0"' % log.get('version'))
        if not isinstance(log.get('$schema'), str) or \
                not log['$schema'].startswith('https://'):
            self.fail('$', '$schema is not an https URI')
        runs = log.get('runs')
        if not isinstance(runs, list) or len(runs) != 1:
            self.fail('$', 'expected exactly one run')
            return
        self.check_run(runs[0], '$.runs[0]')

    def check_run(self, run, where):
        driver = run.get('tool', {}).get('driver', {})
        if not driver.get('name'):
            self.fail(where, 'tool.driver.name is missing')
        rules = driver.get('rules', [])
        ids = [r.get('id') for r in rules]
        if len(set(ids)) != len(ids):
            self.fail(where, 'rule ids are not unique')
        for i, rule in enumerate(rules):
            w = '%s.tool.driver.rules[%d]' % (where, i)
            if not rule.get('id'):
                self.fail(w, 'rule without id')
            if not rule.get('shortDescription', {}).get('text'):
                self.fail(w, 'rule without shortDescription.text')
            level = rule.get('defaultConfiguration', {}).get('level')
            if level not in LEVELS:
                self.fail(w, 'defaultConfiguration.level %r' % level)
        self.column_kind = run.get('columnKind', 'utf16CodeUnits')
        for name, base in run.get('originalUriBaseIds', {}).items():
            uri = base.get('uri', '')
            if not uri.startswith('file:///') or not uri.endswith('/'):
                self.fail(where, 'uriBaseId %s is not an absolute directory '
                          'URI: %r' % (name, uri))
            self.base_ids[name] = uri
        for i, result in enumerate(run.get('results', [])):
            self.check_result(result, ids, '%s.results[%d]' % (where, i))

    def check_result(self, result, ids, where):
        if not isinstance(result.get('message', {}).get('text'), str) or \
                not result['message']['text']:
            self.fail(where, 'result without message.text')
        rule_id, index = result.get('ruleId'), result.get('ruleIndex')
        if rule_id not in ids:
            self.fail(where, 'ruleId %r is not a rule of the driver' % rule_id)
        if not isinstance(index, int) or not 0 <= index < len(ids) or \
                ids[index] != rule_id:
            self.fail(where, 'ruleIndex %r does not name rule %r'
                      % (index, rule_id))
        if result.get('level', 'warning') not in LEVELS:
            self.fail(where, 'level %r' % result.get('level'))
        for i, loc in enumerate(result.get('locations', [])):
            self.check_location(loc, '%s.locations[%d]' % (where, i))
        related_ids = []
        for i, loc in enumerate(result.get('relatedLocations', [])):
            w = '%s.relatedLocations[%d]' % (where, i)
            self.check_location(loc, w)
            if not isinstance(loc.get('id'), int) or loc['id'] < 0:
                self.fail(w, 'id %r' % loc.get('id'))
            related_ids.append(loc.get('id'))
        if len(set(related_ids)) != len(related_ids):
            self.fail(where, 'relatedLocations ids are not unique')
        for i, fix in enumerate(result.get('fixes', [])):
            self.check_fix(fix, '%s.fixes[%d]' % (where, i))

    def check_location(self, loc, where):
        phys = loc.get('physicalLocation')
        if phys is None:
            return
        text = self.check_artifact(phys.get('artifactLocation'), where)
        if 'region' in phys:
            self.check_region(phys['region'], text, where + '.region')

    def check_artifact(self, art, where):
        """Checks an artifactLocation; returns the file's text (or None)."""
        if not isinstance(art, dict) or not art.get('uri'):
            self.fail(where, 'artifactLocation without uri')
            return None
        uri = art['uri']
        if not URI_CHARS.match(uri):
            self.fail(where, 'uri %r is not percent-encoded' % uri)
        base = art.get('uriBaseId')
        if base is not None and base not in self.base_ids:
            self.fail(where, 'uriBaseId %r is not defined by the run' % base)
        if base is None and not uri.startswith('file:///'):
            self.fail(where, 'relative uri %r without uriBaseId' % uri)
        if not self.sources:
            return None
        path = self.path_of(art)
        try:
            with open(path, 'rb') as f:
                return f.read().decode('utf-8', errors='replace')
        except OSError as e:
            self.fail(where, 'cannot read %s: %s' % (path, e))
            return None

    def path_of(self, art):
        uri = art['uri']
        if art.get('uriBaseId') is not None:
            uri = self.base_ids.get(art['uriBaseId'], 'file:///') + uri
        return urllib.parse.unquote(urllib.parse.urlparse(uri).path)

    def width(self, text):
        if self.column_kind == 'utf16CodeUnits':
            return len(text.encode('utf-16-le')) // 2
        return len(text)

    def check_region(self, region, text, where):
        keys = ('startLine', 'startColumn', 'endLine', 'endColumn')
        values = [region.get(k) for k in keys]
        if any(not isinstance(v, int) or v < 1 for v in values):
            self.fail(where, 'line and column must be integers >= 1: %r'
                      % region)
            return
        start_line, start_col, end_line, end_col = values
        if (end_line, end_col) < (start_line, start_col):
            self.fail(where, 'region ends before it starts: %r' % region)
        if text is None:
            return
        lines = text.split('\n')
        for line, col in ((start_line, start_col), (end_line, end_col)):
            if line > len(lines):
                self.fail(where, 'line %d is past the end of the file' % line)
            elif col > self.width(lines[line - 1]) + 1:
                self.fail(where, 'column %d is past the end of line %d'
                          % (col, line))

    def check_fix(self, fix, where):
        changes = fix.get('artifactChanges')
        if not changes:
            self.fail(where, 'fix without artifactChanges')
            return
        for i, change in enumerate(changes):
            w = '%s.artifactChanges[%d]' % (where, i)
            text = self.check_artifact(change.get('artifactLocation'), w)
            replacements = change.get('replacements')
            if not replacements:
                self.fail(w, 'artifactChange without replacements')
                continue
            for k, rep in enumerate(replacements):
                rw = '%s.replacements[%d]' % (w, k)
                if 'deletedRegion' not in rep:
                    self.fail(rw, 'replacement without deletedRegion')
                else:
                    self.check_region(rep['deletedRegion'], text,
                                      rw + '.deletedRegion')
                inserted = rep.get('insertedContent', {'text': ''})
                if not isinstance(inserted.get('text'), str):
                    self.fail(rw, 'insertedContent without text')


def offset_of(lines, line, column, width):
    """The string index of a 1-based line and column (in `width` units)."""
    offset = sum(len(l) + 1 for l in lines[:line - 1])
    text = lines[line - 1]
    units = 0
    for i, ch in enumerate(text):
        if units >= column - 1:
            return offset + i
        units += width(ch)
    return offset + len(text)


def apply_fixes(checker, path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    lines = text.split('\n')
    edits = []
    for result in checker.log['runs'][0].get('results', []):
        for change in result.get('fixes', [{}])[0].get('artifactChanges', []):
            if os.path.realpath(checker.path_of(change['artifactLocation'])) \
                    != os.path.realpath(path):
                continue
            for rep in change['replacements']:
                r = rep['deletedRegion']
                start = offset_of(lines, r['startLine'], r['startColumn'],
                                  checker.width)
                end = offset_of(lines, r['endLine'], r['endColumn'],
                                checker.width)
                edits.append((start, end, rep['insertedContent']['text']))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    sys.stdout.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('log')
    ap.add_argument('--schema', help='validate against this JSON schema')
    ap.add_argument('--sources', action='store_true',
                    help='check regions against the files they name')
    ap.add_argument('--apply-fixes', metavar='FILE')
    args = ap.parse_args()

    with open(args.log, encoding='utf-8') as f:
        log = json.load(f)
    checker = Checker(log, args.sources or bool(args.apply_fixes))
    checker.check()
    if args.schema:
        import jsonschema
        with open(args.schema, encoding='utf-8') as f:
            schema = json.load(f)
        validator = jsonschema.Draft4Validator(schema)
        for error in sorted(validator.iter_errors(log), key=str):
            path = '$' + ''.join('[%r]' % p for p in error.absolute_path)
            checker.fail(path, 'schema: ' + error.message)
    for problem in checker.problems:
        print('error: ' + problem)
    if checker.problems:
        return 1
    if args.apply_fixes:
        apply_fixes(checker, args.apply_fixes)
    return 0


if __name__ == '__main__':
    sys.exit(main())
