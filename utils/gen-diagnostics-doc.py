#!/usr/bin/env python3
"""Generates docs/diagnostics.md from frontend/DiagnosticKinds.def and the tests.

The id, severity and message format of every diagnostic kind come from the
.def file, so the document cannot drift from the registry; the explanations
(what triggers a diagnostic and how to fix it) are written below, one per id.
A kind without an explanation, or an explanation without a kind, is an error,
so adding a DIAG to the registry means adding its line here.

The example of each kind is taken from the tests, which the coverage test
(test/utils/check-diag-coverage.py, whose matching this script reuses)
requires for every kind: the smallest paragraph of a --verify-diagnostics
test around a directive that expects it, preferring one with no other
expected diagnostic, in a test named after the kind, that names the id;
else a line of expected output of a FileCheck test that names the id. So an
example always compiles to the diagnostic shown, and editing the test
changes the document (the --check mode then asks for a regeneration). No
build is needed.

Usage:
  utils/gen-diagnostics-doc.py            # rewrite docs/diagnostics.md
  utils/gen-diagnostics-doc.py --check    # exit 1 if docs/diagnostics.md is stale
  utils/gen-diagnostics-doc.py --def F --output F
"""

import argparse
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What triggers each diagnostic and how to fix it. Keep each to one line;
# the message format already says what is wrong.
EXPLANATIONS = {
    # Driver and files
    "file-not-found":
        "A file named on the command line cannot be opened or read (missing, "
        "a directory, no permission). Check the path; a `require`d file that "
        "does not exist is `require-not-found` instead.",
    "invalid-utf8":
        "A source file contains a byte sequence that is not UTF-8; the "
        "location is the first bad byte. Re-save the file as UTF-8.",
    "file-too-large":
        "A source file is over 16 MiB. Split the application into several "
        "files joined with `require`.",
    "output-write-failed":
        "An output file or directory cannot be created or replaced (exit "
        "status 2); nothing is written. Check the `-o` path and its "
        "permissions.",
    "output-needs-directory":
        "The output has files besides the template (packaged handler code, "
        "zips) but goes to stdout (exit status 2). Use "
        "`-o DIR/`, `-o FILE` or `--code=inline`.",
    # Lexer and parser
    "syntax-error":
        "The parser met a token it did not expect; the message says which "
        "and what was expected. Fix the syntax at the caret; one run reports "
        "every independent syntax error.",
    "unterminated-string":
        "A quoted string or symbol has no closing quote on its line. Close "
        "it, or use a heredoc for multi-line text.",
    "unterminated-heredoc":
        "The file ends before the heredoc's terminator line. Add the "
        "terminator; with `<<EOS` it must start at column 1, with `<<~`/`<<-` "
        "it may be indented.",
    "unterminated-interpolation":
        "A `#{` inside a string or heredoc is not closed by `}`. Close it, or "
        "write `\\#{` for literal text.",
    "invalid-escape":
        "A backslash before a letter or digit that is not an escape (`\"\\d\"`). "
        "Write `\\\\d` for a backslash, or use a `'...'` string.",
    "invalid-character":
        "A control character or a non-ASCII character outside a string or "
        "comment. Remove it, or put the text in a string.",
    "integer-too-large":
        "An integer literal does not fit in a signed 64-bit integer. Use a "
        "smaller value or a string.",
    "nesting-too-deep":
        "Brackets, blocks, `if`s or classes nested more than 256 levels. "
        "Flatten the expression.",
    "note-to-match-this":
        "Note on `syntax-error`: where the unclosed bracket, block or class "
        "that the parser expected to be closed was opened.",
    "invalid-number":
        "A malformed numeric literal (`007`, `0x1f`, `1_`, `12ab`); the "
        "message says why. Write a decimal integer or float, with single `_` "
        "only between digits.",
    # Files and application settings
    "require-not-found":
        "`require \"x\"` names no existing file: `x` is relative to the "
        "requiring file, with `.rules` appended when missing. Fix the path.",
    "require-cycle":
        "Files `require` each other in a cycle. Move what both need into a "
        "third file that both require.",
    "require-not-top-level":
        "`require` inside a class, block or `if`. Move it to the top level of "
        "the file.",
    "unknown-setting":
        "A top-level call that is not an application setting (`project`, "
        "`default_runtime`, `default_timeout`, `default_memory`, `tags`, "
        "`code_bucket`); a close spelling is suggested with a fix-it.",
    "setting-twice":
        "An application setting given twice, possibly in different files. "
        "Keep one (a note shows the first).",
    "note-previous-setting":
        "Note on `setting-twice` and `class-setting-twice`: the first place "
        "the setting was given.",
    "invalid-argument":
        "A setting, property or declaration got arguments of the wrong kind, "
        "number or range (`timeout \"ten\"`, a `param` default of the wrong "
        "type, an unknown `remediate` keyword). Give what the message says "
        "it expects.",
    "setting-in-class":
        "An application setting (`project`, `tags`, ...) written inside a "
        "class. Move it to the top level, or use the class form "
        "(`class_tags`, `class_timeout`, ...).",
    "unexpected-statement":
        "A statement that is not a setting, property, declaration or class "
        "(an assignment, an `if`, a method call on a receiver) at the top "
        "level or in a class body. Such code belongs in a `rule ... do` body.",
    "duplicate-key":
        "The same key twice in one hash argument (`tags`, `input_parameters`, "
        "`remediate` keywords), the same resource type twice in `scope`, or "
        "the same `param` name twice for one rule. Remove the repetition.",
    # Classes and the pending-properties model
    "class-name-suffix":
        "A rule class name that does not end in `Rule`. Rename it; the fix-it "
        "appends `Rule`.",
    "class-superclass":
        "A rule class that does not inherit from `ApplicationRule`. Write "
        "`class NameRule < ApplicationRule`.",
    "duplicate-class":
        "Two classes with the same name in one application. Rename one or "
        "merge them; the second's rules are not compiled.",
    "nested-class":
        "A class defined inside another class. Define it at the top level.",
    "unknown-property":
        "A call in a class body that is not a rule property, declaration or "
        "class setting; a close spelling is suggested with a fix-it.",
    "property-twice":
        "The same property given twice before one declaration (`desc` and "
        "`description`, or `every` and `maximum_execution_frequency`, count "
        "as the same). Keep one.",
    "note-previous-property":
        "Note on `property-twice` and `duplicate-key`: the first occurrence.",
    "pending-at-end":
        "A property after the last declaration of a class, with no rule to "
        "consume it. Move it before the declaration it belongs to, or "
        "delete it.",
    "note-class-ends-here":
        "Note on `pending-at-end`: the `end` of the class.",
    "property-not-applicable":
        "A property consumed by a declaration it does not apply to "
        "(`timeout` before `managed_rule`); its value is dropped. See the "
        "\"applies to\" column of [the property table]"
        "(language.md#rule-properties).",
    "note-consumed-by":
        "Note on `property-not-applicable`: the declaration that consumed "
        "the property.",
    "class-setting-twice":
        "A class setting given twice in one class. Keep one.",
    "statement-outside-class":
        "A rule property, declaration or class setting at the top level of a "
        "file. Move it into a rule class.",
    "class-setting-after-rule":
        "Warning: a class setting written after a rule declaration. It "
        "still applies to every rule of the class; move it to the top of the "
        "class to say so.",
    "runtime-language-mismatch":
        "A rule's own `runtime` cannot run its code (`nodejs22.x` for a "
        "`python` rule; a rule body needs Python or Node.js). Pick a runtime "
        "of the handler's language.",
    # Values
    "invalid-frequency":
        "`every`/`maximum_execution_frequency` with a value other than the "
        "five AWS frequencies. Use one of those listed.",
    "invalid-trigger":
        "`trigger` with a value other than `:change`, `:periodic` or `:both`.",
    "invalid-evaluation-mode":
        "`evaluation_mode` with a value other than `:detective`, `:proactive` "
        "or `:both`.",
    "trigger-periodic-without-every":
        "`trigger :periodic` or `:both` on a Lambda rule without `every`. "
        "Add `every :twenty_four_hours` (or another frequency).",
    "invalid-timeout":
        "A Lambda timeout (`timeout`, `class_timeout`, `default_timeout`) "
        "outside 1 to 900 seconds.",
    "invalid-memory":
        "A Lambda memory size (`memory`, `class_memory`, `default_memory`) "
        "outside 128 to 10240 MB.",
    "invalid-identifier":
        "A name or value with the wrong shape: rule names, `project`, "
        "`rule_namespace`, resource types, IAM actions, managed policies, "
        "environment variable names, `code_bucket`, SSM document names, a "
        "blank `config_rule_name`. The message gives the expected form.",
    "managed-rule-identifier-syntax":
        "A `managed_rule` identifier with characters other than letters, "
        "digits and `_`, or a string that is not upper-case. Write the symbol "
        "(`:s3_bucket_versioning_enabled`) or AWS's exact identifier.",
    "scope-too-many-types":
        "`scope` lists more than 100 resource types, AWS Config's limit. "
        "Split the rule.",
    "scope-id-needs-one-type":
        "`scope ..., id:` with zero or several resource types. Name exactly "
        "one type with the resource ID.",
    "scope-tag-and-type":
        "`scope` with both resource types and `tag:`; AWS Config takes one "
        "or the other. Keep one.",
    "invalid-runtime":
        "A runtime not of the form `pythonX.Y`, `nodejsN.x` or `rubyX.Y`. "
        "Use a Lambda runtime identifier such as `python3.12`.",
    "every-on-change-trigger":
        "`every` on a Lambda rule that is change-triggered (it has a scope "
        "and no `trigger`, or `trigger :change`), where the frequency would "
        "do nothing. Add `trigger :both`, or drop `every`.",
    "scope-on-periodic-rule":
        "A `scope` on a rule with `trigger :periodic`, which no "
        "configuration change triggers. Use `trigger :both` or drop the "
        "scope.",
    "proactive-periodic-rule":
        "`evaluation_mode :proactive`/`:both` on a rule that is only "
        "periodic (`trigger :periodic`, or `every` without a scope). Make it "
        "change-triggered or evaluate it detectively.",
    # Names and limits
    "duplicate-rule-name":
        "Two rules with the same ConfigRuleName anywhere in the application "
        "(same class and name, or equal `config_rule_name`s). Rename one; "
        "the note shows the first.",
    "duplicate-logical-id":
        "Two class and rule names camel-case to the same CloudFormation "
        "logical ID (`managed_rule :b_rule_c` in `ARule` and `managed_rule "
        ":c` in `ARuleBRule`); class and rule roles share the namespace. "
        "Rename a rule or class.",
    "duplicate-function-name":
        "Two rules generate the same Lambda FunctionName. Rename one.",
    "note-first-defined-here":
        "Note on `duplicate-*`: the first definition of the name.",
    "name-too-long":
        "A `config_rule_name` over 128 characters. Shorten it (generated "
        "names are shortened automatically; names you write are not).",
    "description-too-long":
        "A `desc` over 256 characters. Shorten it.",
    "policy-too-large":
        "Guard policy text over 10,000 characters, AWS Config's limit. Split "
        "the policy over several rules.",
    "empty-policy":
        "A `policy` whose text is empty or only whitespace. Write the Guard "
        "rules.",
    "tag-invalid":
        "A tag key that is empty, over 128 characters or starts with `aws:`, "
        "or a value over 256 characters (also `scope tag:`).",
    "input-parameters-too-long":
        "A rule's InputParameters (given parameters plus `param` defaults) "
        "is over 1,024 characters as JSON. Shorten values or move data into "
        "the handler.",
    # Custom rules
    "handler-not-found":
        "The file `rules/<class_underscored>/<language>/<name>.<ext>` next "
        "to the `.rules` file does not exist. Create it, or fix the rule "
        "name or class.",
    "handler-unreadable":
        "The handler file exists but cannot be read (permissions, a "
        "directory). Fix the file.",
    "rule-block-params":
        "A `rule` body block with other than one parameter. Write "
        "`do |item| ... end`.",
    "rule-needs-block":
        "`rule :name` without a `do |item| ... end` body. Add the body, or "
        "use `python :name` for a handler file.",
    # Backends
    "inline-code-unsupported":
        "`--code=inline` with a Ruby handler; CloudFormation `ZipFile` takes "
        "Python and Node.js only. Use `--code=auto`, `package` or `s3`.",
    "inline-code-too-large":
        "`--code=inline` with a handler too big to fit in a template with "
        "its rule's other resources. Use `--code=auto`, `package` or `s3`.",
    "template-too-large":
        "The application is over 500 resources or 1 MB and needs nested "
        "stacks, but the output is a file or stdout. Write to a directory "
        "with `-o DIR/`.",
    "inline-code-not-utf8":
        "`--code=inline` with a handler file that is not valid UTF-8 text. "
        "Fix the file's encoding, or use `--code=package` or `s3`.",
    "application-too-large":
        "Even as nested stacks the application needs more than 500 stacks "
        "(each rule class takes at least one, so about 500 classes is the "
        "limit). Split it into several applications.",
    "no-rules":
        "Warning: the application declares no rule; the template has "
        "`Resources: {}`, which CloudFormation rejects. Add a rule.",
    # Diagnostics engine
    "too-many-errors":
        "Text output stops after 20 errors; the exit status still counts "
        "every error, and JSON output and `--verify-diagnostics` see them "
        "all. Syntax errors are also capped at 100 per file in every format. "
        "Fix the first errors and run again.",
    # Import (rulecc import TEMPLATE)
    "import-invalid-yaml":
        "`rulecc import`: the template is not valid YAML or JSON (the message "
        "is the YAML parser's), repeats a mapping key, or expands through "
        "aliases to more than 8 million values. Nothing is written; fix the "
        "template at the location shown.",
    "import-not-a-template":
        "`rulecc import`: the document is not a mapping with a `Resources` "
        "mapping, so it is not a CloudFormation template or conformance "
        "pack. Nothing is written.",
    "import-unknown-parameter":
        "`rulecc import --parameter NAME=VALUE` names a parameter the "
        "template does not declare. Check the spelling against the "
        "template's `Parameters` section.",
    "import-custom-lambda-rule":
        "`rulecc import`: a `CUSTOM_LAMBDA` ConfigRule runs a function that "
        "is not in the template. The rule is written commented out, with its "
        "scope and triggers; add the handler file and uncomment it as a "
        "`python`/`node`/`ruby` rule.",
    "import-unresolved-condition":
        "`rulecc import`: a resource's `Condition` depends on something known "
        "only at deployment (usually a parameter without `Default`). The rule "
        "is written commented out; pass the value with `--parameter "
        "NAME=VALUE` to resolve it.",
    "import-unresolved-value":
        "`rulecc import`: a property value needs the deployed stack (a "
        "parameter without `Default`, `AWS::Region`, `Fn::GetAtt`, an "
        "intrinsic rulecc does not evaluate). It is left out and kept as a "
        "comment; pass parameters with `--parameter NAME=VALUE` or write the "
        "value in the rule file.",
    "import-unsupported-resource":
        "`rulecc import`: a resource that is neither an "
        "`AWS::Config::ConfigRule` nor its `RemediationConfiguration` (or a "
        "ConfigRule without `Properties`). It is kept as a comment; manage "
        "it outside the rule application.",
    "import-unsupported-property":
        "`rulecc import`: a template section, resource attribute or property "
        "the rule language has no form for (`ExecutionControls`, "
        "`SourceDetails` of a managed rule, a scope combining a tag and "
        "resource types, ...). It is kept as a comment above the rule.",
    "import-rule-not-created":
        "`rulecc import`: the resource's `Condition` is false with the "
        "parameter values in use, so CloudFormation would not create it. "
        "The rule is written commented out; pass `--parameter NAME=VALUE` "
        "to import it as deployed with other values, or uncomment it.",
    "import-parameter-type":
        "`rulecc import`: an input parameter's value does not fit the type "
        "the managed-rule catalog documents (`ninety` for an `int`). It is "
        "written as the template has it, and the checker then reports it in "
        "the rule file; correct the value.",
    "import-orphan-remediation":
        "`rulecc import`: a `RemediationConfiguration` names a ConfigRule the "
        "template does not define (or one that was already remediated). It "
        "is kept as a comment; add `remediate` to the right rule by hand.",
    # AWS catalog checks
    "unknown-managed-rule":
        "`managed_rule` names an identifier that is not among the 806 AWS "
        "Config managed rules of the catalog. Fix the spelling; a close "
        "identifier is suggested with a fix-it in the form written.",
    "unknown-rule-parameter":
        "An `input_parameters` name matches no parameter of the managed rule "
        "(names match after lower-casing and dropping `_`). Use a parameter "
        "the rule has; a close one is suggested with a fix-it.",
    "missing-rule-parameter":
        "The AWS docs make the parameter required and AWS Config does not "
        "fill in the console's defaults. Add it to `input_parameters`.",
    "rule-parameter-type":
        "An `input_parameters` value does not fit the parameter's AWS type "
        "(`\"abc\"` for an `int`, a number for a `CSV` list). Give a value "
        "of that type; a string whose text fits is accepted.",
    "unknown-resource-type":
        "A `scope` names a resource type AWS Config neither records nor "
        "accepts in a scope. Fix the spelling (case matters); a close type "
        "is suggested with a fix-it.",
    "scope-type-not-evaluated":
        "Warning: the managed rule's docs list other resource types, so it "
        "evaluates nothing of this one. Scope it to the types it evaluates.",
    "managed-rule-not-periodic":
        "`every` on a managed rule AWS triggers by configuration changes "
        "only. Remove `every`; AWS Config runs the rule on every change.",
    "scope-on-periodic-managed-rule":
        "Warning: the managed rule is periodic and checks the account, so a "
        "scope selects nothing. Remove the `scope`.",
    "proactive-not-supported":
        "Warning: `evaluation_mode :proactive`/`:both` on a managed rule "
        "that AWS's list of proactive rules (2023 docs) does not have. Use "
        "`:detective`, or check the current AWS list.",
    "unknown-runtime":
        "A runtime of the right shape (`python3.99`) that the Lambda API "
        "does not know. Use one the message suggests.",
    "deprecated-runtime":
        "Warning: AWS Lambda deprecated the runtime (no more security "
        "patches) and will block creating functions with it on the date "
        "given. Move to a supported runtime.",
    "blocked-runtime":
        "AWS Lambda no longer creates functions with the runtime "
        "(`python2.7`, `python3.6`, ...). Move to a supported runtime.",
    "too-many-tags":
        "Application, class and rule tags together exceed 50, the limit of "
        "Lambda functions, IAM roles and CloudFormation stacks. Drop tags.",
    # Rule bodies
    "unknown-item-property":
        "A body names a property the configuration-item schema of the "
        "scope's resource type does not have (in a multi-type scope: not all "
        "of them; narrow with `if item.resource_type == \"T\"`). Names match "
        "after lower-casing and dropping `_`; a close name is suggested with "
        "a fix-it. Use `item[\"rawKey\"]` to reach outside the schema.",
    "undefined-name":
        "A name in a body is not a local variable, a block parameter, the "
        "item or `now`; bodies have no user-defined functions. Assign the "
        "local first or fix the spelling.",
    "unknown-param":
        "`params.name` names no `param` declared for the rule. Declare it "
        "with `param :name, Type` before the rule, or fix the spelling.",
    "unknown-method":
        "The value's static type has no such method (`downcase` on an Int, "
        "a property read on a tag map). See the method list of "
        "language.md §7; read tags with `item.tags[\"key\"]`.",
    "method-arguments":
        "A built-in method, block method, decision or `days_since` got the "
        "wrong number of arguments, a block it does not take, or no block "
        "where it needs one.",
    "argument-type":
        "An argument, index or annotation has a type the method cannot use "
        "(`start_with?(3)`, a String annotation given an Int). Convert it "
        "with `to_s`/`to_i` or interpolate it.",
    "incompatible-comparison":
        "Two values of unrelated types are compared (`from_port == \"22\"` "
        "compares an Int with a String and is never true), or ordered when "
        "they have no order. Compare like with like.",
    "invalid-operand":
        "An arithmetic operator got an operand it cannot use: `+` takes two "
        "numbers, Strings or Lists; `- * / %` and unary `-` take numbers.",
    "block-method-on-scalar":
        "A block method (`any?`, `map`, ...) is called on a value that is "
        "never a list: a literal, a computed value, an item field such as "
        "`resource_id`, or the item's `configuration` itself. Call it on the "
        "list property instead.",
    "unsupported-body-construct":
        "The body uses Ruby the rule language leaves out: hash literals, "
        "symbols, a decision inside a block or expression, or assigning to "
        "the item or `params`.",
    "body-may-fall-off":
        "Warning: the body's last `if` decides in one branch and ends "
        "without a decision in another written branch, so that branch's last "
        "value silently decides the verdict (truthy: COMPLIANT). End the "
        "branch with `compliant`/`non_compliant`.",
    # Rule bodies: what the evaluator and the generated code need
    "invalid-regex":
        "A `match?` pattern is compiled once per rule and must mean the same "
        "in Python, Node.js and the local evaluator, so it must be a string "
        "literal in their common subset: literal characters, `.`, `^`, `$`, "
        "classes `[...]`/`[^...]` with ranges, `\\d \\w \\s \\D \\W "
        "\\S`, escaped punctuation, `* + ? {m} {m,} {m,n}`, `|` and groups. "
        "Rewrite the pattern inside the subset (escape a literal `{` or `]` "
        "as `\\{`, `\\]`).",
    "invalid-item-json":
        "`rulecc eval`: an item or snapshot file is not valid JSON (or not "
        "UTF-8); the location is where reading stopped. Fix the file.",
    "item-not-object":
        "`rulecc eval`: an ITEM.json file holds one configuration item (a "
        "JSON object) or an array of them; this value is neither.",
    "invalid-snapshot":
        "`rulecc eval --snapshot`: the file is not an AWS Config snapshot, "
        "the JSON object AWS Config delivers to S3 with its items under "
        "`configurationItems`. Pass single items as ITEM.json files instead.",
    # Bundles
    "handler-shadows-runtime":
        "A handler file has the name of a runtime helper (such as "
        "`rulecc_runtime.py`) that every bundle of its language ships beside "
        "the handler; one would replace the other. Rename the handler file.",
    "inline-code-needs-runtime":
        "`--code=inline` with a Python or Node.js handler that imports the "
        "runtime helpers (`rulecc_runtime`): CloudFormation's `ZipFile` holds "
        "one file, so the helpers cannot come with it. Use `--code=auto` "
        "(which packages such handlers), `package` or `s3`.",
    "bundle-needs-output":
        "`--target=bundle` without `-o`: the code is several files and zips, "
        "which cannot go to standard output. Name a directory (`-o DIR/`) or "
        "a zip (`-o FILE.zip`). Exit status 2.",
    "no-lambda-rules":
        "Warning: `--target=bundle` on an application without `python`, "
        "`node`, `ruby` or `rule` rules; there is no code, and `-o FILE.zip` "
        "writes an empty zip.",
}

