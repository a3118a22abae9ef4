//===- Loader.cpp - Loading an application: files and their requires ------===//
// Reads the files named on the command line (bounded reads, so a FIFO or a
// device cannot hang or exhaust memory), parses them, follows top-level
// `require`s, loads each file once, and returns them sorted by path.
//===----------------------------------------------------------------------===//

#include "frontend/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc {
namespace {

class Loader {
public:
  Loader(SourceMgr &sm, DiagnosticEngine &diags, const SourceOverlay *overlay)
      : sm(sm), diags(diags), overlay(overlay) {}

  void load(const std::string &path, SMRange requiredAt);
  std::vector<std::unique_ptr<ast::File>> take();

private:
  std::unique_ptr<MemoryBuffer> read(const std::string &path,
                                     StringRef resolved);
  bool exists(StringRef path) const;
  void followRequires(const ast::File &file);
  void checkNestedRequires(const ast::Node &node);
  const ast::StringLitNode *requireArgument(const ast::CallNode &call);

  SourceMgr &sm;
  DiagnosticEngine &diags;
  const SourceOverlay *overlay;
  enum class State { Loading, Done };
  StringMap<State> states; // by resolved path
  std::vector<std::unique_ptr<ast::File>> files;
};

std::unique_ptr<MemoryBuffer> Loader::read(const std::string &path,
                                           StringRef resolved) {
  if (overlay) {
    auto it = overlay->find(resolved);
    if (it != overlay->end()) {
      if (it->second.size() > MaxSourceFileSize) {
        diags.reportFile(path, DiagID::FileTooLarge,
                         uint64_t(it->second.size()), MaxSourceFileSize);
        return nullptr;
      }
      return MemoryBuffer::getMemBufferCopy(it->second, path);
    }
  }
  return readSourceFile(path, MaxSourceFileSize, diags);
}

bool Loader::exists(StringRef path) const {
  return sys::fs::exists(path) ||
         (overlay && overlay->count(resolveSourcePath(path)));
}

void Loader::load(const std::string &path, SMRange requiredAt) {
  std::string resolved = resolveSourcePath(path);
  auto it = states.find(resolved);
  if (it != states.end()) {
    if (it->second == State::Loading && requiredAt.isValid())
      diags.report(requiredAt, DiagID::RequireCycle, path);
    return;
  }
  std::unique_ptr<MemoryBuffer> buf = read(path, resolved);
  if (!buf) {
    states[resolved] = State::Done;
    return;
  }
  unsigned id = sm.AddNewSourceBuffer(std::move(buf), SMLoc());
  std::unique_ptr<ast::File> file = parseBuffer(sm, id, diags);
  file->path = path;
  file->resolvedPath = resolved;
  states[resolved] = State::Loading;
  followRequires(*file);
  states[resolved] = State::Done;
  files.push_back(std::move(file));
}

const ast::StringLitNode *Loader::requireArgument(const ast::CallNode &call) {
  const ast::StringLitNode *str = nullptr;
  if (call.getArgs().size() == 1 && !call.getBlock())
    str = dyn_cast<ast::StringLitNode>(call.getArgs()[0].get());
  if (!str || !str->isPlain() || str->getPlainValue().empty()) {
    diags.report(call.getRange(), DiagID::InvalidArgument, "require",
                 "one string literal naming a file");
    return nullptr;
  }
  return str;
}

static bool isRequire(const ast::Node &node) {
  auto *call = dyn_cast<ast::CallNode>(&node);
  return call && !call->getReceiver() && call->getName() == "require";
}

void Loader::followRequires(const ast::File &file) {
  for (const ast::NodePtr &stmt : file.stmts) {
    if (!isRequire(*stmt)) {
      checkNestedRequires(*stmt);
      continue;
    }
    const auto &call = cast<ast::CallNode>(*stmt);
    for (const ast::NodePtr &arg : call.getArgs())
      checkNestedRequires(*arg);
    const ast::StringLitNode *arg = requireArgument(call);
    if (!arg)
      continue;
    std::string name = arg->getPlainValue();
    std::string target = requireTarget(file.path, name);
    if (!exists(target)) {
      diags.report(arg->getRange(), DiagID::RequireNotFound, name);
      continue;
    }
    load(target, arg->getRange());
  }
}

void Loader::checkNestedRequires(const ast::Node &node) {
  if (isRequire(node))
    diags.report(cast<ast::CallNode>(node).getNameRange(),
                 DiagID::RequireNotTopLevel);
  ast::forEachChild(
      node, [&](const ast::Node &child) { checkNestedRequires(child); });
}

std::vector<std::unique_ptr<ast::File>> Loader::take() {
  llvm::sort(files, [](const auto &a, const auto &b) {
    return a->resolvedPath < b->resolvedPath;
  });
  return std::move(files);
}

} // namespace

