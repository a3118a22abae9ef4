//===- LoweringChecksTest.cpp - AST -> IR: structural diagnostics ---------===//
// Which diagnostic each mistake gets, where, with which notes and fix-its.

#include "LoweringTestUtil.h"
#include "ir/Catalog.h"

using namespace llvm;
using namespace rulecc;
using namespace rulecc::test;

namespace {

using LoweringChecksTest = LoweringFixture;
using Ids = std::vector<std::string>;

TEST_F(LoweringChecksTest, PendingAtEndPointsAtPropertyAndClassEnd) {
  auto klass =
      b.cls("CheckRule", "ApplicationRule", b.call("managed_rule", b.sym("a")),
            b.call("desc", b.str("orphan")),
            b.call("scope", b.str("AWS::S3::Bucket")));
  const auto *def = cast<ast::ClassDefNode>(klass.get());
  SMLoc descLoc =
      cast<ast::CallNode>(def->getBody()[1].get())->getNameRange().Start;
  SMLoc endLoc = def->getEndRange().Start;
  auto file = b.file("app.rules", std::move(klass));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"pending-at-end", "pending-at-end"})) << joined();
  EXPECT_EQ(seen[0].message, "'desc' has no rule to apply to");
  EXPECT_EQ(seen[0].range.Start, descLoc);
  ASSERT_EQ(seen[0].notes.size(), 1u);
  EXPECT_EQ(seen[0].notes[0].message, "class ends here");
  EXPECT_EQ(seen[0].notes[0].range.Start, endLoc);
  EXPECT_EQ(seen[1].message, "'scope' has no rule to apply to");
}

TEST_F(LoweringChecksTest, PropertyTwiceIncludingAliases) {
  auto file =
      b.file("app.rules",
             b.cls("CheckRule", "ApplicationRule", b.call("desc", b.str("one")),
                   b.call("description", b.str("two")),
                   b.call("every", b.sym("one_hour")),
                   b.call("maximum_execution_frequency", b.str("One_Hour")),
                   b.call("managed_rule", b.sym("a")),
                   // After a declaration, properties start afresh.
                   b.call("desc", b.str("three")),
                   b.call("managed_rule", b.sym("b"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"property-twice", "property-twice"})) << joined();
  EXPECT_EQ(seen[0].message,
            "property 'description' is given twice before one rule");
  ASSERT_EQ(seen[0].notes.size(), 1u);
  EXPECT_EQ(seen[0].notes[0].message, "first given here");
  // The first value is kept.
  EXPECT_EQ(app->classes[0]->rules[0]->description,
            std::optional<std::string>("one"));
  EXPECT_EQ(app->classes[0]->rules[1]->description,
            std::optional<std::string>("three"));
}

TEST_F(LoweringChecksTest, ParamIsRepeatableButNotPerName) {
  auto file =
      b.file("app.rules",
             b.cls("CheckRule", "ApplicationRule", b.call("param", b.sym("a")),
                   b.call("param", b.sym("b")), b.call("param", b.sym("a")),
                   b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes())));
  auto app = lower(*file);
  ASSERT_EQ(ids(), Ids{"duplicate-key"}) << joined();
  EXPECT_EQ(seen[0].message, "'a' is given twice in 'param'");
  EXPECT_EQ(app->classes[0]->rules[0]->params.size(), 2u);
}

