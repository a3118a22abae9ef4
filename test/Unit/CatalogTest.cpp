//===- CatalogTest.cpp - The AWS catalogs compiled into the binary --------===//

#include "ir/Catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace rulecc::catalog;
using llvm::StringRef;

namespace {

TEST(CatalogTest, ManagedRuleLookupGivesTriggersAndParameters) {
  std::optional<ManagedRule> r = lookupManagedRule("ACCESS_KEYS_ROTATED");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->identifier(), "ACCESS_KEYS_ROTATED");
  EXPECT_TRUE(r->triggersKnown());
  EXPECT_TRUE(r->isPeriodic());
  EXPECT_FALSE(r->isChangeTriggered());
  EXPECT_TRUE(r->parametersKnown());
  ASSERT_EQ(r->numParameters(), 1u);
  Parameter p = r->parameter(0);
  EXPECT_EQ(p.name, "maxAccessKeyAge");
  EXPECT_EQ(p.type, ParamType::Int);
  EXPECT_TRUE(p.required);
  ASSERT_TRUE(p.defaultValue);
  EXPECT_EQ(*p.defaultValue, "90");
  EXPECT_EQ(r->numResourceTypes(), 0u);
}

TEST(CatalogTest, ManagedRuleResourceTypesAndBothTriggers) {
  std::optional<ManagedRule> r =
      lookupManagedRule("ACM_CERTIFICATE_EXPIRATION_CHECK");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->isPeriodic());
  EXPECT_TRUE(r->isChangeTriggered());
  EXPECT_TRUE(r->evaluates("AWS::ACM::Certificate"));
  EXPECT_FALSE(r->evaluates("AWS::S3::Bucket"));
  std::optional<Parameter> p = r->findParameter("days_to_expiration");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->required);
}

TEST(CatalogTest, RulesWithoutDocumentedFactsSayUnknown) {
  // One of the rules whose page the reference data has no facts for.
  std::optional<ManagedRule> r =
      lookupManagedRule("ACMPCA_CERTIFICATE_AUTHORITY_TAGGED");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->triggersKnown());
  EXPECT_FALSE(r->parametersKnown());
  EXPECT_EQ(r->supportsProactive(), Known::Unknown);
}

TEST(CatalogTest, ManagedRulesCarryAWSDescriptionsAndPages) {
  // The page is named for the rule's old name, not its identifier.
  std::optional<ManagedRule> r = lookupManagedRule("INCOMING_SSH_DISABLED");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->documentationURL(), "https://docs.aws.amazon.com/config/latest/"
                                   "developerguide/restricted-ssh.html");
  // Markdown escapes running text does not need are gone.
  EXPECT_EQ(r->description(),
            "Checks if the incoming SSH traffic for the security groups is "
            "accessible. The rule is COMPLIANT when IP addresses of the "
            "incoming SSH traffic in the security groups are restricted (CIDR "
            "other than 0.0.0.0/0). This rule applies only to IPv4.");
  // Notes stay; their Markdown line breaks too.
  std::optional<ManagedRule> keys = lookupManagedRule("ACCESS_KEYS_ROTATED");
  ASSERT_TRUE(keys);
  EXPECT_TRUE(keys->description().startswith(
      "Checks if the active access keys are rotated within the number of "
      "days specified in `maxAccessKeyAge`. The rule is NON_COMPLIANT"));
  EXPECT_TRUE(keys->description().contains("**Note**  \nThis rule requires"));
  EXPECT_EQ(keys->parameter(0).description,
            "Maximum number of days without rotation. Default 90.");
  // A rule of the current docs only: a page, no description.
  std::optional<ManagedRule> tagged =
      lookupManagedRule("ACMPCA_CERTIFICATE_AUTHORITY_TAGGED");
  ASSERT_TRUE(tagged);
  EXPECT_TRUE(tagged->description().empty());
  EXPECT_EQ(tagged->documentationURL(),
            "https://docs.aws.amazon.com/config/latest/developerguide/"
            "acmpca-certificate-authority-tagged.html");
}

