//===- Value.cpp - Interned keys, equality and the text of values ---------===//
// The text forms here are the contract shared with the generated Python and
// Node code: Python's repr(float) and compact, key-sorted JSON.

#include "runtime/eval/Value.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include "llvm/Support/Format.h"

#include <charconv>
#include <cmath>

using namespace llvm;

namespace rulecc::eval {

KeyTable::Id KeyTable::intern(StringRef key) {
  auto [it, inserted] = ids.try_emplace(key, static_cast<Id>(names.size()));
  if (inserted) {
    names.push_back(it->getKey());
    foldedIds.push_back(foldedOf(key));
  }
  return it->second;
}

bool KeyTable::lookup(StringRef key, Id &id) const {
  auto it = ids.find(key);
  if (it == ids.end())
    return false;
  id = it->second;
  return true;
}

KeyTable::Id KeyTable::foldedOf(StringRef written) {
  SmallString<64> f;
  for (char c : written)
    if (c != '_')
      f.push_back(toLower(c));
  return foldedTable.try_emplace(f, static_cast<Id>(foldedTable.size()))
      .first->second;
}

StringRef Value::kindName(Kind k) {
  switch (k) {
  case Nil:
    return "nil";
  case Bool:
    return "Bool";
  case Int:
    return "Int";
  case Float:
    return "Float";
  case String:
    return "String";
  case List:
    return "List";
  case Map:
    return "Map";
  }
  return "?";
}

Value numberValue(double d) {
  if (std::isfinite(d) && std::trunc(d) == d &&
      std::fabs(d) < static_cast<double>(MaxExactInt))
    return Value::integer(static_cast<int64_t>(d));
  return Value::real(d);
}

bool equals(const Value &a, const Value &b, const KeyTable &keys) {
  if (a.isNumber() && b.isNumber()) {
    if (a.is(Value::Int) && b.is(Value::Int))
      return a.getInt() == b.getInt();
    return a.number() == b.number();
  }
  if (a.getKind() != b.getKind())
    return false;
  switch (a.getKind()) {
  case Value::Nil:
    return true;
  case Value::Bool:
    return a.getBool() == b.getBool();
  case Value::String:
    return a.getString() == b.getString();
  case Value::List: {
    ArrayRef<Value> x = a.getList(), y = b.getList();
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!equals(x[i], y[i], keys))
        return false;
    return true;
  }
  case Value::Map: {
    if (a.getMap().size() != b.getMap().size())
      return false;
    for (const MapEntry &e : a.getMap()) {
      const Value *other = b.find(e.key);
      if (!other || !equals(e.value, *other, keys))
        return false;
    }
    return true;
  }
  default:
    return false;
  }
}

void writeFloat(double d, raw_ostream &os) {
  if (std::isnan(d)) {
    os << "nan";
    return;
  }
  if (std::isinf(d)) {
    os << (d < 0 ? "-inf" : "inf");
    return;
  }
  // The shortest round-tripping digits, then Python's layout: positional
  // when the exponent is in [-4, 16), else d.ddde+XX.
  char buf[64];
  auto res =
      std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  StringRef sci(buf, res.ptr - buf);
  bool negative = sci.consume_front("-");
  auto [mantissa, expText] = sci.split('e');
  int exp = 0;
  expText.consume_front("+");
  expText.getAsInteger(10, exp);
  SmallString<32> digits;
  for (char c : mantissa)
    if (c != '.')
      digits.push_back(c);
  if (negative)
    os << '-';
  int point = exp + 1; // digits before the decimal point
  if (exp >= -4 && exp < 16) {
    if (point <= 0) {
      os << "0.";
      for (int i = 0; i < -point; ++i)
        os << '0';
      os << digits;
    } else if (static_cast<size_t>(point) >= digits.size()) {
      os << digits;
      for (size_t i = digits.size(); i < static_cast<size_t>(point); ++i)
        os << '0';
      os << ".0";
    } else {
      os << StringRef(digits).take_front(point) << '.'
         << StringRef(digits).drop_front(point);
    }
    return;
  }
  os << digits[0];
  if (digits.size() > 1)
    os << '.' << StringRef(digits).drop_front();
  os << 'e' << (exp < 0 ? '-' : '+');
  int mag = exp < 0 ? -exp : exp;
  if (mag < 10)
    os << '0';
  os << mag;
}

void writeJSONString(StringRef s, raw_ostream &os) {
  os << '"';
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      os << "\\\"";
      break;
    case '\\':
      os << "\\\\";
      break;
    case '\n':
      os << "\\n";
      break;
    case '\r':
      os << "\\r";
      break;
    case '\t':
      os << "\\t";
      break;
    case '\b':
      os << "\\b";
      break;
    case '\f':
      os << "\\f";
      break;
    default:
      if (c < 0x20)
        os << format("\\u%04x", c);
      else
        os << static_cast<char>(c);
    }
  }
  os << '"';
}

void writeJSON(const Value &v, const KeyTable &keys, raw_ostream &os) {
  switch (v.getKind()) {
  case Value::Nil:
    os << "null";
    return;
  case Value::Bool:
    os << (v.getBool() ? "true" : "false");
    return;
  case Value::Int:
    os << v.getInt();
    return;
  case Value::Float: {
    double d = v.getFloat();
    if (std::isnan(d))
      os << "NaN";
    else if (std::isinf(d))
      os << (d < 0 ? "-Infinity" : "Infinity");
    else
      writeFloat(d, os);
    return;
  }
  case Value::String:
    writeJSONString(v.getString(), os);
    return;
  case Value::List: {
    os << '[';
    bool first = true;
    for (const Value &e : v.getList()) {
      if (!first)
        os << ',';
      first = false;
      writeJSON(e, keys, os);
    }
    os << ']';
    return;
  }
  case Value::Map: {
    // Sorted by code point, which is the byte order of UTF-8.
    SmallVector<const MapEntry *, 16> sorted;
    for (const MapEntry &e : v.getMap())
      sorted.push_back(&e);
    llvm::sort(sorted, [&](const MapEntry *a, const MapEntry *b) {
      return keys.name(a->key) < keys.name(b->key);
    });
    os << '{';
    bool first = true;
    for (const MapEntry *e : sorted) {
      if (!first)
        os << ',';
      first = false;
      writeJSONString(keys.name(e->key), os);
      os << ':';
      writeJSON(e->value, keys, os);
    }
    os << '}';
    return;
  }
  }
}

void writeText(const Value &v, const KeyTable &keys, raw_ostream &os) {
  switch (v.getKind()) {
  case Value::Nil:
    return;
  case Value::Bool:
    os << (v.getBool() ? "true" : "false");
    return;
  case Value::Int:
    os << v.getInt();
    return;
  case Value::Float:
    writeFloat(v.getFloat(), os);
    return;
  case Value::String:
    os << v.getString();
    return;
  case Value::List:
  case Value::Map:
    writeJSON(v, keys, os);
    return;
  }
}

std::string toText(const Value &v, const KeyTable &keys) {
  std::string out;
  raw_string_ostream os(out);
  writeText(v, keys, os);
  return out;
}

std::string pythonStr(const Value &v, const KeyTable &keys) {
  switch (v.getKind()) {
  case Value::Nil:
    return "None";
  case Value::Bool:
    return v.getBool() ? "True" : "False";
  default:
    return toText(v, keys);
  }
}

size_t codePoints(StringRef s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace rulecc::eval