TEST_F(LoweringChecksTest, PropertyNotApplicable) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule", b.call("timeout", b.num(10)),
            b.call("param", b.sym("p")), b.call("desc", b.str("fine")),
            b.call("managed_rule", b.sym("a")),
            b.call("every", b.sym("one_hour")),
            b.call("policy", b.sym("p"), b.str("rule r { }")),
            b.call("input_parameters", b.kw(b.entry("x", b.num(1)))),
            b.callWithBlock("rule", nodes(b.sym("body")), {"i"}, nodes()),
            b.call("enable_debug_log_delivery", b.boolean(true)),
            b.call("managed_rule", b.sym("c"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"property-not-applicable", "property-not-applicable",
                        "property-not-applicable", "property-not-applicable",
                        "property-not-applicable"}))
      << joined();
  EXPECT_EQ(seen[0].message, "'timeout' does not apply to a managed rule");
  ASSERT_EQ(seen[0].notes.size(), 1u);
  EXPECT_EQ(seen[0].notes[0].message, "consumed by this declaration");
  EXPECT_EQ(seen[1].message, "'param' does not apply to a managed rule");
  EXPECT_EQ(seen[2].message, "'every' does not apply to a policy rule");
  EXPECT_EQ(seen[3].message,
            "'input_parameters' does not apply to a rule with a body");
  EXPECT_EQ(seen[4].message,
            "'enable_debug_log_delivery' does not apply to a managed rule");
  // Values of properties that do not apply are dropped.
  const auto &r = app->classes[0]->rules;
  EXPECT_FALSE(r[0]->lambda);
  EXPECT_TRUE(r[0]->params.empty());
  EXPECT_EQ(r[0]->description, std::optional<std::string>("fine"));
  EXPECT_FALSE(r[1]->frequency);
  EXPECT_TRUE(r[2]->inputParameters.empty());
}

TEST_F(LoweringChecksTest, UnknownPropertySuggestsAndFixes) {
  auto klass =
      b.cls("CheckRule", "ApplicationRule", b.call("descr", b.str("x")),
            b.call("managed_rule", b.sym("a")), b.call("frobnicate", b.num(1)));
  auto file = b.file("app.rules", std::move(klass));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"unknown-property", "unknown-property"})) << joined();
  EXPECT_EQ(seen[0].message,
            "unknown rule property or declaration 'descr'; did you mean "
            "'desc'?");
  ASSERT_EQ(seen[0].fixIts.size(), 1u);
  EXPECT_EQ(seen[0].fixIts[0].replacement, "desc");
  EXPECT_EQ(seen[1].message,
            "unknown rule property or declaration 'frobnicate'");
  EXPECT_TRUE(seen[1].fixIts.empty());
}

TEST_F(LoweringChecksTest, TopLevelStatements) {
  auto file =
      b.file("app.rules", b.call("projet", b.str("x")),
             b.call("desc", b.str("x")), b.call("require", b.str("other")),
             b.cls("CheckRule", "ApplicationRule",
                   b.call("project", b.str("x")), b.call("require", b.str("y")),
                   b.cls("InnerRule", "ApplicationRule")),
             b.num(3));
  lower(*file);
  // A `require` inside a class is the loader's to report.
  ASSERT_EQ(ids(),
            (Ids{"unknown-setting", "statement-outside-class",
                 "setting-in-class", "nested-class", "unexpected-statement"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "unknown application setting 'projet'; did you mean 'project'?");
  EXPECT_EQ(seen[0].fixIts[0].replacement, "project");
  EXPECT_EQ(seen[1].message, "'desc' is only allowed inside a rule class");
  EXPECT_EQ(seen[4].message,
            "unexpected expression; expected an application setting, "
            "'require' or a rule class");
}

TEST_F(LoweringChecksTest, SettingTwiceAcrossFiles) {
  auto a = b.file("a.rules", b.call("project", b.str("one")));
  auto c = b.file("c.rules", b.call("project", b.str("two")));
  auto app = lower({a.get(), c.get()});
  ASSERT_EQ(ids(), Ids{"setting-twice"}) << joined();
  EXPECT_EQ(seen[0].notes[0].message, "previously set here");
  EXPECT_EQ(app->project, "one");
}

TEST_F(LoweringChecksTest, ClassShape) {
  auto file = b.file(
      "app.rules", b.cls("Check", "ApplicationRule"),
      b.cls("OtherRule", "Object"), b.cls("NoSuperRule", ""),
      b.cls("DupRule", "ApplicationRule", b.call("managed_rule", b.sym("a"))),
      b.cls("DupRule", "ApplicationRule", b.call("managed_rule", b.sym("a"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"class-name-suffix", "class-superclass",
                        "class-superclass", "duplicate-class"}))
      << joined();
  EXPECT_EQ(seen[0].fixIts[0].replacement, "Rule");
  EXPECT_EQ(seen[1].fixIts[0].replacement, "ApplicationRule");
  EXPECT_EQ(seen[3].notes[0].message, "first defined here");
  // The second DupRule is checked but kept out of the application, so its
  // rule does not also clash by name.
  EXPECT_EQ(app->classes.size(), 4u);
}

TEST_F(LoweringChecksTest, ClassSettings) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule", b.call("class_timeout", b.num(10)),
            b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes()),
            b.call("class_memory", b.num(512)),
            b.call("class_timeout", b.num(11))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"class-setting-after-rule", "class-setting-twice"}))
      << joined();
  EXPECT_EQ(seen[0].severity, Severity::Warning);
  // A class setting applies to every rule of the class, even earlier ones.
  EXPECT_EQ(app->classes[0]->rules[0]->lambda->memory, 512);
  EXPECT_EQ(app->classes[0]->rules[0]->lambda->timeout, 10);
}

