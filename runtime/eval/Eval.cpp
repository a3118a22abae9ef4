//===- Eval.cpp - Applicability, parameters, time and the evaluation loop -===//
// What happens around the body is the Python runtime's (rulecc_runtime.py):
// applicability() with its exact annotations, decode_parameters(),
// truncate_annotation(); this file reproduces them word for word.

#include "runtime/eval/Eval.h"
#include "runtime/eval/Program.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace llvm;
namespace body = rulecc::ir::body;

namespace rulecc::eval {

StringRef toString(Verdict v) {
  switch (v) {
  case Verdict::Compliant:
    return "COMPLIANT";
  case Verdict::NonCompliant:
    return "NON_COMPLIANT";
  case Verdict::NotApplicable:
    return "NOT_APPLICABLE";
  case Verdict::Error:
    return "ERROR";
  }
  return "?";
}

StringRef truncateAnnotation(StringRef text, std::string &buf) {
  // A code point takes at least as many UTF-8 bytes as UTF-16 units.
  if (text.size() <= MaxAnnotation)
    return text;
  // UTF-16 units: a 4-byte UTF-8 sequence is a surrogate pair.
  size_t units = 0;
  for (unsigned char ch : text) {
    if ((ch & 0xC0) != 0x80)
      ++units;
    if (ch >= 0xF0)
      ++units;
  }
  if (units <= MaxAnnotation)
    return text;
  buf.clear();
  units = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char ch = text[i];
    size_t len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    units += len == 4 ? 2 : 1;
    if (units > MaxAnnotation - 1) // room for the ellipsis
      break;
    buf.append(text.data() + i, std::min(len, text.size() - i));
    i += len;
  }
  buf += "\xE2\x80\xA6"; // …
  return buf;
}

// ---- Time ---------------------------------------------------------------

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
static int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

static bool digits(StringRef s, size_t pos, size_t n, unsigned &out) {
  if (pos + n > s.size())
    return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!isDigit(s[i]))
      return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool parseTimestamp(StringRef s, Micros &out) {
  unsigned y, mo, d;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' ||
      !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d))
    return false;
  static const unsigned monthDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
      d > monthDays[mo - 1] + (mo == 2 && leap))
    return false;
  Micros t = daysFromCivil(y, mo, d) * 86400LL * 1000000;
  if (s.size() == 10) {
    out = t;
    return true;
  }
  unsigned h, mi, sec;
  if (s[10] != 'T' || !digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec) ||
      h > 23 || mi > 59 || sec > 59)
    return false;
  t += (h * 3600LL + mi * 60 + sec) * 1000000;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    // Milliseconds, as the generated code keeps them; further digits are
    // read and dropped.
    ++pos;
    size_t start = pos;
    Micros frac = 0, scale = 100000;
    while (pos < s.size() && isDigit(s[pos])) {
      if (pos - start < 3)
        frac += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start)
      return false;
    t += frac;
  }
  StringRef zone = s.substr(pos);
  if (zone == "Z") {
    out = t;
    return true;
  }
  unsigned zh, zm;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
      !digits(zone, 1, 2, zh) || zone[3] != ':' || !digits(zone, 4, 2, zm) ||
      zh > 23 || zm > 59)
    return false;
  Micros offset = (zh * 3600LL + zm * 60) * 1000000;
  out = zone[0] == '+' ? t - offset : t + offset;
  return true;
}

std::string formatTimestamp(Micros t) {
  constexpr Micros Day = 86400LL * 1000000;
  int64_t days = t / Day;
  Micros rem = t % Day;
  if (rem < 0) {
    rem += Day;
    --days;
  }
  // civil_from_days
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  int64_t ms = rem / 1000;
  std::string out;
  raw_string_ostream os(out);
  os << format("%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
               static_cast<long long>(y), m, d,
               static_cast<long long>(ms / 3600000),
               static_cast<long long>(ms / 60000 % 60),
               static_cast<long long>(ms / 1000 % 60),
               static_cast<long long>(ms % 1000));
  return out;
}

// ---- Parameters -----------------------------------------------------------

