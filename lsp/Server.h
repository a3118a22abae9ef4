//===- Server.h - `rulecc lsp`: the language server -----------------------===//
// Serves the Language Server Protocol over a byte stream: lifecycle, document
// sync, diagnostics from a background check, hover, completion, code actions.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_SERVER_H
#define RULECC_LSP_SERVER_H

#include "lsp/Check.h"
#include "lsp/Transport.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace rulecc::lsp {

struct ServerOptions {
  CheckOptions check;
  std::string version; // serverInfo.version
};

/// Serves until `exit` or the end of the input. Returns the exit status the
/// protocol asks for: 0 after `shutdown` then `exit`, 1 otherwise.
int runServer(const MessageReader::ReadFn &read, llvm::raw_ostream &out,
              const ServerOptions &options,
              llvm::raw_fd_ostream *fdOut = nullptr);

/// runServer() on standard input and output.
int runStdioServer(const ServerOptions &options);

} // namespace rulecc::lsp

#endif // RULECC_LSP_SERVER_H
