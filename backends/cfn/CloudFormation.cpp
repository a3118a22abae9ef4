//===- CloudFormation.cpp - The CloudFormation backend --------------------===//
// Plans roles and code placement, emits every rule's resources as units,
// then writes one template or, over the limits, a parent and nested stacks.
//===----------------------------------------------------------------------===//

#include "backends/cfn/CloudFormation.h"

#include "backends/bundle/BodyCodegen.h"
#include "backends/bundle/Bundle.h"
#include "backends/cfn/Resources.h"
#include "backends/cfn/Template.h"
#include "frontend/UTF8.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <optional>

using namespace llvm;

namespace rulecc::cfn {

namespace {

constexpr StringLiteral PrimaryName = "template.yaml";
/// The largest handler `--code=auto` puts inline (in a nested template).
constexpr size_t AutoInlineMaxBytes = 64 * 1024;

class Emitter {
public:
  Emitter(const ir::Application &app, const CfnOptions &opts,
          DiagnosticEngine &diags, OutputSet &out)
      : app(app), opts(opts), diags(diags), out(out) {}

  bool run();

private:
  bool checkRules();
  bool placeCode(bool preferInline);
  Unit buildUnit(const PlanEntry &src, const EmitContext &ctx) const;
  std::vector<Unit> buildUnits(const EmitContext &ctx) const;
  bool checkUnits(ArrayRef<Unit> units);
  bool hasInlineCode() const;
  /// A rule unit with inline code too big for any template.
  bool isInlineUnitTooBig(const Unit &u) const;
  size_t countResources() const;
  /// The application as one template, or nullopt when it is over the
  /// per-template limits.
  std::optional<std::string> renderSingle(ArrayRef<Unit> units) const;
  TemplateSpec spec(std::string description) const;
  bool emitNested();

  const ir::Application &app;
  const CfnOptions &opts;
  DiagnosticEngine &diags;
  OutputSet &out;

