//===- Output.cpp - Atomic writing of output sets -------------------------===//

#include "backends/Output.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc {

char OutputError::ID = 0;

static Error outputError(StringRef path, const Twine &reason) {
  return make_error<OutputError>(path.str(), reason.str());
}

void OutputSet::setPrimary(std::string name, std::string bytes) {
  primary = {std::move(name), std::move(bytes)};
  primarySet = true;
}

void OutputSet::add(std::string relPath, std::string bytes) {
  others.push_back({std::move(relPath), std::move(bytes)});
}

const OutputSet::Entry *OutputSet::find(StringRef relPath) const {
  if (primarySet && primary.relPath == relPath)
    return &primary;
  for (const Entry &e : others)
    if (e.relPath == relPath)
      return &e;
  return nullptr;
}

namespace {
/// A temporary file written next to its destination, renamed on commit.
struct Staged {
  std::string tempPath;
  std::string finalPath;
};

Error stage(StringRef finalPath, StringRef bytes, std::vector<Staged> &staged) {
  StringRef dir = sys::path::parent_path(finalPath);
  if (!dir.empty())
    if (std::error_code ec = sys::fs::create_directories(dir))
      return outputError(finalPath, "cannot create directory '" + dir +
                                        "': " + ec.message());
  SmallString<256> model(finalPath);
  model += ".tmp-%%%%%%%%";
  int fd;
  SmallString<256> temp;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, temp))
    return outputError(finalPath, ec.message());
  staged.push_back({std::string(temp), finalPath.str()});
  raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << bytes;
  os.close();
  if (os.has_error()) {
    std::error_code ec = os.error();
    os.clear_error();
    return outputError(finalPath, ec.message());
  }
  return Error::success();
}

bool escapesRoot(StringRef relPath) {
  if (relPath.empty() || sys::path::is_absolute(relPath))
    return true;
  for (auto it = sys::path::begin(relPath), e = sys::path::end(relPath);
       it != e; ++it)
    if (*it == "..")
      return true;
  return false;
}
} // namespace

Error OutputSet::commit(const OutputDestination &dest, raw_ostream &out) const {
  if (dest.kind == OutputDestination::Stdout) {
    if (!others.empty())
      return outputError("<stdout>",
                         Twine("this output has ") + Twine(others.size()) +
                             " more file(s) beside the template ('" +
                             others.front().relPath +
                             "'); name an output directory with -o DIR");
    out << primary.bytes;
    out.flush();
    return Error::success();
  }

  SmallString<256> root;
  std::string primaryPath;
  if (dest.kind == OutputDestination::File) {
    primaryPath = dest.path;
    root = sys::path::parent_path(dest.path);
  } else {
    root = dest.path;
    SmallString<256> p(root);
    sys::path::append(p, primary.relPath);
    primaryPath = std::string(p);
  }

  std::vector<Staged> staged;
  auto rollback = [&] {
    for (const Staged &s : staged)
      sys::fs::remove(s.tempPath);
  };
  std::vector<std::pair<std::string, const Entry *>> all;
  if (primarySet)
    all.push_back({primaryPath, &primary});
  for (const Entry &e : others) {
    if (escapesRoot(e.relPath)) {
      return outputError(e.relPath, "the path leaves the output directory");
    }
    SmallString<256> p(root);
    sys::path::append(p, e.relPath);
    all.push_back({std::string(p), &e});
  }
  for (const auto &[path, entry] : all) {
    if (Error err = stage(path, entry->bytes, staged)) {
      rollback();
      return err;
    }
  }
  for (const Staged &s : staged) {
    if (std::error_code ec = sys::fs::rename(s.tempPath, s.finalPath)) {
      rollback();
      return outputError(s.finalPath, ec.message());
    }
  }
  return Error::success();
}

Error writeFileAtomically(StringRef path, StringRef bytes) {
  std::vector<Staged> staged;
  if (Error err = stage(path, bytes, staged)) {
    for (const Staged &s : staged)
      sys::fs::remove(s.tempPath);
    return err;
  }
  if (std::error_code ec = sys::fs::rename(staged[0].tempPath, path)) {
    sys::fs::remove(staged[0].tempPath);
    return outputError(path, ec.message());
  }
  return Error::success();
}

} // namespace rulecc
