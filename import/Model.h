//===- Model.h - The rules extracted from a template, before writing ------===//
// What `rulecc import` understood of each ConfigRule and remediation, with
// the comments that record what the rule language cannot say.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_MODEL_H
#define RULECC_IMPORT_MODEL_H

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rulecc::import {

/// A value as it will be written in the rule language.
struct Literal {
  enum Kind {
    String,     // "text"
    Integer,    // 90 (text holds the digits)
    Float,      // 0.5
    Boolean,    // true / false
    StringList, // ["a", "b"] (a CSV parameter, several remediation values)
    ResourceId  // :resource_id (remediation: the non-compliant resource)
  };
  Kind kind = String;
  std::string text;
  std::vector<std::string> items; // StringList

  static Literal string(std::string s) { return {String, std::move(s), {}}; }
};

struct Remediation {
  std::string logicalId;
  std::string targetId;
  std::optional<std::string> targetVersion;
  std::optional<bool> automatic;
  std::optional<std::string> maximumAutomaticAttempts; // digits
  std::optional<std::string> retryAttemptSeconds;      // digits
  std::vector<std::pair<std::string, Literal>> parameters;
};

/// One ConfigRule of the template, as a rule declaration.
struct Rule {
  enum Kind {
    Managed, // managed_rule :identifier
    Policy,  // policy :name, <<-GUARD
    Custom   // a CUSTOM_LAMBDA rule: only ever written as a comment
  };
  Kind kind = Managed;
  std::string logicalId;
  std::string identifier; // Managed: SourceIdentifier
  std::string name;       // the declaration's symbol
  /// The template's ConfigRuleName (resolved), if it has one.
  std::optional<std::string> configRuleName;
  std::optional<std::string> description;
  std::vector<std::string> resourceTypes;
  std::optional<std::string> tagKey, tagValue, resourceId;
  std::vector<std::pair<std::string, Literal>> inputParameters;
  std::optional<std::string> frequency;      // the symbol: "six_hours"
  std::optional<std::string> trigger;        // Custom: "both", "periodic"
  std::optional<std::string> evaluationMode; // "proactive" or "both"
  std::string policyText;
  bool debugLogDelivery = false;
  std::optional<Remediation> remediation;

  /// Lines written as `# ...` above the rule: what was not imported.
  std::vector<std::string> notes;
  /// The whole rule is written commented out: a Custom rule, or a resource
  /// whose Condition is false with the parameter values in use.
  bool commentedOut = false;
  /// Rules are spread over classes so that no class declares the same
  /// managed rule twice (logical IDs derive from the identifier).
  unsigned classIndex = 0;
};

/// A piece of the output in template order: a rule, or comment lines for a
/// resource that has no rule-language form.
struct Item {
  std::optional<Rule> rule;
  std::vector<std::string> comment;
};

struct Application {
  std::string sourceName;          // the template's file name
  std::string project;             // project setting
  std::string className;           // the first class; others append 2, 3, ...
  std::vector<std::string> header; // template Description and notes
  std::vector<Item> items;
  unsigned numClasses = 1;
};

} // namespace rulecc::import

#endif // RULECC_IMPORT_MODEL_H
