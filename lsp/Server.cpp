//===- Server.cpp - `rulecc lsp`: the language server ---------------------===//
// The reading thread parses and dispatches messages and never waits for a
// check; a worker thread checks the newest snapshot of the open documents,
// abandons a check as soon as a newer edit arrives, publishes diagnostics and
// answers the requests that waited for the check of their edits.
//===----------------------------------------------------------------------===//

#include "lsp/Server.h"

#include "frontend/Parser.h"
#include "lsp/Features.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

using namespace llvm;

namespace rulecc::lsp {
namespace {

/// A request that needs the check of the edits before it.
struct ParkedRequest {
  json::Value id;
  std::string method;
  json::Value params;
  uint64_t generation;
  std::string uri;
  TextDocument doc; // the text the request's positions refer to
};

/// A request's params, validated.
struct TextDocumentPosition {
  std::string uri;
  Position position;
};

class Server {
public:
  Server(MessageWriter &out, const ServerOptions &options)
      : out(out), options(options) {
    worker = std::thread([this] { workerLoop(); });
    reaper = std::thread([this] { reaperLoop(); });
  }
  ~Server() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    cv.notify_all();
    worker.join();
    {
      std::lock_guard<std::mutex> lock(reaperMutex);
      reaperStopping = true;
    }
    reaperCV.notify_one();
    reaper.join();
  }