DIAG_RE = re.compile(
    r'^DIAG\(\s*(\w+)\s*,\s*(\w+)\s*,\s*"([^"]+)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)')
SECTION_RE = re.compile(r"^//\s*-+\s*(.*?)\s*-+\s*$")


def unescape(s):
    """The C string literal's text (the .def uses only \\" and \\\\)."""
    return re.sub(r"\\(.)", r"\1", s)


def read_def(path):
    """[(section, [(id, severity, format)])] in registry order."""
    sections = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = SECTION_RE.match(line)
            if m and m.group(1):
                sections.append((m.group(1), []))
                continue
            if not line.startswith("DIAG("):
                continue
            m = DIAG_RE.match(line)
            if not m:
                sys.exit(f"{path}:{lineno}: cannot parse DIAG entry: {line}")
            if not sections:
                sections.append(("Diagnostics", []))
            _, severity, name, fmt = m.groups()
            sections[-1][1].append((name, severity.lower(), unescape(fmt)))
    return [s for s in sections if s[1]]


def load_coverage():
    """test/utils/check-diag-coverage.py as a module: examples are found with
    the same matching of expected texts to kinds as the coverage test."""
    path = os.path.join(ROOT, "test", "utils", "check-diag-coverage.py")
    spec = importlib.util.spec_from_file_location("check_diag_coverage", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#
# Examples: for each kind, the smallest clean piece of a --verify-diagnostics
# test that produces it, or else a line of expected output from a FileCheck
# test.
#

OFFSET_RE = re.compile(r"expected-\w+@([+-]?)(\d+)")
FILECHECK_RE = re.compile(r"\{\{.*?\}\}|\[\[[^\]]*\]\]")
MAX_EXAMPLE_LINES = 12


class Example:
    def __init__(self, rel, code=None, target=None, severity=None, text=None,
                 output=None, fmt=None):
        self.rel = rel            # the test, relative to test/
        self.code = code          # [lines] of source
        self.target = target      # index in code of the reported line
        self.severity = severity
        self.text = text          # the expected text
        self.output = output      # a line of expected output (FileCheck)
        self.format = fmt         # the kind's message format


def target_line(match_text, line_no):
    m = OFFSET_RE.search(match_text)
    if not m:
        return line_no
    n = int(m.group(2))
    if m.group(1) == "+":
        return line_no + n
    if m.group(1) == "-":
        return line_no - n
    return n


def strip_directive(line):
    """A code line without a trailing `# expected-...` comment."""
    m = re.search(r"\s*#\s*expected-", line)
    return line[:m.start()].rstrip() if m else line.rstrip()


def snippet(lines, target, directive_lines):
    """The case around lines[target] (0-based) without the test's comments:
    the lines from the previous to the next blank line or directive line
    that expects an error or warning on another line, at most
    MAX_EXAMPLE_LINES of them, inside their class. None when the target is
    not code. Returns (code, index of the target in code).

    directive_lines maps a line index to the (target, severity) pairs of the
    directives written on it."""
    # Comment lines are the test's: RUN lines, directives, explanations.
    keep = [not l.lstrip().startswith("#") for l in lines]
    if not (0 <= target < len(lines)) or not keep[target] or \
            not lines[target].strip():
        return None

    def boundary(i):
        if not lines[i].strip():
            return True
        return not keep[i] and any(
            t != target and severity != "note"
            for t, severity in directive_lines.get(i, ()))

    begin = end = target
    while begin > 0 and not boundary(begin - 1):
        begin -= 1
    while end + 1 < len(lines) and not boundary(end + 1):
        end += 1
    picked = [i for i in range(begin, end + 1) if keep[i]]
    pos = picked.index(target)
    lo = max(0, min(pos - MAX_EXAMPLE_LINES // 2,
                    len(picked) - MAX_EXAMPLE_LINES))
    picked = picked[lo:lo + MAX_EXAMPLE_LINES]
    code = [strip_directive(lines[i]) for i in picked]
    index = picked.index(target)
    code_lines = [i for i in range(len(lines))
                  if keep[i] and lines[i].strip()]
    first = code_lines.index(picked[0])
    last = code_lines.index(picked[-1])
    # The class around an indented case, with "# ..." where lines are left
    # out; "end" only where the source has it (a test may be about a class
    # left open).
    if code[0].startswith((" ", "\t")):
        header = next((k for k in range(first - 1, -1, -1)
                       if re.match(r"class\s", lines[code_lines[k]])), None)
        if header is not None:
            prefix = [lines[code_lines[header]].rstrip()]
            if header != first - 1:
                prefix.append("  # ...")
            code = prefix + code
            index += len(prefix)
    if any(re.match(r"class\s", l) for l in code) and "end" not in code:
        closing = next((k for k in range(last + 1, len(code_lines))
                        if lines[code_lines[k]].rstrip() == "end"), None)
        if closing is not None:
            if closing != last + 1:
                code.append("  # ...")
            code.append("end")
    return code, index


def find_examples(kinds, tests_root):
    """{kind name: Example}; kinds is the coverage module's Kind list."""
    cov = COVERAGE
    candidates = {}  # name -> [(sort key, Example)]
    for path, in_inputs in cov.lit_files(tests_root):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError):
            continue
        lines = text.split("\n")
        rel = os.path.relpath(path, tests_root).replace(os.sep, "/")
        directives = []  # (line index, target index, severity, text)
        for lineno, line in enumerate(lines, 1):
            hash_pos = line.find("#")
            # A FileCheck line quoting a directive is not one.
            quoted = hash_pos >= 0 and any(
                c.group(1) not in cov.NOT_CHECK_PREFIXES
                for c in cov.CHECK_RE.finditer(line, 0, hash_pos))
            if hash_pos >= 0 and not quoted:
                for m in cov.DIRECTIVE_RE.finditer(line, hash_pos):
                    t = target_line(m.group(0), lineno) - 1
                    directives.append((lineno - 1, t, m.group(1),
                                       m.group(2).strip()))
            m = cov.CHECK_RE.search(line)
            if m and m.group(1) not in cov.NOT_CHECK_PREFIXES and \
                    m.group(2) != "-NOT":
                out = line[m.end():].strip()
                # From the severity on: the file name and position are the
                # test's.
                sev = re.search(r"\b(error|warning|note): ", out)
                if sev:
                    out = out[sev.start():]
                for kind in kinds:
                    if f"[{kind.name}]" in out:
                        shown = FILECHECK_RE.sub("…", out)
                        key = (2, in_inputs, len(shown), rel, lineno)
                        candidates.setdefault(kind.name, []).append(
                            (key, Example(rel, output=shown)))
        targets = [t for _, t, _, _ in directives]
        directive_lines = {}
        for at, t, severity, _ in directives:
            directive_lines.setdefault(at, []).append((t, severity))
        for _, t, severity, text in directives:
            scores = [(kind.score(text), kind) for kind in kinds
                      if kind.accepts_severity(severity)]
            best = max((sc for sc, _ in scores), default=0)
            if not best:
                continue
            got = snippet(lines, t, directive_lines)
            if not got:
                continue
            code, index = got
            first = t - index
            others = sum(1 for o in targets if o != t and
                         first <= o < first + len(code))
            for sc, kind in scores:
                if sc != best:
                    continue
                # Control characters would not show in the document.
                unprintable = any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", l)
                                  for l in code)
                key = (unprintable, 0 if not others else 1, in_inputs,
                       f"[{kind.name}]" not in text,
                       kind.name not in os.path.basename(rel),
                       len(code), rel, t)
                candidates.setdefault(kind.name, []).append(
                    (key, Example(rel, code, index, severity, text,
                                  fmt=kind.format)))
    return {name: min(c, key=lambda kc: kc[0])[1]
            for name, c in candidates.items()}


