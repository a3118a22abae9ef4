//===- BundleTest.cpp - Function bundles: files, zips, hashes, helper use -===//
// What a function's code holds, how its zip, hashes and name are derived,
// which handlers use the runtime helpers, and --target=bundle's outputs.
//===----------------------------------------------------------------------===//

#include "backends/bundle/Bundle.h"

#include "BundleTestUtil.h"
#include "CfnTestUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace rulecc;
using namespace rulecc::bundle;
using namespace rulecc::bundle::test;
using llvm::ArrayRef;
using llvm::StringRef;
using rulecc::cfn::test::AppBuilder;
using rulecc::cfn::test::Collector;

namespace {

/// A diagnostics engine that keeps what it is given.
struct Diags {
  llvm::SourceMgr sm;
  std::vector<Diagnostic> seen;
  DiagnosticEngine engine{sm};
  Diags() { engine.setConsumer(std::make_unique<Collector>(seen)); }
  bool has(DiagID id) const {
    return llvm::any_of(seen, [&](const Diagnostic &d) { return d.id == id; });
  }
};

/// The names of a function's files: the handler and its language's helpers.
std::vector<std::string> expectedNames(StringRef handler, ir::Language lang) {
  std::vector<std::string> names = {handler.str()};
  for (const RuntimeFile &f : runtimeFiles(lang))
    names.push_back(f.name.str());
  llvm::sort(names);
  return names;
}

std::vector<std::string> namesOf(ArrayRef<ZipEntry> files) {
  std::vector<std::string> names;
  for (const ZipEntry &f : files)
    names.push_back(f.name);
  return names;
}

TEST(BundleTest, EmbeddedHelpersAreSortedAndOfTheirLanguage) {
  EXPECT_TRUE(runtimeFiles(ir::Language::Ruby).empty());
  for (auto [lang, ext] : {std::pair{ir::Language::Python, StringRef(".py")},
                           std::pair{ir::Language::Node, StringRef(".js")}}) {
    ArrayRef<RuntimeFile> files = runtimeFiles(lang);
    for (size_t i = 0; i < files.size(); ++i) {
      EXPECT_TRUE(files[i].name.endswith(ext)) << files[i].name.str();
      EXPECT_FALSE(files[i].bytes.empty()) << files[i].name.str();
      if (i) {
        EXPECT_LT(files[i - 1].name, files[i].name);
      }
    }
  }
}

TEST(BundleTest, FindsEveryFormOfImportingTheHelpers) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  auto use = [&](ir::Language lang, std::string source) {
    ir::Rule &r = b.handler(cls, "h", "H", lang, std::move(source));
    return findRuntimeUse(r);
  };
  using L = ir::Language;
  auto found = use(L::Python, "import json\nimport rulecc_runtime\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->line, 2u);
  EXPECT_EQ(found->lineText, "import rulecc_runtime");
  EXPECT_TRUE(use(L::Python, "from rulecc_runtime import evaluate\n"));
  EXPECT_TRUE(use(L::Python, "import os, rulecc_runtime as rt\n"));
  EXPECT_TRUE(use(L::Python, "m = importlib.import_module('rulecc_runtime')"));
  // Text before the first line break, indented: trimmed, 1-based line.
  found = use(L::Python, "def f():\n\n    import rulecc_runtime  \n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->line, 3u);
  EXPECT_EQ(found->lineText, "import rulecc_runtime");
  EXPECT_TRUE(use(L::Node, "const rt = require('./rulecc_runtime');\n"));
  EXPECT_TRUE(use(L::Node, "const rt = require(\"./rulecc_runtime.js\");\n"));
  EXPECT_TRUE(use(L::Node, "import { run } from './rulecc_runtime.js';\n"));
  // Other identifiers that contain the name are not the module.
  EXPECT_FALSE(use(L::Python, "import rulecc_runtime_v2\n"));
  EXPECT_FALSE(use(L::Python, "import myrulecc_runtime\n"));
  EXPECT_FALSE(use(L::Node, "const $rulecc_runtime = 1;\n"));
  EXPECT_FALSE(use(L::Python, "def lambda_handler(e, c):\n    pass\n"));
  // Ruby has no helpers: its handlers never need them.
  EXPECT_FALSE(use(L::Ruby, "require 'rulecc_runtime'\n"));
  // A long line is quoted cut.
  found = use(L::Python, "import rulecc_runtime  # " + std::string(200, 'x'));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->lineText.size(), 83u);
  EXPECT_TRUE(StringRef(found->lineText).endswith("..."));
}

TEST(BundleTest, FunctionBundleHoldsHandlerAndHelpers) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &py = b.handler(cls, "ct", "Ct");
  ir::Rule &js = b.handler(cls, "js", "Js", ir::Language::Node,
                           "exports.handler = async () => null;\n");
  ir::Rule &rb = b.handler(cls, "rb", "Rb", ir::Language::Ruby,
                           "def lambda_handler(event:, context:)\nend\n");
  Diags d;
  for (const ir::Rule *r : {&py, &js, &rb}) {
    auto bundle =
        buildFunctionBundle(*r, BundleContents::FilesAndZip, d.engine);
    ASSERT_TRUE(bundle);
    StringRef file = llvm::sys::path::filename(r->handlerPath);
    EXPECT_EQ(bundle->rule, r);
    EXPECT_EQ(bundle->functionName, r->lambda->functionName);
    EXPECT_EQ(bundle->handlerFile, file);
    EXPECT_EQ(
        bundle->handler,
        (llvm::sys::path::stem(file) + "." + r->lambda->handlerFunction).str());
    EXPECT_EQ(namesOf(bundle->files), expectedNames(file, r->language));
    for (const ZipEntry &f : bundle->files) {
      if (f.name == file) {
        EXPECT_EQ(f.bytes, r->handlerSource); // unchanged
      }
    }

    // The zip holds exactly those files, read back by libzip.
    std::vector<ReadEntry> read = readZip(bundle->zip);
    ASSERT_EQ(read.size(), bundle->files.size());
    for (size_t i = 0; i < read.size(); ++i) {
      EXPECT_EQ(read[i].name, bundle->files[i].name);
      EXPECT_EQ(read[i].bytes, bundle->files[i].bytes.str());
      EXPECT_EQ(read[i].externalAttributes >> 16, 0100644u);
    }
    EXPECT_EQ(bundle->sha256Hex, sha256Hex(bundle->zip));
    std::string raw = llvm::fromHex(bundle->sha256Hex);
    EXPECT_EQ(bundle->sha256Base64, llvm::encodeBase64(raw));
    EXPECT_EQ(bundle->sha256Base64.size(), 44u);
    EXPECT_EQ(bundle->zipPath,
              r->lambda->functionName + "/" + bundle->sha256Hex + ".zip");
  }
  EXPECT_TRUE(d.seen.empty());