/// json.dumps of a parameter value, for messages and for the text of a
/// non-string value given to a String parameter.
static std::string jsonText(const ir::Value &v) {
  std::string out;
  raw_string_ostream os(out);
  switch (v.kind) {
  case ir::Value::Nil:
    os << "null";
    break;
  case ir::Value::Bool:
    os << (v.boolValue ? "true" : "false");
    break;
  case ir::Value::Int:
    os << v.intValue;
    break;
  case ir::Value::Float:
    writeFloat(v.floatValue, os);
    break;
  case ir::Value::String:
  case ir::Value::Symbol:
    writeJSONString(v.stringValue, os);
    break;
  case ir::Value::List: {
    os << '[';
    for (size_t i = 0; i < v.list.size(); ++i)
      os << (i ? ", " : "") << jsonText(v.list[i]);
    os << ']';
    break;
  }
  case ir::Value::Map: {
    os << '{';
    for (size_t i = 0; i < v.map.size(); ++i) {
      os << (i ? ", " : "");
      writeJSONString(v.map[i].first, os);
      os << ": " << jsonText(v.map[i].second);
    }
    os << '}';
    break;
  }
  }
  return out;
}

static bool isText(const ir::Value &v) {
  return v.kind == ir::Value::String || v.kind == ir::Value::Symbol;
}

static StringRef saveString(BumpPtrAllocator &arena, StringRef s) {
  if (s.empty())
    return "";
  char *mem = static_cast<char *>(arena.Allocate(s.size(), 1));
  std::memcpy(mem, s.data(), s.size());
  return StringRef(mem, s.size());
}

bool decodeParam(const ir::ParamDecl &decl, const ir::Value &value,
                 BumpPtrAllocator &arena, Value &out, std::string &err) {
  auto bad = [&](StringRef expected) {
    err = formatv("rule parameter '{0}' must be {1}, got {2}", decl.name,
                  expected, jsonText(value))
              .str();
    return false;
  };
  StringRef text = isText(value) ? StringRef(value.stringValue).trim() : "";
  switch (decl.type) {
  case ir::ParamDecl::String:
    if (value.kind == ir::Value::List || value.kind == ir::Value::Map ||
        value.kind == ir::Value::Nil)
      return bad("a string");
    out = Value::string(saveString(arena, isText(value)
                                              ? StringRef(value.stringValue)
                                              : StringRef(jsonText(value))));
    return true;
  case ir::ParamDecl::Integer: {
    // Ints are exact within ±(2^53-1); a parameter beyond that is refused
    // rather than silently rounded.
    constexpr StringLiteral range = "an integer within ±(2^53-1)";
    if (value.kind == ir::Value::Int) {
      if (value.intValue >= MaxExactInt || value.intValue <= -MaxExactInt)
        return bad(range);
      out = Value::integer(value.intValue);
      return true;
    }
    StringRef digits = text;
    bool negative = digits.consume_front("-");
    if (!negative)
      digits.consume_front("+");
    if (!isText(value) || digits.empty() ||
        !llvm::all_of(digits, [](char ch) { return isDigit(ch); }))
      return bad("an integer");
    int64_t n = 0;
    for (char ch : digits) {
      n = n * 10 + (ch - '0');
      if (n >= MaxExactInt)
        return bad(range);
    }
    out = Value::integer(negative ? -n : n);
    return true;
  }
  case ir::ParamDecl::Float: {
    double d;
    if (value.kind == ir::Value::Int) {
      d = static_cast<double>(value.intValue);
    } else if (value.kind == ir::Value::Float) {
      d = value.floatValue;
    } else {
      // [+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?
      StringRef t = text;
      if (!t.empty() && (t[0] == '+' || t[0] == '-'))
        t = t.drop_front();
      size_t intDigits = 0, fracDigits = 0, i = 0;
      while (i < t.size() && isDigit(t[i]))
        ++i, ++intDigits;
      if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && isDigit(t[i]))
          ++i, ++fracDigits;
      }
      bool ok = intDigits > 0 || fracDigits > 0;
      if (ok && i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
          ++i;
        size_t expStart = i;
        while (i < t.size() && isDigit(t[i]))
          ++i;
        ok = i > expStart;
      }
      if (!isText(value) || !ok || i != t.size())
        return bad("a number");
      SmallString<32> buf(text);
      d = std::strtod(buf.c_str(), nullptr);
    }
    if (!std::isfinite(d))
      return bad("a number");
    out = Value::real(d);
    return true;
  }
  case ir::ParamDecl::Boolean:
    if (value.kind == ir::Value::Bool) {
      out = Value::boolean(value.boolValue);
      return true;
    }
    if (isText(value) &&
        (text.equals_insensitive("true") || text.equals_insensitive("false"))) {
      out = Value::boolean(text.equals_insensitive("true"));
      return true;
    }
    return bad("true or false");
  case ir::ParamDecl::List: {
    SmallVector<StringRef, 8> parts;
    std::vector<std::string> texts;
    if (value.kind == ir::Value::List) {
      for (const ir::Value &e : value.list) {
        if (e.kind == ir::Value::List || e.kind == ir::Value::Map ||
            e.kind == ir::Value::Nil)
          return bad("a comma-separated list");
        texts.push_back(isText(e) ? e.stringValue : jsonText(e));
      }
    } else if (isText(value)) {
      StringRef(value.stringValue).split(parts, ',');
      for (StringRef p : parts)
        texts.push_back(p.str());
    } else {
      return bad("a comma-separated list");
    }
    SmallVector<Value, 8> elems;
    for (const std::string &t : texts) {
      StringRef trimmed = StringRef(t).trim();
      if (!trimmed.empty())
        elems.push_back(Value::string(saveString(arena, trimmed)));
    }
    Value *mem = arena.Allocate<Value>(elems.size());
    std::copy(elems.begin(), elems.end(), mem);
    out = Value::list(mem, elems.size());
    return true;
  }
  }
  return false;
}

