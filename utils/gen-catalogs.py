#!/usr/bin/env python3
"""Regenerates the AWS catalogs in ir/catalog/ from the public reference data.

The catalogs are what the checker knows about AWS: the resource types AWS
Config records and their configuration-item properties, the AWS managed rules
with their triggers, resource types and parameters, and the Lambda runtimes
with their deprecation dates. They are committed, one fact per line and
sorted, so a regeneration shows up as a readable diff; the build turns them
into C++ tables (utils/catalog/gen-catalog-tables.py) and the compiler never
reads the reference data itself.

Usage:
  utils/gen-catalogs.py [--data DIR]            # rewrite ir/catalog/*.tsv
  utils/gen-catalogs.py [--data DIR] --check    # exit 1 if they are stale

DIR defaults to ../shared/data next to the repository (see its SOURCES.md).
"""

import argparse
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "ir", "catalog")

# ---------------------------------------------------------------- runtimes
# Lambda runtime dates, which no machine-readable source carries (the Lambda
# API model's Runtime enum lists identifiers only). Source: the AWS Lambda
# Developer Guide, "Lambda runtimes" (docs.aws.amazon.com/lambda/latest/dg/
# lambda-runtimes.html), tables "Supported runtimes" and "Deprecated
# runtimes", columns Deprecation date / Block function create / Block function
# update, as published in October 2026. Runtimes deprecated before 2023 have
# left those tables: for python2.7, python3.6, nodejs10.x, nodejs12.x,
# ruby2.5, dotnetcore2.1 and dotnetcore3.1 the dates are those of the
# "Deprecated runtimes" table of 2023 (not re-read from a stored copy); for
# the older ones the "Runtime support policy" page gives only the date
# deprecation completed (creation and updates blocked), written as all three.
# identifier: (deprecation, block function create, block function update);
# None where AWS has not scheduled it.
RUNTIME_DATES = {
    "dotnet10": ("2028-11-14", "2028-12-14", "2029-01-15"),
    "dotnet8": ("2026-11-10", "2027-07-29", "2027-08-31"),
    "dotnet6": ("2024-12-20", "2027-07-29", "2027-08-31"),
    "dotnetcore1.0": ("2019-07-30", "2019-07-30", "2019-07-30"),
    "dotnetcore2.0": ("2019-05-30", "2019-05-30", "2019-05-30"),
    "dotnetcore2.1": ("2022-01-05", "2022-01-05", "2022-04-13"),
    "dotnetcore3.1": ("2023-04-03", "2023-04-03", "2023-05-03"),
    "go1.x": ("2024-01-08", "2024-02-08", "2027-08-31"),
    "java8": ("2024-01-08", "2024-02-08", "2027-08-31"),
    "java8.al2": ("2027-06-30", "2027-07-29", "2027-08-31"),
    "java11": ("2027-06-30", "2027-07-29", "2027-08-31"),
    "java17": ("2027-06-30", "2027-07-29", "2027-08-31"),
    "java21": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "nodejs": ("2016-10-31", "2016-10-31", "2016-10-31"),
    "nodejs4.3": ("2020-03-06", "2020-03-06", "2020-03-06"),
    "nodejs4.3-edge": ("2019-04-30", "2019-04-30", "2019-04-30"),
    "nodejs6.10": ("2019-08-12", "2019-08-12", "2019-08-12"),
    "nodejs8.10": ("2020-03-06", "2020-03-06", "2020-03-06"),
    "nodejs10.x": ("2021-07-30", "2021-07-30", "2022-02-14"),
    "nodejs12.x": ("2023-03-31", "2023-03-31", "2023-04-30"),
    "nodejs14.x": ("2023-12-04", "2024-01-09", "2027-08-31"),
    "nodejs16.x": ("2024-06-12", "2027-07-29", "2027-08-31"),
    "nodejs18.x": ("2025-09-01", "2027-07-29", "2027-08-31"),
    "nodejs20.x": ("2026-04-30", "2027-07-29", "2027-08-31"),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "2027-07-01"),
    "nodejs24.x": ("2028-04-30", "2028-06-01", "2028-07-01"),
    "provided": ("2024-01-08", "2024-02-08", "2027-08-31"),
    "provided.al2": ("2026-07-31", "2027-07-29", "2027-08-31"),
    "provided.al2023": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "python2.7": ("2021-07-15", "2021-07-15", "2022-05-30"),
    "python3.6": ("2022-07-18", "2022-07-18", "2022-08-29"),
    "python3.7": ("2023-12-04", "2024-01-09", "2027-08-31"),
    "python3.8": ("2024-10-14", "2027-07-29", "2027-08-31"),
    "python3.9": ("2025-12-15", "2027-07-29", "2027-08-31"),
    "python3.10": ("2026-10-31", "2027-07-29", "2027-08-31"),
    "python3.11": ("2027-06-30", "2027-07-29", "2027-08-31"),
    "python3.12": ("2028-10-31", "2028-11-30", "2029-01-10"),
    "python3.13": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "python3.14": ("2029-06-30", "2029-07-31", "2029-08-31"),
    "ruby2.5": ("2021-07-30", "2021-07-30", "2022-03-31"),
    "ruby2.7": ("2023-12-07", "2024-01-09", "2027-08-31"),
    "ruby3.2": ("2026-03-31", "2027-07-29", "2027-08-31"),
    "ruby3.3": ("2027-03-31", "2027-07-29", "2027-08-31"),
    "ruby3.4": ("2028-03-31", "2028-04-30", "2028-05-31"),
}
# The states are those on this date, so the compiler's verdict on a runtime
# does not change with the day it runs; regenerating moves it forward.
RUNTIME_STATES_AS_OF = "2026-11-26"


