//===- CatalogTables.h - Record layout of the generated catalog tables ----===//
// Shared by Catalog.cpp and the .inc that utils/catalog/gen-catalog-tables.py
// writes; strings are offsets into one pool, so the tables need no relocation.
//===----------------------------------------------------------------------===//
#ifndef RULECC_IR_CATALOGTABLES_H
#define RULECC_IR_CATALOGTABLES_H

#include <cstddef>
#include <cstdint>

namespace rulecc::catalog::detail {

struct Str {
  uint32_t offset;
  uint32_t size;
};

struct RuleRecord {
  Str identifier;
  Str docURL;       // the rule's page in the developer guide; empty for none
  Str description;  // Markdown; empty where the catalog has none
  uint8_t triggers; // 1: configuration changes, 2: periodic, 0: unknown
  bool parametersKnown;
  uint8_t proactive; // Known
  uint16_t firstParam, numParams;
  uint16_t firstType, numTypes;
};

struct ParamRecord {
  Str name;
  Str defaultValue;
  Str description; // empty where the docs give none
  uint8_t type;    // ParamType
  bool required;
  bool hasDefault;
};

struct TypeRecord {
  Str name;
  uint8_t sources; // TypeSource bits
  uint32_t firstProperty, numProperties;
};

struct PropertyRecord {
  Str path;
  uint8_t type; // LeafType
};

struct RuntimeRecord {
  Str name;
  uint8_t state; // RuntimeState
  Str deprecation, blockCreate, blockUpdate;
};

} // namespace rulecc::catalog::detail

#endif // RULECC_IR_CATALOGTABLES_H
