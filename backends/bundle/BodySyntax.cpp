//===- BodySyntax.cpp - Python and JavaScript spellings of a rule body ----===//
// String literals that keep rule-file text as data, the names of the
// runtime's body-support functions, and the module frame around `check`.
//===----------------------------------------------------------------------===//

#include "backends/bundle/BodyCodegen.h"
#include "backends/bundle/BodyCodegenImpl.h"
#include "backends/bundle/Bundle.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace rulecc::bundle {

namespace {

/// Calls `fn` with each code point of `text`; a byte that starts no valid
/// UTF-8 sequence is U+FFFD.
template <typename Fn> void forEachCodePoint(StringRef text, Fn fn) {
  const auto *p = reinterpret_cast<const UTF8 *>(text.begin());
  const auto *end = reinterpret_cast<const UTF8 *>(text.end());
  while (p < end) {
    UTF32 cp = 0;
    const UTF8 *start = p;
    if (convertUTF8Sequence(&p, end, &cp, strictConversion) != conversionOK) {
      cp = 0xFFFD;
      p = start + 1;
    }
    fn(cp);
  }
}

/// The escape both languages share for a code point, or empty when the
/// character may appear as itself (printable ASCII but the quote and
/// backslash).
std::string commonEscape(UTF32 cp) {
  switch (cp) {
  case '\\':
    return "\\\\";
  case '"':
    return "\\\"";
  case '\n':
    return "\\n";
  case '\r':
    return "\\r";
  case '\t':
    return "\\t";
  default:
    break;
  }
  if (cp >= 0x20 && cp < 0x7f)
    return "";
  if (cp < 0x100)
    return formatv("\\x{0:x-2}", cp).str();
  return "?";
}

StringRef pythonName(H h) {
  switch (h) {
  case H::JsonValue:
    return "json_value";
  case H::Truthy:
    return "truthy";
  case H::And:
    return "and_";
  case H::Or:
    return "or_";
  case H::Verdict:
    return "verdict";
  case H::Annotation:
    return "annotation";
  case H::Nav:
    return "nav";
  case H::Loose:
    return "Loose";
  case H::Index:
    return "index";
  case H::Eq:
    return "eq";
  case H::Lt:
    return "lt";
  case H::Le:
    return "le";
  case H::Gt:
    return "gt";
  case H::Ge:
    return "ge";
  case H::Add:
    return "add";
  case H::Sub:
    return "sub";
  case H::Mul:
    return "mul";
  case H::Div:
    return "div";
  case H::Mod:
    return "mod";
  case H::Neg:
    return "neg";
  case H::ToS:
    return "to_s";
  case H::Present:
    return "present";
  case H::Size:
    return "size";
  case H::Empty:
    return "empty";
  case H::Include:
    return "include";
  case H::StartWith:
    return "start_with";
  case H::EndWith:
    return "end_with";
  case H::Match:
    return "match";
  case H::Downcase:
    return "downcase";
  case H::Upcase:
    return "upcase";
  case H::ToI:
    return "to_i";
  case H::BlockAny:
    return "block_any";
  case H::BlockAll:
    return "block_all";
  case H::BlockNone:
    return "block_none";
  case H::BlockCount:
    return "block_count";
  case H::BlockSelect:
    return "block_select";
  case H::BlockReject:
    return "block_reject";
  case H::BlockMap:
    return "block_map";
  case H::DaysSince:
    return "days_since";
  case H::Now:
    return "now";
  case H::Float:
    return "float";
  }
  llvm_unreachable("unknown helper");
}

/// The JavaScript name: the Python name in lowerCamelCase (`to_s` is
/// `toS`, `block_any` is `blockAny`; `and_` is `and`).
StringRef nodeName(H h) {
  static std::string names[static_cast<int>(H::Float) + 1];
  std::string &n = names[static_cast<int>(h)];
  if (n.empty()) {
    StringRef py = pythonName(h);
    if (h == H::Loose)
      py = "loose";
    for (size_t i = 0; i < py.size(); ++i) {
      if (py[i] == '_') {
        if (i + 1 < py.size())
          n += toUpper(py[++i]);
        continue;
      }
      n += py[i];
    }
  }
  return n;
}

Syntax makePython() {
  Syntax s;
  s.isPython = true;
  s.indentWidth = 4;
  s.comment = "#";
  s.nil = "None";
  s.trueText = "True";
  s.falseText = "False";
  s.notOp = "not ";
  s.andOp = "and";
  s.orOp = "or";
  s.eqOp = "==";
  s.neOp = "!=";
  s.isNil = "is None";
  s.isNotNil = "is not None";
  s.semi = "";
  s.paramCtor = "Param";
  s.prologue = (Twine("import ") + RuntimeModule + " as rt\n").str();
  s.inlinePrologue = "import sys\n\n# The helpers above are this module.\n"
                     "rt = sys.modules[__name__]\n";
  s.literal = pythonStringLiteral;
  s.helperName = pythonName;
  return s;
}

Syntax makeNode() {
  Syntax s;
  s.isPython = false;
  s.indentWidth = 2;
  s.comment = "//";
  s.nil = "null";
  s.trueText = "true";
  s.falseText = "false";
  s.notOp = "!";
  s.andOp = "&&";
  s.orOp = "||";
  s.eqOp = "===";
  s.neOp = "!==";
  s.isNil = "== null";
  s.isNotNil = "!= null";
  s.semi = ";";
  s.blockTail = "}";
  s.functionTail = "}";
  s.paramCtor = "param";
  s.prologue = (Twine("'use strict';\n\nconst rt = require('./") +
                RuntimeModule + "');\n")
                   .str();
  // The block keeps the module's names (check, handler) apart from the
  // helpers' functions of the same name.
  s.inlinePrologue = "// The helpers above are this module's exports.\n"
                     "const rt = module.exports;\n{\n";
  s.literal = jsStringLiteral;
  s.helperName = nodeName;
  return s;
}

} // namespace

