//===- Transport.h - JSON-RPC messages framed by Content-Length headers ---===//
// Reads the protocol's base framing from a byte stream, resynchronising on
// garbage, truncated headers and oversized messages, and writes framed replies.
//===----------------------------------------------------------------------===//
#ifndef RULECC_LSP_TRANSPORT_H
#define RULECC_LSP_TRANSPORT_H

#include "lsp/Protocol.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace rulecc::lsp {

/// A message body may be at most this large: a source file may be 16 MiB,
/// and JSON escaping can grow it a few times.
constexpr size_t MaxMessageBytes = 64u << 20;
/// A header line longer than this is garbage.
constexpr size_t MaxHeaderLineBytes = 8192;

/// What MessageReader::next() found.
struct FramedInput {
  enum Kind {
    Message, // `body` is one message's JSON text
    Error,   // a framing error: answer `code` / `error` with a null id
    End,     // the stream ended
  };
  Kind kind = End;
  std::string body;
  ErrorCode code = ErrorCode::ParseError;
  std::string error;
};

/// Splits a byte stream into messages: header lines (`Content-Length: N`,
/// other headers ignored) up to an empty line, then N bytes of body. Bad
/// input is reported once per run of it, and the reader resynchronises on
/// the next `Content-Length:` header, even one glued to the garbage, so a
/// client's next message is read whatever came before it.
class MessageReader {
public:
  /// `read` fills up to `size` bytes at `buf` and returns how many, 0 at
  /// the end of the stream.
  using ReadFn = std::function<size_t(char *buf, size_t size)>;
  explicit MessageReader(ReadFn read, size_t maxBody = MaxMessageBytes);

  FramedInput next();

private:
  /// Reads until the buffer holds a line end after `pos`, the line is too
  /// long, or the stream ends. Returns the line (without "\n") and consumes
  /// it; std::nullopt at the end of the stream with nothing left.
  std::optional<std::string> readLine();
  bool fill();
  FramedInput garbage(const llvm::Twine &what);

  ReadFn read;
  size_t maxBody;
  std::string buf;
  size_t pos = 0;
  bool eof = false;
  /// Set after a framing error until a message is read: one error per run
  /// of garbage.
  bool inGarbage = false;
  /// A message read together with the garbage before it, which is
  /// reported first.
  std::optional<FramedInput> pending;
};

/// Writes framed messages; safe to call from several threads.
class MessageWriter {
public:
  /// `fdStream`, when given, is `os` as a file stream, whose write errors
  /// tell that the client has gone.
  explicit MessageWriter(llvm::raw_ostream &os,
                         llvm::raw_fd_ostream *fdStream = nullptr)
      : os(os), fdStream(fdStream) {}
  /// False once the stream failed (the client has gone).
  bool send(const llvm::json::Value &message);

private:
  std::mutex mutex;
  llvm::raw_ostream &os;
  llvm::raw_fd_ostream *fdStream;
};

/// `Content-Length: N\r\n\r\n` and the body.
std::string frameMessage(llvm::StringRef body);

} // namespace rulecc::lsp

#endif // RULECC_LSP_TRANSPORT_H
