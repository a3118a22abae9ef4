//===- YamlWriter.cpp - A fast block-style YAML writer for templates ------===//

#include "backends/cfn/YamlWriter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <array>
#include <cassert>

using namespace llvm;

namespace rulecc::cfn {

namespace {

/// Decodes one UTF-8 sequence at `s[i]`; returns its code point and advances
/// `i`, or returns -1 (and advances by one byte) for an invalid sequence.
int32_t decodeUTF8(StringRef s, size_t &i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  unsigned len;
  int32_t cp;
  if (c < 0x80) {
    ++i;
    return c;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    ++i;
    return -1;
  }
  if (i + len > s.size()) {
    ++i;
    return -1;
  }
  for (unsigned k = 1; k < len; ++k) {
    unsigned char cc = byte(i + k);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((len == 3 && cp < 0x800) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += len;
  return cp;
}

/// Code points a YAML reader takes as data inside any scalar. C1 controls
/// (NEL is a line break in YAML 1.1), the 1.1 line/paragraph separators, the
/// byte-order mark and the non-characters must be escaped.
bool isPrintable(int32_t cp) {
  if (cp < 0x20 || cp == 0x7F)
    return false;
  if (cp >= 0x80 && cp <= 0x9F)
    return false;
  if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE ||
      cp == 0xFFFF)
    return false;
  return true;
}

/// Words YAML 1.1 resolves to booleans or null (any case is quoted: a
/// stricter rule than the spec's, and harmless).
bool isReservedWord(StringRef s) {
  if (s.size() > 5)
    return false;
  char lower[5];
  for (size_t i = 0; i < s.size(); ++i)
    lower[i] = toLower(s[i]);
  return StringSwitch<bool>(StringRef(lower, s.size()))
      .Cases("y", "n", "yes", "no", "true", "false", true)
      .Cases("on", "off", "null", true)
      .Default(false);
}

// Classes of bytes, looked up once per byte of every scalar.
enum : uint8_t {
  PlainChar = 1,  // may appear after the first character of a plain scalar
  PlainStart = 2, // may start a plain scalar
  Visible = 4,    // not a blank, line break or control character
  LineBreak = 8,  // '\n'
  Tab = 16,       // '\t'
  Control = 32,   // other C0 controls and DEL: always escaped
  HighBit = 64,   // part of a multi-byte UTF-8 sequence
  Colon = 128,    // ':', which may start a mapping value
};

constexpr std::array<uint8_t, 256> makeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    uint8_t k = 0;
    if (c >= 0x80)
      k = HighBit;
    else if (c == '\n')
      k = LineBreak;
    else if (c == '\t')
      k = Tab;
    else if (c < 0x20 || c == 0x7F)
      k = Control;
    else if (c != ' ')
      k = Visible;
    // The plain set is narrower than YAML's: anything that starts an
    // indicator, a comment, an escape or a flow collection anywhere is
    // quoted instead. Digits, signs and dots may not start a plain scalar
    // (a number, a date, .inf), nor may other punctuation (indicators).
    constexpr const char *extra = " _-./,()=+@:;'!?*&%<>~^$";
    bool inExtra = false;
    for (const char *p = extra; *p; ++p)
      inExtra |= static_cast<unsigned char>(*p) == c;
    if (alpha || digit || inExtra)
      k |= PlainChar;
    if (alpha || c == '_' || c == '/')
      k |= PlainStart;
    if (c == ':')
      k |= Colon;
    t[c] = k;
  }
  return t;
}

constexpr std::array<uint8_t, 256> ByteClasses = makeByteClasses();

constexpr size_t MaxImplicitKey = 1000;

} // namespace

