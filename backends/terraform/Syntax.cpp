//===- Syntax.cpp - Names and strings in Terraform's JSON configuration ---===//

#include "backends/terraform/Syntax.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace rulecc::terraform {

namespace {
// LLVM 14's StringExtras has no isUpper/isLower.
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
} // namespace

std::string snakeCase(StringRef id) {
  std::string out;
  out.reserve(id.size() + 8);
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (!isAlnum(c) && c != '_' && c != '-') {
      out += '_';
      continue;
    }
    if (isUpper(c) && i > 0) {
      char prev = id[i - 1];
      bool nextLower = i + 1 < id.size() && isLower(id[i + 1]);
      if (isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower))
        if (!out.empty() && out.back() != '_')
          out += '_';
    }
    out += toLower(c);
  }
  // A name starts with a letter or an underscore.
  if (out.empty() || isDigit(out.front()) || out.front() == '-')
    out.insert(out.begin(), '_');
  return out;
}

std::string literal(StringRef text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{')
      out += c;
    out += c;
  }
  return out;
}

std::string interpolate(const Twine &expression) {
  return ("${" + expression + "}").str();
}

std::string address(StringRef type, StringRef name) {
  return (type + "." + name).str();
}

std::string reference(StringRef type, StringRef name, StringRef attribute) {
  return interpolate(type + "." + name + "." + attribute);
}

} // namespace rulecc::terraform
