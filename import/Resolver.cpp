//===- Resolver.cpp - Evaluating a template's intrinsic functions ---------===//
// What CloudFormation would compute at deployment from the template alone:
// Ref to parameters (their Default, or a value from the command line),
// Fn::If on Conditions, Fn::Sub/Join/Select/Split/FindInMap on known
// values. Anything that needs the deployed stack (resource attributes,
// pseudo parameters such as AWS::Region) is Unresolved with a reason.
//===----------------------------------------------------------------------===//

#include "import/Resolver.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::import {

namespace {
/// Condition chains and nested intrinsics deeper than this are treated as
/// unresolvable rather than risking the stack.
constexpr unsigned MaxDepth = 200;

bool sameValue(const TValue &a, const TValue &b) {
  if (a.kind != b.kind)
    return false;
  if (a.kind == TValue::Scalar)
    return a.text == b.text;
  if (a.items.size() != b.items.size() || a.keys != b.keys)
    return false;
  for (size_t i = 0; i < a.items.size(); ++i)
    if (!sameValue(a.items[i], b.items[i]))
      return false;
  return true;
}

Resolved valueOf(TValue v) {
  Resolved r;
  r.value = std::move(v);
  return r;
}

TValue sequenceOf(ArrayRef<StringRef> parts, SMRange range) {
  TValue list;
  list.kind = TValue::Sequence;
  list.range = range;
  for (StringRef p : parts)
    list.items.push_back(TValue::scalar(p.str(), range));
  return list;
}
} // namespace

Resolver::Resolver(const TValue &root,
                   const std::map<std::string, std::string> &overrides)
    : root(root) {
  resources = root.get("Resources");
  mappings = root.get("Mappings");
  conditions = root.get("Conditions");
  const TValue *params = root.get("Parameters");
  if (!params || !params->isMapping())
    return;
  for (size_t i = 0; i < params->keys.size(); ++i) {
    Parameter p;
    p.decl = &params->items[i];
    if (const TValue *type = p.decl->get("Type"); type && type->isScalar()) {
      StringRef t(type->text);
      p.isList = t == "CommaDelimitedList" || t.startswith("List<") ||
                 t.startswith("AWS::SSM::Parameter::Value<List<");
    }
    if (const TValue *def = p.decl->get("Default")) {
      if (def->isScalar())
        p.value = def->text;
      else if (def->isSequence() &&
               all_of(def->items, [](const TValue &v) { return v.isScalar(); }))
        p.value = join(
            map_range(def->items, [](const TValue &v) { return v.text; }), ",");
    }
    auto o = overrides.find(params->keys[i]);
    if (o != overrides.end())
      p.value = o->second;
    parameters[params->keys[i]] = std::move(p);
  }
}

bool Resolver::isResource(StringRef name) const {
  return resources && resources->get(name);
}

Resolved Resolver::resolve(const TValue &v) {
  if (depth > MaxDepth)
    return Resolved::unresolved("intrinsic functions nest too deeply", v.range);
  ++depth;
  auto done = make_scope_exit([&] { --depth; });
  if (std::optional<StringRef> fn = v.intrinsic())
    return resolveIntrinsic(*fn, v.items[0], v);
  switch (v.kind) {
  case TValue::Null:
  case TValue::Scalar:
    return valueOf(v);
  case TValue::Sequence: {
    TValue out = v;
    out.items.clear();
    for (const TValue &item : v.items) {
      Resolved r = resolve(item);
      if (r.kind == Resolved::Unresolved)
        return r;
      if (r.kind == Resolved::Value)
        out.items.push_back(std::move(r.value));
    }
    return valueOf(std::move(out));
  }
  case TValue::Mapping: {
    TValue out = v;
    out.items.clear();
    out.keys.clear();
    out.keyRanges.clear();
    for (size_t i = 0; i < v.items.size(); ++i) {
      Resolved r = resolve(v.items[i]);
      if (r.kind == Resolved::Unresolved)
        return r;
      if (r.kind == Resolved::NoValue)
        continue;
      out.keys.push_back(v.keys[i]);
      out.keyRanges.push_back(v.keyRanges[i]);
      out.items.push_back(std::move(r.value));
    }
    return valueOf(std::move(out));
  }
  }
  return valueOf(v);
}

