#!/usr/bin/env python3
"""Generate a benchmark corpus of PFOCR figure records by varying real ones.

Templates are the repository's own real records: ``seeds/*.md`` and
``tests/fixtures/corpus/_figures/*.md`` with their ``_data`` tables (never
/work/shared: the benchmark must run from a fresh clone). Each generated
record is a template with

* a new, unique figid/pmcid (every occurrence in the text is rewritten, so
  ``figid_alias``, ``redirect_from``, ``figlink`` and the JSON-LD ``@id``
  stay consistent with the file name);
* a new gene list of 0-230 entries drawn from the pool of real gene entries:
  inline ``genes:`` rows for the older layout, ``_data/<figid>-genes.tsv``
  rows for the newer one (some newer records get no table, some also get
  chemicals/diseases tables), with ``schema-jsonld.keywords`` rebuilt from
  the chosen genes;
* a caption of its own: the template's first sentence, then its other
  sentences and one to three sentences of other real captions, shuffled
  (``schema-jsonld.description`` is set to the same text). Real figures each
  have their own caption, so a linter cannot look faster here by
  remembering captions it has seen;
* a size between 1 and 9 KB (the gene count is capped to fit).

The edits are made on the YAML *text*, block by block, so the generated
records keep the real records' formatting quirks (quoting, folded lines,
list indentation) that a linter must parse.

The output depends only on ``--seed`` and ``--records``: the same arguments
give byte-identical files.

Usage: python benchmarks/generate.py OUT [--records 20000] [--seed 1]
Writes OUT/_figures/*.md, OUT/_data/*.tsv and OUT/manifest.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = (REPO / "seeds", REPO / "tests" / "fixtures" / "corpus" / "_figures")
TABLE_KINDS = ("genes", "chemicals", "diseases")

MIN_BYTES, MAX_BYTES = 1024, 9 * 1024
MAX_GENES = 230
# A top-level key line: starts in column 0 with neither a space, a list dash
# nor a comment (R's yaml writer puts top-level list items in column 0).
_TOP_KEY = re.compile(r"^(?![\s#-])([^:\n]+):(?: |$)")


@dataclass
class Template:
    figid: str
    pmcid: str
    blocks: list                  # [(key or None, text)] in file order; text ends with "\n"
    body: str                     # whatever follows the closing '---' line
    layout: str                   # "older" (inline genes) or "newer"
    tables: dict = field(default_factory=dict)  # kind -> (header, [row lines])
    caption: str = ""             # the caption as text (YAML-decoded)


def split_blocks(front: str) -> list:
    """Front matter text -> [(top-level key, text of the key and its value)]."""
    blocks: list = []
    key, buf = None, []
    for line in front.splitlines(keepends=True):
        m = _TOP_KEY.match(line)
        if m:
            if buf:
                blocks.append((key, "".join(buf)))
            key, buf = m.group(1).strip("'\""), [line]
        else:
            buf.append(line)
    if buf:
        blocks.append((key, "".join(buf)))
    return blocks


def list_items(block: str) -> list:
    """The ``- ...`` items of a top-level list block, each as its text."""
    lines = block.splitlines(keepends=True)[1:]
    if not lines:
        return []
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    items: list = []
    for line in lines:
        if line[indent:indent + 2] == "- " or line[indent:].rstrip("\n") == "-":
            items.append(line[indent:])
        elif items:
            items[-1] += line[indent:] if line.startswith(" " * indent) else line
    return items


def _read_table(path: Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return None
    return lines[0], [ln for ln in lines[1:] if ln.strip()]


def load_templates(sources=SOURCES) -> list:
    templates = []
    seen = set()
    for folder in sources:
        if not folder.is_dir():
            continue
        data_dir = folder.parent / "_data"
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            if not text.startswith("---\n"):
                continue
            end = text.find("\n---\n", 3)
            if end < 0:
                continue
            front, body = text[4:end + 1], text[end + 5:]
            blocks = split_blocks(front)
            keys = {k: b for k, b in blocks}
            fig = re.search(r"^figid: *'?([^'\n]+)", front, re.M)
            pmc = re.search(r"^pmcid: *'?(PMC\d+)", front, re.M)
            if not fig or not pmc or fig.group(1) in seen:
                continue
            figid = fig.group(1).strip()
            seen.add(figid)
            layout = "older" if list_items(keys.get("genes", "")) else "newer"
            tables = {}
            for kind in TABLE_KINDS:
                tp = data_dir / f"{figid}-{kind}.tsv"
                if tp.is_file():
                    t = _read_table(tp)
                    if t:
                        tables[kind] = t
            templates.append(Template(figid, pmc.group(1), blocks, body, layout, tables,
                                      _caption_text(keys.get("caption", ""))))
    if not templates:
        raise SystemExit("no template records found in " + ", ".join(map(str, sources)))
    return templates


class Pools:
    """Real gene/chemical/disease entries to draw from, built once."""

    def __init__(self, templates: list):
        self.inline: dict = {}
        for kind in TABLE_KINDS:
            items, seen = [], set()
            for t in templates:
                for k, b in t.blocks:
                    if k == kind:
                        for item in list_items(b):
                            if item not in seen:
                                seen.add(item)
                                items.append(item)
            self.inline[kind] = items
        self.rows: dict = {}
        for kind in TABLE_KINDS:
            by_header: dict = {}
            for t in templates:
                if kind in t.tables:
                    header, rows = t.tables[kind]
                    by_header.setdefault(header, []).extend(rows)
            if by_header:
                header = max(by_header, key=lambda h: (len(by_header[h]), h))
                self.rows[kind] = (header, list(dict.fromkeys(by_header[header])))
        # keywords of the newer layout: HGNC-ish symbols seen in JSON-LD keywords
        kw = []
        for t in templates:
            for k, b in t.blocks:
                if k == "schema-jsonld":
                    kw.extend(_jsonld_keywords(b))
        self.keywords = list(dict.fromkeys(kw)) or ["TP53"]
        # every sentence of every caption, to give each record a caption of its own
        self.sentences = list(dict.fromkeys(s for t in templates for s in sentences(t.caption)))


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")


def sentences(caption: str) -> list:
    return [s for s in _SENTENCE_END.split(" ".join(caption.split())) if s]


def _caption_text(block: str) -> str:
    """The caption of a ``caption: ...`` block, or '' (unreadable, absent, not text)."""
    import yaml

    try:
        value = yaml.safe_load(block) if block else None
    except yaml.YAMLError:
        return ""
    value = value.get("caption") if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def new_caption(rng: random.Random, caption: str, pool: list) -> str:
    """The template's first sentence, then its others and 1-3 borrowed ones, shuffled."""
    own = sentences(caption)
    if not own or not pool:
        return caption
    rest = own[1:] + rng.sample(pool, min(len(pool), rng.randint(1, 3)))
    rng.shuffle(rest)
    return " ".join([own[0]] + rest)