std::string requireTarget(StringRef requiringFile, StringRef written) {
  SmallString<256> target(written);
  if (!sys::path::is_absolute(target)) {
    target = sys::path::parent_path(requiringFile);
    sys::path::append(target, written);
  }
  if (!StringRef(target).endswith(".rules"))
    target += ".rules";
  sys::path::remove_dots(target, /*remove_dot_dot=*/true);
  return target.str().str();
}

/// Reads a file of at most maxSize bytes; reads are bounded, so a FIFO or a
/// device cannot hang the compiler or exhaust memory.
std::unique_ptr<MemoryBuffer> readSourceFile(StringRef path, uint64_t maxSize,
                                             DiagnosticEngine &diags) {
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(path, status)) {
    diags.reportFile(path, DiagID::FileNotFound, path, ec.message());
    return nullptr;
  }
  if (sys::fs::is_directory(status)) {
    diags.reportFile(path, DiagID::FileNotFound, path,
                     std::make_error_code(std::errc::is_a_directory).message());
    return nullptr;
  }
  if (status.getSize() > maxSize) {
    diags.reportFile(path, DiagID::FileTooLarge, uint64_t(status.getSize()),
                     maxSize);
    return nullptr;
  }
  Expected<sys::fs::file_t> fd = sys::fs::openNativeFileForRead(path);
  if (!fd) {
    diags.reportFile(path, DiagID::FileNotFound, path,
                     toString(fd.takeError()));
    return nullptr;
  }
  // Read at most one byte over the limit: the size from stat() means
  // nothing for pipes and devices.
  SmallVector<char, 0> data;
  data.reserve(status.getSize() + 1);
  std::string failure;
  while (data.size() <= maxSize) {
    size_t chunk = std::min<size_t>(1 << 16, maxSize + 1 - data.size());
    size_t old = data.size();
    data.resize_for_overwrite(old + chunk);
    Expected<size_t> n = sys::fs::readNativeFile(
        *fd, MutableArrayRef<char>(data.data() + old, chunk));
    if (!n) {
      failure = toString(n.takeError());
      data.resize(old);
      break;
    }
    data.resize(old + *n);
    if (*n == 0)
      break;
  }
  sys::fs::closeFile(*fd);
  if (!failure.empty()) {
    diags.reportFile(path, DiagID::FileNotFound, path, failure);
    return nullptr;
  }
  if (data.size() > maxSize) {
    diags.reportFile(path, DiagID::FileTooLarge, uint64_t(data.size()),
                     maxSize);
    return nullptr;
  }
  return MemoryBuffer::getMemBufferCopy(StringRef(data.data(), data.size()),
                                        path);
}

std::string resolveSourcePath(StringRef path) {
  SmallString<256> real;
  if (!sys::fs::real_path(path, real))
    return real.str().str();
  SmallString<256> abs(path);
  sys::fs::make_absolute(abs);
  sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  return abs.str().str();
}

std::vector<std::unique_ptr<ast::File>>
loadApplication(ArrayRef<std::string> paths, SourceMgr &sm,
                DiagnosticEngine &diags, const SourceOverlay *overlay) {
  Loader loader(sm, diags, overlay);
  for (const std::string &path : paths)
    loader.load(path, SMRange());
  return loader.take();
}

} // namespace rulecc
