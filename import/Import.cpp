//===- Import.cpp - CloudFormation templates to rule files ----------------===//
// Reads the template, checks its outline (a mapping with Resources), sets up
// the resolver with the parameter values in use, extracts the rules and
// writes them.
//===----------------------------------------------------------------------===//

#include "import/Import.h"

#include "import/Extractor.h"
#include "import/RulesWriter.h"
#include "ir/Names.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc::import {

namespace {
/// "Operational-Best-Practices-for-CIS" -> "OperationalBestPracticesForCIS":
/// the words of the file stem, each starting upper-case.
std::string classBase(StringRef stem) {
  std::string out;
  bool startWord = true;
  for (char c : stem) {
    if (!isAlnum(c)) {
      startWord = true;
      continue;
    }
    out += startWord ? toUpper(c) : c;
    startWord = false;
  }
  if (out.empty() || !isAlpha(out[0]))
    out = "Imported" + out;
  // A stem ending in "Rule" would give "...RuleRule"; that is still valid.
  return out;
}

void splitLines(StringRef text, std::vector<std::string> &out) {
  SmallVector<StringRef, 8> lines;
  text.rtrim().split(lines, '\n');
  for (StringRef l : lines)
    out.push_back(l.rtrim().str());
}

/// The top-level sections: those that matter are read by the resolver and
/// the extractor; the others are reported, and noted in the header.
void checkSections(const TValue &root, DiagnosticEngine &diags,
                   Application &app) {
  for (size_t i = 0; i < root.keys.size(); ++i) {
    StringRef key = root.keys[i];
    const TValue &v = root.items[i];
    if (key == "Resources" || key == "Parameters" || key == "Conditions" ||
        key == "Mappings" || key == "AWSTemplateFormatVersion")
      continue;
    if (key == "Description" && v.isScalar()) {
      app.header.push_back("");
      splitLines(v.text, app.header);
      continue;
    }
    if (key == "Metadata")
      continue; // template documentation; nothing in it reaches a rule
    diags.report(root.keyRanges[i], DiagID::ImportUnsupportedProperty,
                 ("the " + key + " section").str(), app.sourceName);
    app.header.push_back(
        formatv("{0}: {1} (not imported)", key, flowText(v)).str());
  }
}
} // namespace

std::optional<std::string> importTemplate(StringRef path,
                                          const ImportOptions &opts,
                                          DiagnosticEngine &diags) {
  std::optional<TValue> root = readTemplate(path, diags.getSourceMgr(), diags);
  if (!root)
    return std::nullopt;
  SMLoc start = root->range.Start;
  if (!root->isMapping()) {
    diags.report(start, DiagID::ImportNotATemplate,
                 "the document is not a mapping");
    return std::nullopt;
  }
  const TValue *resources = root->get("Resources");
  if (!resources || !resources->isMapping()) {
    diags.report(resources ? root->keyRange("Resources")
                           : SMRange(start, start),
                 DiagID::ImportNotATemplate,
                 resources ? "Resources is not a mapping"
                           : "it has no Resources section");
    return std::nullopt;
  }
  const TValue *params = root->get("Parameters");
  for (const auto &[name, value] : opts.parameters)
    if (!params || !params->get(name))
      diags.reportFile(path, DiagID::ImportUnknownParameter, name);
  if (diags.hasErrors())
    return std::nullopt;

  Application app;
  app.sourceName = sys::path::filename(path).str();
  StringRef stem = sys::path::stem(path);
  app.project = StringRef(ir::names::sanitizeProjectName(stem)).lower();
  app.className = classBase(stem);
  checkSections(*root, diags, app);
  for (const auto &[name, value] : opts.parameters)
    app.header.push_back(formatv("Parameter {0} = {1} (from the command line)",
                                 name, quoteString(value))
                             .str());

  Resolver resolver(*root, opts.parameters);
  Extractor(*root, resolver, diags, app).run();
  return writeRules(app);
}

} // namespace rulecc::import
