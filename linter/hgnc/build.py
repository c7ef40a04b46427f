"""Build the gene snapshot: HGNC (+ MGI, RGD) tables -> one small SQLite file.

Why SQLite: the lint must start fast. Opening an indexed SQLite file and
asking a few hundred questions costs milliseconds, where parsing a 50,000-row
table at start-up costs a second. It is in the standard library.

Inputs (format auto-detected from the header; gzip or plain):
  - HGNC complete set (``hgnc_complete_set.txt``): ``hgnc_id, symbol, name,
    locus_group, locus_type, status, ..., alias_symbol, prev_symbol, ...,
    entrez_id``; lists are ``|``-separated and may be quoted.
  - HGNC custom download: ``HGNC ID, Approved symbol, Approved name, Status,
    Alias symbols, NCBI Gene ID(supplied by NCBI), ..., Previous symbols, ...,
    Locus type``; lists are ``, ``-separated.
  - MGI / RGD tables (``ID, symbol, synonyms, ensembl``; synonyms separated by
    ``|`` (MGI) or ``;`` (RGD)).

Layout (see docs/hgnc.md); both big tables are WITHOUT ROWID, so each table
is its own index and the file stays small:
  genes(species, symbol COLLATE NOCASE, status, ext_num, name, locus_type,
        entrez, aliases, previous, replaced_by)
        -- keyed by (species, symbol, status, ext_num): answers exact
           (filtered in Python) and case-insensitive symbol lookups
  synonyms(species, term COLLATE NOCASE, kind, symbol)
        -- previous symbols (kind 1) and aliases (kind 2) of approved genes,
           pointing at the approved symbol
  genes_entrez index; locus_types lookup; meta(key, value).
"""

from __future__ import annotations

import csv
import datetime as _dt
import gzip
import io
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from pfocr_lint.fileio import replaced_atomically
from pfocr_lint.hgnc.layout import (  # noqa: F401  (re-exported for scripts)
    AUTHORITY, HUMAN, ID_PREFIX, K_ALIAS, K_PREVIOUS, MOUSE, RAT, SCHEMA_VERSION, SPECIES_NAMES,
    STATUSES, describe)

BUILDER_VERSION = "1"
_STATUS_CODE = {s.lower(): i for i, s in enumerate(STATUSES)}

# "symbol withdrawn, see [HGNC:12469](/data/...)" (custom download) and
# "symbol withdrawn, see CCN1" / "see CCN1 and CCN2" (complete set, withdrawn.txt)
_WITHDRAWN_IDS = re.compile(r"HGNC:\s*(\d+)")
_SEE = re.compile(r"\bsee\s+(.+)$", re.I)
_SYMBOLISH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@._-]*$")
# MGI/RGD synonyms that are database identifiers, not names: RefSeq "LOC"
# placeholders, RGD ids, MGC clones and GenBank accessions (AI893533,
# BC002195). A figure never prints them, and they are half of RGD's synonyms:
# leaving them out keeps the shipped snapshot small.
_ID_SYNONYM = re.compile(r"^(?:LOC\d+|RGD\d+|MGC\d+|[A-Z]{1,2}\d{5,6})$")


class BuildError(Exception):
    """The input is not a table the builder knows: said plainly, no traceback."""


@dataclass
class GeneRec:
    species: int
    symbol: str
    name: str = ""
    status: int = 0
    ext_num: Optional[int] = None
    locus_type: str = ""
    entrez: Optional[int] = None
    aliases: list = field(default_factory=list)
    previous: list = field(default_factory=list)
    replaced_by: list = field(default_factory=list)     # symbols
    replaced_ids: list = field(default_factory=list)    # HGNC numbers, resolved at the end


# -- reading -------------------------------------------------------------------

def open_text(path) -> io.TextIOBase:
    """A text stream over ``path``, gzip or plain (sniffed, not guessed from the name)."""
    path = Path(path)
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8", errors="replace", newline="")


