//===- Lowering.cpp - AST -> rule IR: entry point and application settings ===//

#include "ir/Lowering.h"
#include "ir/LoweringImpl.h"
#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc {

std::unique_ptr<ir::Application>
lowerApplication(ArrayRef<const ast::File *> files, DiagnosticEngine &diags,
                 const LoweringOptions &options) {
  return ir::detail::Lowerer(diags, options).run(files);
}

namespace ir::detail {

std::unique_ptr<Application> Lowerer::run(ArrayRef<const ast::File *> files) {
  app = std::make_unique<Application>();
  app->mainFile = options.mainFile;
  if (app->mainFile.empty() && !files.empty())
    app->mainFile = files.front()->path;
  std::string stem = options.defaultProject;
  if (stem.empty() && !files.empty())
    stem = sys::path::stem(files.front()->path).str();
  app->project = names::sanitizeProjectName(stem);

  for (const ast::File *file : files)
    for (const ast::NodePtr &stmt : file->stmts)
      lowerTopLevel(*file, *stmt);
  resolveApplication();
  return std::move(app);
}

void Lowerer::lowerTopLevel(const ast::File &file, const ast::Node &stmt) {
  if (const auto *def = dyn_cast<ast::ClassDefNode>(&stmt))
    return lowerClass(file, *def);
  const ast::CallNode *call = asCommand(stmt);
  if (!call) {
    diags.report(stmt.getRange(), DiagID::UnexpectedStatement,
                 describeStatement(stmt),
                 "an application setting, 'require' or a rule class");
    return;
  }
  StringRef name = call->getName();
  // `require` was resolved when the files were loaded.
  if (name == "require")
    return;
  if (std::optional<AppSettingKind> kind = lookupAppSetting(name))
    return lowerAppSetting(*kind, *call);
  if (lookupProperty(name) || lookupDeclaration(name) ||
      lookupClassSetting(name)) {
    diags.report(call->getNameRange(), DiagID::StatementOutsideClass, name);
    return;
  }
  reportUnknownTopLevel(*call);
}

void Lowerer::reportUnknownTopLevel(const ast::CallNode &call) {
  std::optional<StringRef> best =
      closestMatch(call.getName(), appSettingNames());
  auto d = diags.report(call.getNameRange(), DiagID::UnknownSetting,
                        call.getName(), didYouMeanSuffix(best));
  if (best)
    d.fixIt(call.getNameRange(), *best);
}

/// S3's bucket naming rules (the common subset of them).
static bool isValidBucketName(StringRef name) {
  if (name.size() < 3 || name.size() > 63)
    return false;
  if (!isAlnum(name.front()) || !isAlnum(name.back()))
    return false;
  return all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c) || c == '.' || c == '-';
  });
}

void Lowerer::lowerAppSetting(AppSettingKind kind, const ast::CallNode &call) {
  StringRef name = call.getName();
  if (auto [it, fresh] =
          appSettings.seen.try_emplace(name, call.getNameRange());
      !fresh) {
    diags.report(call.getNameRange(), DiagID::SettingTwice, name)
        .note(it->second, DiagID::NotePreviousSetting);
    return;
  }
  switch (kind) {
  case AppSettingKind::Project:
    if (auto s = args.string(call, "a string"))
      if (checkNamePart(diags, *s, "project name"))
        appSettings.project = std::move(*s);
    return;
  case AppSettingKind::DefaultRuntime:
    if (auto rt = args.string(call, "a runtime name such as \"python3.12\""))
      if (checkRuntime(diags, *rt))
        appSettings.defaultRuntime = std::move(*rt);
    return;
  case AppSettingKind::DefaultTimeout:
    if (auto t = args.integer(call, "an integer number of seconds"))
      if (checkTimeout(diags, *t))
        appSettings.defaultTimeout = *t;
    return;
  case AppSettingKind::DefaultMemory:
    if (auto m = args.integer(call, "an integer number of megabytes"))
      if (checkMemory(diags, *m))
        appSettings.defaultMemory = *m;
    return;
  case AppSettingKind::Tags:
    if (auto tags = lowerTags(args, call))
      appSettings.tags = std::move(*tags);
    return;
  case AppSettingKind::CodeBucket:
    if (auto s = args.string(call, "an S3 bucket name")) {
      if (isValidBucketName(s->value))
        appSettings.codeBucket = s->value;
      else
        diags.report(s->range, DiagID::InvalidIdentifier, "S3 bucket name",
                     s->value,
                     "use 3 to 63 lower-case letters, digits, '.' and '-', "
                     "starting and ending with a letter or digit");
    }
    return;
  }
}

} // namespace ir::detail
} // namespace rulecc
