//===- UTF8.cpp - Fast UTF-8 validation -----------------------------------===//

#include "frontend/UTF8.h"

#include "llvm/Support/ConvertUTF.h"

#include <cstdint>
#include <cstring>

using namespace llvm;

namespace rulecc {

const char *findInvalidUTF8(StringRef text) {
  const char *p = text.begin(), *end = text.end();
  while (p != end) {
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ull)
        break;
      p += 8;
    }
    if (p == end)
      break;
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    const UTF8 *cursor = reinterpret_cast<const UTF8 *>(p);
    unsigned length = getNumBytesForUTF8(*cursor);
    if (length > size_t(end - p) ||
        !isLegalUTF8Sequence(cursor, cursor + length))
      return p;
    p += length;
  }
  return nullptr;
}

size_t countUTF16Units(StringRef text) {
  size_t units = 0;
  for (char ch : text) {
    uint8_t c = uint8_t(ch);
    units += (c & 0xC0) != 0x80;
    units += c >= 0xF0;
  }
  return units;
}

} // namespace rulecc
