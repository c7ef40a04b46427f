#!/usr/bin/env python3
"""Generate docs/schema.md (the field reference) from schemas/figure.schema.json.

The schema's ``description`` texts are the single source: edit them, then run
``python scripts/gen_schema_docs.py``. tests/test_schema.py fails when the
committed docs/schema.md differs from what this script renders.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schemas" / "figure.schema.json"
OUT = REPO / "docs" / "schema.md"


def _type(node: dict, defs: dict) -> str:
    if "$ref" in node:
        return _type(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    if "const" in node:
        return f"text, exactly `{node['const']}`"
    t = node.get("type", "any")
    types = [t] if isinstance(t, str) else t
    words = []
    for one in types:
        if one == "array":
            item = node.get("items")
            if isinstance(item, dict) and "$ref" in item:
                words.append(f"list of {item['$ref'].rsplit('/', 1)[-1]}")
            elif isinstance(item, dict) and item.get("type"):
                words.append("list of " + {"string": "text"}.get(item["type"], item["type"]))
            else:
                words.append("list")
        else:
            words.append({"string": "text", "object": "mapping"}.get(one, one))
    return " or ".join(words)


def _visible(text: str) -> str:
    """Control and invisible characters of a pattern shown as \\uXXXX escapes."""
    return "".join(c if c.isprintable() and c != "\ufeff" else f"\\u{ord(c):04x}" for c in text)


def _format(node: dict) -> str:
    parts = []
    if "pattern" in node:
        parts.append(f"`{_visible(node['pattern'])}`")
    if "enum" in node:
        parts.append("one of " + ", ".join(f"`{e}`" if e else "`''`" for e in node["enum"]))
    if "format" in node:
        parts.append(f"format {node['format']}")
    if "minimum" in node or "maximum" in node:
        parts.append(f"{node.get('minimum', '-inf')} to {node.get('maximum', 'inf')}")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(title: str, node: dict, defs: dict, intro: bool = True) -> list:
    req = set(node.get("required", []))
    lines = [f"## {title}", ""] + ([_cell(node.get("description", "")), ""] if intro else []) + [
             "| Field | Type | Required | Format | Description |",
             "|---|---|---|---|---|"]
    for name, prop in node.get("properties", {}).items():
        lines.append(f"| `{name}` | {_type(prop, defs)} | {'yes' if name in req else ''} | "
                     f"{_cell(_format(prop))} | {_cell(prop.get('description', ''))} |")
    cond = node.get("else", {}).get("properties", {})
    for name, prop in cond.items():
        lines.append("")
        lines.append(f"`{name}` when `source` is not empty: {_cell(_format(prop))}; when it is empty, `''`.")
    return lines + [""]


# Why the schema accepts what it accepts (judged against the 89 corpus records
# and the seeds); kept here so the generated page explains it next to the table.
DECISIONS = [
    "## Decisions",
    "",
    "- **Placeholders are accepted where they really occur.** `.na.character` (R's NA written as",
    "  text) appears in `doi`, `journal_title`, `journal_nlm_ta`, `publisher_name` and `keywords`",
    "  of real newer-layout records: `doi` is a DOI *or* that literal; the other four are free text.",
    "  `NA` in `organisms`/`organisms_ner` and empty `ndex`, `year`, `keywords`, `publisher_name`",
    "  are accepted too. Placeholder rules (NA*) report them as warnings, not the schema.",
    "- **Suspicious is not invalid.** `organisms` as a plain string (OR001), a `figlink` without",
    "  its leading or trailing slash, `number` values such as `Figure 1` or `GA1`, and an unmapped",
    "  disease row with empty `source` and `identifier` (a real older record) are valid here.",
    "- **Closed records.** `additionalProperties: false` everywhere, so typos such as `figtittle`",
    "  are caught (SC005 suggests the closest field); every field of every real record is declared.",
    "- **Required** are the fields every record of both layouts has; a layout's own fields are",
    "  required together (`dependentRequired`): one of them present means all of them.",
    "- **Formats are patterns.** `format` is only an annotation in draft 2020-12, so every",
    "  constraint that matters is a `pattern`, `const`, `enum` or range that every validator",
    "  enforces alike (pfocr-lint's Rust fast path, Python jsonschema, check-jsonschema).",
    "- **Digits are `[0-9]`, not `\\d`**: Python's `re` lets `\\d` match any Unicode digit, the",
    "  Rust and ECMA-262 engines do not; `[0-9]` means the same to every validator. Likewise",
    "  \"no whitespace\" is `\\S` minus U+001C-001F, U+0085 and U+FEFF, on which engines differ.",
    "- **Types as R writes them.** Years, Entrez ids and `pmc_ranked_result_index` are quoted",
    "  text (`'2019'`); scores are numbers from 0 to 1.",
    "",
]


def render(schema: dict) -> str:
    defs = schema.get("$defs", {})
    groups = []
    for trigger, deps in schema.get("dependentRequired", {}).items():
        group = sorted({trigger, *deps})
        if group not in groups:
            groups.append(group)
    out = [
        "# PFOCR figure record: field reference",
        "",
        "<!-- generated by scripts/gen_schema_docs.py from schemas/figure.schema.json; do not edit -->",
        "",
        _cell(schema.get("description", "")),
        "",
        "Unknown fields are errors (SC005); violations are reported as SC001 (missing), SC002 (type),",
        "SC003 (format or value) and SC004 (range). Use the schema on its own with any draft 2020-12",
        "validator, e.g. `check-jsonschema --schemafile schemas/figure.schema.json record.yaml`.",
        "",
        "Layouts: a record that has one field of a group has all of that group:",
        "",
    ]
    out += [f"- {', '.join(f'`{g}`' for g in group)}" for group in groups]
    out.append("")
    out += DECISIONS
    out += _table("Top-level fields", schema, defs, intro=False)
    sj = schema["properties"]["schema-jsonld"]
    out += _table("`schema-jsonld`", sj, defs)
    out += _table("`schema-jsonld.creator`", sj["properties"]["creator"], defs)
    out += _table("geneRow (items of `genes`)", defs["geneRow"], defs)
    out += _table("termRow (items of `chemicals` and `diseases`)", defs["termRow"], defs)
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> int:
    text = render(json.loads(SCHEMA.read_text(encoding="utf-8")))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