Resolved Resolver::resolveIntrinsic(StringRef fn, const TValue &arg,
                                    const TValue &whole) {
  if (fn == "Ref")
    return resolveRef(arg, whole);
  if (fn == "Fn::If")
    return resolveIf(arg, whole);
  if (fn == "Fn::Sub")
    return resolveSub(arg, whole);
  if (fn == "Fn::Join")
    return resolveJoin(arg, whole);
  if (fn == "Fn::Select")
    return resolveSelect(arg, whole);
  if (fn == "Fn::Split")
    return resolveSplit(arg, whole);
  if (fn == "Fn::FindInMap")
    return resolveFindInMap(arg, whole);
  if (fn == "Fn::GetAtt")
    return Resolved::unresolved(
        formatv("Fn::GetAtt {0} is an attribute of a deployed resource",
                flowText(arg))
            .str(),
        whole.range);
  if (fn == "Condition" || fn == "Fn::Equals" || fn == "Fn::Not" ||
      fn == "Fn::And" || fn == "Fn::Or")
    return Resolved::unresolved(
        formatv("{0} is only valid in Conditions and Fn::If", fn).str(),
        whole.range);
  return Resolved::unresolved(
      formatv("{0} is not evaluated by rulecc import", fn).str(), whole.range);
}

Resolved Resolver::resolveRef(const TValue &arg, const TValue &whole) {
  if (!arg.isScalar())
    return Resolved::unresolved("Ref takes the name of a parameter or "
                                "resource",
                                whole.range);
  StringRef name(arg.text);
  if (name == "AWS::NoValue") {
    Resolved r;
    r.kind = Resolved::NoValue;
    return r;
  }
  auto it = parameters.find(name);
  if (it != parameters.end()) {
    const Parameter &p = it->second;
    if (!p.value)
      return Resolved::unresolved(
          formatv("parameter '{0}' has no Default (give one with "
                  "--parameter {0}=VALUE)",
                  name)
              .str(),
          whole.range);
    if (p.isList) {
      SmallVector<StringRef, 8> parts;
      StringRef(*p.value).split(parts, ',');
      return valueOf(sequenceOf(parts, whole.range));
    }
    TValue v = TValue::scalar(*p.value, whole.range);
    return valueOf(std::move(v));
  }
  if (name.startswith("AWS::"))
    return Resolved::unresolved(
        formatv("the pseudo parameter {0} is known only at deployment", name)
            .str(),
        whole.range);
  if (isResource(name))
    return Resolved::unresolved(
        formatv("Ref {0} is the physical ID of a deployed resource", name)
            .str(),
        whole.range);
  return Resolved::unresolved(
      formatv("'{0}' is neither a parameter nor a resource of the template",
              name)
          .str(),
      whole.range);
}

Resolved Resolver::resolveIf(const TValue &arg, const TValue &whole) {
  if (!arg.isSequence() || arg.items.size() != 3 || !arg.items[0].isScalar())
    return Resolved::unresolved(
        "Fn::If takes [condition name, value if true, value if false]",
        whole.range);
  ConditionValue c = condition(arg.items[0].text, arg.items[0].range);
  if (!c.value)
    return Resolved::unresolved(formatv("condition '{0}' cannot be "
                                        "resolved: {1}",
                                        arg.items[0].text, c.reason)
                                    .str(),
                                c.where);
  return resolve(arg.items[*c.value ? 1 : 2]);
}

std::optional<std::string> Resolver::resolveText(const TValue &v,
                                                 Resolved &failure) {
  Resolved r = resolve(v);
  if (r.kind == Resolved::Unresolved) {
    failure = std::move(r);
    return std::nullopt;
  }
  if (r.kind == Resolved::Value && r.value.isScalar())
    return r.value.text;
  failure = Resolved::unresolved(
      formatv("expected a string, found {0}", flowText(v)).str(), v.range);
  return std::nullopt;
}

