//===- Value.h - The evaluator's compact, order-keeping JSON values -------===//
// Values of a rule body at run time (nil, Bool, Int, Float, String, List,
// Map) in 16 bytes each, parsed once from JSON into an arena.
//===----------------------------------------------------------------------===//
#ifndef RULECC_RUNTIME_EVAL_VALUE_H
#define RULECC_RUNTIME_EVAL_VALUE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rulecc::eval {

/// Map keys are interned once, so that a property access compares 32-bit
/// ids instead of strings, and a loose segment compares the ids of the
/// keys' folded spellings (lower case, no `_`).
class KeyTable {
public:
  using Id = uint32_t;
  Id intern(llvm::StringRef key);
  /// The id of `key` when some map or rule has used it.
  bool lookup(llvm::StringRef key, Id &id) const;
  llvm::StringRef name(Id id) const { return names[id]; }
  /// The id of the key's folded spelling.
  Id folded(Id id) const { return foldedIds[id]; }
  /// The folded id of an arbitrary spelling (interned on first use).
  Id foldedOf(llvm::StringRef written);
  size_t size() const { return names.size(); }

private:
  llvm::StringMap<Id> ids;
  llvm::StringMap<Id> foldedTable;
  std::vector<llvm::StringRef> names;
  std::vector<Id> foldedIds;
};

struct MapEntry;

/// A run-time value. Strings, lists and maps point into an arena (or into
/// the JSON text itself) that outlives the value; copying a Value is
/// copying 16 bytes.
class Value {
public:
  enum Kind : uint8_t { Nil, Bool, Int, Float, String, List, Map };

  Value() : kind(Nil), len(0), i(0) {}
  static Value boolean(bool b) {
    Value v;
    v.kind = Bool;
    v.i = b;
    return v;
  }
  static Value integer(int64_t n) {
    Value v;
    v.kind = Int;
    v.i = n;
    return v;
  }
  static Value real(double d) {
    Value v;
    v.kind = Float;
    v.f = d;
    return v;
  }
  static Value string(llvm::StringRef s) {
    Value v;
    v.kind = String;
    v.len = static_cast<uint32_t>(s.size());
    v.s = s.data();
    return v;
  }
  static Value list(const Value *elems, size_t n) {
    Value v;
    v.kind = List;
    v.len = static_cast<uint32_t>(n);
    v.l = elems;
    return v;
  }
  static Value map(const MapEntry *entries, size_t n) {
    Value v;
    v.kind = Map;
    v.len = static_cast<uint32_t>(n);
    v.m = entries;
    return v;
  }

  Kind getKind() const { return kind; }
  bool is(Kind k) const { return kind == k; }
  bool isNil() const { return kind == Nil; }
  bool isNumber() const { return kind == Int || kind == Float; }
  /// Ruby's truthiness: only nil and false are false.
  bool truthy() const { return kind != Nil && !(kind == Bool && i == 0); }

  bool getBool() const { return i != 0; }
  int64_t getInt() const { return i; }
  double getFloat() const { return f; }
  /// An Int or Float as a double.
  double number() const { return kind == Int ? static_cast<double>(i) : f; }
  llvm::StringRef getString() const { return llvm::StringRef(s, len); }
  llvm::ArrayRef<Value> getList() const {
    return llvm::ArrayRef<Value>(l, len);
  }
  llvm::ArrayRef<MapEntry> getMap() const;
  /// The value under the key id, or null.
  const Value *find(KeyTable::Id key) const;

  /// "nil", "Bool", "Int", "Float", "String", "List", "Map".
  static llvm::StringRef kindName(Kind k);
  llvm::StringRef kindName() const { return kindName(kind); }

private:
  Kind kind;
  uint32_t len;
  union {
    int64_t i;
    double f;
    const char *s;
    const Value *l;
    const MapEntry *m;
  };
};
static_assert(sizeof(Value) == 16, "values are copied everywhere");

struct MapEntry {
  KeyTable::Id key;
  Value value;
};

inline llvm::ArrayRef<MapEntry> Value::getMap() const {
  return llvm::ArrayRef<MapEntry>(m, len);
}

inline const Value *Value::find(KeyTable::Id key) const {
  for (const MapEntry &e : getMap())
    if (e.key == key)
      return &e.value;
  return nullptr;
}

/// 2^53: Ints are exact in a double below it; a JSON number is an Int only
/// within ±(2^53-1), and Int arithmetic beyond that is an error.
constexpr int64_t MaxExactInt = int64_t(1) << 53;

/// A number read from JSON or a parameter: an Int when integral and
/// |v| < 2^53, else a Float.
Value numberValue(double d);

/// Deep equality: Int and Float by value, Strings by code points, Lists
/// element-wise, Maps as key sets with equal values; different kinds are
/// unequal.
bool equals(const Value &a, const Value &b, const KeyTable &keys);

/// Python's repr(float): the shortest text that reads back the same,
/// `2.0`, `0.1`, `1e+16`, `1.5e-07`, `inf`, `nan`.
void writeFloat(double d, llvm::raw_ostream &os);

/// `to_s`: nil -> "", true/false, Int decimal, Float as writeFloat, String
/// itself, List/Map as compact JSON with sorted keys.
void writeText(const Value &v, const KeyTable &keys, llvm::raw_ostream &os);
std::string toText(const Value &v, const KeyTable &keys);

/// Compact JSON (no spaces, map keys sorted by code point, non-ASCII
/// unescaped, floats as writeFloat; Infinity/NaN as Python writes them).
void writeJSON(const Value &v, const KeyTable &keys, llvm::raw_ostream &os);

/// Writes `s` as a JSON string literal (quotes included).
void writeJSONString(llvm::StringRef s, llvm::raw_ostream &os);

/// Python's str() of a scalar (None, True, 3, 1.5, text), for the
/// applicability annotations that quote item fields.
std::string pythonStr(const Value &v, const KeyTable &keys);

/// Number of code points of UTF-8 text.
size_t codePoints(llvm::StringRef s);

/// What parseJSON() reports: the byte offset in the text and a message.
struct JSONError {
  size_t offset = 0;
  std::string message;
};

/// Parses JSON text into `arena`, interning map keys in `keys`. Strings
/// without escapes point into `text`, which must outlive the values.
/// Duplicate keys keep the first position and the last value (Python's
/// json.loads); numbers follow numberValue().
bool parseJSON(llvm::StringRef text, llvm::BumpPtrAllocator &arena,
               KeyTable &keys, Value &out, JSONError &err);

} // namespace rulecc::eval

#endif // RULECC_RUNTIME_EVAL_VALUE_H