TEST_F(LoweringChecksTest, DuplicateNames) {
  auto file = b.file(
      "app.rules",
      b.cls("ARule", "ApplicationRule", b.call("managed_rule", b.sym("x")),
            b.call("managed_rule", b.sym("x")),
            b.call("config_rule_name", b.str("app-a-y")),
            b.call("managed_rule", b.sym("z")),
            b.callWithBlock("rule", nodes(b.sym("y")), {"i"}, nodes()),
            // a__b and a_b: different ConfigRuleNames, same logical ID.
            b.call("managed_rule", b.sym("a_b")),
            b.call("managed_rule", b.sym("a__b"))),
      // CHECKRule and CheckRule both underscore to check_rule.
      b.cls("CheckRule", "ApplicationRule",
            b.callWithBlock("rule", nodes(b.sym("f")), {"i"}, nodes())),
      b.cls("CHECKRule", "ApplicationRule",
            b.call("rule_namespace", b.str("other")),
            b.callWithBlock("rule", nodes(b.sym("f")), {"i"}, nodes())));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"duplicate-rule-name", "duplicate-rule-name",
                        "duplicate-logical-id", "duplicate-function-name"}))
      << joined();
  EXPECT_EQ(seen[0].message, "config rule name 'app-a-x' is already used");
  EXPECT_EQ(seen[0].notes[0].message, "first defined here");
  EXPECT_EQ(seen[1].message, "config rule name 'app-a-y' is already used");
  EXPECT_EQ(seen[2].message, "logical ID 'ARuleABConfigRule' is already used");
  EXPECT_EQ(seen[3].message,
            "Lambda function name 'app-check_rule-f' is already used");
}

TEST_F(LoweringChecksTest, RoleLogicalIdsShareTheNamespace) {
  // `CheckRule :x_rule` with its own permissions gets the role
  // CheckRuleXRuleIamRole, which is also class CheckRuleXRule's role; a class
  // without Lambda rules has no role and cannot clash.
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule",
            b.call("iam_policy", b.str("s3:Get*")),
            b.callWithBlock("rule", nodes(b.sym("x_rule")), {"i"}, nodes())),
      b.cls("CheckRuleXRule", "ApplicationRule",
            b.callWithBlock("rule", nodes(b.sym("y")), {"i"}, nodes())),
      b.cls("OtherRule", "ApplicationRule",
            b.callWithBlock("rule", nodes(b.sym("w")), {"i"}, nodes())),
      b.cls("Other_Rule", "ApplicationRule",
            b.call("managed_rule", b.sym("z"))));
  lower(*file);
  ASSERT_EQ(ids(), Ids{"duplicate-logical-id"}) << joined();
  EXPECT_EQ(seen[0].message,
            "logical ID 'CheckRuleXRuleIamRole' is already used");
  EXPECT_EQ(seen[0].notes[0].message, "first defined here");
}

TEST_F(LoweringChecksTest, HandlerNotFound) {
  auto file = b.file("/nonexistent/dir/app.rules",
                     b.cls("CheckRule", "ApplicationRule",
                           b.call("python", b.sym("missing")),
                           b.call("node", b.sym("gone"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"handler-not-found", "handler-not-found"})) << joined();
  EXPECT_EQ(seen[0].message,
            "handler file '/nonexistent/dir/rules/check_rule/python/"
            "missing.py' for rule 'missing' does not exist");
  EXPECT_EQ(app->classes[0]->rules[1]->handlerPath,
            "/nonexistent/dir/rules/check_rule/node/gone.js");
}

TEST_F(LoweringChecksTest, InvalidEnumerations) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule", b.call("every", b.sym("weekly")),
            b.call("managed_rule", b.sym("a")),
            b.call("maximum_execution_frequency", b.str("Six_Hour")),
            b.call("trigger", b.sym("sometimes")),
            b.call("evaluation_mode", b.sym("reactive")),
            b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes())));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"invalid-frequency", "invalid-frequency",
                        "invalid-trigger", "invalid-evaluation-mode"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "invalid frequency 'weekly'; expected one of :one_hour, "
            ":three_hours, :six_hours, :twelve_hours, :twenty_four_hours");
  EXPECT_EQ(seen[1].message,
            "invalid frequency 'Six_Hour'; expected one of One_Hour, "
            "Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours");
}