ScalarStyle chooseScalarStyle(StringRef s, bool asKey) {
  if (s.empty())
    return ScalarStyle::SingleQuoted;
  const auto *bytes = reinterpret_cast<const unsigned char *>(s.data());
  size_t n = s.size();
  uint8_t any = 0, all = 0xFF;
  for (size_t i = 0; i < n; ++i) {
    uint8_t k = ByteClasses[bytes[i]];
    any |= k;
    all &= k;
  }
  bool nonPrintable = any & Control;
  bool visible = any & Visible;
  if (any & HighBit) {
    for (size_t i = 0; i < n;) {
      if (bytes[i] < 0x80) {
        ++i;
        continue;
      }
      int32_t cp = decodeUTF8(s, i);
      if (cp < 0 || !isPrintable(cp))
        nonPrintable = true;
      else
        visible = true;
    }
  }
  if (nonPrintable)
    return ScalarStyle::DoubleQuoted;
  // A literal block keeps text (source code, Guard policies) readable; it
  // needs something visible, or a reader could not tell its extent.
  if (any & LineBreak)
    return asKey || !visible ? ScalarStyle::DoubleQuoted : ScalarStyle::Literal;
  if (any & Tab)
    return ScalarStyle::DoubleQuoted;
  bool plain = (all & PlainChar) && (ByteClasses[bytes[0]] & PlainStart) &&
               s.back() != ' ' && s.back() != ':' &&
               (!(any & Colon) || s.find(": ") == StringRef::npos) &&
               !isReservedWord(s);
  return plain ? ScalarStyle::Plain : ScalarStyle::SingleQuoted;
}

void appendDoubleQuoted(std::string &out, StringRef s) {
  static const char hex[] = "0123456789ABCDEF";
  out += '"';
  for (size_t i = 0, e = s.size(); i < e;) {
    unsigned char c = s[i];
    if (c >= 0x20 && c < 0x7F) {
      if (c == '"' || c == '\\')
        out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x80) {
      ++i;
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
      case 0:
        out += "\\0";
        break;
      default:
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      }
      continue;
    }
    size_t start = i;
    int32_t cp = decodeUTF8(s, i);
    if (cp < 0) {
      out += "\\uFFFD";
    } else if (!isPrintable(cp)) {
      if (cp <= 0xFF) {
        out += "\\x";
        out += hex[cp >> 4];
        out += hex[cp & 0xF];
      } else {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
          out += hex[(cp >> shift) & 0xF];
      }
    } else {
      out.append(s.data() + start, i - start);
    }
  }
  out += '"';
}

void YamlWriter::startEntry(Frame &f) {
  if (f.count == 0) {
    if (f.afterKey) {
      out += '\n';
      indentTo(f.indent);
    } else if (!f.afterDash) {
      indentTo(f.indent);
    }
    // After `- ` the first entry continues the dash's line.
  } else {
    indentTo(f.indent);
  }
  ++f.count;
}

unsigned YamlWriter::startScalar() {
  if (stack.empty()) {
    assert(where == Where::Root && "value without a key");
    indentTo(baseIndent);
    return baseIndent + 2;
  }
  Frame &top = stack.back();
  if (top.kind == Frame::Map) {
    assert(where == Where::AfterKey && "map value without a key");
    where = Where::Root;
    out += ' ';
    return top.indent + 2;
  }
  startEntry(top);
  out += "- ";
  return top.indent + 2;
}

void YamlWriter::beginCollection(Frame::Kind kind) {
  Frame f{kind, baseIndent, 0, false, false};
  if (!stack.empty()) {
    Frame &top = stack.back();
    if (top.kind == Frame::Map) {
      assert(where == Where::AfterKey && "map value without a key");
      where = Where::Root;
      f.afterKey = true;
    } else {
      startEntry(top);
      out += "- ";
      f.afterDash = true;
    }
    f.indent = top.indent + 2;
  }
  stack.push_back(f);
}

void YamlWriter::endCollection(Frame::Kind kind) {
  assert(!stack.empty() && stack.back().kind == kind && "unbalanced end");
  assert(where != Where::AfterKey && "key without a value");
  Frame f = stack.pop_back_val();
  if (f.count != 0)
    return;
  const char *empty = kind == Frame::Map ? "{}\n" : "[]\n";
  if (f.afterKey)
    out += ' ';
  else if (!f.afterDash)
    indentTo(f.indent);
  out += empty;
}