  // Files only: no zip work, the same files.
  auto files = buildFunctionBundle(py, BundleContents::Files, d.engine);
  ASSERT_TRUE(files);
  EXPECT_TRUE(files->zip.empty());
  EXPECT_TRUE(files->zipPath.empty());
  EXPECT_EQ(namesOf(files->files), expectedNames("ct.py", py.language));
  for (const ZipEntry &f : files->files)
    EXPECT_FALSE(f.deflated) << f.name;
}

TEST(BundleTest, HelpersAreDeflatedOncePerRun) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &one = b.handler(cls, "one", "One");
  ir::Rule &two = b.handler(cls, "two", "Two");
  Diags d;
  auto first = buildFunctionBundle(one, BundleContents::FilesAndZip, d.engine);
  auto second = buildFunctionBundle(two, BundleContents::FilesAndZip, d.engine);
  ASSERT_TRUE(first && second);
  if (runtimeFiles(ir::Language::Python).empty())
    GTEST_SKIP() << "no Python runtime helpers are embedded in this build";
  std::map<std::string, const DeflatedBytes *> secondDeflated;
  for (const ZipEntry &f : second->files)
    secondDeflated[f.name] = f.deflated;
  for (const ZipEntry &f : first->files) {
    if (f.name == "one.py") {
      EXPECT_FALSE(f.deflated); // the handler is compressed with its zip
      continue;
    }
    // A helper: the one deflated copy every bundle shares.
    ASSERT_TRUE(f.deflated) << f.name;
    EXPECT_EQ(f.deflated, secondDeflated[f.name]) << f.name;
    EXPECT_EQ(f.deflated->size, f.bytes.size());
  }
  // The zip is the one its files make when every entry is compressed anew.
  std::vector<ZipEntry> anew;
  for (const ZipEntry &f : first->files)
    anew.push_back({f.name, f.bytes});
  auto zip = makeDeterministicZip(anew);
  ASSERT_TRUE(bool(zip));
  EXPECT_EQ(first->zip, *zip);
}