// ---- The evaluator ----------------------------------------------------------

Evaluator::Evaluator(Micros now) : now(now), nowText(formatTimestamp(now)) {
  statusKey = keys.intern("configurationItemStatus");
  typeKey = keys.intern("resourceType");
  idKey = keys.intern("resourceId");
  configurationKey = keys.intern("configuration");
}

Evaluator::~Evaluator() = default;

int Evaluator::addRule(const ir::Rule &rule,
                       const StringMap<std::string> &given, std::string &err) {
  auto prog = std::make_unique<RuleProgram>();
  prog->rule = &rule;
  for (const auto &[type, range] : rule.scope.resourceTypes)
    prog->resourceTypes.push_back(type);
  const body::Body &b = *rule.body;
  if (b.sourceMgr && rule.declRange.Start.isValid())
    prog->file = b.sourceMgr
                     ->getBufferInfo(b.sourceMgr->FindBufferContainingLoc(
                         rule.declRange.Start))
                     .Buffer->getBufferIdentifier()
                     .str();
  for (const ir::ParamDecl &p : rule.params) {
    Value v;
    if (auto it = given.find(p.name); it != given.end()) {
      ir::Value text;
      text.kind = ir::Value::String;
      text.stringValue = it->second;
      if (!decodeParam(p, text, prog->arena, v, err))
        return -1;
    } else if (p.defaultValue) {
      if (!decodeParam(p, *p.defaultValue, prog->arena, v, err))
        return -1;
    } else if (prog->paramError.empty()) {
      prog->paramError = formatv("rule parameter '{0}' ({1}) is not set",
                                 p.name, ir::toString(p.type))
                             .str();
    }
    prog->params.push_back(v);
  }
  compileBody(b, keys, *prog);
  programs.push_back(std::move(prog));
  return static_cast<int>(programs.size() - 1);
}

Value Evaluator::prepareItem(const Value &item, BumpPtrAllocator &arena) {
  if (!item.is(Value::Map))
    return item;
  const Value *conf = item.find(configurationKey);
  if (!conf || !conf->is(Value::String))
    return item;
  // As the runtime does: JSON text is decoded, other text is kept.
  Value decoded;
  JSONError err;
  if (!parseJSON(conf->getString(), arena, keys, decoded, err))
    return item;
  MapEntry *mem = arena.Allocate<MapEntry>(item.getMap().size());
  std::copy(item.getMap().begin(), item.getMap().end(), mem);
  for (size_t i = 0; i < item.getMap().size(); ++i)
    if (mem[i].key == configurationKey)
      mem[i].value = decoded;
  return Value::map(mem, item.getMap().size());
}