Resolved Resolver::resolveSub(const TValue &arg, const TValue &whole) {
  const TValue *text = &arg;
  const TValue *vars = nullptr;
  if (arg.isSequence() && arg.items.size() == 2) {
    text = &arg.items[0];
    vars = &arg.items[1];
  }
  if (!text->isScalar() || (vars && !vars->isMapping()))
    return Resolved::unresolved(
        "Fn::Sub takes a string, or [string, {name: value}]", whole.range);
  std::string out;
  StringRef s(text->text);
  while (!s.empty()) {
    size_t open = s.find("${");
    if (open == StringRef::npos) {
      out += s;
      break;
    }
    out += s.substr(0, open);
    s = s.drop_front(open + 2);
    size_t close = s.find('}');
    if (close == StringRef::npos) {
      out += "${";
      out += s;
      break;
    }
    StringRef name = s.substr(0, close);
    s = s.drop_front(close + 1);
    if (name.startswith("!")) { // ${!Literal} is the text ${Literal}
      out += "${" + name.drop_front().str() + "}";
      continue;
    }
    name = name.trim();
    Resolved failure;
    std::optional<std::string> value;
    if (const TValue *v = vars ? vars->get(name) : nullptr) {
      value = resolveText(*v, failure);
    } else if (name.contains('.')) {
      return Resolved::unresolved(
          formatv("${{{0}} in Fn::Sub is an attribute of a deployed resource",
                  name)
              .str(),
          whole.range);
    } else {
      TValue ref;
      ref.kind = TValue::Mapping;
      ref.range = whole.range;
      ref.keys.push_back("Ref");
      ref.keyRanges.push_back(whole.range);
      ref.items.push_back(TValue::scalar(name.str(), whole.range));
      value = resolveText(ref, failure);
    }
    if (!value)
      return failure;
    out += *value;
  }
  return valueOf(TValue::scalar(std::move(out), whole.range));
}

Resolved Resolver::resolveJoin(const TValue &arg, const TValue &whole) {
  if (!arg.isSequence() || arg.items.size() != 2 || !arg.items[0].isScalar())
    return Resolved::unresolved("Fn::Join takes [delimiter, [values]]",
                                whole.range);
  Resolved list = resolve(arg.items[1]);
  if (list.kind == Resolved::Unresolved)
    return list;
  if (list.kind != Resolved::Value || !list.value.isSequence() ||
      !all_of(list.value.items, [](const TValue &v) { return v.isScalar(); }))
    return Resolved::unresolved("Fn::Join takes a list of strings",
                                whole.range);
  std::string out =
      join(map_range(list.value.items, [](const TValue &v) { return v.text; }),
           arg.items[0].text);
  return valueOf(TValue::scalar(std::move(out), whole.range));
}

Resolved Resolver::resolveSelect(const TValue &arg, const TValue &whole) {
  if (!arg.isSequence() || arg.items.size() != 2)
    return Resolved::unresolved("Fn::Select takes [index, [values]]",
                                whole.range);
  Resolved failure;
  std::optional<std::string> index = resolveText(arg.items[0], failure);
  if (!index)
    return failure;
  Resolved list = resolve(arg.items[1]);
  if (list.kind == Resolved::Unresolved)
    return list;
  unsigned i;
  if (StringRef(*index).getAsInteger(10, i) || list.kind != Resolved::Value ||
      !list.value.isSequence() || i >= list.value.items.size())
    return Resolved::unresolved(
        formatv("Fn::Select index {0} is out of range", *index).str(),
        whole.range);
  return valueOf(list.value.items[i]);
}

Resolved Resolver::resolveSplit(const TValue &arg, const TValue &whole) {
  if (!arg.isSequence() || arg.items.size() != 2 || !arg.items[0].isScalar() ||
      arg.items[0].text.empty())
    return Resolved::unresolved("Fn::Split takes [delimiter, string]",
                                whole.range);
  Resolved failure;
  std::optional<std::string> text = resolveText(arg.items[1], failure);
  if (!text)
    return failure;
  SmallVector<StringRef, 8> parts;
  StringRef(*text).split(parts, arg.items[0].text);
  return valueOf(sequenceOf(parts, whole.range));
}