TEST_F(LoweringChecksTest, LambdaLimits) {
  auto file = b.file(
      "app.rules", b.call("default_timeout", b.num(0)),
      b.cls("CheckRule", "ApplicationRule", b.call("timeout", b.num(901)),
            b.call("memory", b.num(64)),
            b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes()),
            b.call("timeout", b.neg(b.num(5))),
            b.callWithBlock("rule", nodes(b.sym("n")), {"i"}, nodes()),
            b.call("memory", b.num(10240)), b.call("timeout", b.num(900)),
            b.callWithBlock("rule", nodes(b.sym("s")), {"i"}, nodes())));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"invalid-timeout", "invalid-timeout", "invalid-memory",
                        "invalid-timeout"}))
      << joined();
  EXPECT_EQ(seen[1].message, "Lambda timeout 901 is out of range; AWS Lambda "
                             "accepts 1 to 900 seconds");
  EXPECT_EQ(seen[3].message, "Lambda timeout -5 is out of range; AWS Lambda "
                             "accepts 1 to 900 seconds");
}

TEST_F(LoweringChecksTest, WrongArgumentTypes) {
  auto file = b.file(
      "app.rules", b.call("default_memory", b.str("big")),
      b.cls("CheckRule", "ApplicationRule", b.call("timeout", b.str("30")),
            b.call("desc"), b.call("memory", b.num(1), b.num(2)),
            b.call("tags", b.str("x")),
            b.call("desc2"), // unknown, not a type error
            b.call("runtime", b.interpolated()),
            b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes())));
  lower(*file);
  ASSERT_EQ(ids(),
            (Ids{"invalid-argument", "invalid-argument", "invalid-argument",
                 "invalid-argument", "invalid-argument", "unknown-property",
                 "invalid-argument"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "'default_memory' expects an integer number of megabytes");
  EXPECT_EQ(seen[1].message, "'timeout' expects an integer number of seconds");
  EXPECT_EQ(seen[2].message, "'desc' expects a string");
}

TEST_F(LoweringChecksTest, BareIdentifierIsACommandWithoutArguments) {
  auto file =
      b.file("app.rules", b.cls("CheckRule", "ApplicationRule", b.ident("desc"),
                                b.call("managed_rule", b.sym("a"))));
  lower(*file);
  ASSERT_EQ(ids(), Ids{"invalid-argument"}) << joined();
  EXPECT_EQ(seen[0].message, "'desc' expects a string");
}

TEST_F(LoweringChecksTest, DescriptionAndNameLengths) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule",
            b.call("desc", b.str(std::string(257, 'd'))),
            b.call("config_rule_name", b.str(std::string(129, 'n'))),
            b.call("managed_rule", b.sym("a")),
            // 256 characters of which some are multi-byte: fine.
            b.call("desc", b.str(std::string(250, 'd') + "\xC3\xA9\xC3\xA9"
                                                         "\xC3\xA9\xC3\xA9"
                                                         "\xC3\xA9\xC3\xA9")),
            b.call("config_rule_name", b.str("   ")),
            b.call("managed_rule", b.sym("b"))));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"description-too-long", "name-too-long",
                        "invalid-identifier"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "Description is 257 characters; AWS Config accepts at most 256");
  EXPECT_EQ(seen[1].message, "ConfigRuleName '" + std::string(129, 'n') +
                                 "' is 129 characters; AWS accepts at most "
                                 "128");
}

