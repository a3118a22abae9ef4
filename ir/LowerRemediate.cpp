//===- LowerRemediate.cpp - The `remediate` property ----------------------===//
// `remediate "AWS-Doc", automatic: true, parameters: {...}, ...` becomes an
// AWS::Config::RemediationConfiguration of the rule.

#include "ir/LoweringImpl.h"

#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace rulecc::ir::detail {

namespace {
/// An integer keyword argument with AWS's bounds.
std::optional<int64_t> boundedInt(ArgReader &args, const ast::CallNode &call,
                                  StringRef key, const ast::Node *value,
                                  int64_t min, int64_t max) {
  if (const auto *i = dyn_cast<ast::IntegerLitNode>(value))
    if (i->getValue() >= min && i->getValue() <= max)
      return i->getValue();
  args.expects(
      call, value,
      formatv("'{0}:' to be an integer from {1} to {2}", key, min, max).str());
  return std::nullopt;
}

constexpr StringLiteral remediateExpects =
    "an SSM document name, then 'automatic:', 'parameters:', "
    "'maximum_automatic_attempts:', 'retry_attempt_seconds:' or "
    "'target_version:'";

/// Applies one keyword argument of `remediate`; false when it is invalid.
bool lowerRemediateKeyword(ArgReader &args, const ast::CallNode &call,
                           const ast::HashEntry &e, StringRef key,
                           Remediation &rem) {
  const ast::Node *value = e.value.get();
  if (key == "automatic") {
    if (const auto *b = dyn_cast<ast::BoolLitNode>(value)) {
      rem.automatic = b->getValue();
      return true;
    }
    args.expects(call, value, "'automatic:' to be true or false");
    return false;
  }
  if (key == "parameters") {
    const auto *h = dyn_cast<ast::HashLitNode>(value);
    if (!h) {
      args.expects(call, value, "'parameters:' to be a hash");
      return false;
    }
    std::optional<std::vector<KeyedValue>> es = args.entries(*h, call);
    if (!es)
      return false;
    for (KeyedValue &p : *es)
      rem.parameters.emplace_back(std::move(p.key.value), std::move(p.value));
    return true;
  }
  if (key == "maximum_automatic_attempts") {
    rem.maximumAutomaticAttempts = boundedInt(args, call, key, value, 1, 25);
    return rem.maximumAutomaticAttempts.has_value();
  }
  if (key == "retry_attempt_seconds") {
    rem.retryAttemptSeconds = boundedInt(args, call, key, value, 1, 2678000);
    return rem.retryAttemptSeconds.has_value();
  }
  if (key == "target_version") {
    if (auto v = ArgReader::plainString(value); v && !v->empty()) {
      rem.targetVersion = *v;
      return true;
    }
    args.expects(call, value, "'target_version:' to be a string");
    return false;
  }
  args.expects(call, e.key.get(), remediateExpects);
  return false;
}
} // namespace

void Lowerer::lowerRemediate(RuleProps &props, const ast::CallNode &call) {
  StringRef what = remediateExpects;
  if (!args.checkShape(call, what, /*allowKeywords=*/true))
    return;
  ArrayRef<ast::NodePtr> pos = call.getPositionalArgs();
  std::optional<std::string> target =
      pos.size() == 1 ? ArgReader::plainString(pos[0].get()) : std::nullopt;
  if (!target) {
    args.expects(call,
                 pos.size() > 1 ? pos[1].get()
                 : pos.empty()  ? nullptr
                                : pos[0].get(),
                 what);
    return;
  }
  if (target->empty() || target->size() > 256) {
    diags.report(pos[0]->getRange(), DiagID::InvalidIdentifier,
                 "SSM document name", *target,
                 "AWS Config accepts 1 to 256 characters");
    return;
  }
  Remediation rem;
  rem.targetId = *target;
  rem.range = call.getRange();
  bool ok = true;
  StringMap<SMRange> seen;
  const ast::HashLitNode *kw = call.getKeywordArgs();
  for (const ast::HashEntry &e :
       kw ? kw->getEntries() : ArrayRef<ast::HashEntry>()) {
    std::optional<std::string> key = ArgReader::symbolOrString(e.key.get());
    if (!key) {
      args.expects(call, e.key.get(), what);
      ok = false;
      continue;
    }
    if (auto [it, fresh] = seen.try_emplace(*key, e.key->getRange()); !fresh) {
      diags.report(e.key->getRange(), DiagID::DuplicateKey, *key, "remediate")
          .note(it->second, DiagID::NotePreviousProperty);
      ok = false;
      continue;
    }
    ok &= lowerRemediateKeyword(args, call, e, *key, rem);
  }
  if (ok)
    props.remediation = std::move(rem);
}

} // namespace rulecc::ir::detail
