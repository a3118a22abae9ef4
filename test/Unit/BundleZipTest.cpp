//===- BundleZipTest.cpp - Deterministic zips of function code ----------===//
// The archive's bytes depend only on names and contents: entry order,
// timestamps, permissions and the time zone change nothing.
//===----------------------------------------------------------------------===//

#include "backends/bundle/DeterministicZip.h"

#include "BundleTestUtil.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

using namespace rulecc::bundle;
using namespace rulecc::bundle::test;

namespace {

TEST(BundleZipTest, EntriesAreSortedAndReadBack) {
  std::string big(100000, 'x');
  auto zip = makeDeterministicZip(
      {{"b/handler.py", "print('b')\n"}, {"a.py", big}, {"empty.txt", ""}});
  ASSERT_TRUE(bool(zip)) << llvm::toString(zip.takeError());
  std::vector<ReadEntry> entries = readZip(*zip);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].name, "a.py");
  EXPECT_EQ(entries[0].bytes, big);
  EXPECT_EQ(entries[0].compression, ZIP_CM_DEFLATE);
  EXPECT_LT(zip->size(), 2000u); // deflated
  EXPECT_EQ(entries[1].name, "b/handler.py");
  EXPECT_EQ(entries[1].bytes, "print('b')\n");
  EXPECT_EQ(entries[2].name, "empty.txt");
  EXPECT_EQ(entries[2].bytes, "");
  for (const ReadEntry &e : entries) {
    EXPECT_EQ(e.opsys, ZIP_OPSYS_UNIX);
    EXPECT_EQ(e.externalAttributes >> 16, 0100644u) << e.name;
  }
}

/// The DOS date and time fields of the first local file header.
std::pair<uint16_t, uint16_t> firstDosTime(const std::string &zip) {
  auto u16 = [&](size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(zip[at]) |
                                 static_cast<unsigned char>(zip[at + 1]) << 8);
  };
  EXPECT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  return {u16(12), u16(10)}; // date, time
}

TEST(BundleZipTest, SameBytesWhateverTheOrderTimeOrZone) {
  std::vector<ZipEntry> forward = {{"a.py", "A"}, {"b.py", "B"}};
  std::vector<ZipEntry> backward = {{"b.py", "B"}, {"a.py", "A"}};
  auto first = makeDeterministicZip(forward);
  ASSERT_TRUE(bool(first));
  const char *oldTz = std::getenv("TZ");
  std::string saved = oldTz ? oldTz : "";
  setenv("TZ", "Pacific/Kiritimati", 1);
  tzset();
  auto second = makeDeterministicZip(backward);
  if (oldTz)
    setenv("TZ", saved.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
  ASSERT_TRUE(bool(second));
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(sha256Hex(*first), sha256Hex(*second));
  // 1980-01-01 00:00:00, the zip epoch.
  EXPECT_EQ(firstDosTime(*first), (std::pair<uint16_t, uint16_t>{0x21, 0}));

  auto changed = makeDeterministicZip({{"a.py", "A!"}, {"b.py", "B"}});
  ASSERT_TRUE(bool(changed));
  EXPECT_NE(sha256Hex(*changed), sha256Hex(*first));
}

TEST(BundleZipTest, DuplicateNamesAreAnError) {
  auto zip = makeDeterministicZip({{"a.py", "1"}, {"a.py", "2"}});
  ASSERT_FALSE(bool(zip));
  EXPECT_NE(llvm::toString(zip.takeError()).find("duplicate zip entry 'a.py'"),
            std::string::npos);
}

/// Text, bytes zlib judges binary, and nothing: the three kinds of entry.
std::vector<std::pair<std::string, std::string>> mixedContents() {
  std::string text;
  for (int i = 0; i < 50; ++i)
    text += "print('a')\n";
  std::string binary;
  for (int round = 0; round < 4; ++round)
    for (int c = 0; c < 256; ++c)
      binary += static_cast<char>(c);
  return {{"a.py", text}, {"bin.dat", binary}, {"empty.txt", ""}};
}

/// The internal file attributes of each central directory entry, in order.
std::vector<uint16_t> internalAttributes(const std::string &zip) {
  std::vector<uint16_t> out;
  const std::string sig("PK\x01\x02", 4);
  for (size_t at = zip.find(sig); at != std::string::npos;
       at = zip.find(sig, at + 1))
    out.push_back(static_cast<unsigned char>(zip[at + 36]) |
                  static_cast<unsigned char>(zip[at + 37]) << 8);
  return out;
}

TEST(BundleZipTest, BytesAreThoseMinizipWritesWhenItCompresses) {
  // The SHA-256 of this archive as written when minizip deflated every entry
  // itself: deflating beforehand and writing raw must not change a byte
  // (content-addressed S3 keys and source_code_hash stay the same).
  std::vector<ZipEntry> entries;
  auto contents = mixedContents();
  for (const auto &[name, bytes] : contents)
    entries.push_back({name, bytes});
  auto zip = makeDeterministicZip(entries);
  ASSERT_TRUE(bool(zip)) << llvm::toString(zip.takeError());
  EXPECT_EQ(sha256Hex(*zip),
            "79a811097f198d27cda1973d35d6cc1567cd90c82bea6deac6fbee7b472f5029");
  EXPECT_EQ(zip->size(), 591u);
  // zlib's text judgement is the entry's text attribute, as minizip sets it.
  EXPECT_EQ(internalAttributes(*zip), (std::vector<uint16_t>{1, 0, 0}));
}

TEST(BundleZipTest, PrecompressedEntriesGiveTheSameBytes) {
  auto contents = mixedContents();
  std::vector<DeflatedBytes> deflated;
  for (const auto &[name, bytes] : contents) {
    auto d = deflateBytes(bytes);
    ASSERT_TRUE(bool(d)) << llvm::toString(d.takeError());
    EXPECT_EQ(d->size, bytes.size());
    deflated.push_back(std::move(*d));
  }
  EXPECT_TRUE(deflated[0].text);
  EXPECT_FALSE(deflated[1].text);
  EXPECT_LT(deflated[0].data.size(), contents[0].second.size());

  std::vector<ZipEntry> plain, precompressed, mixed;
  for (size_t i = 0; i < contents.size(); ++i) {
    plain.push_back({contents[i].first, contents[i].second});
    precompressed.push_back(
        {contents[i].first, contents[i].second, &deflated[i]});
    mixed.push_back({contents[i].first, contents[i].second,
                     i == 1 ? &deflated[i] : nullptr});
  }
  auto a = makeDeterministicZip(plain);
  auto b = makeDeterministicZip(precompressed);
  auto c = makeDeterministicZip(mixed);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  std::vector<ReadEntry> read = readZip(*b);
  ASSERT_EQ(read.size(), contents.size());
  for (size_t i = 0; i < contents.size(); ++i) {
    EXPECT_EQ(read[i].name, contents[i].first);
    EXPECT_EQ(read[i].bytes, contents[i].second);
    EXPECT_EQ(read[i].compression, ZIP_CM_DEFLATE);
  }

  // The same deflated bytes serve any number of archives.
  std::vector<ZipEntry> two = {{"x/a.py", contents[0].second, &deflated[0]},
                               {"y/a.py", contents[0].second, &deflated[0]}};
  auto shared = makeDeterministicZip(two);
  ASSERT_TRUE(bool(shared));
  read = readZip(*shared);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].bytes, contents[0].second);
  EXPECT_EQ(read[1].bytes, contents[0].second);
}

TEST(BundleZipTest, Sha256Hex) {
  EXPECT_EQ(sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

} // namespace