def _field_block(key: str, text: str, indent: str = "") -> str:
    """``key: text`` as YAML (plain or quoted, folded at 80 columns, as R writes it)."""
    import yaml

    dumped = yaml.safe_dump({key: text}, allow_unicode=True, width=80, sort_keys=False)
    return "".join(indent + line for line in dumped.splitlines(keepends=True))


_DESCRIPTION = re.compile(r"^  description:.*\n(?:(?:    |\s*\n).*\n?)*", re.M)


def _replace_description(block: str, text: str) -> str:
    """schema-jsonld's ``description`` (with its continuation lines) set to ``text``."""
    m = _DESCRIPTION.search(block)
    if not m:
        return block
    return block[:m.start()] + _field_block("description", text, "  ") + block[m.end():]


_KW_START = re.compile(r"^  keywords:[ \t]*\n", re.M)


def _jsonld_keywords(block: str) -> list:
    m = _KW_START.search(block)
    if not m:
        return []
    out = []
    for line in block[m.end():].splitlines():
        if line.startswith("  - "):
            v = line[4:].strip()
            if v[:1] in ("'", '"'):
                import yaml

                v = yaml.safe_load(v)
            if isinstance(v, str) and v:
                out.append(v)
        else:
            break
    return out


def _replace_jsonld_keywords(block: str, keywords: list) -> str:
    m = _KW_START.search(block)
    if not m:
        return block
    rest = block[m.end():]
    n = 0
    lines = rest.splitlines(keepends=True)
    while n < len(lines) and lines[n].startswith("  - "):
        n += 1
    new = "".join(f"  - {_scalar(k)}\n" for k in keywords) if keywords else ""
    head = block[:m.start()] + ("  keywords:\n" if keywords else "  keywords: []\n")
    return head + new + "".join(lines[n:])


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/()+-]*")
_SCALARS: dict = {}


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as that text (fly genes
    'on'/'no' would be booleans unquoted), like R's yaml writer quotes them."""
    out = _SCALARS.get(text)
    if out is None:
        import yaml

        plain = _PLAIN.fullmatch(text) and isinstance(yaml.safe_load(text), str)
        out = _SCALARS[text] = text if plain else "'" + text.replace("'", "''") + "'"
    return out