void YamlWriter::key(StringRef k) {
  assert(!stack.empty() && stack.back().kind == Frame::Map &&
         "key outside a map");
  assert(where != Where::AfterKey && "two keys in a row");
  Frame &f = stack.back();
  startEntry(f);
  size_t start = out.size();
  writeScalar(k, chooseScalarStyle(k, /*asKey=*/true));
  // Readers limit implicit keys to 1024 characters (PyYAML fails past it);
  // a longer key takes the explicit form `? key` / `:`.
  if (out.size() - start > MaxImplicitKey) {
    out.insert(start, "? ");
    out += '\n';
    indentTo(f.indent);
  }
  out += ':';
  where = Where::AfterKey;
}

void YamlWriter::writeScalar(StringRef s, ScalarStyle style) {
  switch (style) {
  case ScalarStyle::Plain:
    out.append(s.data(), s.size());
    return;
  case ScalarStyle::SingleQuoted:
    out += '\'';
    for (char c : s) {
      if (c == '\'')
        out += '\'';
      out += c;
    }
    out += '\'';
    return;
  case ScalarStyle::DoubleQuoted:
  case ScalarStyle::Literal: // never chosen for keys; handled by string()
    appendDoubleQuoted(out, s);
    return;
  }
}

void YamlWriter::writeLiteral(StringRef s, unsigned contentIndent) {
  // Readers detect the content's indentation from its first non-empty line;
  // when that line itself starts with blanks, say the indentation outright
  // (relative to the parent node, which sits two columns to the left).
  StringRef body = s.rtrim('\n');
  size_t trailing = s.size() - body.size();
  bool needsIndicator = false;
  for (StringRef rest = body; !rest.empty();) {
    auto [line, tail] = rest.split('\n');
    if (!line.empty()) {
      needsIndicator = line.front() == ' ' || line.front() == '\t';
      break;
    }
    rest = tail;
  }
  out += '|';
  if (needsIndicator)
    out += '2';
  if (trailing == 0)
    out += '-';
  else if (trailing > 1)
    out += '+';
  out += '\n';
  for (StringRef rest = body;;) {
    auto [line, tail] = rest.split('\n');
    if (!line.empty()) {
      indentTo(contentIndent);
      out.append(line.data(), line.size());
    }
    out += '\n';
    if (tail.data() == nullptr || line.size() == rest.size())
      break;
    rest = tail;
  }
  // `|+` keeps the trailing line breaks: one ends the last line above, the
  // others are empty lines.
  if (trailing > 1)
    out.append(trailing - 1, '\n');
}

void YamlWriter::string(StringRef s) {
  unsigned contentIndent = startScalar();
  ScalarStyle style = chooseScalarStyle(s);
  if (style == ScalarStyle::Literal) {
    writeLiteral(s, contentIndent);
    return;
  }
  writeScalar(s, style);
  out += '\n';
}

void YamlWriter::integer(int64_t v) {
  startScalar();
  out += std::to_string(v);
  out += '\n';
}

void YamlWriter::boolean(bool v) {
  startScalar();
  out += v ? "true\n" : "false\n";
}

void YamlWriter::tagged(StringRef tag, StringRef arg) {
  startScalar();
  out.append(tag.data(), tag.size());
  out += ' ';
  // One line, whatever the argument.
  writeScalar(arg, chooseScalarStyle(arg, /*asKey=*/true));
  out += '\n';
}

void YamlWriter::getAtt(StringRef logicalId, StringRef attribute) {
  std::string arg;
  arg.reserve(logicalId.size() + attribute.size() + 1);
  arg.append(logicalId.data(), logicalId.size());
  arg += '.';
  arg.append(attribute.data(), attribute.size());
  tagged("!GetAtt", arg);
}

} // namespace rulecc::cfn
