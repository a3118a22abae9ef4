//===- DeterministicZip.cpp - Byte-reproducible zip archives --------------===//

#include "backends/bundle/DeterministicZip.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/SHA256.h"

// minizip (zlib's contrib/minizip) writes the archive: it depends on zlib
// alone and links statically, where libzip would load OpenSSL's libcrypto
// into every run of the compiler (about 3 ms of start-up on each call).
#include <minizip/zip.h>

#include <cstring>
#include <vector>

using namespace llvm;

namespace rulecc::bundle {

namespace {
// DOS date of 1980-01-01 (year 0 since 1980, month 1, day 1) at 00:00:00.
constexpr uLong DosDate = (0 << 9) | (1 << 5) | 1;
constexpr uLong DosTime = 0;
// A regular file with mode 0644, in the high half of the external attributes
// as Unix zip tools write it; "version made by" says Unix (3) and zip 2.0.
constexpr uLong UnixFileAttributes = 0100644u << 16;
constexpr uLong VersionMadeBy = (3u << 8) | 20u;
// General-purpose flag bit 11: names are UTF-8.
constexpr uLong Utf8NamesFlag = 1u << 11;

/// The archive as it is written: minizip seeks back to fill in each local
/// header's sizes and CRC, so this is a seekable in-memory file.
struct MemoryFile {
  std::string bytes;
  size_t pos = 0;
  bool failed = false;
};

voidpf ZCALLBACK memOpen(voidpf opaque, const void *, int) { return opaque; }

uLong ZCALLBACK memRead(voidpf, voidpf stream, void *buf, uLong size) {
  auto *f = static_cast<MemoryFile *>(stream);
  uLong n = f->pos >= f->bytes.size()
                ? 0
                : std::min<uLong>(size, f->bytes.size() - f->pos);
  std::memcpy(buf, f->bytes.data() + f->pos, n);
  f->pos += n;
  return n;
}

uLong ZCALLBACK memWrite(voidpf, voidpf stream, const void *buf, uLong size) {
  auto *f = static_cast<MemoryFile *>(stream);
  if (f->pos + size > f->bytes.size())
    f->bytes.resize(f->pos + size);
  std::memcpy(f->bytes.data() + f->pos, buf, size);
  f->pos += size;
  return size;
}

ZPOS64_T ZCALLBACK memTell(voidpf, voidpf stream) {
  return static_cast<MemoryFile *>(stream)->pos;
}

long ZCALLBACK memSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto *f = static_cast<MemoryFile *>(stream);
  uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET   ? 0
                  : origin == ZLIB_FILEFUNC_SEEK_CUR ? f->pos
                                                     : f->bytes.size();
  if (base + offset > f->bytes.size()) {
    f->failed = true;
    return -1;
  }
  f->pos = base + offset;
  return 0;
}

int ZCALLBACK memClose(voidpf, voidpf) { return 0; }

int ZCALLBACK memError(voidpf, voidpf stream) {
  return static_cast<MemoryFile *>(stream)->failed ? 1 : 0;
}

Error zipError(const Twine &what, int code) {
  return createStringError(inconvertibleErrorCode(),
                           what + " (minizip error " + Twine(code) + ")");
}
} // namespace

Expected<std::string> makeDeterministicZip(ArrayRef<ZipEntry> entries) {
  std::vector<const ZipEntry *> sorted;
  for (const ZipEntry &e : entries)
    sorted.push_back(&e);
  llvm::sort(sorted, [](const ZipEntry *a, const ZipEntry *b) {
    return a->name < b->name;
  });
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i]->name == sorted[i - 1]->name)
      return createStringError(inconvertibleErrorCode(),
                               "duplicate zip entry '" + sorted[i]->name + "'");

  MemoryFile file;
  zlib_filefunc64_def io = {memOpen, memRead,  memWrite, memTell,
                            memSeek, memClose, memError, &file};
  zipFile zf = zipOpen2_64("", APPEND_STATUS_CREATE, nullptr, &io);
  if (!zf)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create zip archive");

  zip_fileinfo info = {};
  info.dosDate = (DosDate << 16) | DosTime;
  info.external_fa = UnixFileAttributes;
  for (const ZipEntry *e : sorted) {
    int rc = zipOpenNewFileInZip4_64(
        zf, e->name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
        Z_BEST_COMPRESSION, /*raw=*/0, -MAX_WBITS, /*memLevel=*/8,
        Z_DEFAULT_STRATEGY, /*password=*/nullptr, /*crcForCrypting=*/0,
        VersionMadeBy, Utf8NamesFlag, /*zip64=*/0);
    // zipWriteInFileInZip takes an unsigned length: write large entries in
    // pieces.
    for (size_t off = 0; rc == ZIP_OK && off < e->bytes.size();) {
      unsigned n = static_cast<unsigned>(
          std::min<size_t>(e->bytes.size() - off, 1u << 30));
      rc = zipWriteInFileInZip(zf, e->bytes.data() + off, n);
      off += n;
    }
    if (rc == ZIP_OK)
      rc = zipCloseFileInZip(zf);
    if (rc != ZIP_OK) {
      zipClose(zf, nullptr);
      return zipError("cannot add '" + e->name + "'", rc);
    }
  }
  if (int rc = zipClose(zf, nullptr); rc != ZIP_OK || file.failed)
    return zipError("cannot write zip archive", rc);
  return std::move(file.bytes);
}

std::string sha256Hex(StringRef bytes) {
  auto digest = SHA256::hash(arrayRefFromStringRef(bytes));
  return toHex(digest, /*LowerCase=*/true);
}

std::string sha256Base64(StringRef bytes) {
  return encodeBase64(SHA256::hash(arrayRefFromStringRef(bytes)));
}

} // namespace rulecc::bundle