/// Python's truthiness, for `not item.get("resourceType")`.
static bool pythonTruthy(const Value &v) {
  switch (v.getKind()) {
  case Value::Nil:
    return false;
  case Value::Bool:
    return v.getBool();
  case Value::Int:
    return v.getInt() != 0;
  case Value::Float:
    return v.getFloat() != 0;
  case Value::String:
    return !v.getString().empty();
  case Value::List:
    return !v.getList().empty();
  case Value::Map:
    return !v.getMap().empty();
  }
  return false;
}

Result Evaluator::evaluate(unsigned index, const Value &item) {
  scratch.Reset();
  const RuleProgram &prog = *programs[index];
  Result r;
  auto fail = [&](const Twine &msg) {
    errorBuf = msg.str();
    r.verdict = Verdict::Error;
    r.error = errorBuf;
    return r;
  };
  // Built in a reused buffer: most evaluations of a snapshot are items of
  // other types, and this must not allocate for each.
  auto notApplicable = [&](StringRef why, StringRef what) {
    r.verdict = Verdict::NotApplicable;
    annotationBuf.assign(why.data(), why.size());
    annotationBuf.append(what.data(), what.size());
    StringRef text = truncateAnnotation(annotationBuf, cutBuf);
    r.annotation = text.data() == cutBuf.data() ? StringRef(cutBuf)
                                                : StringRef(annotationBuf);
    return r;
  };

  // The change event the handler would get needs a type and an id.
  const Value *type = item.find(typeKey);
  const Value *id = item.find(idKey);
  if (!type || !pythonTruthy(*type) || !id || !pythonTruthy(*id))
    return fail("ConfigurationItemChangeNotification has no "
                "configurationItem with resourceType and resourceId");
  if (!prog.paramError.empty())
    return fail(prog.paramError);

  // applicability(): deleted or not recorded, then the resource type.
  const Value *status = item.find(statusKey);
  if (status && !(status->is(Value::String) &&
                  (status->getString() == "OK" ||
                   status->getString() == "ResourceDiscovered"))) {
    StringRef s = status->is(Value::String) ? status->getString() : "";
    if (s == "ResourceDeleted" || s == "ResourceDeletedNotRecorded")
      return notApplicable("the resource is deleted", "");
    if (s == "ResourceNotRecorded")
      return notApplicable("the resource is not recorded", "");
    return notApplicable("the resource is ", pythonStr(*status, keys));
  }
  if (!prog.resourceTypes.empty()) {
    bool inScope = false;
    if (type->is(Value::String))
      for (const std::string &t : prog.resourceTypes)
        if (type->getString() == t) {
          inScope = true;
          break;
        }
    if (!inScope)
      return notApplicable("the rule does not evaluate ",
                           type->is(Value::String) ? type->getString()
                                                   : pythonStr(*type, keys));
  }

  SmallVector<Value, 16> slots(prog.numSlots);
  Machine m(prog, keys, scratch);
  m.item = item;
  m.slots = slots.data();
  m.now = Value::string(nowText);
  m.nowMicros = now;
  try {
    Value last;
    bool guard;
    if (m.execList(prog.statements, last, guard)) {
      switch (m.verdict) {
      case body::Verdict::Compliant:
        r.verdict = Verdict::Compliant;
        break;
      case body::Verdict::NonCompliant:
        r.verdict = Verdict::NonCompliant;
        break;
      case body::Verdict::NotApplicable:
        r.verdict = Verdict::NotApplicable;
        break;
      }
      if (!m.annotation.isNil()) {
        if (m.annotation.is(Value::String)) {
          r.annotation =
              truncateAnnotation(m.annotation.getString(), annotationBuf);
        } else {
          std::string text = toText(m.annotation, keys);
          std::string cut;
          StringRef t = truncateAnnotation(text, cut);
          annotationBuf = t.str();
          r.annotation = annotationBuf;
        }
      }
      return r;
    }
    r.verdict =
        guard || last.truthy() ? Verdict::Compliant : Verdict::NonCompliant;
    return r;
  } catch (const RuntimeError &e) {
    return fail(prog.file + ":" + Twine(e.line) + ": " + e.message);
  }
}

} // namespace rulecc::eval