def _rows(path) -> tuple[list, Iterator[list]]:
    fh = open_text(path)
    reader = csv.reader(fh, delimiter="\t", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise BuildError(f"{path}: empty file") from None
    except csv.Error as exc:
        fh.close()
        raise BuildError(f"{path}: not a tab-separated table ({exc})") from None

    def gen():
        try:
            yield from reader
        finally:
            fh.close()
    return [h.strip() for h in header], gen()


def detect_format(header: list) -> str:
    """'complete' (HGNC complete set), 'custom' (HGNC custom download),
    'withdrawn' (HGNC withdrawn.txt), 'mgi_rgd' (ID, symbol, synonyms)."""
    cols = set(header)
    if {"hgnc_id", "symbol", "status"} <= cols:
        return "complete"
    if {"HGNC ID", "Approved symbol", "Status"} <= cols:
        return "custom"
    if {"HGNC_ID", "STATUS", "WITHDRAWN_SYMBOL"} <= cols:
        return "withdrawn"
    if {"ID", "symbol"} <= cols:
        return "mgi_rgd"
    raise BuildError("unrecognised header: expected HGNC's complete set (hgnc_id, symbol, ...), "
                     "HGNC's custom download (HGNC ID, Approved symbol, ...) or an MGI/RGD table "
                     f"(ID, symbol, synonyms); got {', '.join(header[:6])}")


def _split(value: str, seps: str) -> list:
    value = (value or "").strip().strip('"')
    if not value:
        return []
    out = [v.strip().strip('"') for v in re.split("[" + re.escape(seps) + "]", value)]
    seen, uniq = set(), []
    for v in out:
        if v and v not in seen:
            seen.add(v)
            uniq.append(v)
    return uniq


def _int(value: str) -> Optional[int]:
    value = (value or "").strip()
    m = re.search(r"\d+", value)
    return int(m.group()) if m else None


def _replacements(name: str) -> tuple[list, list]:
    """(hgnc numbers, symbols) named by a withdrawn record's name or merge field."""
    ids = [int(i) for i in _WITHDRAWN_IDS.findall(name or "")]
    if ids:
        return ids, []
    m = _SEE.search(name or "")
    if not m:
        return [], []
    syms = [s.strip() for s in re.split(r",|\band\b", m.group(1))]
    return [], [s for s in syms if _SYMBOLISH.match(s)]


def _status(value: str) -> int:
    return _STATUS_CODE.get((value or "").strip().lower(), 0)


def read_hgnc(path) -> tuple[str, list]:
    """-> (format, [GeneRec]) from a complete-set, custom-download or withdrawn.txt file."""
    header, rows = _rows(path)
    fmt = detect_format(header)
    col = {h: i for i, h in enumerate(header)}

    def get(row, name):
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    out = []
    if fmt == "complete":
        for row in rows:
            if not row or not get(row, "symbol"):
                continue
            name = get(row, "name")
            status = _status(get(row, "status"))
            rec = GeneRec(HUMAN, get(row, "symbol"), name, status, _int(get(row, "hgnc_id")),
                          get(row, "locus_type"), _int(get(row, "entrez_id")),
                          _split(get(row, "alias_symbol"), "|"), _split(get(row, "prev_symbol"), "|"))
            if status:
                rec.replaced_ids, rec.replaced_by = _replacements(name)
            out.append(rec)
    elif fmt == "custom":
        entrez_col = next((h for h in header if h.startswith("NCBI Gene ID")), "NCBI Gene ID")
        for row in rows:
            if not row or not get(row, "Approved symbol"):
                continue
            name = get(row, "Approved name")
            status = _status(get(row, "Status"))
            rec = GeneRec(HUMAN, get(row, "Approved symbol"), name, status, _int(get(row, "HGNC ID")),
                          get(row, "Locus type"), _int(get(row, entrez_col)),
                          _split(get(row, "Alias symbols"), ","), _split(get(row, "Previous symbols"), ","))
            if status:
                rec.replaced_ids, rec.replaced_by = _replacements(name)
            out.append(rec)
    elif fmt == "withdrawn":
        # HGNC_ID, STATUS, WITHDRAWN_SYMBOL, MERGED_INTO_REPORT(S) ("HGNC:123|CCN1|Approved, ...")
        merged_col = next((h for h in header if h.startswith("MERGED_INTO")), "")
        for row in rows:
            if not row or not get(row, "WITHDRAWN_SYMBOL"):
                continue
            merged = get(row, merged_col) if merged_col else ""
            rec = GeneRec(HUMAN, get(row, "WITHDRAWN_SYMBOL"), "", _status(get(row, "STATUS")) or 1,
                          _int(get(row, "HGNC_ID")), "", None)
            rec.replaced_ids = [int(i) for i in _WITHDRAWN_IDS.findall(merged)]
            out.append(rec)
    else:
        raise BuildError(f"{path}: this is an MGI/RGD table, not an HGNC one")
    return fmt, out


def read_mgi_rgd(path, species: int) -> list:
    header, rows = _rows(path)
    if detect_format(header) != "mgi_rgd":
        raise BuildError(f"{path}: expected an MGI/RGD table with columns ID, symbol, synonyms")
    col = {h: i for i, h in enumerate(header)}
    seen = set()
    out = []
    for row in rows:
        if len(row) <= col["symbol"]:
            continue
        symbol = row[col["symbol"]].strip()
        ext = _int(row[col["ID"]])
        # the tables repeat a gene once per Ensembl id: keep one
        if not symbol or (ext, symbol) in seen:
            continue
        seen.add((ext, symbol))
        syn = row[col["synonyms"]] if "synonyms" in col and col["synonyms"] < len(row) else ""
        # multi-word synonyms are gene names, not symbols ("FKBP-rapamycin-associated protein")
        aliases = [s for s in _split(syn, "|;")
                   if s != symbol and " " not in s and not _ID_SYNONYM.match(s)]
        out.append(GeneRec(species, symbol, "", 0, ext, "", None, aliases))
    return out


def read_snapshot_species(db_path, species: int, withdrawn_only: bool = False) -> list:
    """The genes of one species from an existing snapshot (to carry MGI/RGD
    over into a snapshot rebuilt from a fresh HGNC download)."""
    con = sqlite3.connect(f"file:{Path(db_path).as_posix()}?mode=ro", uri=True)
    try:
        lt = dict(con.execute("SELECT id, name FROM locus_types"))
        out = []
        for row in con.execute("SELECT symbol, name, status, ext_num, locus_type, entrez, aliases, "
                               "previous, replaced_by FROM genes WHERE species = ?"
                               + (" AND status != 0" if withdrawn_only else ""), (species,)):
            out.append(GeneRec(species, row[0], row[1] or "", row[2], row[3], lt.get(row[4], ""), row[5],
                               _split(row[6], "|"), _split(row[7], "|"), _split(row[8], "|")))
        return out
    finally:
        con.close()


def snapshot_meta(db_path) -> dict:
    con = sqlite3.connect(f"file:{Path(db_path).as_posix()}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT key, value FROM meta"))
    finally:
        con.close()