TEST(BundleTest, Sha256Base64IsTerraformsSourceCodeHash) {
  // base64(sha256("")), as `filebase64sha256` gives it for an empty file.
  EXPECT_EQ(sha256Base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(sha256Base64("abc"),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

TEST(BundleTest, ChangedHandlerChangesHashAndName) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &one = b.handler(cls, "ct", "Ct");
  Diags d;
  auto first = buildFunctionBundle(one, BundleContents::FilesAndZip, d.engine);
  auto again = buildFunctionBundle(one, BundleContents::FilesAndZip, d.engine);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->zip, again->zip);
  one.handlerSource += "# changed\n";
  auto changed =
      buildFunctionBundle(one, BundleContents::FilesAndZip, d.engine);
  ASSERT_TRUE(changed);
  EXPECT_NE(changed->sha256Hex, first->sha256Hex);
  EXPECT_NE(changed->zipPath, first->zipPath);
}

TEST(BundleTest, HandlerNamedLikeAHelperIsAnError) {
  ArrayRef<RuntimeFile> helpers = runtimeFiles(ir::Language::Python);
  if (helpers.empty())
    GTEST_SKIP() << "no Python runtime helpers are embedded in this build";
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &r = b.handler(cls, "h", "H");
  r.handlerPath = ("rules/check_rule/python/" + helpers.front().name).str();
  EXPECT_EQ(shadowedRuntimeFile(r), helpers.front().name);
  Diags d;
  EXPECT_FALSE(buildFunctionBundle(r, BundleContents::Files, d.engine));
  EXPECT_TRUE(d.has(DiagID::HandlerShadowsRuntime));
  // The same name in another language is not a clash.
  r.language = ir::Language::Ruby;
  EXPECT_TRUE(shadowedRuntimeFile(r).empty());
}

TEST(BundleTest, BundlesCoverLambdaRulesInSourceOrder) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.handler(cls, "b_rule", "BRule");
  b.managed(cls, "m", "M", "S3_BUCKET_VERSIONING_ENABLED");
  b.handler(cls, "a_rule", "ARule", ir::Language::Node,
            "exports.handler = async () => null;\n");
  Diags d;
  auto bundles = buildBundles(*b.app, d.engine);
  ASSERT_TRUE(bundles);
  ASSERT_EQ(bundles->size(), 2u);
  EXPECT_EQ((*bundles)[0].handlerFile, "b_rule.py");
  EXPECT_EQ((*bundles)[1].handlerFile, "a_rule.js");

  // A body's code is its generated module beside the helpers.
  ir::Rule &body = b.handler(cls, "body", "Body");
  body.kind = ir::RuleKind::Body;
  body.body = std::make_unique<ir::body::Body>();
  auto withBody = buildBundles(*b.app, d.engine);
  ASSERT_TRUE(withBody);
  ASSERT_EQ(withBody->size(), 3u);
  const FunctionBundle &gen = (*withBody)[2];
  EXPECT_EQ(gen.handlerFile, "body.py");
  EXPECT_EQ(gen.handler, "body.lambda_handler");
  ASSERT_EQ(gen.files.size(), 2u);
  EXPECT_EQ(gen.files[0].name, "body.py");
  EXPECT_TRUE(gen.files[0].bytes.contains("def check(item, params):"));
  EXPECT_EQ(gen.files[1].name, "rulecc_runtime.py");
}

TEST(BundleTest, TargetBundleWritesTheTreeOrOneZip) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  ir::Rule &py = b.handler(cls, "py", "Py");
  b.handler(cls, "rb", "Rb", ir::Language::Ruby, "def lambda_handler; end\n");
  std::vector<std::string> tree;
  for (const std::string &n : expectedNames("py.py", ir::Language::Python))
    tree.push_back("rules-example-check_rule-py/" + n);
  tree.push_back("rules-example-check_rule-rb/rb.rb");

  Diags d;
  OutputSet dir;
  ASSERT_TRUE(emitBundle(*b.app, {}, d.engine, dir));
  EXPECT_FALSE(dir.hasPrimary());
  std::vector<std::string> written;
  for (const OutputSet::Entry &e : dir.getOthers())
    written.push_back(e.relPath);
  EXPECT_EQ(written, tree);
  ASSERT_TRUE(dir.find("rules-example-check_rule-py/py.py"));
  EXPECT_EQ(dir.find("rules-example-check_rule-py/py.py")->bytes,
            py.handlerSource);

  OutputSet zip;
  BundleOptions single;
  single.singleZip = true;
  ASSERT_TRUE(emitBundle(*b.app, single, d.engine, zip));
  ASSERT_TRUE(zip.hasPrimary());
  EXPECT_TRUE(zip.getOthers().empty());
  std::vector<std::string> entries;
  for (const ReadEntry &e : readZip(zip.getPrimary().bytes)) {
    entries.push_back(e.name);
    EXPECT_EQ(e.bytes, dir.find(e.name)->bytes) << e.name;
  }
  EXPECT_EQ(entries, tree);
  EXPECT_TRUE(d.seen.empty());
}

TEST(BundleTest, AnApplicationWithoutLambdaRulesWarns) {
  AppBuilder b;
  auto &cls = b.addClass("CheckRule", "check_rule");
  b.managed(cls, "m", "M", "S3_BUCKET_VERSIONING_ENABLED");
  Diags d;
  OutputSet out;
  BundleOptions single;
  single.singleZip = true;
  ASSERT_TRUE(emitBundle(*b.app, single, d.engine, out));
  EXPECT_TRUE(d.has(DiagID::NoLambdaRules));
  EXPECT_TRUE(readZip(out.getPrimary().bytes).empty());
}

} // namespace
