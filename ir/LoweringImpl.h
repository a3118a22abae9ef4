//===- LoweringImpl.h - Internal state of AST -> IR lowering --------------===//
// Shared by the Lower*.cpp files: the property table, the parsed-but-not-yet-
// consumed properties of a rule, class and application settings, the Lowerer.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_LOWERINGIMPL_H
#define RULECC_IR_LOWERINGIMPL_H

#include "ir/LowerArgs.h"
#include "ir/Lowering.h"

#include "llvm/ADT/StringMap.h"

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rulecc::catalog {
class ManagedRule;
}

namespace rulecc::ir::detail {

/// Rule kinds as bits, for "does this property apply to that declaration".
enum KindMask : unsigned {
  KManaged = 1u << 0,
  KHandler = 1u << 1,
  KBody = 1u << 2,
  KPolicy = 1u << 3,
  KLambda = KHandler | KBody,
  KCustom = KLambda | KPolicy,
  KAll = KManaged | KCustom,
};
unsigned maskOf(RuleKind kind);
/// "managed rule", "python rule", "rule body", "policy rule".
std::string describeDeclaration(RuleKind kind, Language language);

/// "assignment", "'if' statement", ... for unexpected-statement.
std::string describeStatement(const ast::Node &n);

/// Every rule property; aliases share one (desc/description,
/// every/maximum_execution_frequency), so giving both is "given twice".
enum class Prop {
  Description,
  Scope,
  InputParameters,
  Param,
  Every,
  Trigger,
  EvaluationMode,
  ConfigRuleName,
  Tags,
  Remediate,
  Timeout,
  Memory,
  Runtime,
  Environment,
  IamPolicy,
  ManagedIamPolicy,
  DebugLogDelivery,
};

struct PropertyInfo {
  llvm::StringRef spelling;
  Prop prop;
  unsigned appliesTo; // KindMask
  bool repeatable;    // `param` may be given once per parameter
};
const PropertyInfo *lookupProperty(llvm::StringRef name);
llvm::ArrayRef<PropertyInfo> allProperties();

enum class ClassSettingKind {
  RuleNamespace,
  Timeout,
  Memory,
  Runtime,
  Environment,
  IamPolicy,
  ManagedIamPolicy,
  Tags,
};
std::optional<ClassSettingKind> lookupClassSetting(llvm::StringRef name);
llvm::ArrayRef<llvm::StringRef> classSettingNames();

enum class AppSettingKind {
  Project,
  DefaultRuntime,
  DefaultTimeout,
  DefaultMemory,
  Tags,
  CodeBucket,
};
std::optional<AppSettingKind> lookupAppSetting(llvm::StringRef name);
llvm::ArrayRef<llvm::StringRef> appSettingNames();

/// The declarations that make a rule.
struct DeclarationInfo {
  llvm::StringRef spelling;
  RuleKind kind;
  Language language; // Handler rules only
};
const DeclarationInfo *lookupDeclaration(llvm::StringRef name);
llvm::ArrayRef<DeclarationInfo> allDeclarations();

using StringPairs = std::vector<std::pair<std::string, std::string>>;

/// Properties given since the last declaration, already parsed. A property
/// whose arguments were invalid is still recorded in `given` (so it is
/// consumed, counted twice, or left pending like any other) but leaves its
/// value unset.
struct RuleProps {
  struct Given {
    const PropertyInfo *info;
    const ast::CallNode *call;
  };
  std::vector<Given> given;

  std::optional<Located<std::string>> description;
  std::optional<Scope> scope;
  std::vector<InputParameter> inputParameters;
  std::vector<ParamDecl> params;
  std::optional<Located<Frequency>> frequency;
  std::optional<Located<Trigger>> trigger;
  std::optional<Located<EvaluationModes>> evaluationModes;
  std::optional<Located<std::string>> configRuleName;
  std::optional<StringPairs> tags;
  std::optional<Remediation> remediation;
  std::optional<Located<int64_t>> timeout;
  std::optional<Located<int64_t>> memory;
  std::optional<Located<std::string>> runtime;
  std::optional<StringPairs> environment;
  std::vector<std::string> iamActions;
  std::vector<std::string> managedPolicies;
  std::optional<bool> debugLogDelivery;

