//===- CfnCodeTest.cpp - Where Lambda code goes: --code=inline|package|s3|auto
// Inline ZipFile, package directories, content-addressed zips, and where
// auto stops inlining (big handlers, templates that cannot hold the code).
//===----------------------------------------------------------------------===//

#include "backends/bundle/Bundle.h"
#include "backends/cfn/Template.h"

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

TEST(CfnTest, AutoInlinesHandlersUpTo64KiBAndPackagesBiggerOnes) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  auto pad = [](size_t size) {
    std::string s = "def lambda_handler(event, ctx):\n";
    while (s.size() < size)
      s += "    x = 'padding padding padding padding padding padding'\n";
    return s;
  };
  std::string big = pad(60000), huge = pad(70000);
  b.handler(cls, "big", "Big", ir::Language::Python, big);
  b.handler(cls, "huge", "Huge", ir::Language::Python, huge);
  b.handler(cls, "small", "Small");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Code"]["ZipFile"]
                .Scalar(),
            big);
  EXPECT_EQ(rs["CheckRuleBigLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "index.lambda_handler");
  EXPECT_TRUE(
      rs["CheckRuleSmallLambdaFunction"]["Properties"]["Code"]["ZipFile"]);
  EXPECT_EQ(rs["CheckRuleHugeLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-huge");
  EXPECT_EQ(rs["CheckRuleHugeLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "huge.lambda_handler");
  ASSERT_TRUE(res->out.find("rules-example-check_rule-huge/huge.py"));
  // The package is the function's bundle: the handler and the helpers.
  EXPECT_EQ(res->out.getOthers().size(),
            1 + bundle::runtimeFiles(ir::Language::Python).size());

  CfnOptions o;
  o.code = CfnOptions::Inline; // explicit: inline even if large
  auto inl = emit(*b.app, o);
  ASSERT_TRUE(inl->ok);
  EXPECT_EQ(inl->primary()["Resources"]["CheckRuleHugeLambdaFunction"]
                          ["Properties"]["Code"]["ZipFile"]
                              .Scalar(),
            huge);

  o.maxTemplateBytes = 50000; // no template could hold it
  auto tooBig = emit(*b.app, o);
  EXPECT_FALSE(tooBig->ok);
  EXPECT_TRUE(tooBig->hasDiag(DiagID::InlineCodeTooLarge));
}

TEST(CfnTest, HandlersImportingTheHelpersArePackagedWithThem) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &py =
      b.handler(cls, "py", "Py", ir::Language::Python,
                "import rulecc_runtime\n\n"
                "def lambda_handler(event, ctx):\n    return None\n");
  b.handler(cls, "js", "Js", ir::Language::Node,
            "const rt = require('./rulecc_runtime');\n"
            "exports.handler = async () => null;\n");
  b.handler(cls, "plain", "Plain");
  auto res = emit(*b.app);
  ASSERT_TRUE(res->ok);
  YAML::Node rs = res->primary()["Resources"];
  EXPECT_EQ(rs["CheckRulePyLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-py");
  EXPECT_EQ(rs["CheckRulePyLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "py.lambda_handler");
  EXPECT_EQ(rs["CheckRuleJsLambdaFunction"]["Properties"]["Code"].Scalar(),
            "rules-example-check_rule-js");
  EXPECT_EQ(rs["CheckRuleJsLambdaFunction"]["Properties"]["Handler"].Scalar(),
            "js.handler");
  // A handler without the helpers stays inline, alone.
  EXPECT_TRUE(
      rs["CheckRulePlainLambdaFunction"]["Properties"]["Code"]["ZipFile"]);
  ASSERT_TRUE(res->out.find("rules-example-check_rule-py/py.py"));
  EXPECT_EQ(res->out.find("rules-example-check_rule-py/py.py")->bytes,
            py.handlerSource);
  for (auto [dir, lang] :
       {std::pair{"rules-example-check_rule-py", ir::Language::Python},
        std::pair{"rules-example-check_rule-js", ir::Language::Node}})
    for (const bundle::RuntimeFile &f : bundle::runtimeFiles(lang)) {
      const OutputSet::Entry *e =
          res->out.find((llvm::Twine(dir) + "/" + f.name).str());
      ASSERT_TRUE(e) << f.name.str();
      EXPECT_EQ(e->bytes, f.bytes);
    }
  EXPECT_EQ(res->out.getOthers().size(),
            2 + bundle::runtimeFiles(ir::Language::Python).size() +
                bundle::runtimeFiles(ir::Language::Node).size());

  CfnOptions o;
  o.code = CfnOptions::Inline;
  auto bad = emit(*b.app, o);
  EXPECT_FALSE(bad->ok);
  size_t needs = llvm::count_if(bad->diags, [](const Diagnostic &d) {
    return d.id == DiagID::InlineCodeNeedsRuntime;
  });
  EXPECT_EQ(needs, 2u);
}

TEST(CfnTest, AutoInlinesUpToExactlyTheTemplateLimit) {
  // Grow a handler line by line; --code=auto must inline exactly while the
  // inline template fits in a template (keeping the room every template
  // reserves for its header), and package the code (in one template) once it
  // does not. The limit is lowered to keep the test fast.
  std::string source = "def lambda_handler(event, ctx):\n    return None\n";
  std::string line = "# " + std::string(60, 'p') + "\n";
  CfnOptions inlineOpts, autoOpts;
  inlineOpts.code = CfnOptions::Inline;
  autoOpts.maxTemplateBytes = 20000;
  size_t lastInline = 0, firstPackaged = 0;
  for (int i = 0; i < 2000 && !firstPackaged; ++i) {
    AppBuilder b;
    auto &cls = b.addClass("CheckRule", "check_rule");
    b.handler(cls, "grow", "Grow", ir::Language::Python, source);
    auto inl = emit(*b.app, inlineOpts);
    auto aut = emit(*b.app, autoOpts);
    ASSERT_TRUE(inl->ok && aut->ok);
    size_t size = inl->out.getPrimary().bytes.size();
    bool inlined = aut->out.getOthers().empty();
    if (inlined) {
      EXPECT_LE(size, 20000u);
      EXPECT_EQ(aut->out.getPrimary().bytes, inl->out.getPrimary().bytes);
      lastInline = size;
    } else {
      // The rule's resources alone passed the room a template has for them.
      EXPECT_GT(size, 20000u - TemplateOverheadReserve);
      EXPECT_LT(aut->out.getPrimary().bytes.size(), 20000u);
      firstPackaged = size;
    }
    source += line;
  }
  ASSERT_GT(lastInline, 0u);
  ASSERT_GT(firstPackaged, 0u);
  // The switch happens at the first line that does not fit.
  EXPECT_LE(firstPackaged - lastInline, line.size() + 20);
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
  // The zip is the function's bundle: the handler and the Python helpers.
  std::vector<bundle::ZipEntry> entries = {{"ct.py", r.handlerSource}};
  for (const bundle::RuntimeFile &f :
       bundle::runtimeFiles(ir::Language::Python))
    entries.push_back({f.name.str(), f.bytes});
  auto zip = bundle::makeDeterministicZip(entries);
  ASSERT_TRUE(bool(zip));
  EXPECT_EQ(key,
            "rules-example-check_rule-ct/" + bundle::sha256Hex(*zip) + ".zip");
  const OutputSet::Entry *file = res->out.find(key);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, *zip);

  auto again = emit(*b.app, o);
  EXPECT_EQ(again->out.getPrimary().bytes, res->out.getPrimary().bytes);
  ASSERT_TRUE(again->out.find(key));
  EXPECT_EQ(again->out.find(key)->bytes, file->bytes);
}

} // namespace
