//===- Extractor.h - Template resources to the import model (internal) ----===//
// Shared by the files that turn ConfigRules, their scopes, parameters and
// remediations into Rules, reporting what cannot be expressed.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_EXTRACTOR_H
#define RULECC_IMPORT_EXTRACTOR_H

#include "frontend/Diagnostics.h"
#include "import/Model.h"
#include "import/Resolver.h"
#include "import/Template.h"

#include "llvm/ADT/StringMap.h"

namespace rulecc::import {

class Extractor {
public:
  Extractor(const TValue &root, Resolver &resolver, DiagnosticEngine &diags,
            Application &app)
      : root(root), resolver(resolver), diags(diags), app(app) {}

  /// Fills `app.items` from the Resources section, in template order.
  void run();

private:
  void extractResource(llvm::StringRef logicalId, llvm::SMRange idRange,
                       const TValue &resource);
  /// False when the resource's Condition is false or unresolved: the rule
  /// is then written commented out, with the reason in `r.notes`.
  bool checkCondition(llvm::StringRef logicalId, llvm::SMRange idRange,
                      const TValue &resource, std::vector<std::string> &notes);
  void extractConfigRule(llvm::StringRef logicalId, const TValue &props,
                         Rule &r);
  void extractSource(const TValue &source, llvm::SMRange at, Rule &r);
  void extractCustomTriggers(const TValue &source, Rule &r);
  void extractScope(const TValue &scope, Rule &r);
  void extractInputParameters(const TValue &params, Rule &r);
  void extractFrequency(const TValue &v, llvm::SMRange at, Rule &r);
  void extractEvaluationModes(const TValue &v, llvm::SMRange at, Rule &r);
  /// The typed literal for input parameter `name` of rule `r`; false when
  /// the value cannot be written (reported, noted).
  bool typedParameter(llvm::StringRef name, const TValue &v, Rule &r,
                      Literal &out);
  void extractRemediation(llvm::StringRef logicalId, llvm::SMRange idRange,
                          const TValue &resource);
  bool fillRemediation(const TValue &props, const Rule &owner, Remediation &rem,
                       std::vector<std::string> &notes);
  void fillParameters(const TValue &params, llvm::StringRef id,
                      Remediation &rem, std::vector<std::string> &notes);
  void assignClasses();

  /// Resolves property `what` of resource `owner`. A value that cannot be
  /// resolved is reported and noted in `notes`; the result is then empty,
  /// as it is for AWS::NoValue.
  std::optional<TValue> resolveProp(const TValue &v, llvm::StringRef what,
                                    llvm::StringRef owner,
                                    std::vector<std::string> &notes);
  /// Like resolveProp, for a property that must be a string.
  std::optional<std::string> resolveString(const TValue &v,
                                           llvm::StringRef what,
                                           llvm::StringRef owner,
                                           std::vector<std::string> &notes);
  /// Reports a property the rule language has no form for, and notes it.
  void unsupported(llvm::SMRange at, llvm::StringRef what,
                   llvm::StringRef owner, const TValue *value,
                   std::vector<std::string> &notes);

  const TValue &root;
  Resolver &resolver;
  DiagnosticEngine &diags;
  Application &app;
  /// Index in app.items of the rule a resource defines, by logical ID.
  llvm::StringMap<size_t> ruleByLogicalId;
};

/// The catalog type of input parameter `name` of managed rule `identifier`
/// ("int", "boolean", "CSV", ...), or empty when the catalog does not know
/// the rule or the parameter.
llvm::StringRef catalogParameterType(llvm::StringRef identifier,
                                     llvm::StringRef name);

} // namespace rulecc::import

#endif // RULECC_IMPORT_EXTRACTOR_H
