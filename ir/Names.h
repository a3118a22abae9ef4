//===- Names.h - Generated AWS names and CloudFormation logical IDs -------===//
// The Jets-compatible naming scheme (LANGUAGE.md §5) and the deterministic
// shortening of generated names that would exceed an AWS limit.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_NAMES_H
#define RULECC_IR_NAMES_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <optional>
#include <string>

namespace rulecc::ir::names {

/// AWS limits on the names rulecc generates.
constexpr size_t MaxConfigRuleName = 128;
constexpr size_t MaxFunctionName = 64;
constexpr size_t MaxLogicalId = 255;
/// Room kept after a logical ID base for any suffix a backend appends
/// ("ConfigRule", "LambdaFunction", "RemediationConfiguration", ...).
constexpr size_t LogicalIdSuffixReserve = 32;
constexpr size_t MaxLogicalIdBase = MaxLogicalId - LogicalIdSuffixReserve;
/// Hex digits of the SHA-256 appended to a shortened name.
constexpr size_t HashDigits = 8;

/// ActiveSupport's `underscore`: "CheckRule" -> "check_rule",
/// "IAMUserRule" -> "iam_user_rule", "S3Rule" -> "s3_rule".
std::string underscore(llvm::StringRef camel);

/// ActiveSupport's `camelize` of a snake_case name:
/// "incoming_ssh_disabled" -> "IncomingSshDisabled". Characters that are not
/// letters or digits are dropped, so the result is a valid logical ID piece.
std::string camelize(llvm::StringRef snake);

/// The first HashDigits lower-case hex digits of SHA-256(text).
std::string hashSuffix(llvm::StringRef text);

/// Returns `name` unchanged when it fits in `limit`; otherwise a readable
/// prefix of it followed by `separator` and hashSuffix(name), exactly `limit`
/// characters or fewer. Two different over-long names never shorten to the
/// same result unless their SHA-256 prefixes collide.
std::string shorten(llvm::StringRef name, size_t limit,
                    llvm::StringRef separator);

/// "CheckRule" -> "check" (the class without `_rule`, as Jets does).
std::string classStem(llvm::StringRef classUnderscored);

/// ConfigRuleName: [namespace, "<class stem>_<rule>"] joined by `_`, then
/// `_` -> `-`, shortened to MaxConfigRuleName.
std::string configRuleName(std::optional<llvm::StringRef> ruleNamespace,
                           llvm::StringRef classUnderscored,
                           llvm::StringRef ruleName);

/// Lambda FunctionName `<project>-<class_underscored>-<rule>`, shortened to
/// MaxFunctionName.
std::string functionName(llvm::StringRef project,
                         llvm::StringRef classUnderscored,
                         llvm::StringRef ruleName);

/// "CheckRule" + "incoming_ssh_disabled" -> "CheckRuleIncomingSshDisabled",
/// alphanumeric only, shortened to MaxLogicalIdBase.
std::string logicalIdBase(llvm::StringRef className, llvm::StringRef ruleName);

/// "CheckRule" -> "CheckRuleIamRole".
std::string roleLogicalId(llvm::StringRef className);

/// True when `id` is a valid CloudFormation logical ID (alphanumeric,
/// 1..MaxLogicalId characters).
bool isValidLogicalId(llvm::StringRef id);

/// True for the Lambda FunctionName charset `[a-zA-Z0-9-_]+`.
bool isValidFunctionNameChars(llvm::StringRef name);

/// Turns a file stem into a usable project name: characters outside
/// `[A-Za-z0-9_-]` become `-`; an empty result becomes "rules".
std::string sanitizeProjectName(llvm::StringRef stem);

} // namespace rulecc::ir::names

#endif // RULECC_IR_NAMES_H
