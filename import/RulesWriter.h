//===- RulesWriter.h - The import model as rule-language text -------------===//
// Writes an Application in the layout of docs/language.md's examples:
// settings, then classes whose rules list their properties before the
// declaration.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IMPORT_RULESWRITER_H
#define RULECC_IMPORT_RULESWRITER_H

#include "import/Model.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace rulecc::import {

std::string writeRules(const Application &app);

/// A string literal of the rule language that reads back as `text`.
std::string quoteString(llvm::StringRef text);

/// The class name of class `index` (0-based) of the application.
std::string className(const Application &app, unsigned index);

} // namespace rulecc::import

#endif // RULECC_IMPORT_RULESWRITER_H
