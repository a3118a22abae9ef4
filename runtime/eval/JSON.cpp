//===- JSON.cpp - One-pass JSON reader into the evaluator's values --------===//
// llvm::json keeps objects in hash maps, which loses the key order a loose
// property lookup depends on ("the first key, in the map's order"), and
// allocates per node; this reader builds order-keeping values in an arena.

#include "runtime/eval/Value.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace rulecc::eval {

namespace {

/// The offset of the first byte that is not well-formed UTF-8 (overlong
/// forms, surrogates and code points past U+10FFFF included), or npos.
/// llvm::isLegalUTF8String checks one code point per call, which was 40% of
/// reading a snapshot; here ASCII is skipped eight bytes at a time.
size_t firstInvalidUTF8(StringRef text) {
  const auto *begin = reinterpret_cast<const unsigned char *>(text.data());
  const unsigned char *p = begin, *end = begin + text.size();
  while (p < end) {
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL)
        break;
      p += 8;
    }
    if (p == end)
      break;
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len == 0 || static_cast<size_t>(end - p) < len)
      return p - begin;
    for (size_t i = 1; i < len; ++i)
      if ((p[i] & 0xC0) != 0x80)
        return p - begin;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0) ||
        (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
      return p - begin;
    p += len;
  }
  return StringRef::npos;
}

/// Deeper documents are refused rather than risking the stack (Python's
/// json module stops near 1000 too).
constexpr unsigned MaxDepth = 512;

class Reader {
public:
  Reader(StringRef text, BumpPtrAllocator &arena, KeyTable &keys,
         JSONError &err)
      : text(text), arena(arena), keys(keys), err(err) {}

  bool parse(Value &out) {
    // A leading byte order mark is tolerated.
    if (text.startswith("\xEF\xBB\xBF"))
      pos = 3;
    size_t bad = firstInvalidUTF8(text);
    if (bad != StringRef::npos) {
      pos = bad;
      return fail("the file is not valid UTF-8");
    }
    skipSpace();
    if (!value(out, 0))
      return false;
    skipSpace();
    if (pos != text.size())
      return fail("extra data after the JSON value");
    return true;
  }

private:
  StringRef text;
  size_t pos = 0;
  BumpPtrAllocator &arena;
  KeyTable &keys;
  JSONError &err;
  /// Elements and members of the containers being read, as stacks: a
  /// finished container moves its part into the arena in one piece.
  std::vector<Value> elems;
  std::vector<MapEntry> members;