  const Given *find(Prop prop) const;
};

/// Class-level settings, which apply to every rule of the class wherever
/// they are written in it.
struct ClassSettings {
  llvm::StringMap<llvm::SMRange> seen;
  bool hasNamespace = false;
  std::optional<std::string> ruleNamespace; // nullopt with hasNamespace: false
  std::optional<Located<int64_t>> timeout;
  std::optional<Located<int64_t>> memory;
  std::optional<Located<std::string>> runtime;
  StringPairs environment;
  StringPairs tags;
};

struct AppSettings {
  llvm::StringMap<llvm::SMRange> seen;
  std::optional<Located<std::string>> project;
  std::optional<Located<std::string>> defaultRuntime;
  std::optional<Located<int64_t>> defaultTimeout;
  std::optional<Located<int64_t>> defaultMemory;
  StringPairs tags;
  std::optional<std::string> codeBucket;
};

struct ClassDraft {
  RuleClass *ruleClass;
  const ast::File *file;
  llvm::SMRange nameRange;
  ClassSettings settings;
  /// Owns the class when it is a duplicate kept out of the application.
  std::unique_ptr<RuleClass> detached;
};

/// A rule whose declaration-specific fields are set, waiting for the
/// application-wide resolution (defaults, names, tags) once every file has
/// been read (a `project` may come from a later file).
struct RuleDraft {
  Rule *rule;
  ClassDraft *owner;
  RuleProps props;
  const ast::CallNode *decl;
};

/// Shared value checks (LowerChecks.cpp). Each reports what is wrong and
/// returns false / an empty result.
bool checkTimeout(DiagnosticEngine &diags, const Located<int64_t> &timeout);
bool checkMemory(DiagnosticEngine &diags, const Located<int64_t> &memory);
/// The language a runtime runs ("python3.12" -> Python), if rulecc knows it.
std::optional<Language> runtimeLanguage(llvm::StringRef runtime);
bool checkRuntime(DiagnosticEngine &diags, const Located<std::string> &rt);
/// Catalog checks (LowerCatalog.cpp): a type AWS Config records (else
/// unknown-resource-type with a did-you-mean fix-it); a runtime Lambda knows
/// and still accepts (a deprecated one is a warning and still true).
bool checkResourceTypeKnown(DiagnosticEngine &diags, llvm::StringRef type,
                            llvm::SMRange range);
bool checkRuntimeKnown(DiagnosticEngine &diags, const Located<std::string> &rt);
/// `[A-Za-z0-9_-]+`: project names and rule namespaces.
bool checkNamePart(DiagnosticEngine &diags, const Located<std::string> &name,
                   llvm::StringRef what);
/// A rule name as declared (`python :name`): letters, digits, `_`.
bool checkRuleName(DiagnosticEngine &diags, const Located<std::string> &name);
std::optional<StringPairs> lowerTags(ArgReader &args,
                                     const ast::CallNode &call);
std::optional<StringPairs> lowerEnvironment(ArgReader &args,
                                            const ast::CallNode &call);
std::optional<std::vector<std::string>>
lowerIamActions(ArgReader &args, const ast::CallNode &call);
std::optional<std::vector<std::string>>
lowerManagedPolicies(ArgReader &args, const ast::CallNode &call);
/// Merges key/value lists, later lists winning, sorted by key.
StringPairs mergePairs(std::initializer_list<const StringPairs *> lists);
/// Characters (Unicode code points) of UTF-8 text, as AWS counts lengths.
size_t countChars(llvm::StringRef utf8);

class Lowerer {
public:
  Lowerer(DiagnosticEngine &diags, const LoweringOptions &options)
      : diags(diags), args(diags), options(options) {}
  std::unique_ptr<Application> run(llvm::ArrayRef<const ast::File *> files);

private:
  // LowerApplication.cpp: top-level statements and application settings.
  void lowerTopLevel(const ast::File &file, const ast::Node &stmt);
  void lowerAppSetting(AppSettingKind kind, const ast::CallNode &call);
  void reportUnknownTopLevel(const ast::CallNode &call);

