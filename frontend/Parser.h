//===- Parser.h - Source text to AST: lexing, parsing, loading files ------===//
// The frontend's public entry points, free of ANTLR types: parse one buffer,
// dump its tokens, or load an application (files plus their `require`s).
//===----------------------------------------------------------------------===//
#ifndef RULECC_FRONTEND_PARSER_H
#define RULECC_FRONTEND_PARSER_H

#include "frontend/AST.h"
#include "frontend/Diagnostics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rulecc {

/// Brackets, blocks, `if`s, classes, interpolations and runs of prefix
/// operators nest at most this deep; deeper input is `nesting-too-deep`,
/// detected on the token stream before the recursive parser sees it.
/// Expression trees are held to the same height.
constexpr unsigned MaxNestingDepth = 256;

/// Source files larger than this are `file-too-large`.
constexpr uint64_t MaxSourceFileSize = 16u << 20;

/// Reads the file at `path` into a buffer named `path`, reading at most
/// `maxSize` + 1 bytes (the size stat() reports means nothing for pipes and
/// devices). A missing, unreadable or directory path is `file-not-found`, a
/// longer file `file-too-large`; both return null.
std::unique_ptr<llvm::MemoryBuffer>
readSourceFile(llvm::StringRef path, uint64_t maxSize, DiagnosticEngine &diags);

/// Parses the buffer `bufferID` of `sm`. Syntax errors go to `diags`, in
/// source order; the returned AST then holds what could be recovered (never
/// null). A buffer that is not valid UTF-8, or that nests deeper than
/// MaxNestingDepth, gives a diagnostic and an empty AST.
std::unique_ptr<ast::File> parseBuffer(llvm::SourceMgr &sm, unsigned bufferID,
                                       DiagnosticEngine &diags);

/// Writes the tokens the parser would see, one per line:
/// `line:col KIND 'text'` (for `--emit=tokens`). The buffer is expected to
/// have gone through parseBuffer (as loadApplication does), which reports
/// its lexical errors; they are not reported a second time here, so `diags`
/// receives nothing. A buffer parseBuffer rejected (not UTF-8, too large)
/// has no tokens.
void dumpTokens(llvm::SourceMgr &sm, unsigned bufferID, llvm::raw_ostream &os,
                DiagnosticEngine &diags);

/// The token stream the parser would read for `text`, one
/// "type start stop 'text'" line per token, lexed by the scanner or, with
/// `useGeneratedLexer`, by the lexer generated from RuleLexer.g4 (the
/// definition the scanner is tested against).
std::string dumpShapedTokens(llvm::StringRef text, bool useGeneratedLexer);

/// Reads and parses the files named on the command line and, transitively,
/// the files they `require` (relative to the requiring file, `.rules`
/// implied). Every file is loaded once, whatever the paths naming it; the
/// result is sorted by resolved path. Unreadable, missing, oversized or
/// non-UTF-8 files, bad `require`s and cycles are diagnosed; what could be
/// loaded is returned. A file in `overlay` is read from there, not from disk.
/// Texts that stand in for files on disk (an editor's unsaved buffers),
/// keyed by resolveSourcePath() of the file. A file may exist only here.
using SourceOverlay = llvm::StringMap<std::string>;

/// The file `require "written"` in `requiringFile` names: relative to the
/// requiring file's directory unless absolute, `.rules` implied.
std::string requireTarget(llvm::StringRef requiringFile,
                          llvm::StringRef written);

/// The identity of a source file: absolute, symlinks resolved where it
/// exists, `.` and `..` removed otherwise.
std::string resolveSourcePath(llvm::StringRef path);

std::vector<std::unique_ptr<ast::File>>
loadApplication(llvm::ArrayRef<std::string> paths, llvm::SourceMgr &sm,
                DiagnosticEngine &diags,
                const SourceOverlay *overlay = nullptr);

} // namespace rulecc

#endif // RULECC_FRONTEND_PARSER_H