  /// Handles one framed input; false when the server is done.
  bool handle(FramedInput in);
  int exitStatus() const { return status; }

private:
  // Messages.
  void handleMessage(const json::Value &message);
  void handleRequest(const json::Value &id, StringRef method,
                     const json::Value &params);
  void handleNotification(StringRef method, const json::Value &params);
  void reply(const json::Value &id, json::Value result) {
    send(json::Object{
        {"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  }
  void replyError(const json::Value &id, ErrorCode code, const Twine &msg) {
    send(json::Object{{"jsonrpc", "2.0"},
                      {"id", id},
                      {"error", json::Object{{"code", int64_t(code)},
                                             {"message", msg.str()}}}});
  }
  void notify(StringRef method, json::Value params) {
    send(json::Object{
        {"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  /// window/logMessage: what went wrong with a notification, which has no
  /// reply to carry an error.
  void logError(const Twine &msg) {
    notify("window/logMessage",
           json::Object{{"type", 1}, {"message", msg.str()}});
  }
  void send(json::Value message) {
    if (!out.send(message))
      clientGone = true;
  }

  json::Value initializeResult();

  // Documents.
  void didOpen(const json::Value &params);
  void didChange(const json::Value &params);
  void didClose(const json::Value &params);
  /// After any change of the documents (or the disk): a new generation.
  void changed() {
    ++generation;
    cv.notify_all();
  }

  // Requests answered from a check.
  void park(const json::Value &id, StringRef method, const json::Value &params);
  void answer(const ParkedRequest &r);
  void cancel(const json::Value &params);

  // The worker.
  void workerLoop();
  /// Hands replaced results to the reaper thread: tearing down the trees of
  /// a large application takes milliseconds the next check need not wait.
  void discard(std::shared_ptr<const WorkspaceAnalysis> a,
               std::vector<FileAnalysis> files) {
    {
      std::lock_guard<std::mutex> lock(reaperMutex);
      garbage.push_back(std::move(a));
      garbageFiles.push_back(std::move(files));
    }
    reaperCV.notify_one();
  }
  void reaperLoop() {
    std::unique_lock<std::mutex> lock(reaperMutex);
    while (true) {
      reaperCV.wait(lock, [&] { return reaperStopping || !garbage.empty(); });
      auto a = std::move(garbage);
      auto f = std::move(garbageFiles);
      garbage.clear();
      garbageFiles.clear();
      lock.unlock();
      f.clear();
      a.clear();
      lock.lock();
      if (reaperStopping && garbage.empty())
        return;
    }
  }
  void publish(const WorkspaceAnalysis &analysis);
  void answerParked();

  MessageWriter &out;
  const ServerOptions &options;
  enum class State {
    Uninitialized,
    Running,
    ShutDown
  } state = State::Uninitialized;
  int status = 1;
  bool exitRequested = false;
  std::atomic<bool> clientGone{false};

  // Shared with the worker, under `mutex`.
  std::mutex mutex;
  std::condition_variable cv;
  struct OpenDocument {
    std::string path;
    std::string resolved;
    TextDocument doc;
  };
  StringMap<OpenDocument> docs; // by URI
  std::atomic<uint64_t> generation{0};
  uint64_t checkedGeneration = 0;
  std::shared_ptr<const WorkspaceAnalysis> analysis;
  /// By URI: the latest check in which the file's application was lowered.
  StringMap<FileAnalysis> lowered;
  std::vector<ParkedRequest> parked;
  bool stopping = false;

  // The worker's own.
  StringMap<std::string> published; // URI -> the diagnostics last sent
  std::thread worker;

  // The reaper's.
  std::mutex reaperMutex;
  std::condition_variable reaperCV;
  std::vector<std::shared_ptr<const WorkspaceAnalysis>> garbage;
  std::vector<std::vector<FileAnalysis>> garbageFiles;
  bool reaperStopping = false;
  std::thread reaper;
};

//===----------------------------------------------------------------------===//
// Dispatch
//===----------------------------------------------------------------------===//

bool Server::handle(FramedInput in) {
  switch (in.kind) {
  case FramedInput::End:
    return false;
  case FramedInput::Error:
    replyError(nullptr, in.code, in.error);
    return !clientGone;
  case FramedInput::Message:
    break;
  }
  Expected<json::Value> message = json::parse(in.body);
  if (!message) {
    replyError(nullptr, ErrorCode::ParseError,
               "invalid JSON: " + toString(message.takeError()));
    return !clientGone;
  }
  try {
    handleMessage(*message);
  } catch (const std::exception &e) {
    // Nothing the server runs is expected to throw; if something does, the
    // message fails, not the server.
    logError(Twine("internal error: ") + e.what());
  }
  return !exitRequested && !clientGone;
}

void Server::handleMessage(const json::Value &message) {
  const json::Object *o = message.getAsObject();
  if (!o) {
    replyError(nullptr, ErrorCode::InvalidRequest,
               "a message must be a JSON object");
    return;
  }
  const json::Value *id = o->get("id");
  json::Value replyId = nullptr;
  if (id) {
    if (id->kind() != json::Value::String &&
        id->kind() != json::Value::Number && id->kind() != json::Value::Null) {
      replyError(nullptr, ErrorCode::InvalidRequest,
                 "an id must be a string or a number");
      return;
    }
    replyId = *id;
  }
  Optional<StringRef> version = o->getString("jsonrpc");
  if (!version || *version != "2.0") {
    replyError(replyId, ErrorCode::InvalidRequest,
               "expected \"jsonrpc\": \"2.0\"");
    return;
  }
  const json::Value *methodValue = o->get("method");
  if (!methodValue) {
    if (o->get("result") || o->get("error"))
      return; // a reply: the server sends no requests, so nothing awaits it
    replyError(replyId, ErrorCode::InvalidRequest, "a message needs a method");
    return;
  }
  Optional<StringRef> method = methodValue->getAsString();
  if (!method) {
    replyError(replyId, ErrorCode::InvalidRequest,
               "the method must be a string");
    return;
  }
  const json::Value *paramsValue = o->get("params");
  json::Value params = paramsValue ? *paramsValue : json::Value(nullptr);
  // `"params": null` is read as no params, as clients send it.
  if (paramsValue && paramsValue->kind() != json::Value::Null &&
      !paramsValue->getAsObject() && !paramsValue->getAsArray()) {
    if (id)
      replyError(replyId, ErrorCode::InvalidParams,
                 "params must be an object or an array");
    return;
  }
  if (id)
    handleRequest(replyId, *method, params);
  else
    handleNotification(*method, params);
}

void Server::handleRequest(const json::Value &id, StringRef method,
                           const json::Value &params) {
  if (method == "initialize") {
    if (state != State::Uninitialized)
      return replyError(id, ErrorCode::InvalidRequest,
                        "the server is already initialized");
    state = State::Running;
    return reply(id, initializeResult());
  }
  if (state == State::Uninitialized)
    return replyError(id, ErrorCode::ServerNotInitialized,
                      "the server is not initialized");
  if (state == State::ShutDown)
    return replyError(id, ErrorCode::InvalidRequest,
                      "the server is shutting down");
  if (method == "shutdown") {
    state = State::ShutDown;
    return reply(id, nullptr);
  }
  if (method == "textDocument/hover" || method == "textDocument/completion" ||
      method == "textDocument/codeAction" ||
      method == "textDocument/documentSymbol" ||
      method == "textDocument/definition")
    return park(id, method, params);
  if (method == "completionItem/resolve") {
    // Needs no document, so it is answered at once.
    const json::Object *item = params.getAsObject();
    if (!item)
      return replyError(id, ErrorCode::InvalidParams,
                        "expected a CompletionItem");
    return reply(id, resolveCompletion(*item));
  }
  replyError(id, ErrorCode::MethodNotFound, "unknown method '" + method + "'");
}

void Server::handleNotification(StringRef method, const json::Value &params) {
  if (method == "exit") {
    status = state == State::ShutDown ? 0 : 1;
    exitRequested = true;
    return;
  }
  if (state != State::Running)
    return; // before initialize or after shutdown, notifications are dropped
  if (method == "textDocument/didOpen")
    return didOpen(params);
  if (method == "textDocument/didChange")
    return didChange(params);
  if (method == "textDocument/didClose")
    return didClose(params);
  if (method == "$/cancelRequest")
    return cancel(params);
  if (method == "textDocument/didSave" ||
      method == "workspace/didChangeWatchedFiles") {
    // Files on disk changed: applications that read them are checked again.
    std::lock_guard<std::mutex> lock(mutex);
    return changed();
  }
  // `initialized`, `$/setTrace` and anything unknown need nothing.
}

json::Value Server::initializeResult() {
  return json::Object{
      {"capabilities",
       json::Object{
           {"positionEncoding", "utf-16"},
           {"textDocumentSync",
            json::Object{{"openClose", true},
                         {"change", 2}, // incremental
                         {"save", json::Object{{"includeText", false}}}}},
           {"hoverProvider", true},
           {"documentSymbolProvider", true},
           {"definitionProvider", true},
           {"completionProvider",
            json::Object{
                {"triggerCharacters", json::Array{".", ":", "\"", "'"}},
                {"resolveProvider", true}}},
           {"codeActionProvider",
            json::Object{{"codeActionKinds", json::Array{"quickfix"}}}},
       }},
      {"serverInfo",
       json::Object{{"name", "rulecc"}, {"version", options.version}}}};
}

//===----------------------------------------------------------------------===//
// Documents
//===----------------------------------------------------------------------===//

/// textDocument.uri, a file URI.
static std::optional<std::pair<std::string, std::string>>
documentOf(const json::Object *params, std::string &error) {
  const json::Object *td = params ? params->getObject("textDocument") : nullptr;
  Optional<StringRef> uri = td ? td->getString("uri") : None;
  if (!uri) {
    error = "expected textDocument.uri";
    return std::nullopt;
  }
  std::optional<std::string> path = uriToPath(*uri);
  if (!path || !sys::path::is_absolute(*path)) {
    error = ("'" + *uri + "' is not a file URI (only files are checked)").str();
    return std::nullopt;
  }
  return std::make_pair(uri->str(), *path);
}

void Server::didOpen(const json::Value &params) {
  std::string error;
  const json::Object *p = params.getAsObject();
  auto docRef = documentOf(p, error);
  const json::Object *td = p ? p->getObject("textDocument") : nullptr;
  Optional<StringRef> text = td ? td->getString("text") : None;
  if (docRef && !text)
    error = "expected textDocument.text";
  if (!docRef || !text)
    return logError("textDocument/didOpen: " + error);
  int64_t version = td->getInteger("version").getValueOr(0);
  std::lock_guard<std::mutex> lock(mutex);
  OpenDocument &d = docs[docRef->first];
  d.path = docRef->second;
  d.resolved = resolveSourcePath(d.path);
  d.doc = TextDocument(text->str(), version);
  changed();
}

void Server::didChange(const json::Value &params) {
  std::string error;
  const json::Object *p = params.getAsObject();
  auto docRef = documentOf(p, error);
  const json::Array *changes = p ? p->getArray("contentChanges") : nullptr;
  if (docRef && !changes)
    error = "expected contentChanges";
  if (!docRef || !changes)
    return logError("textDocument/didChange: " + error);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = docs.find(docRef->first);
  if (it == docs.end())
    return logError("textDocument/didChange: '" + docRef->first +
                    "' is not open");
  TextDocument &doc = it->second.doc;
  // Changes apply in order, each to the result of the previous one; a bad
  // one stops the rest (the client's text and ours differ from there on,
  // and the log says so).
  for (size_t i = 0; i < changes->size(); ++i) {
    const json::Object *c = (*changes)[i].getAsObject();
    Optional<StringRef> text = c ? c->getString("text") : None;
    std::optional<Range> range;
    if (c && c->get("range")) {
      Range r;
      json::Path::Root root;
      if (!fromJSON(*c->get("range"), r, root)) {
        logError(formatv("textDocument/didChange: change {0} has an invalid "
                         "range",
                         i));
        break;
      }
      range = r;
    }
    if (!text) {
      logError(formatv("textDocument/didChange: change {0} has no text", i));
      break;
    }
    if (Error err = doc.applyChange(range, *text)) {
      logError(formatv("textDocument/didChange: change {0}: {1}", i,
                       toString(std::move(err))));
      break;
    }
  }
  if (Optional<int64_t> v = p->getObject("textDocument")->getInteger("version"))
    doc.setVersion(*v);
  changed();
}

void Server::didClose(const json::Value &params) {
  std::string error;
  auto docRef = documentOf(params.getAsObject(), error);
  if (!docRef)
    return logError("textDocument/didClose: " + error);
  std::lock_guard<std::mutex> lock(mutex);
  docs.erase(docRef->first);
  lowered.erase(docRef->first);
  changed();
}

//===----------------------------------------------------------------------===//
// Requests answered from a check
//===----------------------------------------------------------------------===//

void Server::park(const json::Value &id, StringRef method,
                  const json::Value &params) {
  const json::Object *p = params.getAsObject();
  std::string error;
  auto docRef = documentOf(p, error);
  if (!docRef)
    return replyError(id, ErrorCode::InvalidParams, error);
  // Validate the positions now, so the worker only meets good requests.
  json::Path::Root root;
  if (method == "textDocument/codeAction") {
    Range r;
    if (!p->get("range") || !fromJSON(*p->get("range"), r, root))
      return replyError(id, ErrorCode::InvalidParams, "expected a range");
  } else if (method != "textDocument/documentSymbol") {
    Position pos;
    if (!p->get("position") || !fromJSON(*p->get("position"), pos, root))
      return replyError(id, ErrorCode::InvalidParams, "expected a position");
  }
  std::unique_lock<std::mutex> lock(mutex);
  auto it = docs.find(docRef->first);
  if (it == docs.end()) {
    lock.unlock();
    return replyError(id, ErrorCode::InvalidParams,
                      "'" + docRef->first + "' is not open");
  }
  parked.push_back({id, method.str(), params, generation.load(), docRef->first,
                    it->second.doc});
  cv.notify_all();
}

void Server::cancel(const json::Value &params) {
  const json::Object *p = params.getAsObject();
  const json::Value *id = p ? p->get("id") : nullptr;
  if (!id)
    return;
  std::unique_lock<std::mutex> lock(mutex);
  auto it = llvm::find_if(parked,
                          [&](const ParkedRequest &r) { return r.id == *id; });
  if (it == parked.end())
    return; // answered already
  parked.erase(it);
  lock.unlock();
  replyError(*id, ErrorCode::RequestCancelled, "cancelled");
}

void Server::answer(const ParkedRequest &r) {
  // Called by the worker with `mutex` held only while reading shared state.
  std::shared_ptr<const WorkspaceAnalysis> a;
  std::optional<FileAnalysis> low;
  {
    std::lock_guard<std::mutex> lock(mutex);
    a = analysis;
    auto it = lowered.find(r.uri);
    if (it != lowered.end())
      low = it->second;
  }
  const FileAnalysis *latest = nullptr;
  if (a) {
    auto it = a->byURI.find(r.uri);
    if (it != a->byURI.end())
      latest = &it->second;
  }
  RequestContext ctx{r.doc, latest, low ? &*low : nullptr};
  const json::Object &p = *r.params.getAsObject();
  json::Path::Root root;
  json::Value result = nullptr;
  try {
    if (r.method == "textDocument/codeAction") {
      Range range;
      fromJSON(*p.get("range"), range, root);
      result = codeActions(ctx, range);
    } else if (r.method == "textDocument/documentSymbol") {
      result = documentSymbols(ctx);
    } else {
      Position pos;
      fromJSON(*p.get("position"), pos, root);
      result = r.method == "textDocument/hover"        ? hover(ctx, pos)
               : r.method == "textDocument/definition" ? definition(ctx, pos)
                                                       : completion(ctx, pos);
    }
  } catch (const std::exception &e) {
    return replyError(r.id, ErrorCode::InternalError,
                      Twine("internal error: ") + e.what());
  }
  reply(r.id, std::move(result));
}

//===----------------------------------------------------------------------===//
// The worker
//===----------------------------------------------------------------------===//

void Server::answerParked() {
  std::vector<ParkedRequest> ready;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto split = std::stable_partition(
        parked.begin(), parked.end(), [&](const ParkedRequest &r) {
          return r.generation > checkedGeneration;
        });
    std::move(split, parked.end(), std::back_inserter(ready));
    parked.erase(split, parked.end());
  }
  for (const ParkedRequest &r : ready)
    answer(r);
}

void Server::workerLoop() {
  while (true) {
    std::vector<DocumentState> snapshot;
    uint64_t gen;
    std::shared_ptr<const WorkspaceAnalysis> previous;
    {
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, [&] {
        if (stopping || generation != checkedGeneration)
          return true;
        return !parked.empty();
      });
      if (stopping)
        return;
      if (generation == checkedGeneration) {
        lock.unlock();
        answerParked();
        continue;
      }
      gen = generation;
      for (const auto &entry : docs)
        snapshot.push_back(
            {entry.getKey().str(), entry.second.path, entry.second.resolved,
             entry.second.doc.getVersion(), entry.second.doc.getText().str()});
      previous = analysis;
    }
    // A newer edit, or the end, makes this check pointless.
    auto cancelled = [&] { return generation.load() != gen || stopping; };
    std::shared_ptr<WorkspaceAnalysis> result;
    try {
      result = checkWorkspace(snapshot, gen, previous.get(), cancelled,
                              options.check);
    } catch (const std::exception &e) {
      logError(Twine("internal error while checking: ") + e.what());
      std::lock_guard<std::mutex> lock(mutex);
      checkedGeneration = gen; // do not retry the same text forever
      continue;
    }
    if (!result)
      continue; // a newer generation is waiting
    publish(*result);
    // What the new results replace is destroyed after the lock is released:
    // tearing down the trees of a large application takes milliseconds, and
    // the reading thread must not wait for it.
    std::shared_ptr<const WorkspaceAnalysis> replaced;
    std::vector<FileAnalysis> replacedLowered;
    {
      std::lock_guard<std::mutex> lock(mutex);
      replaced = std::exchange(analysis, result);
      checkedGeneration = gen;
      for (const auto &entry : result->byURI) {
        if (!entry.second.check || !entry.second.check->app ||
            !docs.count(entry.getKey()))
          continue;
        FileAnalysis &slot = lowered[entry.getKey()];
        replacedLowered.push_back(std::move(slot));
        slot = entry.second;
      }
    }
    answerParked();
    previous.reset();
    discard(std::move(replaced), std::move(replacedLowered));
  }
}

void Server::publish(const WorkspaceAnalysis &a) {
  StringMap<int64_t> versions;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto &entry : docs)
      versions[entry.getKey()] = entry.second.doc.getVersion();
  }
  StringSet<> seen;
  for (const auto &entry : a.byURI) {
    const FileAnalysis &f = entry.second;
    json::Array diags;
    for (const FileDiagnostic &d : f.diagnostics)
      diags.push_back(toJSON(d));
    std::string text;
    raw_string_ostream(text) << json::Value(json::Array(diags));
    auto version = versions.find(f.uri);
    bool open = version != versions.end();
    auto old = published.find(f.uri);
    // Open documents hear after every check; other files when they change.
    if (open || old == published.end() || old->second != text) {
      json::Object params{{"uri", f.uri}, {"diagnostics", std::move(diags)}};
      if (open)
        params["version"] = version->second;
      notify("textDocument/publishDiagnostics", std::move(params));
    }
    published[f.uri] = std::move(text);
    seen.insert(f.uri);
  }
  // Files no application reads any more (closed, no longer required).
  std::vector<std::string> gone;
  for (const auto &entry : published)
    if (!seen.count(entry.getKey()))
      gone.push_back(entry.getKey().str());
  for (const std::string &uri : gone) {
    if (published[uri] != "[]")
      notify("textDocument/publishDiagnostics",
             json::Object{{"uri", uri}, {"diagnostics", json::Array()}});
    published.erase(uri);
  }
}

} // namespace

int runServer(const MessageReader::ReadFn &read, raw_ostream &os,
              const ServerOptions &options, raw_fd_ostream *fdOut) {
  MessageWriter writer(os, fdOut);
  MessageReader reader(read);
  Server server(writer, options);
  while (server.handle(reader.next())) {
  }
  return server.exitStatus();
}

int runStdioServer(const ServerOptions &options) {
  sys::fs::file_t in = sys::fs::convertFDToNativeFile(0);
  auto read = [in](char *buf, size_t size) -> size_t {
    Expected<size_t> n =
        sys::fs::readNativeFile(in, MutableArrayRef<char>(buf, size));
    if (!n) {
      consumeError(n.takeError());
      return 0;
    }
    return *n;
  };
  return runServer(read, outs(), options, &outs());
}

} // namespace rulecc::lsp
