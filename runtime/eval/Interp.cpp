//===- Interp.cpp - Statements, navigation and operators ------------------===//
// The semantics contract of docs/language.md §7 "Evaluation", clause by
// clause; the generated Python and Node.js handlers implement the same.

#include "runtime/eval/Program.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>
#include <cstring>

using namespace llvm;
namespace body = rulecc::ir::body;

namespace rulecc::eval {

void Machine::error(const Code *c, const Twine &msg) const {
  throw RuntimeError{c->line, msg.str()};
}

Value Machine::makeString(StringRef s) {
  if (s.empty())
    return Value::string("");
  char *mem = static_cast<char *>(scratch.Allocate(s.size(), 1));
  std::memcpy(mem, s.data(), s.size());
  return Value::string(StringRef(mem, s.size()));
}

Value Machine::makeList(ArrayRef<Value> elems) {
  if (elems.empty())
    return Value::list(nullptr, 0);
  Value *mem = scratch.Allocate<Value>(elems.size());
  std::copy(elems.begin(), elems.end(), mem);
  return Value::list(mem, elems.size());
}

bool Machine::execList(ArrayRef<const Code *> stmts, Value &value,
                       bool &guard) {
  value = Value();
  guard = false;
  for (const Code *s : stmts) {
    guard = false;
    switch (s->op) {
    case Code::Assign:
      value = slots[s->slot] = eval(s->a);
      break;
    case Code::Decide:
      verdict = static_cast<body::Verdict>(s->sub);
      annotation = s->a ? eval(s->a) : Value();
      return true;
    case Code::If: {
      bool ran = false;
      for (const Clause &c : s->clauses)
        if (eval(c.cond).truthy()) {
          if (execList(c.body, value, guard))
            return true;
          ran = true;
          break;
        }
      if (!ran && s->hasElse) {
        if (execList(s->list, value, guard))
          return true;
        ran = true;
      }
      if (!ran) {
        // A guard that did not fire (`non_compliant "x" unless ok`).
        value = Value();
        guard = s->decides;
      }
      break;
    }
    default:
      value = eval(s);
      break;
    }
  }
  return false;
}

Value Machine::navigate(Value base, const Segment &seg) {
  switch (base.getKind()) {
  case Value::Map: {
    for (const MapEntry &e : base.getMap())
      if (e.key == seg.key)
        return e.value;
    if (seg.loose)
      for (const MapEntry &e : base.getMap())
        if (keys.folded(e.key) == seg.folded)
          return e.value;
    return Value();
  }
  case Value::List: {
    // Projection: each element's property, nils dropped, lists spliced.
    SmallVector<Value, 16> out;
    for (const Value &e : base.getList()) {
      Value v = navigate(e, seg);
      if (v.is(Value::List))
        out.append(v.getList().begin(), v.getList().end());
      else if (!v.isNil())
        out.push_back(v);
    }
    return makeList(out);
  }
  default:
    return Value();
  }
}

Value Machine::index(const Code *c, Value base, Value key) {
  if (base.isNil())
    return Value();
  if (base.is(Value::List) && key.is(Value::Int)) {
    ArrayRef<Value> l = base.getList();
    int64_t i = key.getInt();
    if (i < 0)
      i += static_cast<int64_t>(l.size());
    if (i < 0 || i >= static_cast<int64_t>(l.size()))
      return Value();
    return l[i];
  }
  if (base.is(Value::Map) && key.is(Value::String)) {
    KeyTable::Id id;
    if (!keys.lookup(key.getString(), id))
      return Value();
    const Value *v = base.find(id);
    return v ? *v : Value();
  }
  error(c, "cannot index " + base.kindName() + " with " + key.kindName());
}

static Value checkedInt(const Machine &m, const Code *c, int64_t r,
                        bool overflow) {
  if (overflow || r >= MaxExactInt || r <= -MaxExactInt)
    m.error(c, "Int result out of range (beyond ±(2^53-1))");
  return Value::integer(r);
}

static Value arithmetic(const Machine &m, const Code *c,
                        body::BinaryNode::Op op, Value x, Value y) {
  using B = body::BinaryNode;
  if (x.is(Value::Int) && y.is(Value::Int)) {
    int64_t a = x.getInt(), b = y.getInt(), r = 0;
    bool overflow = false;
    switch (op) {
    case B::Add:
      overflow = __builtin_add_overflow(a, b, &r);
      break;
    case B::Sub:
      overflow = __builtin_sub_overflow(a, b, &r);
      break;
    case B::Mul:
      overflow = __builtin_mul_overflow(a, b, &r);
      break;
    case B::Div:
    case B::Mod: {
      if (b == 0)
        m.error(c, op == B::Div ? "divided by zero" : "modulo by zero");
      if (b == -1 && a == INT64_MIN)
        return checkedInt(m, c, 0, true);
      int64_t q = a / b, rem = a % b;
      // Floored, as Ruby: the remainder takes the divisor's sign.
      if (rem != 0 && ((rem < 0) != (b < 0))) {
        --q;
        rem += b;
      }
      r = op == B::Div ? q : rem;
      break;
    }
    default:
      break;
    }
    return checkedInt(m, c, r, overflow);
  }
  double a = x.number(), b = y.number();
  switch (op) {
  case B::Add:
    return Value::real(a + b);
  case B::Sub:
    return Value::real(a - b);
  case B::Mul:
    return Value::real(a * b);
  case B::Div:
    if (b == 0)
      m.error(c, "divided by zero");
    return Value::real(a / b);
  default: {
    if (b == 0)
      m.error(c, "modulo by zero");
    double r = std::fmod(a, b);
    if (r != 0 && ((r < 0) != (b < 0)))
      r += b;
    return Value::real(r);
  }
  }
}

Value Machine::binary(const Code *c, Value x, Value y) {
  using B = body::BinaryNode;
  auto op = static_cast<B::Op>(c->sub);
  switch (op) {
  case B::Eq:
    return Value::boolean(equals(x, y, keys));
  case B::Ne:
    return Value::boolean(!equals(x, y, keys));
  case B::Lt:
  case B::Le:
  case B::Gt:
  case B::Ge: {
    int cmp;
    if (x.is(Value::Int) && y.is(Value::Int)) {
      cmp = x.getInt() < y.getInt() ? -1 : x.getInt() > y.getInt();
    } else if (x.isNumber() && y.isNumber()) {
      double a = x.number(), b = y.number();
      if (std::isnan(a) || std::isnan(b))
        return Value::boolean(false);
      cmp = a < b ? -1 : a > b;
    } else if (x.is(Value::String) && y.is(Value::String)) {
      // UTF-8 byte order is code point order.
      cmp = x.getString().compare(y.getString());
    } else {
      error(c, "'" + body::spelling(op) +
                   "' needs two numbers or two Strings, not " + x.kindName() +
                   " and " + y.kindName());
    }
    switch (op) {
    case B::Lt:
      return Value::boolean(cmp < 0);
    case B::Le:
      return Value::boolean(cmp <= 0);
    case B::Gt:
      return Value::boolean(cmp > 0);
    default:
      return Value::boolean(cmp >= 0);
    }
  }
  case B::Add:
    if (x.is(Value::String) && y.is(Value::String)) {
      SmallString<128> s(x.getString());
      s += y.getString();
      return makeString(s);
    }
    if (x.is(Value::List) && y.is(Value::List)) {
      SmallVector<Value, 16> l(x.getList().begin(), x.getList().end());
      l.append(y.getList().begin(), y.getList().end());
      return makeList(l);
    }
    if (!x.isNumber() || !y.isNumber())
      error(c, "'+' needs two numbers, two Strings or two Lists, not " +
                   x.kindName() + " and " + y.kindName());
    return arithmetic(*this, c, op, x, y);
  default:
    if (!x.isNumber() || !y.isNumber())
      error(c, "'" + body::spelling(op) + "' needs two numbers, not " +
                   x.kindName() + " and " + y.kindName());
    return arithmetic(*this, c, op, x, y);
  }
}

Value Machine::eval(const Code *c) {
  switch (c->op) {
  case Code::Lit:
    return c->lit;
  case Code::Interp: {
    SmallString<128> buf;
    raw_svector_ostream os(buf);
    for (const Code *p : c->list)
      writeText(eval(p), keys, os);
    return makeString(buf);
  }
  case Code::ArrayLit: {
    SmallVector<Value, 8> elems;
    for (const Code *e : c->list)
      elems.push_back(eval(e));
    return makeList(elems);
  }
  case Code::Item:
    return item;
  case Code::Prop: {
    Value v = eval(c->a);
    for (const Segment &s : c->segs)
      v = navigate(v, s);
    return v;
  }
  case Code::Index: {
    Value base = eval(c->a);
    return index(c, base, eval(c->b));
  }
  case Code::Param:
    return prog.params[c->slot];
  case Code::Local:
    return slots[c->slot];
  case Code::Not:
    return Value::boolean(!eval(c->a).truthy());
  case Code::Neg: {
    Value v = eval(c->a);
    if (v.is(Value::Int))
      return checkedInt(*this, c, -v.getInt(), false);
    if (v.is(Value::Float))
      return Value::real(-v.getFloat());
    error(c, "unary '-' needs a number, not " + v.kindName());
  }
  case Code::Binary: {
    auto op = static_cast<body::BinaryNode::Op>(c->sub);
    Value x = eval(c->a);
    if (op == body::BinaryNode::And)
      return x.truthy() ? eval(c->b) : x;
    if (op == body::BinaryNode::Or)
      return x.truthy() ? x : eval(c->b);
    return binary(c, x, eval(c->b));
  }
  case Code::Method:
    return method(c, eval(c->a));
  case Code::BlockMethod:
    return blockMethod(c, eval(c->a));
  case Code::DaysSince:
    return daysSince(c, eval(c->a));
  case Code::Now:
    return now;
  case Code::Assign:
  case Code::If:
  case Code::Decide: {
    // Statements inside a block body (sema allows no decisions there).
    Value v;
    bool guard;
    const Code *one[] = {c};
    execList(one, v, guard);
    return v;
  }
  }
  return Value();
}

} // namespace rulecc::eval