Resolved Resolver::resolveFindInMap(const TValue &arg, const TValue &whole) {
  if (!arg.isSequence() || arg.items.size() != 3)
    return Resolved::unresolved(
        "Fn::FindInMap takes [map name, top-level key, second-level key]",
        whole.range);
  std::string keys[3];
  for (unsigned i = 0; i < 3; ++i) {
    Resolved failure;
    std::optional<std::string> k = resolveText(arg.items[i], failure);
    if (!k)
      return failure;
    keys[i] = *k;
  }
  const TValue *m = mappings ? mappings->get(keys[0]) : nullptr;
  const TValue *top = m ? m->get(keys[1]) : nullptr;
  const TValue *value = top ? top->get(keys[2]) : nullptr;
  if (!value)
    return Resolved::unresolved(
        formatv("Mappings has no {0}.{1}.{2}", keys[0], keys[1], keys[2]).str(),
        whole.range);
  return resolve(*value);
}

ConditionValue Resolver::condition(StringRef name, SMRange usedAt) {
  auto it = conditionCache.find(name);
  if (it != conditionCache.end()) {
    if (it->second.state == CondState::Evaluating)
      return {std::nullopt,
              formatv("condition '{0}' depends on itself", name).str(), usedAt};
    return it->second.value;
  }
  const TValue *def = conditions ? conditions->get(name) : nullptr;
  if (!def)
    return {std::nullopt,
            formatv("the template has no condition '{0}'", name).str(), usedAt};
  conditionCache[name].state = CondState::Evaluating;
  ConditionValue v = evalCondition(*def);
  CondEntry &entry = conditionCache[name];
  entry.state = CondState::Done;
  entry.value = v;
  return v;
}

ConditionValue Resolver::evalCondition(const TValue &v) {
  std::optional<StringRef> fn = v.intrinsic();
  if (depth > MaxDepth || !fn)
    return {std::nullopt,
            formatv("{0} is not a condition function", flowText(v)).str(),
            v.range};
  ++depth;
  auto done = make_scope_exit([&] { --depth; });
  const TValue &arg = v.items[0];
  if (*fn == "Condition") {
    if (!arg.isScalar())
      return {std::nullopt, "Condition takes a condition name", v.range};
    return condition(arg.text, v.range);
  }
  if (*fn == "Fn::Equals") {
    if (!arg.isSequence() || arg.items.size() != 2)
      return {std::nullopt, "Fn::Equals takes two values", v.range};
    Resolved a = resolve(arg.items[0]);
    Resolved b = resolve(arg.items[1]);
    for (Resolved *r : {&a, &b})
      if (r->kind != Resolved::Value)
        return {std::nullopt,
                r->kind == Resolved::NoValue ? "AWS::NoValue in Fn::Equals"
                                             : r->reason,
                r->kind == Resolved::NoValue ? v.range : r->where};
    return {sameValue(a.value, b.value), "", v.range};
  }
  if (*fn == "Fn::Not" || *fn == "Fn::And" || *fn == "Fn::Or") {
    if (!arg.isSequence() || arg.items.empty() ||
        (*fn == "Fn::Not" && arg.items.size() != 1))
      return {std::nullopt,
              formatv("{0} takes a list of conditions", *fn).str(), v.range};
    bool isAnd = *fn == "Fn::And";
    bool result = isAnd;
    for (const TValue &item : arg.items) {
      ConditionValue c = evalCondition(item);
      if (!c.value)
        return c;
      result = isAnd ? result && *c.value : result || *c.value;
    }
    if (*fn == "Fn::Not")
      result = !result;
    return {result, "", v.range};
  }
  return {std::nullopt, formatv("{0} is not a condition function", *fn).str(),
          v.range};
}

} // namespace rulecc::import