TEST_F(LoweringChecksTest, TriggerConsistency) {
  auto file =
      b.file("app.rules",
             b.cls("CheckRule", "ApplicationRule",
                   b.call("trigger", b.sym("periodic")),
                   b.callWithBlock("rule", nodes(b.sym("a")), {"i"}, nodes()),
                   b.call("scope", b.str("AWS::S3::Bucket")),
                   b.call("every", b.sym("one_hour")),
                   b.callWithBlock("rule", nodes(b.sym("b")), {"i"}, nodes()),
                   b.call("trigger", b.sym("change")),
                   b.call("every", b.sym("one_hour")),
                   b.callWithBlock("rule", nodes(b.sym("c")), {"i"}, nodes()),
                   b.call("trigger", b.sym("periodic")),
                   b.call("every", b.sym("one_hour")),
                   b.call("scope", b.str("AWS::S3::Bucket")),
                   b.callWithBlock("rule", nodes(b.sym("d")), {"i"}, nodes()),
                   b.call("every", b.sym("one_hour")),
                   b.call("evaluation_mode", b.sym("proactive")),
                   b.call("managed_rule", b.sym("e"))));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"trigger-periodic-without-every",
                        "every-on-change-trigger", "every-on-change-trigger",
                        "scope-on-periodic-rule", "proactive-periodic-rule"}))
      << joined();
  EXPECT_EQ(seen[1].message,
            "'every' has no effect on a change-triggered rule; add 'trigger "
            ":both' or 'trigger :periodic'");
}

TEST_F(LoweringChecksTest, ScopeChecks) {
  ast::NodeList many;
  for (size_t i = 0; i < 101; ++i)
    many.push_back(b.str(catalog::resourceType(i).name().str()));
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule",
            b.call("scope", b.array(std::move(many))),
            b.call("managed_rule", b.sym("a")),
            b.call("scope", b.str("AWS::S3::Bucket"), b.str("AWS::S3::Bucket")),
            b.call("managed_rule", b.sym("b")),
            b.call("scope", b.str("S3 bucket")),
            b.call("managed_rule", b.sym("c")),
            b.call("scope", b.str("AWS::S3::Bucket"),
                   b.kw(b.entry("tag", b.str("env")))),
            b.call("managed_rule", b.sym("d")),
            b.call("scope", b.kw(b.entry("id", b.str("x")))),
            b.call("managed_rule", b.sym("e")),
            b.call("scope", b.kw(b.entry("kind", b.str("x")))),
            b.call("managed_rule", b.sym("f"))));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"scope-too-many-types", "duplicate-key",
                        "invalid-identifier", "scope-tag-and-type",
                        "scope-id-needs-one-type", "invalid-argument"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "scope lists 101 resource types; AWS Config accepts at most 100");
}

TEST_F(LoweringChecksTest, PolicyText) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule",
            b.call("policy", b.sym("empty"), b.str("  \n ")),
            b.call("policy", b.sym("big"), b.str(std::string(10001, 'x'))),
            b.call("policy", b.sym("interp"), b.interpolated()),
            b.call("policy", b.sym("nothing"))));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"empty-policy", "policy-too-large", "invalid-argument",
                        "invalid-argument"}))
      << joined();
  EXPECT_EQ(seen[1].message, "Guard policy text is 10001 characters; AWS "
                             "Config accepts at most 10000");
}

