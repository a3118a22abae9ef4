#!/usr/bin/env python3
"""Writes rules.tmLanguage.json, the TextMate grammar of .rules files, to stdout.

The grammar follows the compiler's lexer (grammar/RuleLexer.g4) and the
context rules its token source adds (frontend/TokenSource.cpp,
docs/language.md section 2); test/Editors checks it token by token against
`rulecc --emit=tokens`. The regular expressions are written here, with the
reasons, because JSON has neither raw strings nor comments. After a change:

    python3 editors/vscode/syntaxes/gen-grammar.py > editors/vscode/syntaxes/rules.tmLanguage.json
"""

import json
import sys

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# The IDENT rule's `?`/`!` suffix, but not when `=` (and not `==`) follows.
SUFFIX = r"(?:[?!](?!=(?!=)))"
# A word ends where the lexer's longest match ends it: no name character
# and no `?`/`!` that IDENT would take.
WEND = r"(?![A-Za-z0-9_]|[?!](?!=(?!=)))"
INT = r"(?:0|[1-9](?:_?[0-9])*)"
DIGITS = r"[0-9](?:_?[0-9])*"
EXP = r"[eE][+-]?" + DIGITS
# Settings and declarations are statements: at the start of a line or after `;`.
STMT = r"(?:^|(?<=;))[ \t]*"

# The vocabulary of ir/LowerTables.cpp and the methods of ir/LowerBody*.cpp
# (test/Editors/vocabulary.test fails when the compiler learns a new one).
DECLS = ["managed_rule", "python", "node", "ruby", "rule", "policy"]
PROPS = ["desc", "description", "scope", "input_parameters", "param", "every",
         "maximum_execution_frequency", "trigger", "evaluation_mode",
         "config_rule_name", "tags", "remediate", "timeout", "memory",
         "runtime", "environment", "iam_policy", "managed_iam_policy",
         "enable_debug_log_delivery"]
CLASS_SETTINGS = ["rule_namespace", "class_timeout", "class_memory",
                  "class_runtime", "class_environment", "class_iam_policy",
                  "class_managed_iam_policy", "class_tags"]
APP_SETTINGS = ["project", "default_runtime", "default_timeout",
                "default_memory", "tags", "code_bucket"]
SETTINGS = sorted(set(PROPS + CLASS_SETTINGS + APP_SETTINGS), key=lambda s: (-len(s), s))
METHODS = ["nil?", "empty?", "present?", "size", "count", "include?",
           "start_with?", "end_with?", "match?", "downcase", "upcase", "to_i",
           "to_s", "any?", "all?", "none?", "select", "reject", "map"]


def alt(words):
    return "|".join(w.replace("?", r"\?") for w in sorted(words, key=lambda s: (-len(s), s)))


def heredoc(op, tag, raw, indented):
    if tag == "bare":
        begin = "(" + op + ")(" + NAME + ")"
        ref = 2
        caps = {"1": {"name": "punctuation.definition.string.begin.rules"},
                "2": {"name": "entity.name.tag.heredoc.rules"}}
    else:
        q = "'" if tag == "sq" else '"'
        begin = "(" + op + ")(" + q + ")([^" + q + r"\n]+)(" + q + ")"
        ref = 3
        caps = {"1": {"name": "punctuation.definition.string.begin.rules"},
                "2": {"name": "punctuation.definition.string.begin.rules"},
                "3": {"name": "entity.name.tag.heredoc.rules"},
                "4": {"name": "punctuation.definition.string.begin.rules"}}
    end = ("^[ \\t]*" if indented else "^") + "(\\" + str(ref) + ")$"
    return {
        "begin": begin,
        "beginCaptures": {"0": {"name": "string.unquoted.heredoc.rules"}, **caps},
        "end": end,
        "endCaptures": {"0": {"name": "string.unquoted.heredoc.rules"},
                        "1": {"name": "entity.name.tag.heredoc.rules punctuation.definition.string.end.rules"}},
        "patterns": [
            {"include": "#heredoc-opener-line"},
            {"include": "#heredoc-raw-body" if raw else "#heredoc-body"},
        ],
    }


