//===- Names.cpp - Generated AWS names and CloudFormation logical IDs -----===//

#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>

using namespace llvm;

namespace rulecc::ir::names {

static bool isUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }
static bool isLowerAscii(char c) { return c >= 'a' && c <= 'z'; }

std::string underscore(StringRef camel) {
  // The two substitutions of ActiveSupport's `underscore`, applied in one
  // pass: an upper-case letter starts a new word after a lower-case letter
  // or digit ("CheckRule"), and the last capital of an acronym starts a new
  // word when a lower-case letter follows it ("IAMUser" -> "IAM_User").
  std::string out;
  out.reserve(camel.size() + 4);
  for (size_t i = 0, e = camel.size(); i != e; ++i) {
    char c = camel[i];
    if (i > 0 && isUpperAscii(c)) {
      char prev = camel[i - 1];
      bool afterWord = isLowerAscii(prev) || isDigit(prev);
      bool endsAcronym =
          isUpperAscii(prev) && i + 1 < e && isLowerAscii(camel[i + 1]);
      if (afterWord || endsAcronym)
        out += '_';
    }
    out += c == '-' ? '_' : toLower(c);
  }
  return out;
}

std::string camelize(StringRef snake) {
  std::string out;
  out.reserve(snake.size());
  bool startOfWord = true;
  for (char c : snake) {
    if (!isAlnum(c)) {
      startOfWord = true;
      continue;
    }
    out += startOfWord ? toUpper(c) : c;
    startOfWord = false;
  }
  return out;
}

std::string hashSuffix(StringRef text) {
  std::array<uint8_t, 32> digest = SHA256::hash(arrayRefFromStringRef(text));
  return toHex(ArrayRef<uint8_t>(digest), /*LowerCase=*/true)
      .substr(0, HashDigits);
}

std::string shorten(StringRef name, size_t limit, StringRef separator) {
  if (name.size() <= limit)
    return name.str();
  size_t keep = limit - separator.size() - HashDigits;
  // A prefix ending in a separator would read as "foo--1a2b3c4d".
  StringRef prefix = name.take_front(keep).rtrim("-_");
  return (prefix + separator + hashSuffix(name)).str();
}

std::string classStem(StringRef classUnderscored) {
  StringRef stem = classUnderscored;
  if (stem.size() > 5 && stem.endswith("_rule"))
    stem = stem.drop_back(5);
  return stem.str();
}

std::string configRuleName(std::optional<StringRef> ruleNamespace,
                           StringRef classUnderscored, StringRef ruleName) {
  std::string joined;
  if (ruleNamespace && !ruleNamespace->empty())
    joined = (*ruleNamespace + "_").str();
  joined += classStem(classUnderscored) + "_" + ruleName.str();
  std::replace(joined.begin(), joined.end(), '_', '-');
  return shorten(joined, MaxConfigRuleName, "-");
}

std::string functionName(StringRef project, StringRef classUnderscored,
                         StringRef ruleName) {
  std::string full = (project + "-" + classUnderscored + "-" + ruleName).str();
  return shorten(full, MaxFunctionName, "-");
}

static std::string alphanumeric(StringRef s) {
  std::string out;
  for (char c : s)
    if (isAlnum(c))
      out += c;
  return out;
}

std::string logicalIdBase(StringRef className, StringRef ruleName) {
  return shorten(alphanumeric(className) + camelize(ruleName), MaxLogicalIdBase,
                 "");
}

std::string roleLogicalId(StringRef className) {
  return shorten(alphanumeric(className), MaxLogicalIdBase, "") + "IamRole";
}

bool isValidLogicalId(StringRef id) {
  return !id.empty() && id.size() <= MaxLogicalId &&
         llvm::all_of(id, [](char c) { return isAlnum(c); });
}

bool isValidFunctionNameChars(StringRef name) {
  return !name.empty() && llvm::all_of(name, [](char c) {
    return isAlnum(c) || c == '-' || c == '_';
  });
}

std::string sanitizeProjectName(StringRef stem) {
  std::string out;
  for (char c : stem)
    out += isAlnum(c) || c == '-' || c == '_' ? c : '-';
  return out.empty() ? "rules" : out;
}

} // namespace rulecc::ir::names
