//===- IRDump.cpp - The --emit=ir dump ------------------------------------===//
// One header line per application, class and rule, then one indented line
// per resolved field. Stable and line-oriented, for FileCheck.

#include "frontend/AST.h"
#include "ir/IR.h"
#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace rulecc::ir {

namespace {

void quoted(raw_ostream &os, StringRef s) {
  os << '"';
  printEscapedString(s, os);
  os << '"';
}

void dumpValue(raw_ostream &os, const Value &v) {
  switch (v.kind) {
  case Value::Nil:
    os << "nil";
    return;
  case Value::Bool:
    os << (v.boolValue ? "true" : "false");
    return;
  case Value::Int:
    os << v.intValue;
    return;
  case Value::Float:
    os << v.render();
    return;
  case Value::String:
    quoted(os, v.stringValue);
    return;
  case Value::Symbol:
    os << ':' << v.stringValue;
    return;
  case Value::List:
    os << '[';
    for (size_t i = 0; i < v.list.size(); ++i) {
      os << (i ? ", " : "");
      dumpValue(os, v.list[i]);
    }
    os << ']';
    return;
  case Value::Map:
    os << '{';
    for (size_t i = 0; i < v.map.size(); ++i) {
      os << (i ? ", " : "") << v.map[i].first << ": ";
      dumpValue(os, v.map[i].second);
    }
    os << '}';
    return;
  }
}

void dumpPairs(raw_ostream &os, StringRef indent, StringRef label,
               const std::vector<std::pair<std::string, std::string>> &pairs) {
  for (const auto &[k, v] : pairs) {
    os << indent << label << ' ' << k << '=';
    quoted(os, v);
    os << '\n';
  }
}

void dumpList(raw_ostream &os, StringRef indent, StringRef label,
              const std::vector<std::string> &items) {
  for (const std::string &item : items)
    os << indent << label << ' ' << item << '\n';
}

void dumpScope(raw_ostream &os, const Scope &scope) {
  if (scope.empty()) {
    os << "  scope none\n";
    return;
  }
  for (const auto &[type, range] : scope.resourceTypes)
    os << "  scope_type " << type << '\n';
  if (scope.tagKey) {
    os << "  scope_tag " << *scope.tagKey;
    if (scope.tagValue) {
      os << '=';
      quoted(os, *scope.tagValue);
    }
    os << '\n';
  }
  if (scope.resourceId)
    os << "  scope_id " << *scope.resourceId << '\n';
}

void dumpRemediation(raw_ostream &os, const std::optional<Remediation> &rem) {
  if (!rem) {
    os << "  remediation none\n";
    return;
  }
  os << "  remediation " << rem->targetId
     << " automatic=" << (rem->automatic ? "true" : "false");
  if (rem->targetVersion)
    os << " target_version=" << *rem->targetVersion;
  if (rem->maximumAutomaticAttempts)
    os << " maximum_automatic_attempts=" << *rem->maximumAutomaticAttempts;
  if (rem->retryAttemptSeconds)
    os << " retry_attempt_seconds=" << *rem->retryAttemptSeconds;
  os << '\n';
  for (const auto &[name, value] : rem->parameters) {
    os << "    parameter " << name << '=';
    dumpValue(os, value);
    os << '\n';
  }
}

void dumpLambda(raw_ostream &os, const Rule &r) {
  const LambdaSettings &l = *r.lambda;
  os << "  lambda function=" << l.functionName
     << " language=" << toString(r.language) << " runtime=" << l.runtime
     << " handler=" << l.handler << " timeout=" << l.timeout
     << " memory=" << l.memory << '\n';
  dumpPairs(os, "    ", "environment", l.environment);
  dumpList(os, "    ", "iam_action", l.iamActions);
  dumpList(os, "    ", "managed_policy", l.managedPolicies);
}

void dumpRule(raw_ostream &os, const RuleClass &c, const Rule &r) {
  os << "rule " << c.name << '.' << r.name << " kind=" << toString(r.kind)
     << " name=" << r.configRuleName << '\n';
  os << "  logical_id_base " << r.logicalIdBase << '\n';
  if (r.kind == RuleKind::Managed)
    os << "  source_identifier " << r.sourceIdentifier << '\n';
  os << "  description ";
  if (r.description)
    quoted(os, *r.description);
  else
    os << "none";
  os << '\n';
  dumpScope(os, r.scope);
  os << "  trigger " << toString(r.trigger) << '\n';
  os << "  frequency "
     << (r.frequency ? toAWSString(*r.frequency) : StringRef("none")) << '\n';
  os << "  evaluation_modes";
  if (r.evaluationModes.detective)
    os << " detective";
  if (r.evaluationModes.proactive)
    os << " proactive";
  os << '\n';
  for (const InputParameter &p : r.inputParameters) {
    os << "  input_parameter " << p.name << '=';
    dumpValue(os, p.value);
    os << '\n';
  }
  for (const ParamDecl &p : r.params) {
    os << "  param " << p.name << " type=" << toString(p.type);
    if (p.defaultValue) {
      os << " default=";
      dumpValue(os, *p.defaultValue);
    }
    os << '\n';
  }
  dumpPairs(os, "  ", "tag", r.tags);
  dumpRemediation(os, r.remediation);
  if (r.lambda)
    dumpLambda(os, r);
  if (r.kind == RuleKind::Handler)
    os << "  handler_file " << r.handlerPath
       << " bytes=" << r.handlerSource.size()
       << " sha256=" << names::hashSuffix(r.handlerSource) << '\n';
  if (r.kind == RuleKind::Body && r.body)
    body::dump(*r.body, os, 2);
  if (r.kind == RuleKind::Policy) {
    os << "  policy_text ";
    quoted(os, r.policyText);
    os << "\n  debug_log_delivery "
       << (r.enableDebugLogDelivery ? "true" : "false") << '\n';
  }
}

} // namespace

void dump(const Application &app, raw_ostream &os) {
  os << "application project=" << app.project << " main=" << app.mainFile
     << '\n';
  os << "  default_runtime " << app.defaultRuntime << '\n';
  os << "  default_timeout " << app.defaultTimeout << '\n';
  os << "  default_memory " << app.defaultMemory << '\n';
  if (app.codeBucket)
    os << "  code_bucket " << *app.codeBucket << '\n';
  dumpPairs(os, "  ", "tag", app.tags);
  for (const auto &c : app.classes) {
    os << "class " << c->name << " underscored=" << c->underscored
       << " namespace="
       << (c->ruleNamespace ? StringRef(*c->ruleNamespace)
                            : StringRef("<none>"))
       << " role=" << c->roleLogicalId << '\n';
    dumpList(os, "  ", "iam_action", c->iamActions);
    dumpList(os, "  ", "managed_policy", c->managedPolicies);
    dumpPairs(os, "  ", "tag", c->tags);
    for (const auto &r : c->rules)
      dumpRule(os, *c, *r);
  }
}

} // namespace rulecc::ir