TEST(CatalogTest, DescriptionCoverage) {
  // 317 rules have a page in the stored 2023 developer guide; every rule but
  // the three Firewall Manager ones has a page in the current one.
  unsigned described = 0, withPage = 0, describedParams = 0;
  for (size_t i = 0; i < numManagedRules(); ++i) {
    ManagedRule r = managedRule(i);
    described += !r.description().empty();
    withPage += !r.documentationURL().empty();
    for (unsigned j = 0; j < r.numParameters(); ++j)
      describedParams += !r.parameter(j).description.empty();
    // No page anchor or relative link leaks into a description.
    EXPECT_FALSE(r.description().contains("<a name=")) << r.identifier().str();
    EXPECT_FALSE(r.description().contains(".md)")) << r.identifier().str();
  }
  EXPECT_EQ(described, 317u);
  EXPECT_EQ(withPage, 803u);
  EXPECT_EQ(describedParams, 378u);
}

TEST(CatalogTest, ProactiveSupportFollowsTheEvaluationModeList) {
  ASSERT_TRUE(lookupManagedRule("RDS_STORAGE_ENCRYPTED"));
  EXPECT_EQ(lookupManagedRule("RDS_STORAGE_ENCRYPTED")->supportsProactive(),
            Known::Yes);
  EXPECT_EQ(lookupManagedRule("ACCESS_KEYS_ROTATED")->supportsProactive(),
            Known::No);
}

TEST(CatalogTest, EveryManagedRuleIsThereOnceAndSorted) {
  // managed-rules-index.tsv has 806 identifiers.
  ASSERT_EQ(numManagedRules(), 806u);
  for (size_t i = 1; i < numManagedRules(); ++i)
    EXPECT_LT(managedRule(i - 1).identifier(), managedRule(i).identifier());
  for (size_t i = 0; i < numManagedRules(); ++i) {
    ManagedRule r = managedRule(i);
    std::optional<ManagedRule> again = lookupManagedRule(r.identifier());
    ASSERT_TRUE(again) << r.identifier().str();
    EXPECT_EQ(again->identifier(), r.identifier());
    if (!r.parametersKnown()) {
      EXPECT_EQ(r.numParameters(), 0u);
    }
    // Each parameter is found by its own name and by no other.
    for (unsigned j = 0; j < r.numParameters(); ++j) {
      std::optional<Parameter> p = r.findParameter(r.parameter(j).name);
      ASSERT_TRUE(p);
      EXPECT_EQ(p->name, r.parameter(j).name);
    }
  }
}

TEST(CatalogTest, UnknownRulesAreNotFoundButSuggested) {
  EXPECT_FALSE(lookupManagedRule("INCOMING_SSH_DISABLD"));
  EXPECT_FALSE(lookupManagedRule("incoming_ssh_disabled"));
  EXPECT_FALSE(lookupManagedRule(""));
  EXPECT_EQ(suggestManagedRule("INCOMING_SSH_DISABLD"),
            std::optional<StringRef>("INCOMING_SSH_DISABLED"));
  EXPECT_EQ(suggestManagedRule("S3_BUCKET_VERSIONING_ENABLE"),
            std::optional<StringRef>("S3_BUCKET_VERSIONING_ENABLED"));
  EXPECT_FALSE(suggestManagedRule("NOTHING_LIKE_ANY_RULE_AT_ALL_XYZ"));
}

TEST(CatalogTest, ParameterNamesMatchWithoutCaseAndUnderscores) {
  EXPECT_TRUE(namesMatch("max_access_key_age", "maxAccessKeyAge"));
  EXPECT_TRUE(namesMatch("MaxAccessKeyAge", "maxAccessKeyAge"));
  EXPECT_TRUE(namesMatch("maxaccesskeyage", "maxAccessKeyAge"));
  EXPECT_TRUE(namesMatch("_a__b_", "aB"));
  EXPECT_FALSE(namesMatch("max_access_key", "maxAccessKeyAge"));
  EXPECT_FALSE(namesMatch("max_access_key_ages", "maxAccessKeyAge"));
  EXPECT_FALSE(namesMatch("", "a"));
  EXPECT_TRUE(namesMatch("", ""));

  std::optional<ManagedRule> r = lookupManagedRule("IAM_PASSWORD_POLICY");
  ASSERT_TRUE(r);
  std::optional<Parameter> p = r->findParameter("require_uppercase_characters");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->name, "RequireUppercaseCharacters");
  EXPECT_EQ(p->type, ParamType::Boolean);
  EXPECT_FALSE(r->findParameter("require_uppercase"));
  EXPECT_EQ(r->suggestParameter("minimum_pasword_length"),
            std::optional<StringRef>("MinimumPasswordLength"));
  EXPECT_FALSE(r->suggestParameter("color"));
}

