//===- LowerBodyRegex.cpp - `match?` patterns: the subset and its ERE -----===//
// llvm::Regex matches bytes; the translation makes every construct that can
// meet a non-ASCII character consume a whole UTF-8 sequence, so that the
// answers are Python's on code points. Constructs the three languages read
// differently (`[]...]`, `{,n}`, lazy quantifiers, lookaround, backrefs)
// are refused here, in sema, rather than answered differently at run time.

#include "ir/LowerBodyRegex.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <bitset>

using namespace llvm;

namespace rulecc::ir::body {

namespace {

/// POSIX bracket expressions have no escapes; sets are emitted from a
/// bitmap with `]` first and `-` last so no member is read as syntax.
using CharSet = std::bitset<128>;

/// One code point that is not a newline; a continuation byte never starts
/// one, so a match cannot begin inside a character.
constexpr StringLiteral AnyChar = "([^\n\x80-\xbf][\x80-\xbf]*)";
/// llvm::Regex's RE_DUP_MAX.
constexpr unsigned MaxRepeat = 255;

class Translator {
public:
  Translator(StringRef p, std::string &out, RegexError &err)
      : p(p), out(out), err(err) {}

  bool run() {
    if (p.empty()) {
      out = "^"; // matches every string, as an empty pattern does
      return true;
    }
    if (!alternation(0))
      return false;
    if (pos < p.size())
      return fail("unbalanced ')'");
    return true;
  }

private:
  StringRef p;
  size_t pos = 0;
  std::string &out;
  RegexError &err;

  bool fail(const Twine &msg) {
    err.offset = pos;
    err.message = msg.str();
    return false;
  }
  bool atEnd() const { return pos >= p.size(); }
  char peek() const { return p[pos]; }

  bool alternation(unsigned depth) {
    if (depth > 64)
      return fail("groups nested too deeply");
    for (;;) {
      size_t before = out.size();
      if (!sequence(depth))
        return false;
      if (out.size() == before)
        return fail("empty alternative");
      if (atEnd() || peek() != '|')
        return true;
      out += '|';
      ++pos;
    }
  }

  bool sequence(unsigned depth) {
    while (!atEnd() && peek() != '|' && peek() != ')') {
      std::string atom;
      bool repeatable = true;
      if (!this->atom(depth, atom, repeatable))
        return false;
      if (!atEnd() && isQuantifierStart()) {
        if (!repeatable)
          return fail("nothing to repeat");
        std::string q;
        if (!quantifier(q))
          return false;
        if (!atEnd() && (isQuantifierStart() || peek() == '?'))
          return fail(peek() == '?' ? "lazy quantifiers are not in the "
                                      "common subset"
                                    : "multiple repeat");
        out += atom;
        out += q;
      } else {
        out += atom;
      }
    }
    return true;
  }

  bool isQuantifierStart() const {
    char c = peek();
    return c == '*' || c == '+' || c == '?' || c == '{';
  }

  bool number(unsigned &n) {
    size_t start = pos;
    n = 0;
    while (!atEnd() && isDigit(peek())) {
      n = n * 10 + (peek() - '0');
      if (n > 100000)
        n = 100000;
      ++pos;
    }
    return pos > start;
  }

  bool quantifier(std::string &q) {
    char c = peek();
    if (c != '{') {
      q = c;
      ++pos;
      return true;
    }
    size_t start = pos++;
    unsigned m = 0, n = 0;
    if (!number(m)) {
      pos = start;
      return fail("'{' that is not a quantifier {m}, {m,} or {m,n}; "
                  "escape it as \\{");
    }
    bool unbounded = false;
    n = m;
    if (!atEnd() && peek() == ',') {
      ++pos;
      if (!number(n))
        unbounded = true;
    }
    if (atEnd() || peek() != '}') {
      pos = start;
      return fail("'{' that is not a quantifier {m}, {m,} or {m,n}; "
                  "escape it as \\{");
    }
    ++pos;
    if (m > MaxRepeat || (!unbounded && n > MaxRepeat)) {
      pos = start;
      return fail("repeat count over " + Twine(MaxRepeat));
    }
    if (!unbounded && n < m) {
      pos = start;
      return fail("repeat range {m,n} with n < m");
    }
    q = p.slice(start, pos).str();
    return true;
  }

  static bool isMeta(char c) {
    return StringRef(".[]()*+?{}|^$\\").contains(c);
  }

  /// A literal ASCII character as an ERE atom.
  static void literal(char c, std::string &atom) {
    if (isMeta(c))
      atom += '\\';
    atom += c;
  }

  /// \d \w \s as sets; false for other letters.
  static bool classEscape(char c, CharSet &set) {
    switch (toLower(c)) {
    case 'd':
      for (char x = '0'; x <= '9'; ++x)
        set.set(x);
      return true;
    case 'w':
      for (char x = '0'; x <= '9'; ++x)
        set.set(x);
      for (char x = 'a'; x <= 'z'; ++x) {
        set.set(x);
        set.set(toUpper(x));
      }
      set.set('_');
      return true;
    case 's':
      for (char x : StringRef(" \t\n\r\f\v"))
        set.set(x);
      return true;
    default:
      return false;
    }
  }

  /// The character a control escape (\n \t \r \f \v) stands for.
  static char controlEscape(char c) {
    switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    default:
      return 0;
    }
  }

