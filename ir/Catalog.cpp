//===- Catalog.cpp - Lookups in the generated AWS catalog tables ----------===//
// Binary search over tables sorted at build time; nothing is built at
// start-up, so a compile that looks up a few hundred names pays only for them.

#include "ir/Catalog.h"
#include "ir/CatalogTables.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace llvm;

namespace rulecc::catalog {
namespace detail {
#include "CatalogTables.inc"
} // namespace detail

using namespace detail;

static StringRef str(Str s) { return StringRef(StringPool + s.offset, s.size); }

/// The record of a table sorted by `key` whose key equals `name`.
template <typename Record, typename KeyFn>
static const Record *find(const Record *table, size_t size, StringRef name,
                          KeyFn key) {
  const Record *end = table + size;
  const Record *it =
      std::lower_bound(table, end, name, [&](const Record &r, StringRef n) {
        return str(key(r)) < n;
      });
  if (it == end || str(key(*it)) != name)
    return nullptr;
  return it;
}

/// The candidate closest to `name` by edit distance, accepting up to a third
/// of the name's length in edits (as clang's typo correction does).
template <typename NameFn>
static std::optional<StringRef> closest(StringRef name, size_t count,
                                        NameFn nameOf, bool ignoreCase) {
  unsigned maxDistance = std::max<unsigned>(1, (name.size() + 2) / 3);
  std::string folded = ignoreCase ? name.lower() : name.str();
  std::optional<StringRef> best;
  unsigned bestDistance = maxDistance + 1;
  for (size_t i = 0; i < count; ++i) {
    StringRef candidate = nameOf(i);
    // Lengths alone bound the distance from below; skip what cannot win.
    size_t diff = candidate.size() > name.size()
                      ? candidate.size() - name.size()
                      : name.size() - candidate.size();
    if (diff >= bestDistance)
      continue;
    unsigned d = ignoreCase
                     ? StringRef(folded).edit_distance(candidate.lower(), true,
                                                       bestDistance - 1)
                     : name.edit_distance(candidate, true, bestDistance - 1);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

StringRef toString(ParamType type) {
  switch (type) {
  case ParamType::String:
    return "String";
  case ParamType::Int:
    return "int";
  case ParamType::Double:
    return "double";
  case ParamType::Boolean:
    return "boolean";
  case ParamType::CSV:
    return "CSV";
  case ParamType::StringMap:
    return "StringMap";
  }
  return "String";
}

StringRef toString(LeafType type) {
  static const StringRef names[] = {"string", "integer", "boolean",   "date",
                                    "float",  "ip",      "cidr_block"};
  return names[static_cast<unsigned>(type)];
}

bool namesMatch(StringRef written, StringRef awsName) {
  size_t i = 0, j = 0;
  for (;;) {
    while (i < written.size() && written[i] == '_')
      ++i;
    while (j < awsName.size() && awsName[j] == '_')
      ++j;
    if (i == written.size() || j == awsName.size())
      return i == written.size() && j == awsName.size();
    if (toLower(written[i]) != toLower(awsName[j]))
      return false;
    ++i;
    ++j;
  }
}

// ---- Managed rules ----------------------------------------------------------

StringRef ManagedRule::identifier() const { return str(rec->identifier); }
bool ManagedRule::triggersKnown() const { return rec->triggers != 0; }
bool ManagedRule::isChangeTriggered() const { return rec->triggers & 1; }
bool ManagedRule::isPeriodic() const { return rec->triggers & 2; }
bool ManagedRule::parametersKnown() const { return rec->parametersKnown; }
Known ManagedRule::supportsProactive() const {
  return static_cast<Known>(rec->proactive);
}

StringRef ManagedRule::description() const { return str(rec->description); }

StringRef ManagedRule::documentationURL() const { return str(rec->docURL); }

unsigned ManagedRule::numParameters() const { return rec->numParams; }

Parameter ManagedRule::parameter(unsigned i) const {
  const ParamRecord &p = Params[rec->firstParam + i];
  Parameter out{str(p.name), static_cast<ParamType>(p.type), p.required,
                std::nullopt, str(p.description)};
  if (p.hasDefault)
    out.defaultValue = str(p.defaultValue);
  return out;
}

std::optional<Parameter> ManagedRule::findParameter(StringRef written) const {
  for (unsigned i = 0; i < numParameters(); ++i)
    if (namesMatch(written, str(Params[rec->firstParam + i].name)))
      return parameter(i);
  return std::nullopt;
}

std::optional<StringRef>
ManagedRule::suggestParameter(StringRef written) const {
  // Compare in the matching spelling (no '_', lower case), so a snake_case
  // typo finds its camelCase parameter.
  auto fold = [](StringRef s) {
    std::string out;
    for (char c : s)
      if (c != '_')
        out += toLower(c);
    return out;
  };
  std::string key = fold(written);
  unsigned maxDistance = std::max<unsigned>(1, (key.size() + 2) / 3);
  std::optional<StringRef> best;
  unsigned bestDistance = maxDistance + 1;
  for (unsigned i = 0; i < numParameters(); ++i) {
    StringRef name = str(Params[rec->firstParam + i].name);
    unsigned d = StringRef(key).edit_distance(fold(name), true, maxDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return best;
}

unsigned ManagedRule::numResourceTypes() const { return rec->numTypes; }

StringRef ManagedRule::resourceType(unsigned i) const {
  return str(RuleTypes[rec->firstType + i]);
}

bool ManagedRule::evaluates(StringRef type) const {
  for (unsigned i = 0; i < numResourceTypes(); ++i)
    if (resourceType(i) == type)
      return true;
  return false;
}

std::optional<ManagedRule> lookupManagedRule(StringRef identifier) {
  if (const RuleRecord *r =
          find(Rules, RulesSize, identifier,
               [](const RuleRecord &r) { return r.identifier; }))
    return ManagedRule(r);
  return std::nullopt;
}

std::optional<StringRef> suggestManagedRule(StringRef identifier) {
  return closest(
      identifier, RulesSize, [](size_t i) { return str(Rules[i].identifier); },
      /*ignoreCase=*/true);
}

size_t numManagedRules() { return RulesSize; }
ManagedRule managedRule(size_t i) { return ManagedRule(&Rules[i]); }

// ---- Resource types ---------------------------------------------------------

StringRef ResourceType::name() const { return str(rec->name); }
unsigned ResourceType::sources() const { return rec->sources; }
unsigned ResourceType::numProperties() const { return rec->numProperties; }

Property ResourceType::property(unsigned i) const {
  const PropertyRecord &p = Properties[rec->firstProperty + i];
  return {str(p.path), static_cast<LeafType>(p.type)};
}

std::optional<Property> ResourceType::findProperty(StringRef path) const {
  if (const PropertyRecord *p =
          find(Properties + rec->firstProperty, rec->numProperties, path,
               [](const PropertyRecord &p) { return p.path; }))
    return Property{str(p->path), static_cast<LeafType>(p->type)};
  return std::nullopt;
}

std::optional<ResourceType> lookupResourceType(StringRef name) {
  if (const TypeRecord *t = find(Types, TypesSize, name,
                                 [](const TypeRecord &t) { return t.name; }))
    return ResourceType(t);
  return std::nullopt;
}

std::optional<StringRef> suggestResourceType(StringRef name) {
  return closest(
      name, TypesSize, [](size_t i) { return str(Types[i].name); },
      /*ignoreCase=*/true);
}

size_t numResourceTypes() { return TypesSize; }
ResourceType resourceType(size_t i) { return ResourceType(&Types[i]); }

// ---- Runtimes
// -----------------------------------------------------------------

static Runtime toRuntime(const RuntimeRecord &r) {
  return {str(r.name), static_cast<RuntimeState>(r.state), str(r.deprecation),
          str(r.blockCreate), str(r.blockUpdate)};
}

std::optional<Runtime> lookupRuntime(StringRef name) {
  if (const RuntimeRecord *r =
          find(Runtimes, RuntimesSize, name,
               [](const RuntimeRecord &r) { return r.name; }))
    return toRuntime(*r);
  return std::nullopt;
}

std::optional<StringRef> suggestRuntime(StringRef name) {
  // Only runtimes Lambda still supports are worth suggesting.
  SmallVector<StringRef, 64> supported;
  for (const RuntimeRecord &r : ArrayRef(Runtimes, RuntimesSize))
    if (static_cast<RuntimeState>(r.state) == RuntimeState::Supported)
      supported.push_back(str(r.name));
  return closest(
      name, supported.size(), [&](size_t i) { return supported[i]; },
      /*ignoreCase=*/true);
}

size_t numRuntimes() { return RuntimesSize; }
Runtime runtime(size_t i) { return toRuntime(Runtimes[i]); }

} // namespace rulecc::catalog