def runtime_state(dates):
    if dates is None:
        return "supported"
    deprecated, create, _ = dates
    if create and create <= RUNTIME_STATES_AS_OF:
        return "blocked"
    if deprecated and deprecated <= RUNTIME_STATES_AS_OF:
        return "deprecated"
    return "supported"


# ------------------------------------------------------------------- helpers
def escape(text):
    """A TSV field: tabs, newlines and backslashes escaped, '-' for none."""
    if text is None or text == "":
        return "-"
    text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return "\\-" if text == "-" else text


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def header(what, sources, columns):
    return ([f"# {what}",
             "# Generated by utils/gen-catalogs.py from " + sources + ";",
             "# edit the script or the sources, not this file.",
             "# " + "\t".join(columns)])


# ---------------------------------------------------------------- catalogs
def managed_rules(data):
    """managed-rules.tsv and managed-rule-parameters.tsv."""
    rules = load_json(os.path.join(data, "managed-rules.json"))
    proactive, listed = proactive_rules(data)
    rows, params = [], []
    for r in rules:
        ident = r["identifier"]
        triggers = ",".join(
            {"ConfigurationChanges": "change", "Periodic": "periodic"}[t]
            for t in sorted(r["trigger_types"]))
        known = r["param_source"] != "none"
        page = r["doc_page"].removesuffix(".md")
        mode = ("yes" if page in proactive else
                "no" if page in listed else "unknown")
        rows.append([ident, triggers, ",".join(sorted(r["resource_types"])),
                     "known" if known else "unknown", mode])
        seen = {}
        for p in r["parameters"] or []:
            key = p["name"].replace("_", "").lower()
            if key in seen:
                sys.exit(f"gen-catalogs: {ident}: parameters '{seen[key]}' "
                         f"and '{p['name']}' match the same spelling")
            seen[key] = p["name"]
            params.append([ident, p["name"], p["type"],
                           "required" if p["required"] else "optional",
                           p.get("default") or "",
                           p.get("description") or ""])
    rows.sort()
    params.sort()
    sources = ("managed-rules.json and managed-rules-docs/_general/"
               "managed-rules-by-evaluation-mode.md")
    out = header("AWS Config managed rules.", sources,
                 ["identifier", "triggers", "resource types",
                  "parameters", "proactive"])
    out += ["\t".join(escape(f) for f in row) for row in rows]
    pout = header("Parameters of AWS Config managed rules.",
                  "managed-rules.json",
                  ["identifier", "name", "type", "required", "default",
                   "description"])
    pout += ["\t".join(escape(f) for f in row) for row in params]
    return out, pout