TEST(CatalogTest, ParameterTypesAreSpelledAsAWSDoes) {
  EXPECT_EQ(toString(ParamType::String), "String");
  EXPECT_EQ(toString(ParamType::Int), "int");
  EXPECT_EQ(toString(ParamType::Double), "double");
  EXPECT_EQ(toString(ParamType::Boolean), "boolean");
  EXPECT_EQ(toString(ParamType::CSV), "CSV");
  EXPECT_EQ(toString(ParamType::StringMap), "StringMap");
  std::set<ParamType> seen;
  for (size_t i = 0; i < numManagedRules(); ++i)
    for (unsigned j = 0; j < managedRule(i).numParameters(); ++j)
      seen.insert(managedRule(i).parameter(j).type);
  EXPECT_EQ(seen.size(), 6u); // the data uses all six
}

TEST(CatalogTest, ResourceTypesAndTheirProperties) {
  std::optional<ResourceType> t = lookupResourceType("AWS::S3::Bucket");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name(), "AWS::S3::Bucket");
  EXPECT_TRUE(t->sources() & FromConfigAPI);
  EXPECT_TRUE(t->sources() & FromSchema);
  EXPECT_GT(t->numProperties(), 50u);
  std::optional<Property> p = t->findProperty("configuration.creationDate");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, LeafType::Date);
  EXPECT_EQ(toString(p->type), "date");
  EXPECT_FALSE(t->findProperty("configuration.noSuchThing"));
  for (unsigned i = 1; i < t->numProperties(); ++i)
    EXPECT_LT(t->property(i - 1).path, t->property(i).path);

  // Accepted in a scope although the Config API's enum lacks it.
  std::optional<ResourceType> account = lookupResourceType("AWS::::Account");
  ASSERT_TRUE(account);
  EXPECT_FALSE(account->sources() & FromConfigAPI);
  EXPECT_EQ(account->numProperties(), 0u);

  EXPECT_FALSE(lookupResourceType("AWS::S3::Buckets"));
  EXPECT_EQ(suggestResourceType("AWS::S3::Buckets"),
            std::optional<StringRef>("AWS::S3::Bucket"));
  EXPECT_EQ(suggestResourceType("aws::s3::bucket"),
            std::optional<StringRef>("AWS::S3::Bucket"));
  // The API model's 533 types and the schema's extra ones, at least.
  EXPECT_GE(numResourceTypes(), 540u);
  for (size_t i = 1; i < numResourceTypes(); ++i)
    EXPECT_LT(resourceType(i - 1).name(), resourceType(i).name());
}

TEST(CatalogTest, RuntimesCarryStateAndDates) {
  std::optional<Runtime> current = lookupRuntime("python3.12");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->state, RuntimeState::Supported);

  std::optional<Runtime> deprecated = lookupRuntime("python3.9");
  ASSERT_TRUE(deprecated);
  EXPECT_EQ(deprecated->state, RuntimeState::Deprecated);
  EXPECT_EQ(deprecated->deprecationDate, "2025-12-15");
  EXPECT_FALSE(deprecated->blockCreateDate.empty());

  std::optional<Runtime> blocked = lookupRuntime("python2.7");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->state, RuntimeState::Blocked);
  EXPECT_EQ(lookupRuntime("python3.6")->state, RuntimeState::Blocked);
  EXPECT_EQ(lookupRuntime("nodejs14.x")->state, RuntimeState::Blocked);

  // Announced without dates yet.
  std::optional<Runtime> future = lookupRuntime("python3.15");
  ASSERT_TRUE(future);
  EXPECT_EQ(future->state, RuntimeState::Supported);
  EXPECT_TRUE(future->deprecationDate.empty());

  EXPECT_FALSE(lookupRuntime("python3.99"));
  EXPECT_EQ(suggestRuntime("pyhton3.12"),
            std::optional<StringRef>("python3.12"));
  for (size_t i = 1; i < numRuntimes(); ++i)
    EXPECT_LT(runtime(i - 1).name, runtime(i).name);
}

} // namespace
