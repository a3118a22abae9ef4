//===- Catalog.h - What rulecc knows about AWS, compiled into the binary --===//
// Managed rules and their parameters, resource types and their properties,
// Lambda runtimes: constant tables generated from ir/catalog/*.tsv.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_CATALOG_H
#define RULECC_IR_CATALOG_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace rulecc::catalog {

namespace detail {
struct RuleRecord;
struct ParamRecord;
struct TypeRecord;
struct RuntimeRecord;
} // namespace detail

/// The types AWS documents for managed-rule parameters.
enum class ParamType : uint8_t { String, Int, Double, Boolean, CSV, StringMap };
/// AWS's spelling: "String", "int", "double", "boolean", "CSV", "StringMap".
llvm::StringRef toString(ParamType type);

/// Leaf types of configuration-item properties in the AWS Config resource
/// schema (`ip` and `cidr_block` hold strings).
enum class LeafType : uint8_t {
  String,
  Integer,
  Boolean,
  Date,
  Float,
  Ip,
  CidrBlock
};
/// The schema's spelling: "string", "integer", ...
llvm::StringRef toString(LeafType type);

/// What the data says, where it may say nothing.
enum class Known : uint8_t { Unknown, Yes, No };

struct Parameter {
  llvm::StringRef name; // AWS's spelling, e.g. "maxAccessKeyAge"
  ParamType type;
  bool required;
  /// The default the AWS docs give (the console pre-fills it; the API and
  /// CloudFormation do not).
  std::optional<llvm::StringRef> defaultValue;
  /// AWS's description of the parameter (plain text), empty where the docs
  /// the catalog was made from give none.
  llvm::StringRef description;
};

/// True when `written` names `awsName` the way rule files match AWS names:
/// equal after lower-casing and dropping `_` (`max_access_key_age` ==
/// `maxAccessKeyAge`).
bool namesMatch(llvm::StringRef written, llvm::StringRef awsName);

/// One AWS managed rule (a view of a constant record; cheap to copy).
class ManagedRule {
public:
  llvm::StringRef identifier() const;
  /// False for rules whose trigger types the docs do not give.
  bool triggersKnown() const;
  bool isChangeTriggered() const;
  bool isPeriodic() const;
  /// False for the rules whose parameters the docs do not give: any
  /// parameter is accepted for them.
  bool parametersKnown() const;
  /// Whether AWS's list of rules supporting proactive evaluation has it.
  Known supportsProactive() const;

  /// AWS's description of the rule, in Markdown (notes included), as the
  /// AWS Config Developer Guide gives it; empty for the rules whose page the
  /// catalog was not made from (docs/catalogs.md says which).
  llvm::StringRef description() const;
  /// The rule's page in the AWS Config Developer Guide
  /// ("https://docs.aws.amazon.com/config/latest/developerguide/
  /// restricted-ssh.html"); empty for the few rules without one.
  llvm::StringRef documentationURL() const;

  unsigned numParameters() const;
  Parameter parameter(unsigned i) const;
  /// The parameter `written` names (see namesMatch), if any.
  std::optional<Parameter> findParameter(llvm::StringRef written) const;
  /// The parameter name closest to `written`, for did-you-mean.
  std::optional<llvm::StringRef>
  suggestParameter(llvm::StringRef written) const;

  /// The resource types the rule evaluates, as documented (may be none).
  unsigned numResourceTypes() const;
  llvm::StringRef resourceType(unsigned i) const;
  bool evaluates(llvm::StringRef resourceType) const;

private:
  friend std::optional<ManagedRule> lookupManagedRule(llvm::StringRef);
  friend ManagedRule managedRule(size_t);
  explicit ManagedRule(const detail::RuleRecord *rec) : rec(rec) {}
  const detail::RuleRecord *rec;
};

/// The managed rule with this exact identifier ("INCOMING_SSH_DISABLED").
std::optional<ManagedRule> lookupManagedRule(llvm::StringRef identifier);
/// The known identifier closest to `identifier`, for did-you-mean.
std::optional<llvm::StringRef> suggestManagedRule(llvm::StringRef identifier);
size_t numManagedRules();
ManagedRule managedRule(size_t i); // sorted by identifier

/// Where the catalog learned of a resource type (bits).
enum TypeSource : uint8_t {
  FromConfigAPI = 1,       // the ResourceType enum of the Config API model
  FromSchema = 2,          // the AWS Config resource schema
  FromManagedRules = 4,    // a managed rule's docs say it evaluates the type
  FromConformancePacks = 8 // AWS's conformance packs scope rules to it
};

struct Property {
  llvm::StringRef path; // "configuration.bucketName"
  LeafType type;
};

/// A resource type AWS Config records or accepts in a scope.
class ResourceType {
public:
  llvm::StringRef name() const;
  unsigned sources() const; // TypeSource bits
  /// Configuration-item properties from the resource schema, sorted by path
  /// (none for types the schema lacks).
  unsigned numProperties() const;
  Property property(unsigned i) const;
  std::optional<Property> findProperty(llvm::StringRef path) const;

private:
  friend std::optional<ResourceType> lookupResourceType(llvm::StringRef);
  friend ResourceType resourceType(size_t);
  explicit ResourceType(const detail::TypeRecord *rec) : rec(rec) {}
  const detail::TypeRecord *rec;
};

std::optional<ResourceType> lookupResourceType(llvm::StringRef name);
std::optional<llvm::StringRef> suggestResourceType(llvm::StringRef name);
size_t numResourceTypes();
ResourceType resourceType(size_t i); // sorted by name

enum class RuntimeState : uint8_t {
  Supported,
  Deprecated, // no more security patches; functions can still be created
  Blocked,    // Lambda refuses to create functions with it
};

struct Runtime {
  llvm::StringRef name; // "python3.12"
  RuntimeState state;   // as of the catalog's date
  /// ISO dates ("2024-10-14"), empty where AWS has not scheduled one.
  llvm::StringRef deprecationDate;
  llvm::StringRef blockCreateDate;
  llvm::StringRef blockUpdateDate;
};

/// Every identifier the Lambda API accepts as a Runtime.
std::optional<Runtime> lookupRuntime(llvm::StringRef name);
std::optional<llvm::StringRef> suggestRuntime(llvm::StringRef name);
size_t numRuntimes();
Runtime runtime(size_t i); // sorted by name

} // namespace rulecc::catalog

#endif // RULECC_IR_CATALOG_H
