#!/usr/bin/env python3
"""Imports every conformance pack of a folder with `rulecc import`, checks
the result with `rulecc --check`, compiles it back to CloudFormation and
compares the ConfigRules with the pack's, as deployed with its parameters'
defaults.

The pack side is evaluated here, independently of rulecc: parameters take
their Default, Conditions and Fn::If are evaluated, Ref AWS::NoValue drops a
value, and CloudFormation's stringification turns InputParameters values
into strings. Rules are matched by ConfigRuleName and compared on
SourceIdentifier, InputParameters (as string maps), Scope,
MaximumExecutionFrequency and Description. A boolean parameter (per the
managed-rule catalog) is compared regardless of case: AWS reads "True" as
true, and the rule language writes `true`.

Rules that cannot exist in the output are counted, never silently skipped:
a CUSTOM_LAMBDA rule (its function lives outside the pack) and a rule whose
Condition is false must not be compiled, and the import must have warned
about each (import-custom-lambda-rule, import-rule-not-created).

Exit status 1 on any mismatch, with every mismatch listed.
"""

import argparse
import csv
import glob
import os
import subprocess
import sys

import yaml

NOVALUE = object()


class Loader(yaml.SafeLoader):
    pass


def _intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == 'GetAtt' and isinstance(value, str):
        value = value.split('.', 1)
    name = suffix if suffix in ('Ref', 'Condition') else 'Fn::' + suffix
    return {name: value}


Loader.add_multi_constructor('!', _intrinsic)


class Unresolved(Exception):
    pass


class Template:
    def __init__(self, doc):
        self.doc = doc
        self.params = {}
        for name, p in (doc.get('Parameters') or {}).items():
            if 'Default' in p:
                self.params[name] = cfn_string(p['Default'])
        self.conditions = doc.get('Conditions') or {}
        self.cache = {}

    def condition(self, name):
        if name not in self.cache:
            self.cache[name] = self.eval_condition(self.conditions[name])
        return self.cache[name]

    def eval_condition(self, c):
        (fn, arg), = c.items()
        if fn == 'Condition':
            return self.condition(arg)
        if fn == 'Fn::Equals':
            return self.resolve(arg[0]) == self.resolve(arg[1])
        if fn == 'Fn::Not':
            return not self.eval_condition(arg[0])
        if fn == 'Fn::And':
            return all(self.eval_condition(a) for a in arg)
        if fn == 'Fn::Or':
            return any(self.eval_condition(a) for a in arg)
        raise Unresolved(fn)

    def resolve(self, v):
        if isinstance(v, dict) and len(v) == 1:
            (fn, arg), = v.items()
            if fn == 'Ref':
                if arg == 'AWS::NoValue':
                    return NOVALUE
                if arg in self.params:
                    return self.params[arg]
                raise Unresolved('Ref ' + arg)
            if fn == 'Fn::If':
                return self.resolve(arg[1] if self.condition(arg[0]) else arg[2])
            if fn.startswith('Fn::'):
                raise Unresolved(fn)
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                r = self.resolve(x)
                if r is not NOVALUE:
                    out[k] = r
            return out
        if isinstance(v, list):
            return [r for r in (self.resolve(x) for x in v) if r is not NOVALUE]
        return v


def cfn_string(v):
    """How CloudFormation turns a scalar into the string a rule receives."""
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if v is None:
        return ''
    return str(v)


