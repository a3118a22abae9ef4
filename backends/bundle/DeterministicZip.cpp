//===- DeterministicZip.cpp - Byte-reproducible zip archives --------------===//

#include "backends/bundle/DeterministicZip.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/SHA256.h"

// minizip (zlib's contrib/minizip) writes the archive: it depends on zlib
// alone and links statically, where libzip would load OpenSSL's libcrypto
// into every run of the compiler (about 3 ms of start-up on each call).
#include <minizip/zip.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <optional>
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

/// The largest piece zlib and minizip take at once (their lengths are
/// unsigned int).
constexpr size_t MaxPiece = size_t(1) << 30;

Expected<DeflatedBytes> deflateBytes(StringRef bytes) {
  DeflatedBytes out;
  out.size = bytes.size();
  uLong crc = crc32(0, nullptr, 0);
  for (size_t off = 0; off < bytes.size(); off += MaxPiece) {
    size_t n = std::min(bytes.size() - off, MaxPiece);
    crc = crc32(crc, reinterpret_cast<const Bytef *>(bytes.data() + off),
                static_cast<uInt>(n));
  }
  out.crc32 = static_cast<uint32_t>(crc);

  // The settings and the calls minizip makes for a deflated entry (all the
  // input without flushing, then Z_FINISH alone), so the stream is the one
  // it would write.
  z_stream zs = {};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS,
                   /*memLevel=*/8, Z_DEFAULT_STRATEGY) != Z_OK)
    return createStringError(inconvertibleErrorCode(),
                             "cannot initialize deflate");
  auto end = make_scope_exit([&] { deflateEnd(&zs); });
  Bytef buf[1 << 16];
  auto run = [&](int flush) {
    int rc;
    do {
      zs.next_out = buf;
      zs.avail_out = sizeof(buf);
      rc = deflate(&zs, flush);
      if (rc == Z_STREAM_ERROR)
        return false;
      out.data.append(reinterpret_cast<const char *>(buf),
                      sizeof(buf) - zs.avail_out);
    } while (zs.avail_out == 0);
    return flush != Z_FINISH || rc == Z_STREAM_END;
  };
  for (size_t off = 0; off < bytes.size(); off += MaxPiece) {
    size_t n = std::min(bytes.size() - off, MaxPiece);
    zs.next_in =
        reinterpret_cast<Bytef *>(const_cast<char *>(bytes.data() + off));
    zs.avail_in = static_cast<uInt>(n);
    if (!run(Z_NO_FLUSH))
      return createStringError(inconvertibleErrorCode(), "deflate failed");
  }
  if (!run(Z_FINISH))
    return createStringError(inconvertibleErrorCode(), "deflate failed");
  out.text = zs.data_type == Z_TEXT;
  return out;
}

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
    // Every entry is deflated here or beforehand and written raw: one way to
    // the bytes whether or not the caller compressed it already.
    std::optional<DeflatedBytes> own;
    const DeflatedBytes *deflated = e->deflated;
    if (!deflated) {
      Expected<DeflatedBytes> d = deflateBytes(e->bytes);
      if (!d) {
        zipClose(zf, nullptr);
        return d.takeError();
      }
      own = std::move(*d);
      deflated = &*own;
    }
    // The level only sets the header's "maximum compression" flag bits, and
    // the text attribute is minizip's (bit 0 of the internal attributes),
    // as for an entry minizip compresses itself.
    info.internal_fa = deflated->text ? 1 : 0;
    int rc = zipOpenNewFileInZip4_64(
        zf, e->name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
        Z_BEST_COMPRESSION, /*raw=*/1, -MAX_WBITS, /*memLevel=*/8,
        Z_DEFAULT_STRATEGY, /*password=*/nullptr, /*crcForCrypting=*/0,
        VersionMadeBy, Utf8NamesFlag, /*zip64=*/0);
    StringRef data = deflated->data;
    for (size_t off = 0; rc == ZIP_OK && off < data.size();) {
      unsigned n = static_cast<unsigned>(std::min(data.size() - off, MaxPiece));
      rc = zipWriteInFileInZip(zf, data.data() + off, n);
      off += n;
    }
    if (rc == ZIP_OK)
      rc = zipCloseFileInZipRaw64(zf, deflated->size, deflated->crc32);
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