# -- writing -------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE locus_types (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE genes (
    species INTEGER NOT NULL,
    symbol TEXT NOT NULL COLLATE NOCASE,
    status INTEGER NOT NULL,
    ext_num INTEGER NOT NULL,
    name TEXT,
    locus_type INTEGER,
    entrez INTEGER,
    aliases TEXT,
    previous TEXT,
    replaced_by TEXT,
    PRIMARY KEY (species, symbol, status, ext_num)
) WITHOUT ROWID;
CREATE TABLE synonyms (
    species INTEGER NOT NULL,
    term TEXT NOT NULL COLLATE NOCASE,
    kind INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    PRIMARY KEY (species, term, kind, symbol)
) WITHOUT ROWID;
"""


def _resolve_replacements(human: list) -> None:
    """Withdrawn records name their replacements by HGNC id: turn them into
    current approved symbols (and follow renames of carried-over symbols)."""
    by_num = {g.ext_num: g.symbol for g in human if g.status == 0 and g.ext_num is not None}
    approved = {g.symbol for g in human if g.status == 0}
    prev_to = {}
    for g in human:
        if g.status == 0:
            for p in g.previous:
                prev_to.setdefault(p, set()).add(g.symbol)
    for g in human:
        if not g.status:
            continue
        syms = [by_num[i] for i in g.replaced_ids if i in by_num]
        for s in g.replaced_by:
            if s in approved:
                syms.append(s)
            elif len(prev_to.get(s, ())) == 1:
                syms.append(next(iter(prev_to[s])))
            else:
                syms.append(s)
        seen = set()
        g.replaced_by = [s for s in syms if not (s in seen or seen.add(s))]


def write_snapshot(out_path, genes: Iterable[GeneRec], meta: dict, copy_from=None, copy_species=()) -> dict:
    """Write the snapshot atomically (temp file + replace) -> the meta written.
    ``copy_species`` are copied table-to-table from the snapshot ``copy_from``
    (much faster than going through Python objects)."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    genes = list(genes)
    _resolve_replacements([g for g in genes if g.species == HUMAN])
    with replaced_atomically(out_path, prefix=".genes-", suffix=".sqlite.tmp") as tmp:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA page_size = 4096")
        con.executescript(_SCHEMA)
        locus_ids: dict = {}
        gene_rows, syn_rows = {}, set()
        counts = {sp: 0 for sp in SPECIES_NAMES}
        for g in genes:
            lt = None
            if g.locus_type:
                lt = locus_ids.setdefault(g.locus_type, len(locus_ids) + 1)
            name = g.name
            if g.status == 1 and name.lower().startswith("symbol withdrawn"):
                name = "symbol withdrawn"    # the "see [HGNC:...](/data/...)" link lives on as replaced_by
            key = (g.species, g.symbol, g.status, g.ext_num if g.ext_num is not None else 0)
            if key in gene_rows:
                continue
            gene_rows[key] = key + (name or None, lt, g.entrez, "|".join(g.aliases) or None,
                                    "|".join(g.previous) or None, "|".join(g.replaced_by) or None)
            counts[g.species] += 1
            if not g.status:
                for p in g.previous:
                    syn_rows.add((g.species, p, K_PREVIOUS, g.symbol))
                for a in g.aliases:
                    syn_rows.add((g.species, a, K_ALIAS, g.symbol))
        con.executemany("INSERT INTO locus_types VALUES (?, ?)", [(i, n) for n, i in locus_ids.items()])
        # sorted inserts into the WITHOUT ROWID b-trees keep their pages full (smaller file);
        # OR IGNORE: keys that differ only in case collide under NOCASE collation
        con.executemany("INSERT OR IGNORE INTO genes VALUES (?,?,?,?,?,?,?,?,?,?)",
                        sorted(gene_rows.values(), key=lambda r: (r[0], r[1].upper(), r[2], r[3])))
        con.executemany("INSERT OR IGNORE INTO synonyms VALUES (?,?,?,?)",
                        sorted(syn_rows, key=lambda r: (r[0], r[1].upper(), r[2], r[3].upper())))
        if copy_from is not None and copy_species:
            con.execute("ATTACH DATABASE ? AS old", (f"file:{Path(copy_from).as_posix()}?mode=ro",))
            marks = ",".join("?" * len(copy_species))
            con.execute("INSERT OR IGNORE INTO locus_types (name) SELECT name FROM old.locus_types "
                        "WHERE name NOT IN (SELECT name FROM locus_types)")
            con.execute("INSERT OR IGNORE INTO genes SELECT g.species, g.symbol, g.status, g.ext_num, g.name, "
                        "(SELECT n.id FROM locus_types n JOIN old.locus_types o ON o.name = n.name "
                        " WHERE o.id = g.locus_type), g.entrez, g.aliases, g.previous, g.replaced_by "
                        f"FROM old.genes g WHERE g.species IN ({marks})", tuple(copy_species))
            con.execute(f"INSERT OR IGNORE INTO synonyms SELECT * FROM old.synonyms WHERE species IN ({marks})",
                        tuple(copy_species))
            for sp in copy_species:
                counts[sp] = con.execute("SELECT count(*) FROM genes WHERE species = ?", (sp,)).fetchone()[0]
            n_syn = con.execute("SELECT count(*) FROM synonyms").fetchone()[0]
            con.commit()
            con.execute("DETACH DATABASE old")
        else:
            n_syn = len(syn_rows)
        con.execute("CREATE INDEX genes_entrez ON genes(entrez) WHERE entrez IS NOT NULL")
        meta = dict(meta)
        meta.update({
            "schema_version": SCHEMA_VERSION,
            "builder_version": BUILDER_VERSION,
            "build_date": meta.get("build_date") or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d"),
            "rows_human": str(counts[HUMAN]),
            "rows_mouse": str(counts[MOUSE]),
            "rows_rat": str(counts[RAT]),
            "rows_synonyms": str(n_syn),
        })
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.execute("VACUUM")
        con.close()
    return meta