  ApplicationPlan plan; // roles, and what each unit is made from
  DenseMap<const ir::Rule *, FunctionCode> codes;
  std::vector<std::pair<std::string, std::string>> codeFiles;
};

bool Emitter::checkRules() {
  bool ok = true;
  for (const ir::Rule *rule : app.allRules()) {
    if (rule->kind != ir::RuleKind::Handler || opts.code != CfnOptions::Inline)
      continue;
    if (rule->language == ir::Language::Ruby) {
      diags.report(rule->declRange, DiagID::InlineCodeUnsupported, "Ruby");
      ok = false;
    } else if (!isValidUTF8(rule->handlerSource)) {
      diags.report(rule->declRange, DiagID::InlineCodeNotUTF8,
                   rule->handlerPath);
      ok = false;
    } else if (auto use = bundle::findRuntimeUse(*rule)) {
      // ZipFile is one file (index.py / index.js): the helpers the handler
      // imports cannot come with it.
      diags.report(rule->declRange, DiagID::InlineCodeNeedsRuntime,
                   rule->handlerPath, use->line, use->lineText);
      ok = false;
    }
  }
  return ok;
}

bool Emitter::placeCode(bool preferInline) {
  codes.clear();
  codeFiles.clear();
  for (const PlanEntry &src : plan.entries) {
    if (!src.rule || !src.rule->isCustomLambda())
      continue;
    const ir::Rule &rule = *src.rule;
    FunctionCode code;
    bool isBody = rule.kind == ir::RuleKind::Body;
    code.fileName = isBody ? bundle::generateBodyModule(rule).fileName
                           : sys::path::filename(rule.handlerPath).str();
    code.dir = rule.lambda->functionName;
    // `auto` leaves big handlers to packages: inline code is for handlers a
    // reader can take in, and one this size would crowd a nested template.
    // A handler that imports the runtime helpers needs them beside it, and
    // so does a body's module: `auto` packages both, and `inline` embeds
    // the body's helpers in its one file.
    bool inlinable = !isBody && rule.language != ir::Language::Ruby &&
                     rule.handlerSource.size() <= AutoInlineMaxBytes &&
                     isValidUTF8(rule.handlerSource) &&
                     !bundle::findRuntimeUse(rule);
    switch (opts.code) {
    case CfnOptions::Inline:
      code.placement = FunctionCode::Inline;
      break;
    case CfnOptions::Package:
      code.placement = FunctionCode::Package;
      break;
    case CfnOptions::S3:
      code.placement = FunctionCode::S3;
      break;
    case CfnOptions::Auto:
      code.placement = preferInline && inlinable ? FunctionCode::Inline
                                                 : FunctionCode::Package;
      break;
    }
    // Packages and zips hold the function's bundle: the handler and the
    // runtime helpers of its language.
    if (code.placement == FunctionCode::Inline) {
      code.inlineSource =
          isBody ? bundle::generateInlineBodyModule(rule) : rule.handlerSource;
    } else if (code.placement == FunctionCode::Package) {
      auto b = bundle::buildFunctionBundle(rule, bundle::BundleContents::Files,
                                           diags);
      if (!b)
        return false;
      for (const bundle::ZipEntry &f : b->files)
        codeFiles.push_back({code.dir + "/" + f.name, f.bytes.str()});
    } else if (code.placement == FunctionCode::S3) {
      auto b = bundle::buildFunctionBundle(
          rule, bundle::BundleContents::FilesAndZip, diags);
      if (!b)
        return false;
      code.s3Key = b->zipPath;
      codeFiles.push_back({b->zipPath, std::move(b->zip)});
    }
    codes[&rule] = std::move(code);
  }
  return true;
}

Unit Emitter::buildUnit(const PlanEntry &src, const EmitContext &ctx) const {
  Unit unit;
  unit.ruleClass = src.ruleClass;
  if (!src.rule) {
    emitRole(*src.role, unit);
    return unit;
  }
  const FunctionCode *code = nullptr;
  auto it = codes.find(src.rule);
  if (it != codes.end())
    code = &it->second;
  emitRule(*src.rule, src.role, src.ownRole, code, ctx, unit);
  return unit;
}

std::vector<Unit> Emitter::buildUnits(const EmitContext &ctx) const {
  std::vector<Unit> units;
  units.reserve(plan.entries.size());
  for (const PlanEntry &src : plan.entries)
    units.push_back(buildUnit(src, ctx));
  return units;
}

/// Checks what only the emitted resources show: logical IDs this backend
/// adds (roles, remediations) clashing with others, and inline code too big
/// for any template.
bool Emitter::checkUnits(ArrayRef<Unit> units) {
  bool ok = true;
  StringMap<const Unit *> ids;
  auto rangeOf = [](const Unit &u) {
    return u.rule ? u.rule->declRange : u.ruleClass->range;
  };
  for (const Unit &u : units) {
    for (const Resource &r : u.resources) {
      auto [it, inserted] = ids.try_emplace(r.logicalId, &u);
      if (!inserted) {
        diags.report(rangeOf(u), DiagID::DuplicateLogicalId, r.logicalId)
            .note(rangeOf(*it->second), DiagID::NoteFirstDefinedHere);
        ok = false;
      }
    }
    if (isInlineUnitTooBig(u)) {
      diags.report(u.rule->declRange, DiagID::InlineCodeTooLarge, u.rule->name,
                   codes.find(u.rule)->second.inlineSource.size(),
                   opts.maxTemplateBytes);
      ok = false;
    }
  }
  return ok;
}

bool Emitter::isInlineUnitTooBig(const Unit &u) const {
  size_t limit = opts.maxTemplateBytes > TemplateOverheadReserve
                     ? opts.maxTemplateBytes - TemplateOverheadReserve
                     : opts.maxTemplateBytes;
  if (!u.rule || u.bytes <= limit)
    return false;
  auto code = codes.find(u.rule);
  return code != codes.end() && code->second.placement == FunctionCode::Inline;
}

bool Emitter::hasInlineCode() const {
  for (const auto &entry : codes)
    if (entry.second.placement == FunctionCode::Inline)
      return true;
  return false;
}

TemplateSpec Emitter::spec(std::string description) const {
  TemplateSpec s;
  s.description = std::move(description);
  s.codeBucketDefault = app.codeBucket;
  return s;
}

size_t Emitter::countResources() const {
  size_t n = 0;
  for (const PlanEntry &src : plan.entries) {
    if (!src.rule) {
      ++n; // a class role
      continue;
    }
    n += 1 + (src.rule->remediation ? 1 : 0);
    if (src.rule->isCustomLambda())
      n += 2 + (src.ownRole ? 1 : 0);
  }
  return n;
}

std::optional<std::string> Emitter::renderSingle(ArrayRef<Unit> units) const {
  size_t resources = 0, bytes = 0;
  std::vector<const Resource *> all;
  TemplateSpec s =
      spec(formatv("AWS Config rules of {0}, compiled by rulecc", app.project));
  for (const Unit &u : units) {
    s.codeBucketParameter |= u.usesCodeBucket;
    bytes += u.bytes;
    for (const Resource &r : u.resources)
      all.push_back(&r);
  }
  resources = all.size();
  if (resources > opts.maxResourcesPerTemplate || bytes > opts.maxTemplateBytes)
    return std::nullopt;
  std::string text = renderTemplate(s, all);
  if (text.size() > opts.maxTemplateBytes)
    return std::nullopt;
  return text;
}

bool Emitter::run() {
  if (!checkRules())
    return false;
  if (app.allRules().empty())
    diags.reportFile(app.mainFile, DiagID::NoRules);
  plan = planApplication(app);
  // Over the resource limit the application is nested whatever its size:
  // go there directly rather than emit everything twice.
  if (opts.directoryOutput && countResources() > opts.maxResourcesPerTemplate)
    return placeCode(/*preferInline=*/true) && emitNested();

  if (!placeCode(/*preferInline=*/true))
    return false;
  std::vector<Unit> units = buildUnits({});
  std::optional<std::string> single = renderSingle(units);
  // `auto` inlines while the template holds the code; when it does not, a
  // single template with the code beside it beats nested stacks.
  if (opts.code == CfnOptions::Auto && hasInlineCode() &&
      (!single || llvm::any_of(units, [&](const Unit &u) {
        return isInlineUnitTooBig(u);
      }))) {
    if (!placeCode(/*preferInline=*/false))
      return false;
    // Only the functions change: re-emit the units that hold one.
    for (size_t i = 0; i < plan.entries.size(); ++i)
      if (plan.entries[i].rule && plan.entries[i].rule->isCustomLambda())
        units[i] = buildUnit(plan.entries[i], {});
    single = renderSingle(units);
  }
  if (!checkUnits(units))
    return false;

  if (single) {
    out.setPrimary(PrimaryName.str(), std::move(*single));
    for (auto &[path, bytes] : codeFiles)
      out.add(path, bytes);
    return true;
  }

  if (!opts.directoryOutput) {
    std::vector<StackPart> parts =
        planStacks(units, opts.maxResourcesPerTemplate, opts.maxTemplateBytes);
    diags.reportFile(app.mainFile, DiagID::TemplateTooLarge, parts.size());
    return false;
  }
  if (opts.code == CfnOptions::Auto && !placeCode(/*preferInline=*/true))
    return false;
  return emitNested();
}

bool Emitter::emitNested() {
  // Nested templates live in stacks/, one level below the code directories.
  EmitContext nestedCtx;
  nestedCtx.pathPrefix = "../";
  std::vector<Unit> units = buildUnits(nestedCtx);
  if (!checkUnits(units))
    return false;
  std::vector<StackPart> parts =
      planStacks(units, opts.maxResourcesPerTemplate, opts.maxTemplateBytes);
  if (parts.size() > opts.maxResourcesPerTemplate) {
    diags.reportFile(app.mainFile, DiagID::ApplicationTooLarge, parts.size(),
                     opts.maxResourcesPerTemplate);
    return false;
  }

  EmitContext importCtx = nestedCtx;
  importCtx.roleViaParameter = true;
  bool anyCodeBucket = false;
  for (StackPart &p : parts) {
    std::string description = formatv("AWS Config rules of {0}, class {1}",
                                      app.project, p.ruleClass->name);
    if (p.count > 1)
      description += formatv(" (part {0} of {1})", p.index, p.count).str();
    TemplateSpec s = spec(std::move(description));
    std::vector<Unit> reemitted;
    std::vector<const Resource *> resources;
    if (p.importedRole) {
      std::string param = roleArnParameter(p.importedRole->logicalId);
      s.roleArnParameters.push_back(param);
      for (size_t u : p.units)
        reemitted.push_back(buildUnit(plan.entries[u], importCtx));
    }
    if (p.exportsRole) {
      for (size_t u : p.units)
        if (!units[u].rule)
          s.roleOutputs.push_back(
              {roleArnParameter(units[u].resources.front().logicalId),
               units[u].resources.front().logicalId});
    }
    for (size_t k = 0; k < p.units.size(); ++k) {
      const Unit &u = p.importedRole ? reemitted[k] : units[p.units[k]];
      s.codeBucketParameter |= u.usesCodeBucket;
      for (const Resource &r : u.resources)
        resources.push_back(&r);
    }
    anyCodeBucket |= s.codeBucketParameter;
    out.add(p.fileName, renderTemplate(s, resources));
  }

  TemplateSpec parent = spec(formatv(
      "AWS Config rules of {0}, compiled by rulecc: parent of {1} nested "
      "stacks",
      app.project, parts.size()));
  parent.codeBucketParameter = anyCodeBucket;
  out.setPrimary(PrimaryName.str(),
                 renderParentTemplate(parent, parts, app.tags));
  for (auto &[path, bytes] : codeFiles)
    out.add(path, bytes);
  return true;
}

} // namespace

bool emitCloudFormation(const ir::Application &app, const CfnOptions &opts,
                        DiagnosticEngine &diags, OutputSet &out) {
  Emitter emitter(app, opts, diags, out);
  return emitter.run();
}

} // namespace rulecc::cfn
