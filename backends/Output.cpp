//===- Output.cpp - Atomic writing of output sets -------------------------===//

#include "backends/Output.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace rulecc {

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
      return createStringError(ec, "cannot create directory '%s': %s",
                               dir.str().c_str(), ec.message().c_str());
  SmallString<256> model(finalPath);
  model += ".tmp-%%%%%%%%";
  int fd;
  SmallString<256> temp;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, temp))
    return createStringError(ec, "cannot write '%s': %s",
                             finalPath.str().c_str(), ec.message().c_str());
  staged.push_back({std::string(temp), finalPath.str()});
  raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << bytes;
  os.close();
  if (os.has_error()) {
    std::error_code ec = os.error();
    os.clear_error();
    return createStringError(ec, "cannot write '%s': %s",
                             finalPath.str().c_str(), ec.message().c_str());
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
      return createStringError(
          std::errc::invalid_argument,
          "this output has %zu more file(s) beside the template ('%s'); "
          "name an output directory with -o DIR",
          others.size(), others.front().relPath.c_str());
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
      return createStringError(std::errc::invalid_argument,
                               "refusing to write '%s' outside the output "
                               "directory",
                               e.relPath.c_str());
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
      return createStringError(ec, "cannot write '%s': %s",
                               s.finalPath.c_str(), ec.message().c_str());
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
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  }
  return Error::success();
}

} // namespace rulecc
