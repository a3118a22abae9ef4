//===- Template.cpp - Templates from resource units, and nested stacks ----===//

#include "backends/cfn/Template.h"

#include "backends/cfn/YamlWriter.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::cfn {

namespace {

void renderHeader(const TemplateSpec &spec, std::string &out) {
  YamlWriter w(out);
  w.beginMap();
  w.entry("AWSTemplateFormatVersion", "2010-09-09");
  w.entry("Description", spec.description);
  if (spec.codeBucketParameter || !spec.roleArnParameters.empty()) {
    w.key("Parameters");
    w.beginMap();
    if (spec.codeBucketParameter) {
      w.key(CodeBucketParameter);
      w.beginMap();
      w.entry("Type", "String");
      w.entry("Description", "S3 bucket holding the Lambda code zips (keys "
                             "<function-name>/<sha256>.zip)");
      if (spec.codeBucketDefault)
        w.entry("Default", *spec.codeBucketDefault);
      w.endMap();
    }
    for (const std::string &p : spec.roleArnParameters) {
      w.key(p);
      w.beginMap();
      w.entry("Type", "String");
      w.entry("Description",
              "ARN of a Lambda execution role defined in a sibling stack");
      w.endMap();
    }
    w.endMap();
  }
  w.endMap();
}

void renderOutputs(const TemplateSpec &spec, std::string &out) {
  if (spec.roleOutputs.empty())
    return;
  YamlWriter w(out);
  w.beginMap();
  w.key("Outputs");
  w.beginMap();
  for (const auto &[name, roleId] : spec.roleOutputs) {
    w.key(name);
    w.beginMap();
    w.key("Value");
    w.getAtt(roleId, "Arn");
    w.endMap();
  }
  w.endMap();
  w.endMap();
}

/// A file name for `stem` not yet in `used` (compared without case, for
/// case-insensitive file systems).
std::string uniqueFileName(StringRef stem, StringSet<> &used) {
  std::string name = ("stacks/" + stem + ".yaml").str();
  for (unsigned n = 2; !used.insert(StringRef(name).lower()).second; ++n)
    name = formatv("stacks/{0}-{1}.yaml", stem, n).str();
  return name;
}

} // namespace

std::string renderTemplate(const TemplateSpec &spec,
                           ArrayRef<const Resource *> resources) {
  size_t size = 512;
  for (const Resource *r : resources)
    size += r->yaml.size();
  std::string out;
  out.reserve(size);
  renderHeader(spec, out);
  if (resources.empty()) {
    out += "Resources: {}\n";
  } else {
    out += "Resources:\n";
    for (const Resource *r : resources)
      out += r->yaml;
  }
  renderOutputs(spec, out);
  return out;
}

std::vector<StackPart> planStacks(ArrayRef<Unit> units, size_t maxResources,
                                  size_t maxBytes) {
  std::vector<StackPart> parts;
  size_t budget = maxBytes > TemplateOverheadReserve
                      ? maxBytes - TemplateOverheadReserve
                      : maxBytes;
  size_t classBegin = 0; // first part of the current class
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit &u = units[i];
    bool newClass = parts.empty() || parts.back().ruleClass != u.ruleClass;
    if (newClass)
      classBegin = parts.size();
    if (newClass ||
        parts.back().resources + u.resources.size() > maxResources ||
        parts.back().bytes + u.bytes > budget) {
      StackPart p;
      p.ruleClass = u.ruleClass;
      p.index = parts.size() - classBegin + 1;
      parts.push_back(std::move(p));
    }
    StackPart &p = parts.back();
    p.units.push_back(i);
    p.resources += u.resources.size();
    p.bytes += u.bytes;
    p.usesCodeBucket |= u.usesCodeBucket;
  }

  // Names, part counts, and where each class role is defined.
  StringSet<> usedFiles;
  for (size_t b = 0; b < parts.size();) {
    size_t e = b;
    while (e < parts.size() && parts[e].ruleClass == parts[b].ruleClass)
      ++e;
    const ir::RuleClass *cls = parts[b].ruleClass;
    StackPart *definer = nullptr;
    for (size_t k = b; k < e; ++k) {
      StackPart &p = parts[k];
      p.count = e - b;
      p.logicalId = cls->name + "Stack" +
                    (p.index > 1 ? std::to_string(p.index) : std::string());
      std::string stem = cls->underscored;
      if (p.index > 1)
        stem += "-part" + std::to_string(p.index);
      p.fileName = uniqueFileName(stem, usedFiles);
      for (size_t u : p.units)
        if (!units[u].rule) // the class role's own unit
          definer = &p;
    }
    for (size_t k = b; definer && k < e; ++k) {
      StackPart &p = parts[k];
      if (&p == definer)
        continue;
      for (size_t u : p.units) {
        if (const RolePlan *role = units[u].classRole) {
          p.importedRole = role;
          p.roleSourceId = definer->logicalId;
          definer->exportsRole = true;
          break;
        }
      }
    }
    b = e;
  }
  return parts;
}

std::string renderParentTemplate(const TemplateSpec &spec,
                                 ArrayRef<StackPart> parts,
                                 const ir::Tags &tags) {
  std::string out;
  renderHeader(spec, out);
  out += "Resources:\n";
  YamlWriter w(out, 2);
  w.beginMap();
  for (const StackPart &p : parts) {
    w.key(p.logicalId);
    w.beginMap();
    w.entry("Type", "AWS::CloudFormation::Stack");
    w.key("Properties");
    w.beginMap();
    // A relative path, which `aws cloudformation package` uploads.
    w.entry("TemplateURL", p.fileName);
    if (p.usesCodeBucket || p.importedRole) {
      w.key("Parameters");
      w.beginMap();
      if (p.usesCodeBucket) {
        w.key(CodeBucketParameter);
        w.ref(CodeBucketParameter);
      }
      if (p.importedRole) {
        std::string param = roleArnParameter(p.importedRole->logicalId);
        w.key(param);
        w.getAtt(p.roleSourceId, "Outputs." + param);
      }
      w.endMap();
    }
    if (!tags.empty()) {
      w.key("Tags");
      w.beginSeq();
      for (const auto &[k, v] : tags) {
        w.beginMap();
        w.entry("Key", k);
        w.entry("Value", v);
        w.endMap();
      }
      w.endSeq();
    }
    w.endMap();
    w.endMap();
  }
  w.endMap();
  return out;
}

} // namespace rulecc::cfn