  bool fail(const Twine &msg) {
    err.offset = pos;
    err.message = msg.str();
    return false;
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool atEnd() const { return pos >= text.size(); }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                 text[pos] == '\t' || text[pos] == '\r'))
      ++pos;
  }
  bool literal(StringRef word) {
    if (!text.substr(pos).startswith(word))
      return fail("invalid JSON value");
    pos += word.size();
    return true;
  }

  bool value(Value &out, unsigned depth) {
    if (atEnd())
      return fail("unexpected end of the file, expected a JSON value");
    switch (peek()) {
    case '{':
      return object(out, depth + 1);
    case '[':
      return array(out, depth + 1);
    case '"': {
      StringRef s;
      if (!string(s))
        return false;
      out = Value::string(s);
      return true;
    }
    case 't':
      out = Value::boolean(true);
      return literal("true");
    case 'f':
      out = Value::boolean(false);
      return literal("false");
    case 'n':
      out = Value();
      return literal("null");
    default:
      if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
        return number(out);
      return fail("invalid JSON value");
    }
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool number(Value &out) {
    size_t start = pos;
    bool negative = peek() == '-';
    if (negative)
      ++pos;
    if (!isDigit(peek()))
      return fail("invalid number");
    if (peek() == '0' && pos + 1 < text.size() && isDigit(text[pos + 1]))
      return fail("invalid number: leading zero");
    int64_t mantissa = 0;
    unsigned digits = 0;
    while (isDigit(peek())) {
      if (digits < 18)
        mantissa = mantissa * 10 + (peek() - '0');
      ++digits;
      ++pos;
    }
    bool simple = true;
    if (peek() == '.') {
      simple = false;
      ++pos;
      if (!isDigit(peek()))
        return fail("invalid number: expected a digit after '.'");
      while (isDigit(peek()))
        ++pos;
    }
    if (peek() == 'e' || peek() == 'E') {
      simple = false;
      ++pos;
      if (peek() == '+' || peek() == '-')
        ++pos;
      if (!isDigit(peek()))
        return fail("invalid number: expected a digit in the exponent");
      while (isDigit(peek()))
        ++pos;
    }
    // Up to 15 digits is always below 2^53.
    if (simple && digits <= 15) {
      out = Value::integer(negative ? -mantissa : mantissa);
      return true;
    }
    SmallString<64> buf(text.slice(start, pos));
    out = numberValue(std::strtod(buf.c_str(), nullptr));
    return true;
  }

  static unsigned hexValue(char c) {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return 16;
  }

  bool hex4(unsigned &cp) {
    cp = 0;
    for (int i = 0; i < 4; ++i, ++pos) {
      unsigned h = atEnd() ? 16 : hexValue(peek());
      if (h == 16)
        return fail("invalid \\u escape: expected four hex digits");
      cp = cp * 16 + h;
    }
    return true;
  }

  static void appendUTF8(unsigned cp, SmallVectorImpl<char> &out) {
    // Lone surrogates (which Python's json accepts) are encoded as they are.
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool string(StringRef &out) {
    ++pos; // the opening quote
    size_t start = pos;
    // Fast path: no escapes, the value points into the text.
    while (pos < text.size()) {
      unsigned char c = text[pos];
      if (c == '"') {
        out = text.slice(start, pos);
        ++pos;
        return true;
      }
      if (c == '\\')
        break;
      if (c < 0x20)
        return fail("invalid control character in a string");
      ++pos;
    }
    if (atEnd())
      return fail("unterminated string");
    SmallString<128> buf(text.slice(start, pos));
    while (!atEnd()) {
      unsigned char c = text[pos];
      if (c == '"') {
        ++pos;
        char *mem = static_cast<char *>(arena.Allocate(buf.size(), 1));
        std::memcpy(mem, buf.data(), buf.size());
        out = StringRef(mem, buf.size());
        return true;
      }
      if (c < 0x20)
        return fail("invalid control character in a string");
      if (c != '\\') {
        buf.push_back(static_cast<char>(c));
        ++pos;
        continue;
      }
      ++pos;
      if (atEnd())
        break;
      char e = text[pos++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        buf.push_back(e);
        break;
      case 'b':
        buf.push_back('\b');
        break;
      case 'f':
        buf.push_back('\f');
        break;
      case 'n':
        buf.push_back('\n');
        break;
      case 'r':
        buf.push_back('\r');
        break;
      case 't':
        buf.push_back('\t');
        break;
      case 'u': {
        unsigned cp;
        if (!hex4(cp))
          return false;
        if (cp >= 0xD800 && cp < 0xDC00 && text.substr(pos).startswith("\\u")) {
          size_t save = pos;
          pos += 2;
          unsigned low;
          if (!hex4(low))
            return false;
          if (low >= 0xDC00 && low < 0xE000)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          else
            pos = save;
        }
        appendUTF8(cp, buf);
        break;
      }
      default:
        pos -= 2; // at the backslash
        return fail("invalid escape in a string");
      }
    }
    return fail("unterminated string");
  }

  bool array(Value &out, unsigned depth) {
    if (depth > MaxDepth)
      return fail("JSON nested too deeply");
    ++pos;
    size_t base = elems.size();
    skipSpace();
    if (peek() == ']') {
      ++pos;
      out = Value::list(nullptr, 0);
      return true;
    }
    for (;;) {
      Value v;
      if (!value(v, depth))
        return false;
      elems.push_back(v);
      skipSpace();
      if (peek() == ',') {
        ++pos;
        skipSpace();
        continue;
      }
      if (peek() == ']') {
        ++pos;
        break;
      }
      return fail(atEnd() ? "unexpected end of the file in an array"
                          : "expected ',' or ']' in an array");
    }
    size_t n = elems.size() - base;
    Value *mem = arena.Allocate<Value>(n);
    std::copy(elems.begin() + base, elems.end(), mem);
    elems.resize(base);
    out = Value::list(mem, n);
    return true;
  }

  bool object(Value &out, unsigned depth) {
    if (depth > MaxDepth)
      return fail("JSON nested too deeply");
    ++pos;
    size_t base = members.size();
    skipSpace();
    if (peek() == '}') {
      ++pos;
      out = Value::map(nullptr, 0);
      return true;
    }
    for (;;) {
      if (peek() != '"')
        return fail(atEnd() ? "unexpected end of the file in an object"
                            : "expected a string key in an object");
      StringRef key;
      if (!string(key))
        return false;
      skipSpace();
      if (peek() != ':')
        return fail("expected ':' after an object key");
      ++pos;
      skipSpace();
      Value v;
      if (!value(v, depth))
        return false;
      members.push_back({keys.intern(key), v});
      skipSpace();
      if (peek() == ',') {
        ++pos;
        skipSpace();
        continue;
      }
      if (peek() == '}') {
        ++pos;
        break;
      }
      return fail(atEnd() ? "unexpected end of the file in an object"
                          : "expected ',' or '}' in an object");
    }
    size_t n = dedupe(base);
    MapEntry *mem = arena.Allocate<MapEntry>(n);
    std::copy(members.begin() + base, members.begin() + base + n, mem);
    members.resize(base);
    out = Value::map(mem, n);
    return true;
  }

  /// A key given twice keeps its first position and its last value, as a
  /// Python dict built by json.loads does. Returns the member count.
  size_t dedupe(size_t base) {
    size_t n = members.size() - base;
    MapEntry *m = members.data() + base;
    bool dup = false;
    if (n <= 16) {
      for (size_t i = 1; i < n && !dup; ++i)
        for (size_t j = 0; j < i; ++j)
          if (m[i].key == m[j].key) {
            dup = true;
            break;
          }
    } else {
      DenseMap<KeyTable::Id, size_t> seen;
      for (size_t i = 0; i < n && !dup; ++i)
        dup = !seen.try_emplace(m[i].key, i).second;
    }
    if (!dup)
      return n;
    DenseMap<KeyTable::Id, size_t> first;
    size_t out = 0;
    for (size_t i = 0; i < n; ++i) {
      auto [it, inserted] = first.try_emplace(m[i].key, out);
      if (inserted)
        m[out++] = m[i];
      else
        m[it->second].value = m[i].value;
    }
    return out;
  }
};

} // namespace

bool parseJSON(StringRef text, BumpPtrAllocator &arena, KeyTable &keys,
               Value &out, JSONError &err) {
  return Reader(text, arena, keys, err).parse(out);
}

} // namespace rulecc::eval