_SYMBOL = re.compile(r"^\s*(?:- )?hgnc_symbol: *'?([^'\n]+)", re.M)


def _gene_count(rng: random.Random) -> int:
    """0-230 genes, skewed like PFOCR: many small figures, a long tail."""
    r = rng.random()
    if r < 0.12:
        return 0
    return min(MAX_GENES, max(1, int(rng.lognormvariate(2.6, 1.0))))


def _rewrite_ids(text: str, old_figid: str, new_figid: str, old_pmc: str, new_pmc: str) -> str:
    text = text.replace(old_figid, new_figid)
    return re.sub(re.escape(old_pmc) + r"(?!\d)", new_pmc, text)


def make_record(i: int, rng: random.Random, groups: dict, pools: Pools, pmc_base: int):
    """-> (figid, markdown text, {kind: tsv text}, layout)."""
    layout = "older" if (rng.random() < 0.4 and groups["older"]) else "newer"
    if not groups[layout]:
        layout = "older" if groups["older"] else "newer"
    t = rng.choice(groups[layout])
    want = _gene_count(rng)
    while True:
        out = _build(i, rng, t, layout, want, pools, pmc_base)
        # a template stripped of its genes can fall under 1 KB: give it more
        if len(out[1].encode("utf-8")) >= MIN_BYTES or want >= MAX_GENES:
            return out
        want = min(MAX_GENES, want + 8)


