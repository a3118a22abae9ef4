//===- IR.cpp - Value rendering and enum spellings of the rule IR ---------===//

#include "ir/IR.h"

#include "frontend/DumpText.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace rulecc::ir {

namespace {
json::Value toJSON(const Value &v) {
  switch (v.kind) {
  case Value::Nil:
    return nullptr;
  case Value::Bool:
    return v.boolValue;
  case Value::Int:
    return v.intValue;
  case Value::Float:
    return v.floatValue;
  case Value::String:
  case Value::Symbol:
    return v.stringValue;
  case Value::List: {
    json::Array a;
    for (const Value &e : v.list)
      a.push_back(toJSON(e));
    return a;
  }
  case Value::Map: {
    json::Object o;
    for (const auto &[k, e] : v.map)
      o[k] = toJSON(e);
    return o;
  }
  }
  return nullptr;
}

} // namespace

std::string Value::render() const {
  switch (kind) {
  case Nil:
    return "";
  case Bool:
    return boolValue ? "true" : "false";
  case Int:
    return std::to_string(intValue);
  case Float:
    return formatShortestDouble(floatValue);
  case String:
  case Symbol:
    return stringValue;
  case List: {
    // AWS Config's CSV parameters: comma-separated, no spaces.
    std::string out;
    for (size_t i = 0; i < list.size(); ++i)
      out += (i ? "," : "") + list[i].render();
    return out;
  }
  case Map: {
    std::string out;
    raw_string_ostream os(out);
    os << toJSON(*this);
    return os.str();
  }
  }
  return "";
}

StringRef toString(RuleKind k) {
  switch (k) {
  case RuleKind::Managed:
    return "managed";
  case RuleKind::Handler:
    return "handler";
  case RuleKind::Body:
    return "body";
  case RuleKind::Policy:
    return "policy";
  }
  return "?";
}

StringRef toString(Language l) {
  switch (l) {
  case Language::Python:
    return "python";
  case Language::Node:
    return "node";
  case Language::Ruby:
    return "ruby";
  }
  return "?";
}

StringRef toString(Trigger t) {
  switch (t) {
  case Trigger::Change:
    return "change";
  case Trigger::Periodic:
    return "periodic";
  case Trigger::Both:
    return "both";
  }
  return "?";
}

StringRef toAWSString(Frequency f) {
  switch (f) {
  case Frequency::OneHour:
    return "One_Hour";
  case Frequency::ThreeHours:
    return "Three_Hours";
  case Frequency::SixHours:
    return "Six_Hours";
  case Frequency::TwelveHours:
    return "Twelve_Hours";
  case Frequency::TwentyFourHours:
    return "TwentyFour_Hours";
  }
  return "?";
}

StringRef toString(ParamDecl::Type t) {
  switch (t) {
  case ParamDecl::String:
    return "String";
  case ParamDecl::Integer:
    return "Integer";
  case ParamDecl::Float:
    return "Float";
  case ParamDecl::Boolean:
    return "Boolean";
  case ParamDecl::List:
    return "List";
  }
  return "?";
}

} // namespace rulecc::ir
