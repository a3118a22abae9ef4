//===- Builtins.cpp - Methods, block methods and days_since ---------------===//
// What each built-in accepts at run time; a receiver it does not take is a
// run-time error (ERROR), never a silent answer.

#include "ir/LowerBodyRegex.h"
#include "runtime/eval/Program.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace llvm;
namespace body = rulecc::ir::body;

namespace rulecc::eval {

static bool isBlank(const Value &v) {
  switch (v.getKind()) {
  case Value::Nil:
    return true;
  case Value::Bool:
    return !v.getBool();
  case Value::String:
    for (char ch : v.getString())
      if (!StringRef(" \t\n\v\f\r").contains(ch))
        return false;
    return true;
  case Value::List:
    return v.getList().empty();
  case Value::Map:
    return v.getMap().empty();
  default:
    return false;
  }
}

/// Ruby's String#to_i: leading whitespace, a sign, digits up to the first
/// other character (a single `_` between digits groups them: "1_000" is
/// 1000); no digits is 0.
static bool rubyToI(StringRef s, int64_t &out) {
  size_t i = 0;
  while (i < s.size() && StringRef(" \t\n\v\f\r").contains(s[i]))
    ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-'))
    negative = s[i++] == '-';
  int64_t n = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '_' && i > 0 && isDigit(s[i - 1]) && i + 1 < s.size() &&
        isDigit(s[i + 1]))
      continue;
    if (!isDigit(s[i]))
      break;
    n = n * 10 + (s[i] - '0');
    if (n >= MaxExactInt)
      return false;
  }
  out = negative ? -n : n;
  return true;
}

static std::string caseMapped(StringRef s, bool upper) {
  // ASCII letters only, as the contract says.
  std::string out = s.str();
  for (char &ch : out)
    ch = upper ? toUpper(ch) : toLower(ch);
  return out;
}

Value Machine::method(const Code *c, Value recv) {
  using M = body::MethodKind;
  auto m = static_cast<M>(c->sub);
  auto notFor = [&]() {
    return ("'" + body::spelling(m) + "' is not defined for " + recv.kindName())
        .str();
  };
  switch (m) {
  case M::IsNil:
    return Value::boolean(recv.isNil());
  case M::IsPresent:
    return Value::boolean(!isBlank(recv));
  case M::IsEmpty:
  case M::Size: {
    size_t n;
    switch (recv.getKind()) {
    case Value::Nil:
      n = 0;
      break;
    case Value::String:
      n = codePoints(recv.getString());
      break;
    case Value::List:
      n = recv.getList().size();
      break;
    case Value::Map:
      n = recv.getMap().size();
      break;
    default:
      error(c, notFor());
    }
    return m == M::IsEmpty ? Value::boolean(n == 0)
                           : Value::integer(static_cast<int64_t>(n));
  }
  case M::Includes: {
    Value x = eval(c->b);
    switch (recv.getKind()) {
    case Value::Nil:
      return Value::boolean(false);
    case Value::List:
      for (const Value &e : recv.getList())
        if (equals(e, x, keys))
          return Value::boolean(true);
      return Value::boolean(false);
    case Value::String:
      if (!x.is(Value::String))
        error(c, "'include?' on a String needs a String, not " + x.kindName());
      return Value::boolean(recv.getString().contains(x.getString()));
    case Value::Map: {
      KeyTable::Id id;
      return Value::boolean(x.is(Value::String) &&
                            keys.lookup(x.getString(), id) && recv.find(id));
    }
    default:
      return Value::boolean(equals(recv, x, keys));
    }
  }
  case M::StartsWith:
  case M::EndsWith:
  case M::Matches:
  case M::Downcase:
  case M::Upcase: {
    if (recv.isNil())
      return Value();
    if (!recv.is(Value::String))
      error(c, notFor());
    StringRef s = recv.getString();
    if (m == M::Downcase || m == M::Upcase)
      return makeString(caseMapped(s, m == M::Upcase));
    Value x = eval(c->b);
    if (!x.is(Value::String))
      error(c, "the argument of '" + body::spelling(m) +
                   "' must be a String, not " + x.kindName());
    if (m == M::StartsWith)
      return Value::boolean(s.startswith(x.getString()));
    if (m == M::EndsWith)
      return Value::boolean(s.endswith(x.getString()));
    if (c->re)
      return Value::boolean(c->re->match(s));
    // Only reached for a pattern sema did not see as a literal.
    std::string ere;
    body::RegexError err;
    if (!body::translateRegex(x.getString(), ere, err))
      error(c, "invalid pattern for 'match?': " + err.message);
    return Value::boolean(Regex(ere).match(s));
  }
  case M::ToI:
    switch (recv.getKind()) {
    case Value::Nil:
      return Value::integer(0);
    case Value::Int:
      return recv;
    case Value::Float: {
      double t = std::trunc(recv.getFloat());
      if (!(std::fabs(t) < static_cast<double>(MaxExactInt)))
        error(c, "Int result out of range (beyond ±(2^53-1))");
      return Value::integer(static_cast<int64_t>(t));
    }
    case Value::String: {
      int64_t n;
      if (!rubyToI(recv.getString(), n))
        error(c, "Int result out of range (beyond ±(2^53-1))");
      return Value::integer(n);
    }
    default:
      error(c, notFor());
    }
  case M::ToS: {
    if (recv.is(Value::String))
      return recv;
    SmallString<64> buf;
    raw_svector_ostream os(buf);
    writeText(recv, keys, os);
    return makeString(buf);
  }
  }
  return Value();
}

Value Machine::blockMethod(const Code *c, Value recv) {
  using B = body::BlockMethodKind;
  auto m = static_cast<B>(c->sub);
  ArrayRef<Value> elems;
  if (recv.is(Value::List))
    elems = recv.getList();
  else if (!recv.isNil())
    elems = ArrayRef<Value>(&recv, 1); // one value is a one-element list
  SmallVector<Value, 16> out;
  int64_t count = 0;
  for (const Value &e : elems) {
    slots[c->slot] = e;
    for (uint32_t s : c->resets)
      slots[s] = Value();
    Value v;
    bool guard;
    execList(c->list, v, guard);
    bool t = v.truthy();
    switch (m) {
    case B::Any:
      if (t)
        return Value::boolean(true);
      break;
    case B::All:
      if (!t)
        return Value::boolean(false);
      break;
    case B::None:
      if (t)
        return Value::boolean(false);
      break;
    case B::Count:
      count += t;
      break;
    case B::Select:
      if (t)
        out.push_back(e);
      break;
    case B::Reject:
      if (!t)
        out.push_back(e);
      break;
    case B::Map:
      out.push_back(v);
      break;
    }
  }
  switch (m) {
  case B::Any:
    return Value::boolean(false);
  case B::All:
  case B::None:
    return Value::boolean(true);
  case B::Count:
    return Value::integer(count);
  default:
    return makeList(out);
  }
}

Value Machine::daysSince(const Code *c, Value arg) {
  if (arg.isNil())
    return Value();
  if (!arg.is(Value::String))
    error(c, "days_since needs an ISO 8601 date String, not " + arg.kindName());
  Micros t;
  if (!parseTimestamp(arg.getString(), t))
    error(c,
          "days_since needs an ISO 8601 date, not '" + arg.getString() + "'");
  constexpr Micros Day = 86400LL * 1000000;
  Micros d = nowMicros - t;
  Micros days = d / Day;
  if (d % Day != 0 && d < 0)
    --days; // floored
  return Value::integer(days);
}

} // namespace rulecc::eval