def _build(i, rng, t, layout, want, pools, pmc_base):
    new_pmc = f"PMC{pmc_base + i}"
    new_figid = new_pmc + t.figid[len(t.pmcid):]
    base = [(k, _rewrite_ids(b, t.figid, new_figid, t.pmcid, new_pmc)) for k, b in t.blocks]
    caption = new_caption(rng, t.caption, pools.sentences)
    if caption != t.caption:
        base = [(k, _field_block("caption", caption) if k == "caption" else
                 _replace_description(b, caption) if k == "schema-jsonld" else b) for k, b in base]
    base_size = sum(len(b.encode("utf-8")) for k, b in base if k != "genes") + 8

    tables: dict = {}
    keywords: list
    out_blocks = []
    if layout == "older":
        pool = pools.inline["genes"]
        avg = max(1, sum(len(x) for x in pool[:200]) // max(1, len(pool[:200])))
        budget = max(0, (MAX_BYTES - base_size - 40) // (avg + 10))
        n = min(want, budget, len(pool))
        items = rng.sample(pool, n)
        keywords = list(dict.fromkeys(m.group(1).strip() for it in items for m in [_SYMBOL.search(it)] if m))
        for k, b in base:
            if k == "genes":
                b = "genes:\n" + "".join(items) if items else "genes: []\n"
            out_blocks.append((k, b))
    else:
        rows_pool = pools.rows.get("genes")
        with_table = rows_pool is not None and want > 0 and rng.random() < 0.7
        if with_table:
            header, rows = rows_pool
            n = min(want, len(rows))
            chosen = rng.sample(rows, n)
            tables["genes"] = header + "\n" + "\n".join(chosen) + "\n"
            cols = header.split("\t")
            si = cols.index("ncbigene_symbol") if "ncbigene_symbol" in cols else 0
            keywords = list(dict.fromkeys(r.split("\t")[si] for r in chosen
                                          if len(r.split("\t")) > si))
        else:
            keywords = rng.sample(pools.keywords, min(want, len(pools.keywords)))
        for kind in ("chemicals", "diseases"):
            if kind in pools.rows and rng.random() < 0.3:
                header, rows = pools.rows[kind]
                chosen = rng.sample(rows, min(len(rows), rng.randint(1, 12)))
                tables[kind] = header + "\n" + "\n".join(chosen) + "\n"
        out_blocks = base
    # keywords: trimmed to the size budget (10 bytes a line is typical)
    size_now = sum(len(b.encode("utf-8")) for k, b in out_blocks if k != "schema-jsonld") + 8
    jsonld = next((b for k, b in out_blocks if k == "schema-jsonld"), "")
    room = max(0, (MAX_BYTES - size_now - len(jsonld.encode("utf-8")) - 16) // 12)
    keywords = keywords[:room + len(_jsonld_keywords(jsonld))]
    blocks = [(k, _replace_jsonld_keywords(b, keywords) if k == "schema-jsonld" else b)
              for k, b in out_blocks]
    front = "".join(b for _, b in blocks)
    text = "---\n" + front + "---\n" + t.body
    return new_figid, text, tables, layout


def generate(out: Path, records: int = 20_000, seed: int = 1, sources=SOURCES,
             pmc_base: int = 90_000_000, quiet: bool = True) -> dict:
    """Write the corpus; return its manifest (also saved as OUT/manifest.json)."""
    if records < 1 or records > 1_000_000:
        raise ValueError("records must be between 1 and 1,000,000")
    templates = load_templates(sources)
    pools = Pools(templates)
    groups = {"older": [t for t in templates if t.layout == "older"],
              "newer": [t for t in templates if t.layout == "newer"]}
    rng = random.Random(seed)
    figs, data = out / "_figures", out / "_data"
    for d in (figs, data):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    stats = {"older": 0, "newer": 0, "tables": 0, "bytes": 0, "min_bytes": None, "max_bytes": 0}
    for i in range(records):
        figid, text, tables, layout = make_record(i, rng, groups, pools, pmc_base)
        raw = text.encode("utf-8")
        (figs / f"{figid}.md").write_bytes(raw)
        for kind, tsv in tables.items():
            (data / f"{figid}-{kind}.tsv").write_bytes(tsv.encode("utf-8"))
        stats[layout] += 1
        stats["tables"] += len(tables)
        stats["bytes"] += len(raw)
        stats["min_bytes"] = len(raw) if stats["min_bytes"] is None else min(stats["min_bytes"], len(raw))
        stats["max_bytes"] = max(stats["max_bytes"], len(raw))
        if not quiet and (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} records", file=sys.stderr)
    manifest = {"records": records, "seed": seed, "templates": len(templates), **stats}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (its _figures/ and _data/ are replaced)")
    ap.add_argument("-n", "--records", type=int, default=20_000, help="how many records (default 20,000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")
    args = ap.parse_args(argv)
    m = generate(args.out, args.records, args.seed, quiet=False)
    print(f"{m['records']:,} records ({m['older']:,} older layout, {m['newer']:,} newer, "
          f"{m['tables']:,} tables, {m['min_bytes']:,}-{m['max_bytes']:,} bytes) from "
          f"{m['templates']} templates -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
