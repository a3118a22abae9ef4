//===- LowerChecks.cpp - Value checks shared by settings and properties ---===//
// Limits AWS enforces on values (Lambda timeout and memory, tags, environment
// variable names, ...) checked where the value is written.

#include "ir/LoweringImpl.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

#include <map>

using namespace llvm;

namespace rulecc::ir::detail {

size_t countChars(StringRef utf8) {
  size_t n = 0;
  for (unsigned char c : utf8)
    if ((c & 0xC0) != 0x80)
      ++n;
  return n;
}

bool checkTimeout(DiagnosticEngine &diags, const Located<int64_t> &timeout) {
  if (timeout.value >= 1 && timeout.value <= 900)
    return true;
  diags.report(timeout.range, DiagID::InvalidTimeout, timeout.value);
  return false;
}

bool checkMemory(DiagnosticEngine &diags, const Located<int64_t> &memory) {
  if (memory.value >= 128 && memory.value <= 10240)
    return true;
  diags.report(memory.range, DiagID::InvalidMemory, memory.value);
  return false;
}

std::optional<Language> runtimeLanguage(StringRef runtime) {
  // Only the shape is checked here; which versions AWS still accepts is
  // checkRuntimeKnown's question.
  static const Regex python("^python[0-9]+\\.[0-9]+$");
  static const Regex node("^nodejs[0-9]+\\.x$");
  static const Regex ruby("^ruby[0-9]+\\.[0-9]+$");
  if (python.match(runtime))
    return Language::Python;
  if (node.match(runtime))
    return Language::Node;
  if (ruby.match(runtime))
    return Language::Ruby;
  return std::nullopt;
}

bool checkRuntime(DiagnosticEngine &diags, const Located<std::string> &rt) {
  if (runtimeLanguage(rt.value))
    return checkRuntimeKnown(diags, rt);
  diags.report(rt.range, DiagID::InvalidRuntime, rt.value);
  return false;
}

bool checkNamePart(DiagnosticEngine &diags, const Located<std::string> &name,
                   StringRef what) {
  bool ok = !name.value.empty() && all_of(name.value, [](char c) {
    return isAlnum(c) || c == '-' || c == '_';
  });
  if (!ok)
    diags.report(name.range, DiagID::InvalidIdentifier, what, name.value,
                 "use letters, digits, '-' and '_'");
  return ok;
}

bool checkRuleName(DiagnosticEngine &diags, const Located<std::string> &name) {
  const std::string &s = name.value;
  bool ok = !s.empty() && isAlpha(s[0]) &&
            all_of(s, [](char c) { return isAlnum(c) || c == '_'; });
  if (!ok)
    diags.report(name.range, DiagID::InvalidIdentifier, "rule name", s,
                 "use letters, digits and '_', starting with a letter");
  return ok;
}

/// The first ASCII character outside the pattern IAM, Lambda and
/// CloudFormation share for tags (`[\p{L}\p{Z}\p{N}_.:/=+\-@]*`), or 0.
/// Non-ASCII text is letters or spaces as far as rulecc checks.
static char badTagChar(StringRef text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x80 && !isAlnum(c) &&
        !StringRef(" _.:/=+-@").contains(c))
      return c;
  return 0;
}

std::optional<StringPairs> lowerTags(ArgReader &args,
                                     const ast::CallNode &call) {
  auto entries = args.stringHash(call, "tags as 'key: \"value\"' pairs");
  if (!entries)
    return std::nullopt;
  DiagnosticEngine &diags = args.getDiags();
  StringPairs out;
  bool ok = true;
  for (auto &[key, value] : *entries) {
    std::string problem;
    if (key.value.empty())
      problem = "the key is empty";
    else if (countChars(key.value) > 128)
      problem = formatv("key '{0}' is {1} characters; AWS accepts at most 128",
                        key.value, countChars(key.value));
    else if (StringRef(key.value).startswith_insensitive("aws:"))
      problem = formatv("key '{0}' uses the prefix 'aws:', which AWS reserves",
                        key.value);
    else if (char c = badTagChar(key.value))
      problem = formatv("key '{0}' contains '{1}'; AWS tags allow letters, "
                        "digits, spaces and _ . : / = + - @",
                        key.value, c);
    else if (char c = badTagChar(value))
      problem = formatv("the value of '{0}' contains '{1}'; AWS tags allow "
                        "letters, digits, spaces and _ . : / = + - @",
                        key.value, c);
    else if (countChars(value) > 256)
      problem = formatv("the value of '{0}' is {1} characters; AWS accepts at "
                        "most 256",
                        key.value, countChars(value));
    if (!problem.empty()) {
      diags.report(key.range, DiagID::TagKeyInvalid, problem);
      ok = false;
      continue;
    }
    out.emplace_back(key.value, value);
  }
  if (!ok)
    return std::nullopt;
  return out;
}

std::optional<StringPairs> lowerEnvironment(ArgReader &args,
                                            const ast::CallNode &call) {
  auto entries =
      args.stringHash(call, "environment variables as 'NAME: \"value\"' pairs");
  if (!entries)
    return std::nullopt;
  // The Lambda API's pattern for variable names.
  static const Regex valid("^[a-zA-Z][a-zA-Z0-9_]+$");
  StringPairs out;
  bool ok = true;
  for (auto &[key, value] : *entries) {
    if (!valid.match(key.value)) {
      args.getDiags().report(key.range, DiagID::InvalidIdentifier,
                             "environment variable name", key.value,
                             "AWS Lambda needs a letter followed by at least "
                             "one letter, digit or '_'");
      ok = false;
      continue;
    }
    out.emplace_back(key.value, value);
  }
  if (!ok)
    return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>>
lowerIamActions(ArgReader &args, const ast::CallNode &call) {
  auto actions = args.stringList(call, "IAM actions such as \"s3:GetObject\"");
  if (!actions)
    return std::nullopt;
  static const Regex valid("^([a-z0-9-]+:[A-Za-z0-9*?]+|\\*)$");
  std::vector<std::string> out;
  bool ok = true;
  for (Located<std::string> &a : *actions) {
    if (!valid.match(a.value)) {
      args.getDiags().report(a.range, DiagID::InvalidIdentifier, "IAM action",
                             a.value, "expected 'service:Action'");
      ok = false;
      continue;
    }
    out.push_back(a.value);
  }
  if (!ok)
    return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>>
lowerManagedPolicies(ArgReader &args, const ast::CallNode &call) {
  auto names = args.stringList(
      call, "managed policy names or ARNs such as \"ReadOnlyAccess\"");
  if (!names)
    return std::nullopt;
  static const Regex valid("^(arn:[^ ]+|[A-Za-z0-9+=,.@_/-]+)$");
  std::vector<std::string> out;
  bool ok = true;
  for (Located<std::string> &n : *names) {
    if (!valid.match(n.value)) {
      args.getDiags().report(n.range, DiagID::InvalidIdentifier,
                             "managed policy", n.value,
                             "expected a policy name or an ARN");
      ok = false;
      continue;
    }
    out.push_back(n.value);
  }
  if (!ok)
    return std::nullopt;
  return out;
}

StringPairs mergePairs(std::initializer_list<const StringPairs *> lists) {
  std::map<std::string, std::string> merged;
  for (const StringPairs *list : lists)
    for (const auto &[k, v] : *list)
      merged[k] = v;
  return StringPairs(merged.begin(), merged.end());
}

} // namespace rulecc::ir::detail