def render_example(name, example):
    if example is None:
        return ["No test produces this diagnostic yet."]
    if example.output is not None:
        return [f"Expected output in `test/{example.rel}`:", "",
                "```text", example.output, "```"]
    code = list(example.code)
    target = code[example.target]
    indent = len(target) - len(target.lstrip())
    text = example.text.replace(f" [{name}]", "").replace(f"[{name}]", "")
    # The expected text is a substring of the message: mark what it leaves
    # out where the format shows that it does.
    literals = COVERAGE.split_format(example.format)
    if literals[0] and not text.startswith(literals[0]):
        text = "…" + text
    if literals[-1] and not text.endswith(literals[-1]):
        text += "…"
    if example.severity != "note":
        text += f" [{name}]"
    code.insert(example.target + 1,
                " " * indent + f"# ^ {example.severity}: {text}")
    return [f"From `test/{example.rel}`:", "", "```ruby"] + code + ["```"]


#
# The document.
#

def cell(text):
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def code(text):
    """A Markdown code span holding `text` (which may contain backticks)."""
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def render(sections, examples):
    total = sum(len(entries) for _, entries in sections)
    out = [
        "# Diagnostics",
        "",
        "<!-- Generated by utils/gen-diagnostics-doc.py from",
        "     frontend/DiagnosticKinds.def and the tests; edit the script or "
        "the",
        "     tests, not this file. -->",
        "",
        f"Every diagnostic `rulecc` can report ({total} kinds), with its "
        "stable id, its",
        "severity, its message format (`{0}`, `{1}`, ... are filled in when "
        "it is",
        "reported), what triggers it and how to fix it, and an example taken "
        "from the",
        "test that produces it. Text output appends the id to every error and "
        "warning",
        "(`... [id]`); JSON output has it as `\"id\"`, SARIF output as "
        "`ruleId`. Warnings",
        "can be turned off with `-Wno-<id>` and made errors with `-Werror`; "
        "errors and",
        "notes cannot be turned off. Notes are attached to the diagnostic they "
        "explain.",
        "See [language.md](language.md#8-diagnostics) for the output formats "
        "and",
        "`--verify-diagnostics`. Each id below is a heading, so",
        "`diagnostics.md#<id>` links to it.",
        "",
    ]
    for title, entries in sections:
        out += [f"## {title}", "", "| id | severity | message |",
                "|---|---|---|"]
        for name, severity, fmt in entries:
            out.append("| " + " | ".join([
                f"[{cell(code(name))}](#{name})", severity,
                cell(code(fmt))]) + " |")
        out.append("")
        for name, severity, fmt in entries:
            out += [f"### {name}", "",
                    f"{severity.capitalize()}: {code(fmt)}", "",
                    EXPLANATIONS[name], ""]
            out += render_example(name, examples.get(name))
            out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--def", dest="def_path",
                        default=os.path.join(ROOT, "frontend",
                                             "DiagnosticKinds.def"))
    parser.add_argument("--tests", default=os.path.join(ROOT, "test"),
                        help="the test tree examples are taken from")
    parser.add_argument("--output",
                        default=os.path.join(ROOT, "docs", "diagnostics.md"))
    parser.add_argument("--check", action="store_true",
                        help="compare with --output instead of writing it")
    args = parser.parse_args()

    sections = read_def(args.def_path)
    ids = [name for _, entries in sections for name, _, _ in entries]
    missing = [i for i in ids if i not in EXPLANATIONS]
    extra = sorted(set(EXPLANATIONS) - set(ids))
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    problems = []
    if missing:
        problems.append("no explanation (add one to EXPLANATIONS in "
                        "utils/gen-diagnostics-doc.py) for: " +
                        ", ".join(missing))
    if extra:
        problems.append("explanation for unknown ids: " + ", ".join(extra))
    if duplicates:
        problems.append("ids registered twice: " + ", ".join(duplicates))
    if problems:
        sys.exit("gen-diagnostics-doc: " + "; ".join(problems))

    kinds = COVERAGE.load_kinds(args.def_path)
    text = render(sections, find_examples(kinds, args.tests))
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except OSError as e:
            sys.exit(f"gen-diagnostics-doc: {e}")
        if current != text:
            sys.exit(f"gen-diagnostics-doc: {args.output} is out of date "
                     "(a diagnostic kind, its explanation or its example "
                     "test changed); run utils/gen-diagnostics-doc.py")
        return
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)


COVERAGE = load_coverage()

if __name__ == "__main__":
    main()
