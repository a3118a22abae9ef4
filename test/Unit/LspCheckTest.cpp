//===- LspCheckTest.cpp - Checking open documents as applications ---------===//

#include "lsp/Check.h"
#include "lsp/Features.h"

#include "frontend/Parser.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace rulecc;
using namespace rulecc::lsp;

namespace {

class LspCheck : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("lsp-check", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(llvm::StringRef name) {
    llvm::SmallString<128> p(dir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  void write(llvm::StringRef name, llvm::StringRef text) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path(name), ec);
    ASSERT_FALSE(ec);
    os << text;
  }
  DocumentState doc(llvm::StringRef name, llvm::StringRef text) {
    DocumentState d;
    d.path = path(name);
    d.resolved = resolveSourcePath(d.path);
    d.uri = pathToURI(d.resolved);
    d.version = 1;
    d.text = text.str();
    return d;
  }
  std::shared_ptr<WorkspaceAnalysis>
  check(llvm::ArrayRef<DocumentState> docs,
        const WorkspaceAnalysis *previous = nullptr) {
    return checkWorkspace(docs, 1, previous, [] { return false; }, {});
  }
  static std::vector<std::string> codes(const FileAnalysis &f) {
    std::vector<std::string> out;
    for (const FileDiagnostic &d : f.diagnostics)
      out.push_back(d.code);
    return out;
  }

  llvm::SmallString<128> dir;
};

TEST_F(LspCheck, UnsavedTextWinsAndRequiredFilesMayBeUnsaved) {
  write("app.rules", "this does not parse (\n");
  // lib.rules exists only as a buffer; app.rules' buffer requires it.
  DocumentState app =
      doc("app.rules", "require \"lib\"\nclass ARule < ApplicationRule\n"
                       "  managed_rule :root_account_mfa_enabled\nend\n");
  DocumentState lib = doc("lib.rules", "class BRule < ApplicationRule\n"
                                       "  managed_rule :no_such_rule\nend\n");
  auto a = check({lib, app});
  ASSERT_TRUE(a);
  // lib.rules is checked as part of app.rules' application only.
  EXPECT_EQ(a->roots, std::vector<std::string>{app.resolved});
  ASSERT_EQ(a->byURI.count(app.uri), 1u);
  ASSERT_EQ(a->byURI.count(lib.uri), 1u);
  EXPECT_EQ(codes(a->byURI[app.uri]), std::vector<std::string>{});
  EXPECT_EQ(codes(a->byURI[lib.uri]),
            std::vector<std::string>{"unknown-managed-rule"});
  EXPECT_EQ(a->byURI[lib.uri].check->root, app.resolved);
  // Next time the required document is checked after its application, and
  // so not on its own.
  auto b = check({lib, app}, a.get());
  EXPECT_EQ(b->roots, std::vector<std::string>{app.resolved});
}

TEST_F(LspCheck, FixesAndRelatedInformation) {
  DocumentState app =
      doc("app.rules", "class ARule < ApplicationRule\n"
                       "  managed_rule :root_account_mfa_enabled\n"
                       "  managed_rule :root_account_mfa_enabled\n"
                       "  scope \"AWS::S3::Buckt\"\n  managed_rule :s3_bucket_"
                       "versioning_enabled\nend\n");
  auto a = check({app});
  const FileAnalysis &f = a->byURI[app.uri];
  // In the order the checker reports them.
  ASSERT_EQ(codes(f), (std::vector<std::string>{"unknown-resource-type",
                                                "duplicate-rule-name"}));
  const FileDiagnostic &dup = f.diagnostics[1];
  ASSERT_EQ(dup.related.size(), 1u);
  EXPECT_EQ(dup.related[0].uri, app.uri);
  EXPECT_EQ(dup.related[0].range.start, (Position{1, 15}));
  EXPECT_EQ(dup.related[0].message, "first defined here");
  const FileDiagnostic &type = f.diagnostics[0];
  EXPECT_EQ(type.range.start, (Position{3, 8}));
  EXPECT_EQ(type.range.end, (Position{3, 24}));
  ASSERT_EQ(type.fixes.size(), 1u);
  EXPECT_TRUE(type.fixes[0].preferred);
  EXPECT_EQ(type.fixes[0].title,
            "Replace '\"AWS::S3::Buckt\"' with '\"AWS::S3::Bucket\"'");
  ASSERT_EQ(type.fixes[0].edits.size(), 1u);
  EXPECT_EQ(type.fixes[0].edits[0].first, app.uri);
  EXPECT_EQ(type.fixes[0].edits[0].second[0].newText, "\"AWS::S3::Bucket\"");
}

TEST_F(LspCheck, CancelledChecksReturnNothing) {
  DocumentState app = doc("app.rules", "class ARule < ApplicationRule\nend\n");
  EXPECT_FALSE(checkWorkspace({app}, 1, nullptr, [] { return true; }, {}));
}

TEST_F(LspCheck, WarningFlagsApply) {
  DocumentState app =
      doc("app.rules", "class ARule < ApplicationRule\n  rule :r do |item|\n"
                       "    if item.resource_id == \"x\"\n      compliant\n"
                       "    else\n      1\n    end\n  end\nend\n");
  auto plain = check({app});
  ASSERT_EQ(codes(plain->byURI[app.uri]),
            std::vector<std::string>{"body-may-fall-off"});
  EXPECT_EQ(plain->byURI[app.uri].diagnostics[0].severity, Severity::Warning);
  CheckOptions werror;
  werror.configureDiagnostics = [](DiagnosticEngine &d) {
    d.setWarningsAsErrors(true);
  };
  auto strict = checkWorkspace(
      {app}, 1, nullptr, [] { return false; }, werror);
  EXPECT_EQ(strict->byURI[app.uri].diagnostics[0].severity, Severity::Error);
}

// Completion offers the item's fields from its own table; each must be a
// field the checker knows.
TEST_F(LspCheck, ItemFieldsAreTheCheckersFields) {
  std::string body = "class ARule < ApplicationRule\n  scope "
                     "\"AWS::S3::Bucket\"\n  rule :r do |item|\n";
  for (const ItemFieldInfo &f : itemFields())
    body += "    x_" + f.name.str() + " = item." + f.name.str() + "\n";
  body += "    item.not_a_field\n  end\nend\n";
  DocumentState app = doc("app.rules", body);
  auto a = check({app});
  // Only the last line is unknown.
  std::vector<std::string> found = codes(a->byURI[app.uri]);
  ASSERT_EQ(found, std::vector<std::string>{"unknown-item-property"});
  EXPECT_EQ(a->byURI[app.uri].diagnostics[0].range.start.line,
            3 + itemFields().size());
}

} // namespace