# AWS's pages for the managed rules; a rule's page is DOCS_URL + page + .html.
DOCS_URL = "https://docs.aws.amazon.com/config/latest/developerguide/"


def managed_rule_docs(data):
    """managed-rule-docs.tsv: the URL of each rule's page in the AWS Config
    Developer Guide and, where the stored copy of the guide has the page,
    AWS's description of the rule: the Markdown between the page's title and its **Identifier:**
    line, notes included. Anchors are dropped, links to sibling pages made
    absolute, and the escapes running text does not need removed; the rest
    is AWS's Markdown. Rules whose page is not stored have only the page."""
    rules = load_json(os.path.join(data, "managed-rules.json"))
    docs = os.path.join(data, "managed-rules-docs")
    rows = []
    for r in rules:
        page = r["doc_page"].removesuffix(".md")
        description = ""
        path = os.path.join(docs, r["doc_page"]) if page else ""
        if page and os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                description = page_description(f.read(), r["identifier"],
                                               path)
        url = DOCS_URL + page + ".html" if page else ""
        rows.append([r["identifier"], url, description])
    rows.sort()
    out = header("Documentation of AWS Config managed rules.",
                 "managed-rules.json and managed-rules-docs/*.md",
                 ["identifier", "documentation URL",
                  "description (Markdown)"])
    out += ["\t".join(escape(f) for f in row) for row in rows]
    return out


def page_description(text, identifier, path):
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines)
                if line.startswith("**Identifier:**")), None)
    if end is None or not lines[0].startswith("# "):
        sys.exit(f"gen-catalogs: {path}: no title or no **Identifier:** line")
    written = lines[end][len("**Identifier:**"):].strip().replace("\\", "")
    if written != identifier:
        sys.exit(f"gen-catalogs: {path}: the page is about {written}, "
                 f"not {identifier}")
    body = "\n".join(line.rstrip() if not line.endswith("  ") else line
                     for line in lines[1:end]).strip()
    body = re.sub(r"<a name=\"[^\"]*\"></a>", "", body)
    body = re.sub(r"\]\(([a-z0-9-]+)\.md(#[^)]*)?\)",
                  lambda m: "](" + DOCS_URL + m.group(1) + ".html" +
                  (m.group(2) or "") + ")", body)
    # Escapes running text does not need: `\.` and `\-` except where a line
    # would then start a list, `\(` and `\)`, and `\_` inside a word.
    body = re.sub(r"(?m)^(\d+)\\\.", r"\1\0", body)
    body = re.sub(r"(?m)^\\-", "\0", body)
    body = re.sub(r"\\([.()-])", r"\1", body).replace("\0", "\\")
    body = re.sub(r"(?<=\w)\\_(?=\w)", "_", body)
    return re.sub(r"\n{3,}", "\n\n", body)


def proactive_rules(data):
    """(doc pages of rules that support proactive evaluation, doc pages the
    evaluation-mode page lists at all)."""
    path = os.path.join(data, "managed-rules-docs", "_general",
                        "managed-rules-by-evaluation-mode.md")
    proactive, listed, section = set(), set(), None
    link = re.compile(r"^\+ \[[^\]]*\]\(\./([a-z0-9-]+)\.html\)")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                section = line[4:].split("<")[0].strip()
            m = link.match(line)
            if m:
                listed.add(m.group(1))
                if section == "Proactive Evaluation":
                    proactive.add(m.group(1))
    return proactive, listed