/// A double-quoted literal of both languages; they differ only in how a code
/// point beyond U+FFFF is spelled (`nonBMP` is its formatv pattern).
static std::string quotedLiteral(StringRef text, const char *nonBMP) {
  std::string out = "\"";
  forEachCodePoint(text, [&](UTF32 cp) {
    std::string e = commonEscape(cp);
    if (e.empty())
      out += static_cast<char>(cp);
    else if (e != "?")
      out += e;
    else if (cp <= 0xFFFF)
      out += formatv("\\u{0:x-4}", cp).str();
    else
      out += formatv(nonBMP, cp).str();
  });
  return out + "\"";
}

std::string pythonStringLiteral(StringRef text) {
  return quotedLiteral(text, "\\U{0:x-8}");
}

std::string jsStringLiteral(StringRef text) {
  return quotedLiteral(text, "\\u{{{0:x-}}");
}

const Syntax &pythonSyntax() {
  static const Syntax s = makePython();
  return s;
}

const Syntax &nodeSyntax() {
  static const Syntax s = makeNode();
  return s;
}

std::string Syntax::lambda(const std::string &e) const {
  return isPython ? "lambda: " + e : "() => " + e;
}

std::string Syntax::ret(StringRef value) const {
  return (Twine("return ") + value + semi).str();
}

std::string Syntax::pair(StringRef a, StringRef b) const {
  return isPython ? (Twine("(") + a + ", " + b + ")").str()
                  : (Twine("[") + a + ", " + b + "]").str();
}

std::string Syntax::ifHead(StringRef cond) const {
  return isPython ? (Twine("if ") + cond + ":").str()
                  : (Twine("if (") + cond + ") {").str();
}

std::string Syntax::elifHead(StringRef cond) const {
  // JavaScript closes the previous branch on the same line.
  return isPython ? (Twine("elif ") + cond + ":").str()
                  : (Twine("} else if (") + cond + ") {").str();
}

std::string Syntax::elseHead() const { return isPython ? "else:" : "} else {"; }

std::string Syntax::functionHead(StringRef name, StringRef params) const {
  return isPython ? (Twine("def ") + name + "(" + params + "):").str()
                  : (Twine("function ") + name + "(" + params + ") {").str();
}

std::string Syntax::mapEntry(StringRef key, StringRef value) const {
  return (Twine(key) + ": " + value).str();
}

std::string Syntax::epilogue(StringRef resourceTypes, StringRef parameters,
                             bool inlineRuntime) const {
  if (isPython)
    return (Twine("lambda_handler = rt.handler(\n    check,\n") +
            "    resource_types=" + resourceTypes + ",\n" +
            "    parameters=" + parameters + ",\n)\n")
        .str();
  return (Twine("const handler = rt.handler(check, {\n") + "  resourceTypes: " +
          resourceTypes + ",\n" + "  parameters: " + parameters + ",\n});\n\n" +
          (inlineRuntime
               ? "Object.assign(module.exports, { check, handler });\n}\n"
               : "module.exports = { check, handler };\n"))
      .str();
}

static const Syntax &syntaxFor(const ir::Rule &rule) {
  return rule.language == ir::Language::Node ? nodeSyntax() : pythonSyntax();
}

GeneratedModule generateBodyModule(const ir::Rule &rule) {
  assert(rule.kind == ir::RuleKind::Body && rule.body && "not a body rule");
  const Syntax &syn = syntaxFor(rule);
  GeneratedModule m;
  m.fileName = rule.name + (syn.isPython ? ".py" : ".js");
  m.handler = rule.name + (syn.isPython ? ".lambda_handler" : ".handler");
  m.source = BodyWriter(rule, syn).run(/*inlineRuntime=*/false);
  return m;
}

std::string generateInlineBodyModule(const ir::Rule &rule) {
  assert(rule.kind == ir::RuleKind::Body && rule.body && "not a body rule");
  const Syntax &syn = syntaxFor(rule);
  std::string text;
  for (const RuntimeFile &f : runtimeFiles(rule.language))
    if (sys::path::stem(f.name) == RuntimeModule)
      text += f.bytes;
  if (!text.empty() && text.back() != '\n')
    text += '\n';
  text += BodyWriter(rule, syn).run(/*inlineRuntime=*/true);
  return text;
}

} // namespace rulecc::bundle
