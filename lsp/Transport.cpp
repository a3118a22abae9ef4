//===- Transport.cpp - JSON-RPC messages framed by Content-Length ---------===//

#include "lsp/Transport.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace rulecc::lsp {

static constexpr StringLiteral ContentLength = "content-length:";

MessageReader::MessageReader(ReadFn read, size_t maxBody)
    : read(std::move(read)), maxBody(maxBody) {}

bool MessageReader::fill() {
  if (eof)
    return false;
  // Drop what was consumed once it is most of the buffer, so reading a
  // long stream stays linear.
  if (pos > 0 && pos >= buf.size() / 2) {
    buf.erase(0, pos);
    pos = 0;
  }
  constexpr size_t chunk = 1 << 16;
  size_t old = buf.size();
  buf.resize(old + chunk);
  size_t n = read(buf.data() + old, chunk);
  buf.resize(old + n);
  if (n == 0)
    eof = true;
  return n != 0;
}

std::optional<std::string> MessageReader::readLine() {
  size_t scanned = 0; // bytes after `pos` known to hold no line end
  while (true) {
    size_t nl = buf.find('\n', pos + scanned);
    if (nl != std::string::npos && nl - pos <= MaxHeaderLineBytes) {
      std::string line = buf.substr(pos, nl - pos);
      pos = nl + 1;
      return line;
    }
    if (buf.size() - pos > MaxHeaderLineBytes) {
      // Too long for a header: hand out a piece, which is garbage.
      std::string piece = buf.substr(pos, MaxHeaderLineBytes);
      pos += MaxHeaderLineBytes;
      return piece;
    }
    scanned = buf.size() - pos; // fill() may move what is left to the front
    if (!fill()) {
      if (pos == buf.size())
        return std::nullopt;
      std::string rest = buf.substr(pos);
      pos = buf.size();
      return rest;
    }
  }
}

FramedInput MessageReader::garbage(const Twine &what) {
  FramedInput in;
  in.kind = FramedInput::Error;
  in.code = ErrorCode::ParseError;
  in.error = what.str();
  return in;
}

FramedInput MessageReader::next() {
  if (pending) {
    FramedInput in = std::move(*pending);
    pending.reset();
    return in;
  }
  while (true) {
    std::optional<size_t> length;
    bool sawHeader = false;
    std::optional<FramedInput> failure;
    // Header lines up to an empty one.
    while (true) {
      std::optional<std::string> raw = readLine();
      if (!raw)
        return FramedInput(); // End
      StringRef line(*raw);
      if (line.endswith("\r"))
        line = line.drop_back();
      if (line.empty()) {
        if (!sawHeader)
          continue; // blank lines between messages
        break;
      }
      // Resynchronise on a Content-Length header wherever it starts, so a
      // message glued to garbage (or to an unread body) is still found.
      size_t at = line.lower().rfind(ContentLength);
      if (at != std::string::npos && at > 0) {
        if (!inGarbage && !failure)
          failure = garbage("expected a header, got '" +
                            line.take_front(std::min<size_t>(at, 40)) + "'");
        line = line.drop_front(at);
        length.reset();
        sawHeader = false;
      }
      auto [name, value] = line.split(':');
      if (!line.contains(':') || name.empty() ||
          name.find_first_of(" \t\"{}[],") != StringRef::npos) {
        if (!inGarbage && !failure)
          failure =
              garbage("expected a header, got '" + line.take_front(40) + "'");
        inGarbage = true;
        sawHeader = false;
        length.reset();
        continue;
      }
      sawHeader = true;
      if (!name.equals_insensitive("content-length"))
        continue; // Content-Type and any other header
      uint64_t n;
      if (value.trim().getAsInteger(10, n)) {
        failure = garbage("invalid Content-Length '" + value.trim() + "'");
        inGarbage = true;
        length.reset();
        continue;
      }
      if (n > maxBody) {
        FramedInput in;
        in.kind = FramedInput::Error;
        in.code = ErrorCode::InvalidRequest;
        in.error = formatv("a message of {0} bytes is over the limit of {1}", n,
                           maxBody)
                       .str();
        failure = std::move(in);
        // The body, if it comes, is read as garbage up to the next header.
        inGarbage = true;
        length.reset();
        continue;
      }
      length = size_t(n);
    }
    if (!length) {
      // Headers without a (valid) Content-Length: nothing to read.
      if (failure)
        return *failure;
      if (!inGarbage) {
        inGarbage = true;
        return garbage("a message without a Content-Length header");
      }
      continue;
    }
    while (buf.size() - pos < *length)
      if (!fill())
        return FramedInput(); // the stream ended inside a body
    FramedInput in;
    in.kind = FramedInput::Message;
    in.body = buf.substr(pos, *length);
    pos += *length;
    if (failure) {
      // Report the garbage first; the message after it comes next time.
      pending = std::move(in);
      inGarbage = false;
      return *failure;
    }
    inGarbage = false;
    return in;
  }
}

std::string frameMessage(StringRef body) {
  return formatv("Content-Length: {0}\r\n\r\n", body.size()).str() + body.str();
}

bool MessageWriter::send(const json::Value &message) {
  std::string body;
  raw_string_ostream bodyOS(body);
  bodyOS << message;
  bodyOS.flush();
  std::lock_guard<std::mutex> lock(mutex);
  os << frameMessage(body);
  os.flush();
  // A pipe the client closed: stop serving. The error is cleared so that
  // the stream does not abort the process when it is destroyed.
  if (fdStream && fdStream->has_error()) {
    fdStream->clear_error();
    return false;
  }
  return true;
}

} // namespace rulecc::lsp
