//===- Features.h - Hover, completion and code actions --------------------===//
// The requests answered from a check's results and the document's current
// text: what is under the cursor, what may be typed there, which fixes apply.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_FEATURES_H
#define RULECC_LSP_FEATURES_H

#include "lsp/Check.h"
#include "lsp/TextDocument.h"

#include "llvm/Support/JSON.h"

namespace rulecc::lsp {

/// What a request knows about its document.
struct RequestContext {
  const TextDocument &doc;
  /// The latest check of the document, if any; its text may differ from
  /// `doc` when edits came after it.
  const FileAnalysis *latest = nullptr;
  /// The latest check in which the document's application was lowered (its
  /// files parsed), for the rule scopes completion needs while the text
  /// does not parse.
  const FileAnalysis *lowered = nullptr;
};

/// textDocument/hover: a managed rule symbol (identifier, triggers,
/// resource types, parameters with types, the rule's `desc`), a resource
/// type (its sources, its schema's size), or a property path segment of a
/// rule body (its AWS path and type). Null elsewhere.
llvm::json::Value hover(const RequestContext &ctx, Position pos);

/// textDocument/completion: managed rule symbols after `managed_rule`,
/// resource types in scope strings and `AWS::` paths, the parameter names
/// of the rule being declared in `input_parameters`, and property names
/// after `item.` or a body's block parameter. A CompletionList.
llvm::json::Value completion(const RequestContext &ctx, Position pos);

/// textDocument/definition: on the string of a `require`, the required file;
/// on the name of a rule whose code is the user's handler file (`python
/// :audit`), that file. Null elsewhere, or when the file does not exist.
llvm::json::Value definition(const RequestContext &ctx, Position pos);

/// The words that declare a rule in a class body (`managed_rule`, `rule`,
/// `python`, `node`, `ruby`, `policy`).
bool isDeclaration(llvm::StringRef word);

/// textDocument/documentSymbol: each class of the document (kind Class) with
/// the rules it declares (kind Method, detail the declaring word), from the
/// check of its current text; empty when there is none.
llvm::json::Value documentSymbols(const RequestContext &ctx);

/// completionItem/resolve: the item with its documentation added when its
/// `data` names a managed rule (AWS's description, parameters, link); other
/// items come back unchanged.
llvm::json::Value resolveCompletion(llvm::json::Object item);

/// textDocument/codeAction: each fix of a diagnostic of the latest check
/// that touches `range`, as a quickfix with a WorkspaceEdit. Only when the
/// check saw the document's current text (else the edits would be stale).
llvm::json::Value codeActions(const RequestContext &ctx, Range range);

/// The names of the fields every configuration item has, as rule bodies
/// spell them (snake_case), with their AWS keys and types.
struct ItemFieldInfo {
  llvm::StringRef name;
  llvm::StringRef key;
  llvm::StringRef type;
};
llvm::ArrayRef<ItemFieldInfo> itemFields();

inline bool isLowerASCII(char c) { return c >= 'a' && c <= 'z'; }
inline bool isUpperASCII(char c) { return c >= 'A' && c <= 'Z'; }

/// `ipPermissions` -> `ip_permissions`, as the checker's did-you-mean does.
std::string snakeCase(llvm::StringRef awsName);

} // namespace rulecc::lsp

#endif // RULECC_LSP_FEATURES_H