def resource_types(data):
    """resource-types.tsv and resource-properties.tsv."""
    model = load_json(os.path.join(data, "aws-api-models",
                                   "config-2014-11-12.service-2.json"))
    sources = {}

    def add(t, source):
        sources.setdefault(t, set()).add(source)

    for t in model["shapes"]["ResourceType"]["enum"]:
        add(t, "api")
    props = []
    pattern = os.path.join(data, "config-resource-schema", "resource-types",
                           "*.properties.json")
    for path in glob.glob(pattern):
        t = os.path.basename(path).removesuffix(".properties.json")
        add(t, "schema")
        for name, leaf in load_json(path).items():
            props.append([t, name, leaf])
    # Types the managed-rule docs say a rule evaluates, and types AWS's own
    # conformance packs scope rules to, are accepted in a scope even where
    # the API model's enum (a snapshot) lacks them (AWS::::Account, ...).
    for r in load_json(os.path.join(data, "managed-rules.json")):
        for t in r["resource_types"]:
            add(t, "rules")
    for t in conformance_pack_types(data):
        add(t, "packs")
    rows = sorted([t, ",".join(sorted(s))] for t, s in sources.items())
    props.sort()
    out = header("Resource types AWS Config records or accepts in a scope.",
                 "aws-api-models/config-2014-11-12.service-2.json (api), "
                 "config-resource-schema (schema), managed-rules.json "
                 "(rules), conformance-packs (packs)",
                 ["type", "sources"])
    out += ["\t".join(escape(f) for f in row) for row in rows]
    pout = header("Configuration-item properties of each resource type.",
                  "config-resource-schema/resource-types",
                  ["type", "property path", "leaf type"])
    pout += ["\t".join(escape(f) for f in row) for row in props]
    return out, pout


def conformance_pack_types(data):
    """Resource types named in ComplianceResourceTypes of the packs. Read as
    text (one `- AWS::X::Y` item per line), so no YAML library is needed."""
    types = set()
    item = re.compile(r"^\s*-\s*['\"]?(AWS::[A-Za-z0-9]*::[A-Za-z0-9]+)"
                      r"['\"]?\s*$")
    for path in glob.glob(os.path.join(data, "conformance-packs", "*.y*ml")):
        inside = False
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "ComplianceResourceTypes:" in line:
                    inside = True
                    continue
                m = item.match(line)
                if inside and m:
                    types.add(m.group(1))
                elif inside and line.strip():
                    inside = False
    return types


def runtimes(data):
    """lambda-runtimes.tsv."""
    model = load_json(os.path.join(data, "aws-api-models",
                                   "lambda-2015-03-31.service-2.json"))
    enum = model["shapes"]["Runtime"]["enum"]
    unknown = sorted(set(RUNTIME_DATES) - set(enum))
    if unknown:
        sys.exit("gen-catalogs: dates for runtimes the Lambda API does not "
                 "list: " + ", ".join(unknown))
    rows = []
    for rt in sorted(enum):
        dates = RUNTIME_DATES.get(rt)
        rows.append([rt, runtime_state(dates)] +
                    list(dates if dates else ("", "", "")))
    out = header(f"Lambda runtimes and their state on {RUNTIME_STATES_AS_OF}.",
                 "aws-api-models/lambda-2015-03-31.service-2.json (Runtime "
                 "enum) and the dates in the script (AWS Lambda Developer "
                 "Guide, Lambda runtimes)",
                 ["runtime", "state", "deprecation", "block create",
                  "block update"])
    out += ["\t".join(escape(f) for f in row) for row in rows]
    return out


def generate(data):
    rules, params = managed_rules(data)
    types, props = resource_types(data)
    return {
        "managed-rules.tsv": rules,
        "managed-rule-parameters.tsv": params,
        "managed-rule-docs.tsv": managed_rule_docs(data),
        "resource-types.tsv": types,
        "resource-properties.tsv": props,
        "lambda-runtimes.tsv": runtimes(data),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(
        os.path.dirname(ROOT), "shared", "data"))
    parser.add_argument("--output", default=OUT_DIR)
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of "
                             "writing them")
    args = parser.parse_args()
    stale = []
    for name, lines in sorted(generate(args.data).items()):
        text = "\n".join(lines) + "\n"
        path = os.path.join(args.output, name)
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() == text:
                        continue
            except OSError:
                pass
            stale.append(path)
        else:
            os.makedirs(args.output, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    if stale:
        sys.exit("gen-catalogs: stale (run utils/gen-catalogs.py): " +
                 ", ".join(stale))


if __name__ == "__main__":
    main()