repo = {}
repo["comment"] = {
    "match": r"(#).*$",
    "name": "comment.line.number-sign.rules",
    "captures": {"1": {"name": "punctuation.definition.comment.rules"}},
}
# Several openers on one line (`<<~A + <<~B`): the bodies follow one another.
# This rule spans from the first opener to the last body's terminator; the
# first heredoc (nested, with its own terminator) comes first, then the last
# one's body lines (the bodies of openers in between read as text). An
# opener in a string or a comment opens nothing.
OPENER = r"<<[~-]?(?:" + NAME + r"|'[^'\n]+'|\"[^\"\n]+\")"
# Code between the openers: no comment, and quotes only in whole strings
# (with simple interpolations).
BETWEEN = r"""(?:[^#'"\n]|"(?:[^"\\\n#]|\\.|#(?!\{)|#\{[^{}"'\n]*\})*"|'(?:[^'\\\n]|\\.)*')*"""
def heredoc_pair(raw, indented):
    op = "<<[~-]" if indented else "<<"
    q = "'" if raw else '"?'
    tag = (r"(" + q + r")((?<=['\"])[^'\"\n]+|(?<!['\"])" + NAME + r")\1") if not raw else (r"(')([^'\n]+)\1")
    return {
        "begin": r"(?=" + OPENER + BETWEEN + op + tag + r")",
        "end": ("^[ \\t]*" if indented else "^") + r"(\2)$",
        "endCaptures": {"0": {"name": "string.unquoted.heredoc.rules"},
                        "1": {"name": "entity.name.tag.heredoc.rules punctuation.definition.string.end.rules"}},
        "patterns": [
            {"include": "#heredoc-single"},
            {"include": "#heredoc-raw-body" if raw else "#heredoc-body"},
        ],
    }
repo["heredoc"] = {"patterns": [
    heredoc_pair(False, True),
    heredoc_pair(True, True),
    heredoc_pair(False, False),
    heredoc_pair(True, False),
    {"include": "#heredoc-single"},
]}
repo["heredoc-single"] = {"patterns": [
    heredoc(r"<<[~-]", "bare", False, True),
    heredoc(r"<<[~-]", "dq", False, True),
    heredoc(r"<<[~-]", "sq", True, True),
    heredoc(r"<<", "bare", False, False),
    heredoc(r"<<", "dq", False, False),
    heredoc(r"<<", "sq", True, False),
]}
# The rest of the opener's line is code. A second opener on it is only
# marked here: its body, after this one's, belongs to the pair rules above.
# `(?=.)`: a zero-width rule at the end of the line would stay open into the
# body.
repo["heredoc-opener-line"] = {
    "begin": r"\G(?=.)",
    "end": r"(?=\n)",
    "patterns": [
        {"match": r"<<[~-]?(?:" + NAME + r"|'[^'\n]+'|\"[^\"\n]+\")",
         "name": "string.unquoted.heredoc.rules punctuation.definition.string.begin.rules"},
        {"include": "$self"},
    ],
}
# Body lines are matched whole, so the terminator test (the enclosing rule's
# end, tried first at column 0) sees each line start.
repo["heredoc-body"] = {
    "begin": "^",
    "end": r"\n",
    "name": "string.unquoted.heredoc.rules",
    "patterns": [{"include": "#heredoc-interpolation"}, {"include": "#escape"}],
}
# A heredoc cannot start inside a heredoc's interpolation: the lexer reports
# the opener and drops it.
repo["heredoc-interpolation"] = {
    "begin": r"#\{",
    "beginCaptures": {"0": {"name": "punctuation.section.embedded.begin.rules"}},
    "end": r"\}",
    "endCaptures": {"0": {"name": "punctuation.section.embedded.end.rules"}},
    "name": "meta.embedded.line.rules",
    "contentName": "source.rules",
    "patterns": [{"match": OPENER, "name": "invalid.illegal.heredoc.rules"},
                 {"include": "#brace-block"}, {"include": "#braces"}, {"include": "$self"}],
}
repo["heredoc-raw-body"] = {
    "begin": "^",
    "end": r"\n",
    "name": "string.unquoted.heredoc.raw.rules",
}

HEX = "[0-9A-Fa-f]"
CODEPOINT = (r"\t*(?!0{0,2}[dD][89a-fA-F]" + HEX + "{2}(?!" + HEX + "))"
             r"(?:10" + HEX + "{4}|0" + HEX + "{5}|" + HEX + "{1,5})(?!" + HEX + r")\t*")
