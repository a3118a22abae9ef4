//===- Literals.cpp - Decoding of numeric, escape and heredoc literals
//-----===//

#include "frontend/Literals.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

using namespace llvm;

namespace rulecc::frontend {

static bool appendCodePoint(uint64_t cp, std::string &out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return false;
  char buf[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
  char *p = buf;
  if (!ConvertCodePointToUTF8(static_cast<unsigned>(cp), p))
    return false;
  out.append(buf, p);
  return true;
}

bool decodeEscape(StringRef text, std::string &out) {
  if (text.size() < 2 || text[0] != '\\')
    return false;
  char c = text[1];
  StringRef rest = text.drop_front(2);
  switch (c) {
  case 'n':
    out += '\n';
    return true;
  case 't':
    out += '\t';
    return true;
  case 'r':
    out += '\r';
    return true;
  case '0':
    out += '\0';
    return true;
  case 's':
    out += ' ';
    return true;
  case 'e':
    out += '\x1b';
    return true;
  case 'a':
    out += '\a';
    return true;
  case 'b':
    out += '\b';
    return true;
  case 'f':
    out += '\f';
    return true;
  case 'v':
    out += '\v';
    return true;
  case '\n':
  case '\r': // a backslash-newline continues the line
    return true;
  case 'x': {
    unsigned value;
    if (rest.empty() || rest.getAsInteger(16, value) || value > 0x7F)
      return false;
    out += static_cast<char>(value);
    return true;
  }
  case 'u': {
    if (rest.size() == 4) {
      unsigned value;
      if (rest.getAsInteger(16, value))
        return false;
      return appendCodePoint(value, out);
    }
    if (!rest.consume_front("{") || !rest.consume_back("}"))
      return false;
    SmallVector<StringRef, 4> points;
    rest.split(points, ' ', -1, /*KeepEmpty=*/false);
    if (points.empty())
      return false;
    std::string decoded;
    for (StringRef point : points) {
      point = point.trim(" \t");
      uint64_t value;
      if (point.empty() || point.size() > 6 || point.getAsInteger(16, value) ||
          !appendCodePoint(value, decoded))
        return false;
    }
    out += decoded;
    return true;
  }
  default:
    // Punctuation escapes to itself (`\"`, `\\`, `\#`, `\{`); a letter or
    // digit without a meaning is rejected rather than silently dropped.
    if (isAlnum(c) || static_cast<unsigned char>(c) >= 0x80)
      return false;
    out += c;
    return true;
  }
}

void decodeSingleQuoted(StringRef text, std::string &out) {
  size_t i = text.startswith("'") ? 1 : 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'')
      return;
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '\\' || text[i + 1] == '\'')) {
      out += text[++i];
      continue;
    }
    out += c;
  }
}

/// The digits of a well-formed literal without its `_` separators, or empty
/// when the separators are misplaced.
static std::string stripSeparators(StringRef text) {
  std::string digits;
  digits.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '_') {
      digits += text[i];
      continue;
    }
    if (i == 0 || i + 1 == text.size() || !isDigit(text[i - 1]) ||
        !isDigit(text[i + 1]))
      return {};
  }
  return digits;
}

NumberStatus parseInteger(StringRef text, bool negative, int64_t &value) {
  std::string digits = stripSeparators(text);
  if (digits.empty() || !all_of(digits, isDigit) ||
      (digits.size() > 1 && digits[0] == '0'))
    return NumberStatus::Invalid;
  uint64_t limit = negative ? uint64_t(1) << 63
                            : uint64_t(std::numeric_limits<int64_t>::max());
  uint64_t acc = 0;
  for (char d : digits) {
    unsigned v = d - '0';
    if (acc > (limit - v) / 10)
      return NumberStatus::OutOfRange;
    acc = acc * 10 + v;
  }
  value = negative ? static_cast<int64_t>(0 - acc) : static_cast<int64_t>(acc);
  return NumberStatus::Ok;
}

NumberStatus parseFloat(StringRef text, double &value) {
  std::string digits;
  for (char c : text)
    if (c != '_')
      digits += c;
  const char *begin = digits.c_str();
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(begin, &end);
  if (digits.empty() || end != begin + digits.size())
    return NumberStatus::Invalid;
  if (std::isinf(v) || (errno == ERANGE && v != 0))
    return NumberStatus::OutOfRange;
  value = v;
  return NumberStatus::Ok;
}

std::string explainInvalidNumber(StringRef text) {
  if (text.size() > 1 && text[0] == '0' && isDigit(text[1]))
    return "a leading zero is not allowed (Ruby would read it as octal)";
  if (text.startswith_insensitive("0x") || text.startswith_insensitive("0b") ||
      text.startswith_insensitive("0o"))
    return "only decimal literals are supported";
  if (text.endswith("_"))
    return "trailing '_' in number";
  if (text.contains("__"))
    return "'_' may only separate two digits";
  return "unexpected character after the digits";
}

void stripHeredocIndentation(std::vector<HeredocSegment> &segments) {
  // Pass 1: the smallest indentation of a line with content.
  size_t minIndent = SIZE_MAX;
  bool atLineStart = true;
  bool measuring = false; // inside the leading blanks of a line
  size_t width = 0;
  for (const HeredocSegment &seg : segments) {
    if (!seg.isLiteral) {
      if (atLineStart)
        minIndent = 0;
      else if (measuring)
        minIndent = std::min(minIndent, width);
      atLineStart = measuring = false;
      continue;
    }
    for (char c : seg.text) {
      if (atLineStart) {
        atLineStart = false;
        measuring = true;
        width = 0;
      }
      if (measuring) {
        if (c == ' ') {
          ++width;
          continue;
        }
        if (c == '\t') {
          width = (width / 8 + 1) * 8;
          continue;
        }
        measuring = false;
        if (c != '\n' && c != '\r')
          minIndent = std::min(minIndent, width);
      }
      if (c == '\n')
        atLineStart = true;
    }
  }
  if (minIndent == SIZE_MAX || minIndent == 0)
    return;

  // Pass 2: remove up to minIndent columns at the start of every line.
  bool stripping = true;
  size_t col = 0;
  for (HeredocSegment &seg : segments) {
    if (!seg.isLiteral) {
      stripping = false;
      continue;
    }
    std::string out;
    out.reserve(seg.text.size());
    for (char c : seg.text) {
      if (stripping) {
        if (c == ' ' || c == '\t') {
          size_t next = c == ' ' ? col + 1 : (col / 8 + 1) * 8;
          if (next <= minIndent) {
            col = next;
            continue;
          }
        }
        stripping = false;
      }
      out += c;
      if (c == '\n') {
        stripping = true;
        col = 0;
      }
    }
    seg.text = std::move(out);
  }
}

} // namespace rulecc::frontend