def load_boolean_params(tsv):
    out = set()
    with open(tsv, encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            if row['type'] == 'boolean':
                out.add((row['identifier'], row['parameter'].lower()))
    return out


def expected_rules(path, counts):
    with open(path, encoding='utf-8') as f:
        t = Template(yaml.load(f, Loader=Loader))
    rules, absent = {}, []
    for logical_id, res in t.doc['Resources'].items():
        if res.get('Type') != 'AWS::Config::ConfigRule':
            continue
        p = res['Properties']
        name = t.resolve(p['ConfigRuleName'])
        if 'Condition' in res and not t.condition(res['Condition']):
            counts['not created'] += 1
            absent.append((name, 'import-rule-not-created', logical_id))
            continue
        source = p['Source']
        if source['Owner'] == 'CUSTOM_LAMBDA':
            counts['custom lambda'] += 1
            absent.append((name, 'import-custom-lambda-rule', logical_id))
            continue
        params = t.resolve(p.get('InputParameters', {}))
        if params is NOVALUE:
            params = {}
        rules[name] = {
            'SourceIdentifier': t.resolve(source['SourceIdentifier']),
            'InputParameters': {k: cfn_string(v) for k, v in params.items()},
            'Scope': scope_meaning(t.resolve(p.get('Scope', {}))),
            'MaximumExecutionFrequency': t.resolve(
                p.get('MaximumExecutionFrequency')),
            'Description': t.resolve(p.get('Description')),
        }
    return rules, absent


def scope_meaning(scope):
    """An empty ComplianceResourceTypes list restricts nothing: AWS Config
    reads it as no scope at all."""
    return {k: v for k, v in (scope or {}).items() if v not in ([], None)}


def compiled_rules(path):
    with open(path, encoding='utf-8') as f:
        doc = yaml.load(f, Loader=Loader)
    rules = {}
    for res in (doc.get('Resources') or {}).values():
        if res['Type'] != 'AWS::Config::ConfigRule':
            continue
        p = res['Properties']
        rules[p['ConfigRuleName']] = {
            'SourceIdentifier': p['Source'].get('SourceIdentifier'),
            'InputParameters': p.get('InputParameters', {}),
            'Scope': scope_meaning(p.get('Scope')),
            'MaximumExecutionFrequency': p.get('MaximumExecutionFrequency'),
            'Description': p.get('Description'),
        }
    return rules


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def compare(pack, want, got, booleans, errors):
    """Returns the number of rules that are equal."""
    before, equal = len(errors), 0
    for name in sorted(set(want) | set(got)):
        if name not in got:
            errors.append('%s: rule %s is missing after the round trip'
                          % (pack, name))
            continue
        if name not in want:
            errors.append('%s: rule %s appears after the round trip'
                          % (pack, name))
            continue
        w, g = want[name], got[name]
        ident = w['SourceIdentifier']
        for key in ('SourceIdentifier', 'Scope', 'MaximumExecutionFrequency',
                    'Description'):
            if w[key] != g[key]:
                errors.append('%s: %s: %s %r became %r'
                              % (pack, name, key, w[key], g[key]))
        wp, gp = dict(w['InputParameters']), dict(g['InputParameters'])
        for k in wp:
            if (ident, k.lower()) in booleans and isinstance(gp.get(k), str):
                wp[k], gp[k] = wp[k].lower(), gp[k].lower()
        if wp != gp:
            errors.append('%s: %s: InputParameters %r became %r'
                          % (pack, name, w['InputParameters'],
                             g['InputParameters']))
        if len(errors) == before:
            equal += 1
        before = len(errors)
    return equal


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rulecc', required=True)
    ap.add_argument('--packs', required=True)
    ap.add_argument('--catalog', required=True,
                    help='managed-rules.tsv (parameter types)')
    ap.add_argument('--out', required=True, help='scratch directory')
    args = ap.parse_args()
    booleans = load_boolean_params(args.catalog)
    os.makedirs(args.out, exist_ok=True)
    errors = []
    counts = {'packs': 0, 'rules': 0, 'equal': 0, 'custom lambda': 0,
              'not created': 0}
    packs = sorted(glob.glob(os.path.join(args.packs, '*.yaml')) +
                   glob.glob(os.path.join(args.packs, '*.yml')))
    for path in packs:
        pack = os.path.basename(path)
        stem = os.path.splitext(pack)[0]
        rules_file = os.path.join(args.out, stem + '.rules')
        cfn_file = os.path.join(args.out, stem + '.cfn.yaml')
        imp = run([args.rulecc, 'import', path, '-o', rules_file])
        if imp.returncode != 0:
            errors.append('%s: import failed (%d):\n%s'
                          % (pack, imp.returncode, imp.stderr))
            continue
        check = run([args.rulecc, '--check', rules_file])
        if check.returncode != 0 or 'error:' in check.stderr:
            errors.append('%s: the imported rules do not check:\n%s'
                          % (pack, check.stderr))
            continue
        comp = run([args.rulecc, rules_file, '--target=cfn', '--code=inline',
                    '-o', cfn_file])
        if comp.returncode != 0:
            errors.append('%s: compiling the imported rules failed:\n%s'
                          % (pack, comp.stderr))
            continue
        want, absent = expected_rules(path, counts)
        got = compiled_rules(cfn_file)
        for name, warning, logical_id in absent:
            if "'%s'" % logical_id not in imp.stderr or warning not in imp.stderr:
                errors.append('%s: %s is not in the output, but the import '
                              'did not warn with %s' % (pack, name, warning))
            if name in got:
                errors.append('%s: %s should not be compiled' % (pack, name))
        equal = compare(pack, want, got, booleans, errors)
        counts['packs'] += 1
        counts['rules'] += len(want)
        counts['equal'] += equal
    for e in errors:
        print('error: ' + e)
    print('round trip: %d packs of %d imported and compiled back; %d of %d '
          'rules equal; %d CUSTOM_LAMBDA and %d not-created rules imported as '
          'comments; %d mismatches'
          % (counts['packs'], len(packs), counts['equal'], counts['rules'],
             counts['custom lambda'], counts['not created'], len(errors)))
    return 1 if errors or not packs else 0


if __name__ == '__main__':
    sys.exit(main())