def build(out_path, hgnc: list, mgi=None, rgd=None, hgnc_date: str = "", carry_from=None,
          extra_meta: Optional[dict] = None) -> dict:
    """Build a snapshot from HGNC file(s) (one complete-set or custom-download
    file, optionally plus withdrawn.txt) and MGI/RGD tables, or carry the
    mouse/rat genes (and withdrawn human entries the new HGNC file lacks)
    over from the snapshot ``carry_from``."""
    human: list = []
    formats = []
    for p in hgnc:
        fmt, recs = read_hgnc(p)
        formats.append(fmt)
        human.extend(recs)
    if not any(g.status == 0 for g in human):
        raise BuildError(f"{', '.join(map(str, hgnc))}: no approved HGNC symbols found")
    meta = {
        "hgnc_source": ", ".join(Path(p).name for p in hgnc),
        "hgnc_format": ", ".join(formats),
        "hgnc_date": hgnc_date,
    }
    if carry_from is not None:
        old = snapshot_meta(carry_from)
        # HGNC's complete set holds approved records only: keep knowing the
        # withdrawn symbols of the previous snapshot unless the new data has
        # the symbol (again) in some role
        used = {g.symbol for g in human} | {p for g in human for p in g.previous}
        kept = [g for g in read_snapshot_species(carry_from, HUMAN, withdrawn_only=True) if g.symbol not in used]
        if kept:
            human.extend(kept)
            meta["withdrawn_from"] = f"{old.get('hgnc_source', '?')} of {old.get('hgnc_date', '?')}"
    others: list = []
    copy_species = []
    for species, src, key in ((MOUSE, mgi, "mgi"), (RAT, rgd, "rgd")):
        if src is not None:
            others.extend(read_mgi_rgd(src, species))
            meta[f"{key}_source"] = Path(src).name
        elif carry_from is not None:
            copy_species.append(species)
            meta[f"{key}_source"] = f"{old.get(f'{key}_source', '?')} (carried over from {Path(carry_from).name})"
            meta[f"{key}_date"] = old.get(f"{key}_date", "")
    meta.update(extra_meta or {})
    return write_snapshot(out_path, human + others, meta, carry_from, copy_species)
