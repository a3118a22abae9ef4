//===- Syntax.h - Names and strings in Terraform's JSON configuration -----===//
// Resource names from logical IDs, literal text protected from template
// interpretation, and references written as `${type.name.attribute}`.
//===----------------------------------------------------------------------===//
#ifndef RULECC_BACKENDS_TERRAFORM_SYNTAX_H
#define RULECC_BACKENDS_TERRAFORM_SYNTAX_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>

namespace rulecc::terraform {

/// `CheckRuleIamRole` -> `check_rule_iam_role`, `S3BucketRule` ->
/// `s3_bucket_rule`, `HTTPSRule` -> `https_rule`: a word starts at an
/// upper-case letter after a lower-case letter or digit, and at the last
/// capital of an acronym followed by a lower-case letter. Characters
/// Terraform does not allow in a name become `_`.
std::string snakeCase(llvm::StringRef logicalId);

/// Every string of a Terraform JSON configuration is a template: `${` and
/// `%{` start an interpolation or directive. Doubling the `$` or `%`
/// (`$${`, `%%{`) makes text from the rules come out literally.
std::string literal(llvm::StringRef text);

/// `${<expression>}`.
std::string interpolate(const llvm::Twine &expression);

/// `<type>.<name>`, as `depends_on` lists it.
std::string address(llvm::StringRef type, llvm::StringRef name);

/// `${<type>.<name>.<attribute>}`.
std::string reference(llvm::StringRef type, llvm::StringRef name,
                      llvm::StringRef attribute);

} // namespace rulecc::terraform

#endif // RULECC_BACKENDS_TERRAFORM_SYNTAX_H