repo["escape"] = {"patterns": [
    {"match": r"\\(?:[ntr0seabfv]|\n"
              r"|u(?![dD][89a-fA-F])" + HEX + "{4}"
              r"|u\{ *" + CODEPOINT + "(?: +" + CODEPOINT + r")* *\}"
              r"|x(?:[0-7]" + HEX + "|" + HEX + "(?!" + HEX + r"))"
              r"|[\x00-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F])",
     "name": "constant.character.escape.rules"},
    # The lexer takes these as one escape each; the checker rejects them
    # (invalid-escape): Ruby would silently drop the backslash.
    {"match": r"\\(?:u\{[0-9A-Fa-f \t]*\}|u" + HEX + "{4}|x" + HEX + "{1,2}|.)",
     "name": "invalid.illegal.escape.rules"},
]}
repo["interpolation"] = {
    "begin": r"#\{",
    "beginCaptures": {"0": {"name": "punctuation.section.embedded.begin.rules"}},
    "end": r"\}",
    "endCaptures": {"0": {"name": "punctuation.section.embedded.end.rules"}},
    "name": "meta.embedded.line.rules",
    "contentName": "source.rules",
    "patterns": [{"include": "#brace-block"}, {"include": "#braces"}, {"include": "$self"}],
}
# Braces inside an interpolation pair up, so a hash's `}` does not end it.
repo["braces"] = {
    "begin": r"\{",
    "beginCaptures": {"0": {"name": "punctuation.section.braces.begin.rules"}},
    "end": r"\}",
    "endCaptures": {"0": {"name": "punctuation.section.braces.end.rules"}},
    "patterns": [{"include": "#brace-block"}, {"include": "#braces"}, {"include": "$self"}],
}
repo["strings"] = {"patterns": [
    {
        "begin": '"',
        "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.rules"}},
        # A quoted string ends on its line (unterminated-string otherwise).
        "end": r'"|(?=\n)',
        "endCaptures": {"0": {"name": "punctuation.definition.string.end.rules"}},
        "name": "string.quoted.double.rules",
        "patterns": [{"include": "#interpolation"}, {"include": "#escape"}],
    },
    {
        "begin": "'",
        "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.rules"}},
        "end": r"'|(?=\n)",
        "endCaptures": {"0": {"name": "punctuation.definition.string.end.rules"}},
        "name": "string.quoted.single.rules",
        "patterns": [{"match": r"\\[\\']", "name": "constant.character.escape.rules"}],
    },
]}
repo["symbols"] = {"patterns": [
    {
        "begin": r'(?<!:):"',
        "beginCaptures": {"0": {"name": "punctuation.definition.constant.rules"}},
        "end": r'"|(?=\n)',
        "endCaptures": {"0": {"name": "punctuation.definition.constant.rules"}},
        "name": "constant.other.symbol.double-quoted.rules",
        "patterns": [{"include": "#interpolation"}, {"include": "#escape"}],
    },
    {
        "begin": r"(?<!:):'",
        "beginCaptures": {"0": {"name": "punctuation.definition.constant.rules"}},
        "end": r"'|(?=\n)",
        "endCaptures": {"0": {"name": "punctuation.definition.constant.rules"}},
        "name": "constant.other.symbol.single-quoted.rules",
        "patterns": [{"match": r"\\[\\']", "name": "constant.character.escape.rules"}],
    },
    {
        "match": r"(?<!:)(:)" + NAME + "[?!]?",
        "name": "constant.other.symbol.rules",
        "captures": {"1": {"name": "punctuation.definition.constant.rules"}},
    },
]}
# `key:` in a hash or keyword argument (any name, keywords included); `AWS::S3`
# is a path.
repo["label"] = {
    "match": r"\b(" + NAME + r")(:)(?!:)",
    "captures": {"1": {"name": "constant.other.symbol.hashkey.rules"},
                 "2": {"name": "punctuation.separator.key-value.rules"}},
}
repo["managed-rule"] = {
    "match": STMT + r"\b(managed_rule)" + WEND + r"(?:[ \t]+|[ \t]*(\()[ \t]*)((:)" + NAME + "[?!]?)",
    "captures": {"1": {"name": "storage.type.rule.rules"},
                 "2": {"name": "punctuation.section.parens.begin.rules"},
                 "3": {"name": "constant.other.symbol.managed-rule.rules"},
                 "4": {"name": "punctuation.definition.constant.rules"}},
}
# A name after `.` is a method or property, whatever it spells: the token
# source turns a keyword there into an identifier.
repo["member"] = {"patterns": [
    {
        "match": r"(\.)[ \t]*(" + alt(METHODS) + r")" + WEND,
        "captures": {"1": {"name": "punctuation.separator.method.rules"},
                     "2": {"name": "support.function.builtin.rules"}},
    },
    {
        # Keywords included: `item.class` is a method name.
        "match": r"(\.)[ \t]*(" + NAME + SUFFIX + "?)",
        "captures": {"1": {"name": "punctuation.separator.method.rules"},
                     "2": {"name": "variable.other.property.rules"}},
    },
]}
CONST = "[A-Z][A-Za-z0-9_]*"
repo["class"] = {
    "match": r"\b(class)" + WEND + r"[ \t]+(" + CONST + r")(?:[ \t]*(<)[ \t]*(" + CONST + "(?:::" + CONST + ")*))?",
    "captures": {"1": {"name": "keyword.control.class.rules"},
                 "2": {"name": "entity.name.type.class.rules"},
                 "3": {"name": "punctuation.separator.inheritance.rules"},
                 "4": {"name": "entity.other.inherited-class.rules",
                       "patterns": [{"include": "#constant-path-parts"}]}},
}
PARAMS = {"patterns": [
    {"match": NAME, "name": "variable.parameter.block.rules"},
    {"match": ",", "name": "punctuation.separator.delimiter.rules"},
]}
repo["do-block"] = {
    "match": r"\b(do)" + WEND + r"(?:[ \t]*(?:(\|\|)|(\|)([^|\n]*)(\|)))?",
    "captures": {"1": {"name": "keyword.control.start-block.rules"},
                 "2": {"name": "punctuation.separator.variable.rules"},
                 "3": {"name": "punctuation.separator.variable.rules"},
                 "4": PARAMS,
                 "5": {"name": "punctuation.separator.variable.rules"}},
}
# `{ |x| ... }` and `{ || ... }`: a block, whose braces pair up.
repo["brace-block"] = {
    "begin": r"(\{)[ \t]*(?:(\|\|)|(\|)([^|\n]*)(\|))",
    "beginCaptures": {"1": {"name": "punctuation.section.block.begin.rules"},
                      "2": {"name": "punctuation.separator.variable.rules"},
                      "3": {"name": "punctuation.separator.variable.rules"},
                      "4": PARAMS,
                      "5": {"name": "punctuation.separator.variable.rules"}},
    "end": r"\}",
    "endCaptures": {"0": {"name": "punctuation.section.block.end.rules"}},
    "patterns": [{"include": "#brace-block"}, {"include": "#braces"}, {"include": "$self"}],
}
repo["keywords"] = {"patterns": [
    {"match": r"\b(?:if|elsif|else|unless|then|end)" + WEND, "name": "keyword.control.rules"},
    {"match": r"\b(?:and|or|not)" + WEND, "name": "keyword.operator.logical.rules"},
    {"match": r"\b(?:true|false)" + WEND, "name": "constant.language.boolean.rules"},
    {"match": r"\bnil" + WEND, "name": "constant.language.nil.rules"},
    {"match": r"\brequire" + WEND, "name": "keyword.control.import.rules"},
    {"match": r"\b(?:class|do)" + WEND, "name": "keyword.control.rules"},
]}
repo["body-names"] = {"patterns": [
    {"match": r"\b(?:compliant|non_compliant|not_applicable)" + WEND, "name": "keyword.control.decision.rules"},
    {"match": r"\b(?:days_since|now)" + WEND, "name": "support.function.builtin.rules"},
    {"match": r"\bparams" + WEND, "name": "variable.language.params.rules"},
]}
repo["vocabulary"] = {"patterns": [
    {"match": STMT + r"\b(" + alt(DECLS) + ")" + WEND + r"(?![ \t]*=[^=>])",
     "captures": {"1": {"name": "storage.type.rule.rules"}}},
    {"match": STMT + r"\b(" + alt(SETTINGS) + ")" + WEND + r"(?![ \t]*=[^=>])",
     "captures": {"1": {"name": "support.function.setting.rules"}}},
]}
repo["identifiers"] = {"patterns": [
    {"match": r"\b[a-z_][A-Za-z0-9_]*" + SUFFIX + r"?(?=\()", "name": "entity.name.function.rules"},
    # Consumed whole so that a trailing `?`/`!` is not read as a stray character.
    {"match": r"\b[a-z_][A-Za-z0-9_]*" + SUFFIX + "?"},
]}
repo["constant-path-parts"] = {"patterns": [
    {"match": "::", "name": "punctuation.separator.namespace.rules"},
    {"match": CONST, "name": "variable.other.constant.rules"},
]}
repo["constants"] = {"patterns": [
    {
        # A resource type written as a constant path: `AWS::S3::Bucket`.
        "match": r"\b(?:AWS|Custom|Alexa)::" + CONST + "::" + CONST + r"(?![A-Za-z0-9_]|::)",
        "name": "support.type.resource-type.rules",
        "captures": {"0": {"patterns": [{"include": "#constant-path-parts"}]}},
    },
    {"match": r"\b" + CONST, "name": "variable.other.constant.rules"},
]}
# The lexer's longest match: a float needs digits after the dot (`1.abs` is an
# integer and a method), and INVALID_NUMBER wins when name characters follow
# (`1e3x`), but a dot ends it (`1.5x` is a float and a name).
repo["numbers"] = {"patterns": [
    {"match": r"\b" + INT + r"\." + DIGITS + "(?:" + EXP + ")?", "name": "constant.numeric.float.rules"},
    {"match": r"\b" + INT + EXP + r"(?![A-Za-z0-9_])", "name": "constant.numeric.float.rules"},
    {"match": r"\b" + INT + r"(?![A-Za-z0-9_])", "name": "constant.numeric.integer.rules"},
    # `007`, `0x1f`, `1_`, `12ab`: one invalid-number token.
    {"match": r"\b[0-9][A-Za-z0-9_]*", "name": "invalid.illegal.numeric.rules"},
]}
repo["operators"] = {"patterns": [
    {"match": "=>", "name": "punctuation.separator.key-value.rules"},
    {"match": "==|!=|<=|>=|<|>", "name": "keyword.operator.comparison.rules"},
    {"match": r"&&|\|\||!", "name": "keyword.operator.logical.rules"},
    {"match": "=", "name": "keyword.operator.assignment.rules"},
    {"match": r"[-+*/%]", "name": "keyword.operator.arithmetic.rules"},
    {"match": "::", "name": "punctuation.separator.namespace.rules"},
    {"match": r"\.", "name": "punctuation.separator.method.rules"},
    {"match": ",", "name": "punctuation.separator.delimiter.rules"},
    {"match": ";", "name": "punctuation.terminator.statement.rules"},
    {"match": ":", "name": "punctuation.separator.other.rules"},
    {"match": r"\|", "name": "punctuation.separator.variable.rules"},
    {"match": r"\(", "name": "punctuation.section.parens.begin.rules"},
    {"match": r"\)", "name": "punctuation.section.parens.end.rules"},
    {"match": r"\[", "name": "punctuation.section.array.begin.rules"},
    {"match": r"\]", "name": "punctuation.section.array.end.rules"},
    {"match": r"\{", "name": "punctuation.section.braces.begin.rules"},
    {"match": r"\}", "name": "punctuation.section.braces.end.rules"},
    {"match": r"\\(?=\n)", "name": "punctuation.separator.continuation.rules"},
]}
# What the lexer turns into ERROR_CHAR: stray ASCII (`@ $ ? & \`), control
# characters and non-ASCII text outside strings and comments.
repo["invalid"] = {
    "match": r"[@$?&\\`^~]|[\x00-\x08\x0E-\x1F\x7F]+|[^\x00-\x7F]+",
    "name": "invalid.illegal.character.rules",
}

# At one position the first listed rule wins: comments, heredocs and strings
# before names; labels (`if:`) before keywords; the vocabulary before plain
# identifiers.
grammar = {
    "name": "AWS Config Rules",
    "scopeName": "source.rules",
    "fileTypes": ["rules"],
    "comment": "Generated by gen-grammar.py from the lexer's rules: edit that file.",
    "patterns": [
        {"include": "#comment"},
        {"include": "#heredoc"},
        {"include": "#strings"},
        {"include": "#label"},
        {"include": "#managed-rule"},
        {"include": "#member"},
        {"include": "#class"},
        {"include": "#do-block"},
        {"include": "#brace-block"},
        {"include": "#keywords"},
        {"include": "#body-names"},
        {"include": "#vocabulary"},
        {"include": "#identifiers"},
        {"include": "#constants"},
        {"include": "#symbols"},
        {"include": "#numbers"},
        {"include": "#operators"},
        {"include": "#invalid"},
    ],
    "repository": repo,
}
json.dump(grammar, sys.stdout, indent=2)
sys.stdout.write("\n")
