//===- RulesWriter.cpp - The import model as rule-language text -----------===//
// Deterministic output: template order, two-space indentation, properties in
// one fixed order (desc, config_rule_name, scope, input_parameters, every,
// trigger, evaluation_mode, remediate), argument lists broken and aligned
// past 80 columns, as in docs/language.md.
//===----------------------------------------------------------------------===//

#include "import/RulesWriter.h"

#include "ir/Names.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace rulecc::import {

namespace {
constexpr size_t LineWidth = 80;

bool isUpperCase(char c) { return c >= 'A' && c <= 'Z'; }

/// A name the rule language reads as an identifier (a symbol or label);
/// with `allowUpperStart`, also a constant (labels may be constants).
bool isName(StringRef s, bool allowUpperStart) {
  if (s.empty() || !(isAlpha(s[0]) || s[0] == '_') ||
      (!allowUpperStart && isUpperCase(s[0])))
    return false;
  return all_of(s, [&](char c) { return isAlnum(c) || c == '_'; }) &&
         (allowUpperStart || none_of(s, isUpperCase));
}

std::string symbol(StringRef name) {
  return isName(name, false) ? (":" + name).str() : quoteString(name);
}

/// A hash key: `name:` where the language takes a label, else `"k" =>`.
std::string label(StringRef key) {
  return isName(key, true) ? (key + ":").str() : quoteString(key) + " =>";
}

std::string literal(const Literal &l) {
  switch (l.kind) {
  case Literal::String:
    return quoteString(l.text);
  case Literal::Integer:
  case Literal::Float:
  case Literal::Boolean:
    return l.text;
  case Literal::ResourceId:
    return ":resource_id";
  case Literal::StringList: {
    std::string out = "[";
    for (size_t i = 0; i < l.items.size(); ++i)
      out += (i ? ", " : "") + quoteString(l.items[i]);
    return out + "]";
  }
  }
  return "";
}

/// `name a, b, c` on one line when it fits, else one argument per line
/// aligned after `name `.
std::vector<std::string> call(StringRef name, ArrayRef<std::string> args,
                              size_t indent) {
  std::string one = (name + " " + join(args, ", ")).str();
  if (indent + one.size() <= LineWidth || args.size() == 1)
    return {one};
  std::vector<std::string> lines;
  std::string pad(name.size() + 1, ' ');
  for (size_t i = 0; i < args.size(); ++i) {
    std::string line = (i ? pad : (name + " ").str()) + args[i];
    if (i + 1 < args.size())
      line += ",";
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string>
keyValues(ArrayRef<std::pair<std::string, Literal>> kv) {
  std::vector<std::string> out;
  for (const auto &[k, v] : kv)
    out.push_back(label(k) + " " + literal(v));
  return out;
}

std::vector<std::string> remediateLines(const Remediation &rem, size_t indent) {
  std::vector<std::string> args = {quoteString(rem.targetId)};
  if (rem.targetVersion)
    args.push_back("target_version: " + quoteString(*rem.targetVersion));
  if (rem.automatic)
    args.push_back(std::string("automatic: ") +
                   (*rem.automatic ? "true" : "false"));
  if (rem.maximumAutomaticAttempts)
    args.push_back("maximum_automatic_attempts: " +
                   *rem.maximumAutomaticAttempts);
  if (rem.retryAttemptSeconds)
    args.push_back("retry_attempt_seconds: " + *rem.retryAttemptSeconds);
  std::vector<std::string> params = keyValues(rem.parameters);
  std::string inlineParams = "parameters: { " + join(params, ", ") + " }";
  if (!params.empty())
    args.push_back(inlineParams);
  std::vector<std::string> lines = call("remediate", args, indent);
  // A long parameters hash gets a line per entry (newlines inside braces
  // are insignificant).
  if (!params.empty() && indent + lines.back().size() > LineWidth &&
      lines.size() > 1) {
    std::string pad(StringRef("remediate ").size(), ' ');
    lines.back() = pad + "parameters: {";
    for (size_t i = 0; i < params.size(); ++i)
      lines.push_back(pad + "  " + params[i] +
                      (i + 1 < params.size() ? "," : ""));
    lines.push_back(pad + "}");
  }
  return lines;
}

/// The terminator of a heredoc holding `text`: GUARD, unless a line of the
/// text is that word.
std::string heredocTag(StringRef text) {
  SmallVector<StringRef, 32> lines;
  text.split(lines, '\n');
  for (unsigned n = 1;; ++n) {
    std::string tag = n == 1 ? "GUARD" : "GUARD" + std::to_string(n);
    if (none_of(lines, [&](StringRef l) { return l.trim() == tag; }))
      return tag;
  }
}

std::vector<std::string> ruleLines(const Application &app, const Rule &r,
                                   size_t indent) {
  std::vector<std::string> lines;
  auto add = [&](std::vector<std::string> ls) {
    for (std::string &l : ls)
      lines.push_back(std::move(l));
  };
  if (r.description)
    lines.push_back("desc " + quoteString(*r.description));
  std::string cls = className(app, r.classIndex);
  std::string generated = ir::names::configRuleName(
      StringRef(app.project), ir::names::underscore(cls), r.name);
  if (r.configRuleName && *r.configRuleName != generated)
    lines.push_back("config_rule_name " + quoteString(*r.configRuleName));
  if (!r.resourceTypes.empty()) {
    std::vector<std::string> args;
    for (const std::string &t : r.resourceTypes)
      args.push_back(quoteString(t));
    if (r.resourceId)
      args.push_back("id: " + quoteString(*r.resourceId));
    add(call("scope", args, indent));
  } else if (r.tagKey) {
    if (r.tagValue)
      lines.push_back("scope tag: { " + label(*r.tagKey) + " " +
                      quoteString(*r.tagValue) + " }");
    else
      lines.push_back("scope tag: " + quoteString(*r.tagKey));
  }
  if (!r.inputParameters.empty())
    add(call("input_parameters", keyValues(r.inputParameters), indent));
  if (r.frequency)
    lines.push_back("every :" + *r.frequency);
  if (r.trigger)
    lines.push_back("trigger :" + *r.trigger);
  if (r.evaluationMode)
    lines.push_back("evaluation_mode :" + *r.evaluationMode);
  if (r.remediation)
    add(remediateLines(*r.remediation, indent));
  switch (r.kind) {
  case Rule::Managed:
    lines.push_back("managed_rule " + symbol(r.name));
    break;
  case Rule::Custom:
    lines.push_back("python " + symbol(r.name));
    break;
  case Rule::Policy: {
    if (r.debugLogDelivery)
      lines.push_back("enable_debug_log_delivery true");
    std::string tag = heredocTag(r.policyText);
    lines.push_back("policy " + symbol(r.name) + ", <<-'" + tag + "'");
    StringRef text(r.policyText);
    text.consume_back("\n");
    SmallVector<StringRef, 32> body;
    text.split(body, '\n');
    // Heredoc body lines are written verbatim: indenting them would change
    // the policy text. A leading "\0" marks them for the caller.
    for (StringRef l : body)
      lines.push_back(std::string(1, '\0') + l.str());
    lines.push_back(tag);
    break;
  }
  }
  return lines;
}

void writeComment(raw_ostream &os, StringRef indent, StringRef text) {
  os << indent << "#";
  if (!text.empty())
    os << " " << text;
  os << "\n";
}

void writeRule(raw_ostream &os, const Application &app, const Rule &r) {
  const std::string indent = "  ";
  writeComment(os, indent,
               r.logicalId + (r.commentedOut ? " (commented out)" : ""));
  for (const std::string &n : r.notes)
    writeComment(os, indent, n);
  for (const std::string &line :
       ruleLines(app, r, indent.size() + (r.commentedOut ? 2 : 0))) {
    StringRef l(line);
    bool verbatim = l.consume_front(StringRef("\0", 1));
    if (r.commentedOut)
      writeComment(os, verbatim ? "" : indent, l);
    else
      os << (verbatim ? "" : indent) << l << "\n";
  }
}
} // namespace

std::string quoteString(StringRef text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '#':
      // `#{` would start an interpolation.
      out += i + 1 < text.size() && text[i + 1] == '{' ? "\\#" : "#";
      break;
    default:
      if (c < 0x20 || c == 0x7F)
        out += formatv("\\u{{{0:x}}", unsigned(c)).str();
      else
        out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string className(const Application &app, unsigned index) {
  std::string base = app.className;
  if (index)
    base += std::to_string(index + 1);
  return base + "Rule";
}

std::string writeRules(const Application &app) {
  std::string text;
  raw_string_ostream os(text);
  writeComment(os, "",
               "Imported from " + app.sourceName + " by rulecc import.");
  for (const std::string &h : app.header)
    writeComment(os, "", h);
  os << "\nproject " << quoteString(app.project) << "\n";
  for (unsigned k = 0; k < app.numClasses; ++k) {
    os << "\nclass " << className(app, k) << " < ApplicationRule\n";
    if (k)
      writeComment(os, "  ",
                   "Rules that repeat a managed rule of the classes above "
                   "(one class declares each managed rule once).");
    bool first = true;
    for (const Item &item : app.items) {
      if (item.rule ? item.rule->classIndex != k : k != 0)
        continue;
      if (!first)
        os << "\n";
      first = false;
      if (item.rule) {
        writeRule(os, app, *item.rule);
        continue;
      }
      for (const std::string &c : item.comment)
        writeComment(os, "  ", c);
    }
    if (first)
      writeComment(os, "  ", "The template defines no ConfigRule.");
    os << "end\n";
  }
  return text;
}

} // namespace rulecc::import
