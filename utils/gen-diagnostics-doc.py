#!/usr/bin/env python3
"""Generates docs/diagnostics.md from frontend/DiagnosticKinds.def.

The id, severity and message format of every diagnostic kind come from the
.def file, so the table cannot drift from the registry; the explanations
(what triggers a diagnostic and how to fix it) are written below, one per id.
A kind without an explanation, or an explanation without a kind, is an error,
so adding a DIAG to the registry means adding its line here.

Usage:
  utils/gen-diagnostics-doc.py            # rewrite docs/diagnostics.md
  utils/gen-diagnostics-doc.py --check    # exit 1 if docs/diagnostics.md is stale
  utils/gen-diagnostics-doc.py --def F --output F
"""

import argparse
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
    "body-codegen-unsupported":
        "The application has a `rule ... do` body and the target is "
        "CloudFormation; bodies are not yet compiled. Use `--check` or "
        "`--emit=ir`, or write the rule as a handler file.",
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


def render(sections):
    total = sum(len(entries) for _, entries in sections)
    out = [
        "# Diagnostics",
        "",
        "<!-- Generated by utils/gen-diagnostics-doc.py from",
        "     frontend/DiagnosticKinds.def; edit the script, not this file. -->",
        "",
        f"Every diagnostic `rulecc` can report ({total} kinds), with its stable "
        "id, its severity",
        "and its message format (`{0}`, `{1}`, ... are filled in when it is "
        "reported). Text",
        "output appends the id to every error and warning (`... [id]`); JSON "
        "output has it",
        "as `\"id\"`. Warnings can be turned off with `-Wno-<id>` and made "
        "errors with",
        "`-Werror`; errors and notes cannot be turned off. Notes are attached "
        "to the",
        "diagnostic they explain. See [language.md](language.md#8-diagnostics) "
        "for the",
        "output formats and `--verify-diagnostics`.",
        "",
    ]
    for title, entries in sections:
        out += [f"## {title}", "",
                "| id | severity | message | trigger and fix |",
                "|---|---|---|---|"]
        for name, severity, fmt in entries:
            out.append("| " + " | ".join([
                cell(code(name)), severity, cell(code(fmt)),
                cell(EXPLANATIONS[name])]) + " |")
        out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--def", dest="def_path",
                        default=os.path.join(ROOT, "frontend",
                                             "DiagnosticKinds.def"))
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
        problems.append("no explanation for: " + ", ".join(missing))
    if extra:
        problems.append("explanation for unknown ids: " + ", ".join(extra))
    if duplicates:
        problems.append("ids registered twice: " + ", ".join(duplicates))
    if problems:
        sys.exit("gen-diagnostics-doc: " + "; ".join(problems))

    text = render(sections)
    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except OSError as e:
            sys.exit(f"gen-diagnostics-doc: {e}")
        if current != text:
            sys.exit(f"gen-diagnostics-doc: {args.output} is out of date; "
                     "run utils/gen-diagnostics-doc.py")
        return
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