TEST_F(LoweringChecksTest, RuleDeclarationShapes) {
  auto file = b.file(
      "app.rules",
      b.cls("CheckRule", "ApplicationRule", b.call("rule", b.sym("no_body")),
            b.callWithBlock("rule", nodes(b.sym("two")), {"a", "b"}, nodes()),
            b.call("managed_rule", b.str("incoming_ssh")),
            b.call("managed_rule", b.sym("bad-name")),
            b.callWithBlock("python", nodes(b.sym("p")), {"i"}, nodes()),
            b.call("python", b.sym("1abc"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"rule-needs-block", "rule-block-params",
                        "managed-rule-identifier-syntax",
                        "managed-rule-identifier-syntax", "invalid-argument",
                        "invalid-identifier"}))
      << joined();
  EXPECT_EQ(seen[0].message,
            "'rule :no_body' needs a 'do |item| ... end' body");
  EXPECT_EQ(seen[4].message,
            "'python' expects a rule name such as :my_check and no block");
  // Declarations that failed make no rule (and so no clash of empty names).
  EXPECT_EQ(app->classes[0]->rules.size(), 0u);
}

TEST_F(LoweringChecksTest, RuntimeChecks) {
  auto file = b.file(
      "app.rules", b.call("default_runtime", b.str("java21")),
      b.cls("CheckRule", "ApplicationRule", b.call("runtime", b.str("ruby3.3")),
            b.callWithBlock("rule", nodes(b.sym("a")), {"i"}, nodes()),
            b.call("runtime", b.str("python3.12")),
            b.call("node", b.sym("n"))));
  lower(*file);
  ASSERT_EQ(ids(),
            (Ids{"invalid-runtime", "handler-not-found",
                 "runtime-language-mismatch", "runtime-language-mismatch"}))
      << joined();
  EXPECT_EQ(seen[2].message, "runtime 'ruby3.3' cannot run a rule body, "
                             "which compiles to Python or Node.js");
  EXPECT_EQ(seen[3].message, "runtime 'python3.12' cannot run a node handler");
}

TEST_F(LoweringChecksTest, TagsAndEnvironment) {
  auto file =
      b.file("app.rules",
             b.call("tags", b.kw(b.entry("aws:owner", b.str("x")),
                                 b.entry(std::string(129, 'k'), b.str("v")))),
             b.cls("CheckRule", "ApplicationRule",
                   b.call("class_tags", b.kw(b.entry("a", b.str("1")),
                                             b.entry("a", b.str("2")))),
                   b.call("environment", b.kw(b.entry("1BAD", b.str("x")),
                                              b.entry("OK", b.array(nodes())))),
                   b.call("iam_policy", b.str("s3 GetObject")),
                   b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes())));
  lower(*file);
  ASSERT_EQ(ids(), (Ids{"tag-invalid", "tag-invalid", "duplicate-key",
                        "invalid-argument", "invalid-identifier"}))
      << joined();
  EXPECT_EQ(seen[0].message, "invalid tag: key 'aws:owner' uses the prefix "
                             "'aws:', which AWS reserves");
}

TEST_F(LoweringChecksTest, RemediateChecks) {
  auto file =
      b.file("app.rules",
             b.cls("CheckRule", "ApplicationRule",
                   b.call("remediate", b.str("Doc"),
                          b.kw(b.entry("automatic", b.str("yes")),
                               b.entry("maximum_automatic_attempts", b.num(26)),
                               b.entry("retry", b.num(1)))),
                   b.call("managed_rule", b.sym("a")), b.call("remediate"),
                   b.call("managed_rule", b.sym("b"))));
  auto app = lower(*file);
  ASSERT_EQ(ids(), (Ids{"invalid-argument", "invalid-argument",
                        "invalid-argument", "invalid-argument"}))
      << joined();
  EXPECT_EQ(seen[1].message, "'remediate' expects "
                             "'maximum_automatic_attempts:' to be an integer "
                             "from 1 to 25");
  EXPECT_FALSE(app->classes[0]->rules[0]->remediation);
}

TEST_F(LoweringChecksTest, InputParametersSize) {
  auto file =
      b.file("app.rules",
             b.cls("CheckRule", "ApplicationRule",
                   b.call("input_parameters",
                          b.kw(b.entry("a", b.str(std::string(1020, 'x'))))),
                   b.call("managed_rule", b.sym("big")),
                   b.call("input_parameters",
                          b.kw(b.entry("a", b.str(std::string(1016, 'x'))))),
                   b.call("managed_rule", b.sym("fits")),
                   b.call("param", b.sym("n"), b.cpath({"Integer"}),
                          b.kw(b.entry("default", b.str("x")))),
                   b.callWithBlock("rule", nodes(b.sym("r")), {"i"}, nodes())));
  lower(*file);
  // {"a":"xxx..."} is 8 + the value's length.
  // Argument errors come where the property is written; sizes once the
  // rules are resolved.
  ASSERT_EQ(ids(), (Ids{"invalid-argument", "input-parameters-too-long"}))
      << joined();
  EXPECT_EQ(seen[0].message, "'param' expects a default of type Integer (an "
                             "integer)");
  EXPECT_EQ(seen[1].message, "InputParameters is 1028 characters as JSON; AWS "
                             "Config accepts at most 1024");
}

} // namespace
