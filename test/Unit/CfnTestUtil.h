//===- CfnTestUtil.h - Hand-built IR and template checks for cfn tests ----===//
// Builds applications the way lowering leaves them, emits them with the
// CloudFormation backend and reads the results back with yaml-cpp.
//===----------------------------------------------------------------------===//
#ifndef RULECC_TEST_UNIT_CFNTESTUTIL_H
#define RULECC_TEST_UNIT_CFNTESTUTIL_H

#include "backends/cfn/CloudFormation.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include "yaml-cpp/yaml.h"
#include "gtest/gtest.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rulecc::cfn::test {

using llvm::StringRef;

class Collector : public DiagnosticConsumer {
public:
  explicit Collector(std::vector<Diagnostic> &seen) : seen(seen) {}
  void handle(const Diagnostic &d) override { seen.push_back(d); }
  bool wantsAllDiagnostics() const override { return true; }

private:
  std::vector<Diagnostic> &seen;
};

/// Builds an application the way lowering would leave it.
class AppBuilder {
public:
  AppBuilder() : app(std::make_unique<ir::Application>()) {
    app->project = "rules-example";
    app->mainFile = "app.rules";
  }

  ir::RuleClass &addClass(std::string name, std::string underscored) {
    auto cls = std::make_unique<ir::RuleClass>();
    cls->name = name;
    cls->underscored = underscored;
    cls->roleLogicalId = name + "IamRole";
    app->classes.push_back(std::move(cls));
    return *app->classes.back();
  }

  ir::Rule &addRule(ir::RuleClass &cls, ir::RuleKind kind, std::string name,
                    std::string camel) {
    auto rule = std::make_unique<ir::Rule>();
    rule->kind = kind;
    rule->name = name;
    rule->ruleClass = &cls;
    rule->logicalIdBase = cls.name + camel;
    rule->configRuleName = app->project + "-" + name;
    cls.rules.push_back(std::move(rule));
    return *cls.rules.back();
  }

  ir::Rule &managed(ir::RuleClass &cls, std::string name, std::string camel,
                    std::string identifier) {
    ir::Rule &r = addRule(cls, ir::RuleKind::Managed, name, camel);
    r.sourceIdentifier = identifier;
    return r;
  }

  ir::Rule &handler(ir::RuleClass &cls, std::string name, std::string camel,
                    ir::Language lang = ir::Language::Python,
                    std::string source = "def lambda_handler(event, ctx):\n"
                                         "    return None\n") {
    ir::Rule &r = addRule(cls, ir::RuleKind::Handler, name, camel);
    r.language = lang;
    StringRef ext = lang == ir::Language::Python ? ".py"
                    : lang == ir::Language::Node ? ".js"
                                                 : ".rb";
    r.handlerPath = ("rules/" + cls.underscored + "/" + name + ext).str();
    r.handlerSource = source;
    ir::LambdaSettings l;
    l.runtime = lang == ir::Language::Python ? "python3.12"
                : lang == ir::Language::Node ? "nodejs20.x"
                                             : "ruby3.3";
    l.functionName = app->project + "-" + cls.underscored + "-" + name;
    l.handlerFunction =
        lang == ir::Language::Node ? "handler" : "lambda_handler";
    l.handler = name + "." + l.handlerFunction;
    r.lambda = l;
    r.scope.resourceTypes.push_back({"AWS::S3::Bucket", {}});
    return r;
  }

  std::unique_ptr<ir::Application> app;
};

struct Result {
  bool ok = false;
  OutputSet out;
  std::vector<Diagnostic> diags;
  YAML::Node primary() const { return YAML::Load(out.getPrimary().bytes); }
  YAML::Node file(StringRef path) const {
    const OutputSet::Entry *e = out.find(path);
    EXPECT_TRUE(e) << "no output file " << path.str();
    return e ? YAML::Load(e->bytes) : YAML::Node();
  }
  bool hasDiag(DiagID id) const {
    for (const Diagnostic &d : diags)
      if (d.id == id)
        return true;
    return false;
  }
};

inline std::unique_ptr<Result> emit(const ir::Application &app,
                                    CfnOptions opts = {}) {
  auto r = std::make_unique<Result>();
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm);
  diags.setConsumer(std::make_unique<Collector>(r->diags));
  r->ok = emitCloudFormation(app, opts, diags, r->out);
  EXPECT_EQ(r->ok, !diags.hasErrors());
  return r;
}

/// Every !Ref, !GetAtt, !Sub variable and DependsOn of `tmpl` names a
/// resource or parameter of the same template (or a pseudo parameter).
inline void expectReferencesResolve(const YAML::Node &tmpl, StringRef name) {
  llvm::StringSet<> resources, params;
  for (const auto &kv : tmpl["Resources"])
    resources.insert(kv.first.Scalar());
  if (tmpl["Parameters"])
    for (const auto &kv : tmpl["Parameters"])
      params.insert(kv.first.Scalar());
  auto known = [&](StringRef id) {
    return id.startswith("AWS::") || resources.count(id) || params.count(id);
  };
  std::function<void(const YAML::Node &)> walk = [&](const YAML::Node &n) {
    if (n.IsScalar()) {
      StringRef v = n.Scalar();
      if (n.Tag() == "!Ref") {
        EXPECT_TRUE(known(v)) << name.str() << ": !Ref " << v.str();
      }
      if (n.Tag() == "!GetAtt") {
        EXPECT_TRUE(resources.count(v.split('.').first))
            << name.str() << ": !GetAtt " << v.str();
      }
      if (n.Tag() == "!Sub") {
        llvm::Regex var("\\$\\{([^!}][^}]*)\\}");
        llvm::SmallVector<StringRef, 2> m;
        StringRef rest = v;
        while (var.match(rest, &m)) {
          EXPECT_TRUE(known(m[1])) << name.str() << ": !Sub " << v.str();
          rest = rest.substr(rest.find(m[0]) + m[0].size());
        }
      }
    } else if (n.IsMap()) {
      for (const auto &kv : n)
        walk(kv.second);
    } else if (n.IsSequence()) {
      for (const auto &e : n)
        walk(e);
    }
  };
  walk(tmpl);
  for (const auto &kv : tmpl["Resources"])
    if (kv.second["DependsOn"]) {
      EXPECT_TRUE(resources.count(kv.second["DependsOn"].Scalar()));
    }
}

inline std::vector<std::string> scalars(const YAML::Node &seq) {
  std::vector<std::string> out;
  for (const auto &e : seq)
    out.push_back(e.Scalar());
  return out;
}

/// A class of `n` custom rules and one of `m` managed rules.
inline std::unique_ptr<ir::Application> bigApp(int n, int m) {
  AppBuilder b;
  b.app->tags = {{"owner", "platform"}};
  auto &cls = b.addClass("CustomRule", "custom_rule");
  for (int i = 0; i < n; ++i)
    b.handler(cls, "c" + std::to_string(i), "C" + std::to_string(i));
  auto &man = b.addClass("ManagedRule", "managed_rule");
  for (int i = 0; i < m; ++i)
    b.managed(man, "m" + std::to_string(i), "M" + std::to_string(i),
              "S3_BUCKET_VERSIONING_ENABLED");
  return std::move(b.app);
}

} // namespace rulecc::cfn::test

#endif // RULECC_TEST_UNIT_CFNTESTUTIL_H