  static std::string emitSet(const CharSet &set, bool negated) {
    // `]` first, `[` after the other members (never before `:`, `.` or
    // `=`), `^` never first, `-` last.
    std::string others;
    for (unsigned c = 1; c < 128; ++c)
      if (set.test(c) && !StringRef("]-^[").contains(static_cast<char>(c)))
        others += static_cast<char>(c);
    std::string body;
    if (set.test(']'))
      body += ']';
    body += others;
    if (set.test('['))
      body += '[';
    if (set.test('^'))
      body += '^';
    bool dash = set.test('-');
    if (!negated) {
      if (set.count() == 1) {
        std::string atom;
        for (unsigned c = 0; c < 128; ++c)
          if (set.test(c))
            literal(static_cast<char>(c), atom);
        return atom;
      }
      if (!body.empty() && body[0] == '^')
        return "[-^]"; // only `^` and `-`
      return "[" + body + (dash ? "-" : "") + "]";
    }
    // Any code point outside the set, newlines included (Python's [^...]).
    return "([^" + body + "\x80-\xbf" + (dash ? "-" : "") + "][\x80-\xbf]*)";
  }

  bool atom(unsigned depth, std::string &atom, bool &repeatable) {
    char c = peek();
    switch (c) {
    case '(': {
      ++pos;
      if (!atEnd() && peek() == '?')
        return fail("'(?' groups (lookaround, flags, named groups) are not "
                    "in the common subset");
      std::string saved;
      std::swap(saved, out);
      bool ok = alternation(depth + 1);
      std::swap(saved, out);
      if (!ok)
        return false;
      if (atEnd())
        return fail("missing ')'");
      ++pos;
      atom = "(" + saved + ")";
      return true;
    }
    case '[':
      return bracket(atom);
    case '.':
      ++pos;
      atom = AnyChar.str();
      return true;
    case '^':
    case '$':
      ++pos;
      atom = c;
      repeatable = false;
      return true;
    case '*':
    case '+':
    case '?':
      return fail("nothing to repeat");
    case '{':
      return fail("'{' that is not a quantifier; escape it as \\{");
    case '\\':
      return escape(atom);
    default:
      break;
    }
    unsigned char u = c;
    if (u < 0x80) {
      literal(c, atom);
      ++pos;
      return true;
    }
    // A whole UTF-8 sequence, grouped so a quantifier repeats all of it.
    size_t start = pos++;
    while (!atEnd() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80)
      ++pos;
    atom = "(" + p.slice(start, pos).str() + ")";
    return true;
  }

  bool escape(std::string &atom) {
    ++pos;
    if (atEnd())
      return fail("a pattern cannot end with '\\'");
    char c = peek();
    CharSet set;
    if (classEscape(c, set)) {
      ++pos;
      atom = emitSet(set, c >= 'A' && c <= 'Z');
      return true;
    }
    if (char ctl = controlEscape(c)) {
      ++pos;
      atom = ctl;
      return true;
    }
    if (isAlnum(c) || static_cast<unsigned char>(c) >= 0x80)
      return fail(Twine("'\\") + Twine(c) +
                  "' is not in the common subset (\\d \\w \\s \\D \\W \\S, "
                  "\\n \\t \\r \\f \\v and escaped punctuation)");
    ++pos;
    literal(c, atom);
    return true;
  }

  /// One member of a class: a character (possibly escaped) or a class
  /// escape, which fills `set` directly (`isClass`).
  bool classMember(CharSet &set, char &ch, bool &isClass) {
    isClass = false;
    char c = peek();
    if (static_cast<unsigned char>(c) >= 0x80)
      return fail("non-ASCII characters in a class are not in the common "
                  "subset");
    if (c != '\\') {
      ++pos;
      ch = c;
      return true;
    }
    ++pos;
    if (atEnd())
      return fail("missing ']'");
    c = peek();
    if (c == 'D' || c == 'W' || c == 'S')
      return fail(Twine("'\\") + Twine(c) +
                  "' inside a class is not in the common subset");
    if (classEscape(c, set)) {
      ++pos;
      isClass = true;
      return true;
    }
    if (char ctl = controlEscape(c)) {
      ++pos;
      ch = ctl;
      return true;
    }
    if (isAlnum(c) || static_cast<unsigned char>(c) >= 0x80)
      return fail(Twine("'\\") + Twine(c) +
                  "' is not in the common subset inside a class");
    ++pos;
    ch = c;
    return true;
  }

  bool bracket(std::string &atom) {
    size_t start = pos++;
    bool negated = !atEnd() && peek() == '^';
    if (negated)
      ++pos;
    if (!atEnd() && peek() == ']')
      return fail("']' first in a class reads differently in Python and "
                  "JavaScript; escape it as \\]");
    CharSet set;
    bool any = false;
    while (!atEnd() && peek() != ']') {
      char lo;
      bool isClass;
      if (!classMember(set, lo, isClass))
        return false;
      any = true;
      if (isClass)
        continue;
      if (pos + 1 < p.size() && peek() == '-' && p[pos + 1] != ']') {
        ++pos;
        char hi;
        bool hiClass;
        if (!classMember(set, hi, hiClass))
          return false;
        if (hiClass || hi < lo)
          return fail("bad range in a class");
        for (int x = lo; x <= hi; ++x)
          set.set(x);
        continue;
      }
      set.set(static_cast<unsigned char>(lo));
    }
    if (atEnd()) {
      pos = start;
      return fail("missing ']'");
    }
    ++pos;
    if (!any)
      return fail("empty class");
    atom = emitSet(set, negated);
    return true;
  }
};

} // namespace

bool translateRegex(StringRef pattern, std::string &ere, RegexError &err) {
  ere.clear();
  return Translator(pattern, ere, err).run();
}

} // namespace rulecc::ir::body
