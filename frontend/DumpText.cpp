//===- DumpText.cpp - Text helpers shared by the debug dumps --------------===//

#include "frontend/DumpText.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <charconv>

using namespace llvm;

namespace rulecc {

std::string escapeForDump(StringRef text, char quote) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\\':
      out += "\\\\";
      break;
    default:
      if (c == quote) {
        out += '\\';
        out += c;
      } else if (isPrint(c) || static_cast<unsigned char>(c) >= 0x80) {
        out += c;
      } else {
        out += formatv("\\x{0:x-2}", static_cast<unsigned char>(c)).str();
      }
    }
  }
  return out;
}

std::string formatShortestDouble(double value) {
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, r.ptr);
}

} // namespace rulecc