  // LowerClass.cpp: class bodies and the pending-properties model.
  /// The statement as a receiver-less command (`desc "x"`, or a bare `desc`
  /// identifier), or null.
  const ast::CallNode *asCommand(const ast::Node &stmt);
  void lowerClass(const ast::File &file, const ast::ClassDefNode &def);
  void lowerClassStatement(ClassDraft &cls, RuleProps &pending, bool &sawRule,
                           const ast::Node &stmt);
  void lowerClassSetting(ClassDraft &cls, ClassSettingKind kind,
                         const ast::CallNode &call, bool afterRule);
  void lowerDeclaration(ClassDraft &cls, const DeclarationInfo &info,
                        RuleProps props, const ast::CallNode &call);
  bool lowerDeclarationArgs(ClassDraft &cls, const DeclarationInfo &info,
                            const ast::CallNode &call, Rule &rule);
  void loadHandler(ClassDraft &cls, const ast::CallNode &call, Rule &rule);
  void checkApplicability(const RuleProps &props, const Rule &rule,
                          const ast::CallNode &decl);
  void reportUnknownInClass(const ast::CallNode &call);

  // LowerProperties.cpp: parsing one property into RuleProps.
  void lowerProperty(RuleProps &props, const PropertyInfo &info,
                     const ast::CallNode &call);
  void lowerScope(RuleProps &props, const ast::CallNode &call);
  void lowerInputParameters(RuleProps &props, const ast::CallNode &call);
  void lowerParam(RuleProps &props, const ast::CallNode &call);
  void lowerFrequency(RuleProps &props, const ast::CallNode &call);
  void lowerTrigger(RuleProps &props, const ast::CallNode &call);
  void lowerEvaluationMode(RuleProps &props, const ast::CallNode &call);
  void lowerRemediate(RuleProps &props, const ast::CallNode &call);

  // LowerResolve.cpp: defaults, precedence, names, application-wide checks.
  void resolveApplication();
  void resolveRule(RuleDraft &draft);
  void resolveTrigger(RuleDraft &draft);
  void resolveLambda(RuleDraft &draft);
  void resolveNames(RuleDraft &draft);
  /// Rule bodies (LowerBody*.cpp): sema into the typed body IR.
  void checkBody(RuleDraft &draft);
  void checkInputParametersSize(const RuleDraft &draft);
  void checkTagCount(const RuleDraft &draft);

  // LowerCatalog.cpp: a managed rule against the managed-rule catalog.
  void checkManagedRule(RuleDraft &draft);
  void checkManagedParameters(Rule &r, const catalog::ManagedRule &m);
  void checkManagedScope(const Rule &r, const catalog::ManagedRule &m);
  void checkDuplicateNames();
  std::optional<Located<std::string>> pickRuntime(const RuleDraft &draft,
                                                  Language &language);

  DiagnosticEngine &diags;
  ArgReader args;
  const LoweringOptions &options;
  std::unique_ptr<Application> app;
  AppSettings appSettings;
  std::vector<std::unique_ptr<ClassDraft>> classes;
  std::vector<RuleDraft> drafts;
  llvm::StringMap<llvm::SMRange> classNames;
  /// Calls made up for bare identifiers, alive as long as RuleProps point
  /// at them.
  std::vector<std::unique_ptr<ast::CallNode>> synthetic;
};

} // namespace rulecc::ir::detail

#endif // RULECC_IR_LOWERINGIMPL_H
