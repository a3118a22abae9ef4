//===- CfnCodeTest.cpp - Where Lambda code goes: --code=inline|package|s3|auto
// Inline ZipFile, package directories, content-addressed zips, and auto's
// switch at CloudFormation's 51,200-byte direct-upload limit.
//===----------------------------------------------------------------------===//

#include "backends/cfn/DeterministicZip.h"

#include "CfnTestUtil.h"

using namespace rulecc;
using namespace rulecc::cfn;
using namespace rulecc::cfn::test;

namespace {

TEST(CfnTest, RubyIsPackagedUnderAutoAndRefusedInline) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(cls, "rb", "Rb", ir::Language::Ruby,
                          "def lambda_handler(event:, context:)\nend\n");
  b.handler(cls, "py", "Py");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  YAML::Node rb = rs["CheckRuleRbLambdaFunction"]["Properties"];
  EXPECT_EQ(rb["Code"].Scalar(), "rules-example-check_rule-rb");
  EXPECT_EQ(rb["Handler"].Scalar(), "rb.lambda_handler");
  const OutputSet::Entry *file =
      res->out.find("rules-example-check_rule-rb/rb.rb");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, r.handlerSource);
  // The Python rule stays inline: the template is small.
  EXPECT_TRUE(rs["CheckRulePyLambdaFunction"]["Properties"]["Code"]["ZipFile"]);

  CfnOptions inlineOpts;
  inlineOpts.code = CfnOptions::Inline;
  auto bad = emit(*b.app, inlineOpts);
  EXPECT_FALSE(bad->ok);
  EXPECT_TRUE(bad->hasDiag(DiagID::InlineCodeUnsupported));
}

TEST(CfnTest, NodeInlineHandler) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.handler(cls, "js", "Js", ir::Language::Node,
            "exports.handler = async () => {};\n");
  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto res = emit(*b.app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node fp =
      res->primary()["Resources"]["CheckRuleJsLambdaFunction"]["Properties"];
  EXPECT_EQ(fp["Handler"].Scalar(), "index.handler");
  EXPECT_EQ(fp["Runtime"].Scalar(), "nodejs20.x");
}

TEST(CfnTest, InvalidUTF8HandlerCannotBeInlined) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.handler(cls, "latin", "Latin", ir::Language::Python, "# caf\xE9\n");
  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto bad = emit(*b.app, o);
  EXPECT_FALSE(bad->ok);
  EXPECT_TRUE(bad->hasDiag(DiagID::InlineCodeNotUTF8));
  auto res = emit(*b.app); // auto: packaged, bytes unchanged
  ASSERT_TRUE(res->ok);
  ASSERT_TRUE(res->out.find("rules-example-check_rule-latin/latin.py"));
  EXPECT_EQ(res->out.find("rules-example-check_rule-latin/latin.py")->bytes,
            "# caf\xE9\n");
}

TEST(CfnTest, AutoSwitchesToPackageOverTheDirectUploadLimit) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  std::string big = "def lambda_handler(event, ctx):\n";
  while (big.size() < 60000)
    big += "    x = 'padding padding padding padding padding padding'\n";
  b.handler(cls, "big", "Big", ir::Language::Python, big);
  b.handler(cls, "small", "Small");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-big");
  EXPECT_EQ(rs["CheckRuleSmallLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-small");
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "big.lambda_handler");
  EXPECT_LT(res->out.getPrimary().bytes.size(), 51200u);

  CfnOptions o;
  o.code = CfnOptions::Inline; // explicit: inline even if large
  auto inl = emit(*b.app, o);
  ASSERT_TRUE(inl->ok);
  EXPECT_EQ(inl->primary()["Resources"]["CheckRuleBigLambdaFunction"]
                          ["Properties"]["Code"]["ZipFile"]
                              .Scalar(),
            big);

  o.maxTemplateBytes = 50000; // no template could hold it
  auto tooBig = emit(*b.app, o);
  EXPECT_FALSE(tooBig->ok);
  EXPECT_TRUE(tooBig->hasDiag(DiagID::InlineCodeTooLarge));
}

TEST(CfnTest, AutoInlinesUpToExactlyTheDirectUploadLimit) {
  // Grow a handler line by line; --code=auto must inline exactly while the
  // inline template is at most 51,200 bytes.
  std::string source = "def lambda_handler(event, ctx):\n    return None\n";
  std::string line = "# " + std::string(60, 'p') + "\n";
  CfnOptions inlineOpts;
  inlineOpts.code = CfnOptions::Inline;
  size_t lastInline = 0, firstPackaged = 0;
  for (int i = 0; i < 2000 && !firstPackaged; ++i) {
    AppBuilder b;
    auto &cls = b.addClass("CheckRule", "check_rule");
    b.handler(cls, "grow", "Grow", ir::Language::Python, source);
    auto inl = emit(*b.app, inlineOpts);
    auto aut = emit(*b.app);
    ASSERT_TRUE(inl->ok && aut->ok);
    size_t size = inl->out.getPrimary().bytes.size();
    bool inlined = aut->out.getOthers().empty();
    if (inlined) {
      EXPECT_LE(size, 51200u);
      EXPECT_EQ(aut->out.getPrimary().bytes, inl->out.getPrimary().bytes);
      lastInline = size;
    } else {
      EXPECT_GT(size, 51200u);
      firstPackaged = size;
    }
    source += line;
  }
  EXPECT_GT(lastInline, 51200u - 2 * line.size() - 20);
  EXPECT_GT(firstPackaged, 51200u);
}

TEST(CfnTest, S3CodeIsContentAddressedAndDeterministic) {
  AppBuilder b;
  b.app->codeBucket = "my-code-bucket";
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(cls, "ct", "Ct");
  CfnOptions o;
  o.code = CfnOptions::S3;
  auto res = emit(*b.app, o);
  ASSERT_TRUE(res->ok);
  YAML::Node t = res->primary();
  expectReferencesResolve(t, "template");
  EXPECT_EQ(t["Parameters"]["CodeBucket"]["Type"].Scalar(), "String");
  EXPECT_EQ(t["Parameters"]["CodeBucket"]["Default"].Scalar(),
            "my-code-bucket");
  YAML::Node code =
      t["Resources"]["CheckRuleCtLambdaFunction"]["Properties"]["Code"];
  EXPECT_EQ(code["S3Bucket"].Tag(), "!Ref");
  EXPECT_EQ(code["S3Bucket"].Scalar(), "CodeBucket");
  EXPECT_EQ(t["Resources"]["CheckRuleCtLambdaFunction"]["Properties"]["Handler"]
                .Scalar(),
            "ct.lambda_handler");
  std::string key = code["S3Key"].Scalar();
  auto zip = makeDeterministicZip({{"ct.py", r.handlerSource}});
  ASSERT_TRUE(bool(zip));
  EXPECT_EQ(key, "rules-example-check_rule-ct/" + sha256Hex(*zip) + ".zip");
  const OutputSet::Entry *file = res->out.find(key);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, *zip);

  auto again = emit(*b.app, o);
  EXPECT_EQ(again->out.getPrimary().bytes, res->out.getPrimary().bytes);
  ASSERT_TRUE(again->out.find(key));
  EXPECT_EQ(again->out.find(key)->bytes, file->bytes);
}

} // namespace
