#!/usr/bin/env python3
"""Turns the catalogs in ir/catalog/*.tsv into C++ tables (a .inc file).

Run by the build (ir/CMakeLists.txt). Every string goes once into one
character array and records refer to it by offset and size, so the tables
are plain constant data: no relocations, no constructors at start-up. Tables
are sorted by name for binary search (byte order, as StringRef compares).

Usage: gen-catalog-tables.py CATALOG_DIR OUTPUT.inc
"""

import os
import sys

PARAM_TYPES = ["String", "int", "double", "boolean", "CSV", "StringMap"]
LEAF_TYPES = ["string", "integer", "boolean", "date", "float", "ip",
              "cidr_block"]
SOURCES = ["api", "schema", "rules", "packs"]
STATES = ["supported", "deprecated", "blocked"]
PROACTIVE = ["unknown", "yes", "no"]


def unescape(field):
    if field == "-":
        return ""
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append({"t": "\t", "n": "\n", "\\": "\\", "-": "-"}[field[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read(directory, name, columns):
    rows = []
    path = os.path.join(directory, name)
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != columns:
                sys.exit(f"{path}:{lineno}: expected {columns} fields")
            rows.append([unescape(x) for x in fields])
    keys = [r[0] for r in rows]
    if keys != sorted(keys):
        sys.exit(f"{path}: rows are not sorted")
    return rows


class Pool:
    """One character array holding each distinct string once."""

    def __init__(self):
        self.offsets, self.chunks, self.size = {}, [], 0

    def ref(self, text):
        data = text.encode("utf-8")
        if text not in self.offsets:
            self.offsets[text] = self.size
            self.chunks.append(data)
            self.size += len(data)
        return "{%d, %d}" % (self.offsets[text], len(data))

    def literal(self):
        blob = b"".join(self.chunks)
        lines, line = [], []
        for b in blob:
            ch = chr(b)
            if ch in '"\\':
                line.append("\\" + ch)
            elif 32 <= b < 127 and ch != "?":
                line.append(ch)
            else:
                line.append("\\%03o" % b)
            if len(line) >= 100:
                lines.append('    "' + "".join(line) + '"')
                line = []
        if line or not lines:
            lines.append('    "' + "".join(line) + '"')
        return "\n".join(lines)


def main():
    catalog, output = sys.argv[1], sys.argv[2]
    pool = Pool()
    out = []

    rules = read(catalog, "managed-rules.tsv", 5)
    params = read(catalog, "managed-rule-parameters.tsv", 6)
    docs = {ident: (url, text) for ident, url, text in
            read(catalog, "managed-rule-docs.tsv", 3)}
    if set(docs) != {r[0] for r in rules}:
        sys.exit("managed-rule-docs.tsv and managed-rules.tsv list different "
                 "rules")
    by_rule = {}
    for p in params:
        by_rule.setdefault(p[0], []).append(p)
    rule_recs, param_recs, rule_types = [], [], []
    for ident, triggers, types, known, proactive in rules:
        trig = triggers.split(",") if triggers else []
        bits = (1 if "change" in trig else 0) | (2 if "periodic" in trig else 0)
        first_param = len(param_recs)
        # Parameters come sorted by name (the TSV's order).
        for _, name, ptype, required, default, text in by_rule.get(ident, []):
            param_recs.append("{%s, %s, %s, %d, %s, %s}" % (
                pool.ref(name), pool.ref(default), pool.ref(text),
                PARAM_TYPES.index(ptype),
                "true" if required == "required" else "false",
                "true" if default else "false"))
        first_type = len(rule_types)
        for t in types.split(",") if types else []:
            rule_types.append(pool.ref(t))
        url, text = docs[ident]
        rule_recs.append("{%s, %s, %s, %d, %s, %d, %d, %d, %d, %d}" % (
            pool.ref(ident), pool.ref(url), pool.ref(text), bits, "true" if known == "known" else "false",
            PROACTIVE.index(proactive), first_param,
            len(param_recs) - first_param, first_type,
            len(rule_types) - first_type))

    types = read(catalog, "resource-types.tsv", 2)
    props = read(catalog, "resource-properties.tsv", 3)
    props_by_type = {}
    for t, path, leaf in props:
        props_by_type.setdefault(t, []).append((path, leaf))
    type_recs, prop_recs = [], []
    for t, sources in types:
        bits = 0
        for s in sources.split(","):
            bits |= 1 << SOURCES.index(s)
        first = len(prop_recs)
        for path, leaf in sorted(props_by_type.pop(t, [])):
            prop_recs.append("{%s, %d}" % (pool.ref(path),
                                           LEAF_TYPES.index(leaf)))
        type_recs.append("{%s, %d, %d, %d}" % (pool.ref(t), bits, first,
                                               len(prop_recs) - first))
    if props_by_type:
        sys.exit("properties of types missing from resource-types.tsv: " +
                 ", ".join(sorted(props_by_type)))

    runtimes = read(catalog, "lambda-runtimes.tsv", 5)
    runtime_recs = ["{%s, %d, %s, %s, %s}" % (
        pool.ref(name), STATES.index(state), pool.ref(dep), pool.ref(create),
        pool.ref(update)) for name, state, dep, create, update in runtimes]

    def table(ctype, name, recs):
        body = ",\n".join("    " + r for r in recs)
        return (f"const {ctype} {name}[] = {{\n{body}\n}};\n"
                f"const size_t {name}Size = {len(recs)};\n")

    out.append("// Generated by utils/catalog/gen-catalog-tables.py from "
               "ir/catalog/*.tsv; do not edit.\n")
    out.append("const char StringPool[] =\n" + pool.literal() + ";\n")
    out.append(table("RuleRecord", "Rules", rule_recs))
    out.append(table("ParamRecord", "Params", param_recs))
    out.append(table("Str", "RuleTypes", rule_types or ["{0, 0}"]))
    out.append(table("TypeRecord", "Types", type_recs))
    out.append(table("PropertyRecord", "Properties", prop_recs))
    out.append(table("RuntimeRecord", "Runtimes", runtime_recs))
    text = "\n".join(out)
    # Rewrite only on change, so a touched but equal catalog rebuilds nothing.
    try:
        with open(output, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