namespace {

TEST(LspCompletionResolve, AddsAManagedRulesDocumentationOnly) {
  using llvm::json::Object;
  llvm::json::Value resolved = resolveCompletion(
      Object{{"label", ":restricted_ssh"},
             {"data", Object{{"managedRule", "INCOMING_SSH_DISABLED"}}}});
  const Object *item = resolved.getAsObject();
  ASSERT_TRUE(item);
  EXPECT_EQ(item->getString("label"), llvm::StringRef(":restricted_ssh"));
  const Object *doc = item->getObject("documentation");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->getString("kind"), llvm::StringRef("markdown"));
  llvm::StringRef text = *doc->getString("value");
  EXPECT_TRUE(text.startswith("**INCOMING_SSH_DISABLED** (AWS Config managed "
                              "rule)\n\nChecks if the incoming SSH traffic"))
      << text.str();
  EXPECT_TRUE(text.contains("developerguide/restricted-ssh.html"))
      << text.str();

  // Items without managed-rule data, or naming no known rule, come back as
  // they were.
  for (Object in :
       {Object{{"label", "AWS::S3::Bucket"}},
        Object{{"label", "x"}, {"data", Object{{"managedRule", 3}}}},
        Object{{"label", "y"},
               {"data", Object{{"managedRule", "NOT_A_RULE"}}}}}) {
    Object copy = in;
    EXPECT_EQ(resolveCompletion(std::move(in)),
              llvm::json::Value(std::move(copy)));
  }
}

} // namespace
