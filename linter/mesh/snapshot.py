"""The offline MeSH knowledge: :class:`MeshSnapshot` over the SQLite file.

One read-only connection per snapshot (``immutable=1``), opened when the
first question is asked. A look-up by ID is one seek and the decompression
of one block of 128 records (kept in a small LRU of blocks); a look-up by
name is one seek in the name index plus the records it points at. Answers
are memoised per process (bounded).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pfocr_lint.mesh.layout import (CATEGORIES, DESCRIPTOR, SCHEMA_VERSION, SUPPLEMENTARY, describe,
                                    key_of, name_hash, norm, parse_id)


class SnapshotError(Exception):
    """The file is missing, not a MeSH snapshot, or of another schema version."""


@dataclass(frozen=True)
class MeshRecord:
    id: str                 # canonical: D000077143, C067311
    label: str
    synonyms: tuple
    trees: tuple            # tree numbers (descriptors)
    kind: str               # "descriptor" | "supplementary"
    mapped: tuple           # mapped descriptor IDs (supplementary concepts)

    def names(self) -> tuple:
        return (self.label,) + self.synonyms


_MEMO_LIMIT = 100_000
_BLOCKS_KEPT = 64
_PAIR = struct.Struct("<HI")
# an ion's charge: Ca2+, Ca++, K+, Cl-, Fe(3+), Mg(2+)
_CHARGE = re.compile(r"(?:\(?\d?[+\-−]+\)?|\d[+\-−])$")


class MeshSnapshot:
    """An open MeSH snapshot. See the package docstring for the API."""

    def __init__(self, path, where: str = ""):
        from pfocr_lint.snapshot_files import connect

        self.path = Path(path)
        self.where = where
        self.con, self.meta = connect(self.path, "MeSH", SCHEMA_VERSION, "pfocr-lint data update mesh",
                                      SnapshotError)
        self._blocks: OrderedDict = OrderedDict()
        self._by_id: dict = {}
        self._by_name: dict = {}
        self._chem: dict = {}
        self._trees: Optional[dict] = None
        self._symbols: Optional[dict] = None
        self._elements: Optional[dict] = None     # record key -> element symbol
        self._by_text: dict = {}                  # ID as written -> record (or None)
        self._trees_of: dict = {}                 # record ID -> category tree numbers

    def describe(self) -> str:
        return describe(self.meta, self.where)

    def close(self) -> None:
        self.con.close()

    # -- records --------------------------------------------------------------
    def _block(self, key: int) -> dict:
        row = self.con.execute("SELECT first, data FROM blocks WHERE first <= ? ORDER BY first DESC LIMIT 1",
                               (key,)).fetchone()
        if row is None:
            return {}
        first, blob = row
        got = self._blocks.get(first)
        if got is None:
            got = {}
            for line in zlib.decompress(blob).decode("utf-8").split("\n"):
                uid, _, rest = line.partition("\t")
                parsed = parse_id(uid)
                if parsed is not None:
                    got[key_of(*parsed)] = (uid, rest)
            self._blocks[first] = got
            if len(self._blocks) > _BLOCKS_KEPT:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(first)
        return got

    def _record(self, key: int) -> Optional[MeshRecord]:
        if key in self._by_id:
            return self._by_id[key]
        got = self._block(key).get(key)
        rec = None
        if got is not None:
            uid, rest = got
            label, syns, trees, mapped = rest.split("\t")
            split = lambda s: tuple(x for x in s.split("|") if x)  # noqa: E731
            rec = MeshRecord(uid, label, split(syns), split(trees),
                             SUPPLEMENTARY if key & 1 else DESCRIPTOR, split(mapped))
        if len(self._by_id) > _MEMO_LIMIT:
            self._by_id.clear()
        self._by_id[key] = rec
        return rec

    def by_id(self, mesh_id) -> Optional[MeshRecord]:
        """The record of ``D000077143`` / ``C067311`` / ``mesh:D009369``, or
        None when MeSH (this snapshot) has no such ID: retired or mistyped."""
        try:
            return self._by_text[mesh_id]
        except (KeyError, TypeError):
            pass
        got = parse_id(mesh_id)
        rec = self._record(key_of(*got)) if got else None
        if isinstance(mesh_id, str):
            if len(self._by_text) > _MEMO_LIMIT:
                self._by_text.clear()
            self._by_text[mesh_id] = rec
        return rec

    def by_name(self, text) -> tuple:
        """Every record whose label or synonym equals ``text`` ignoring case,
        punctuation and spaces (``'adenosine triphosphate'``, ``'ATP'``);
        records whose label matches come first, descriptors before
        supplementary concepts."""
        if not isinstance(text, str):
            return ()
        nm = norm(text)
        if not nm:
            return ()
        hit = self._by_name.get(nm)
        if hit is None:
            hit = self._lookup_name(nm)
            if len(self._by_name) > _MEMO_LIMIT:
                self._by_name.clear()
            self._by_name[nm] = hit
        return hit

    def _lookup_name(self, nm: str) -> tuple:
        h = name_hash(nm)
        row = self.con.execute("SELECT data FROM names WHERE bucket = ?", (h >> 16,)).fetchone()
        if row is None:
            return ()
        tag = h & 0xFFFF
        out = []
        for t, key in _PAIR.iter_unpack(row[0]):
            if t == tag:
                rec = self._record(key)
                if rec is not None and any(norm(n) == nm for n in rec.names()):
                    out.append(rec)
        out.sort(key=lambda r: (norm(r.label) != nm, r.kind != DESCRIPTOR, r.id))
        return tuple(out)

    # -- categories -----------------------------------------------------------
    def trees_of(self, mesh_id) -> tuple:
        """The tree numbers that decide a record's category: its own for a
        descriptor, those of its mapped descriptors for a supplementary concept."""
        rec = mesh_id if isinstance(mesh_id, MeshRecord) else self.by_id(mesh_id)
        if rec is None:
            return ()
        if rec.kind == DESCRIPTOR:
            return rec.trees
        got = self._trees_of.get(rec.id)
        if got is None:
            out = []
            for m in rec.mapped:
                d = self.by_id(m)
                if d is not None:
                    out.extend(d.trees)
            got = tuple(out)
            if len(self._trees_of) > _MEMO_LIMIT:
                self._trees_of.clear()
            self._trees_of[rec.id] = got
        return got

    def is_chemical(self, mesh_id) -> bool:
        """In MeSH's chemical trees (D), directly or through mapped descriptors."""
        return any(t.startswith("D") for t in self.trees_of(mesh_id))

    def is_disease(self, mesh_id) -> bool:
        """In MeSH's disease trees (C, and F03 Mental Disorders)."""
        return any(t.startswith(("C", "F03")) for t in self.trees_of(mesh_id))

    def tree_heads(self, mesh_id) -> tuple:
        """``('A02 Musculoskeletal System', ...)``: the 3-character tree heads
        a record is under, each named once, in tree-number order."""
        if self._trees is None:
            self._trees = dict(self.con.execute("SELECT number, label FROM trees"))
        seen = []
        for t in sorted(self.trees_of(mesh_id)):
            head = t[:3]
            text = f"{head} {self._trees.get(head) or CATEGORIES.get(head[:1], '')}".strip()
            if text not in seen:
                seen.append(text)
        return tuple(seen)

    # -- the cheap question of the gene rules ---------------------------------
    def _symbol(self, sym: str, kind: str) -> Optional[MeshRecord]:
        if self._symbols is None:
            self._symbols = {s: (k, kd) for s, k, kd in self.con.execute("SELECT symbol, key, kind FROM symbols")}
        got = self._symbols.get(sym)
        return self._record(got[0]) if got is not None and got[1] == kind else None

    def element(self, word) -> Optional[MeshRecord]:
        """The element descriptor of a chemical symbol written as is
        (``Ca``, ``K``, ``Fe``; case-sensitive: ``CA`` and ``ca`` are not
        calcium) with an optional ion charge (``Ca2+``, ``K+``)."""
        if not isinstance(word, str) or not word:
            return None
        sym = _CHARGE.sub("", word.strip()) if word[-1:] in "+-−)" else word.strip()
        return self._symbol(sym, "element")

    def element_symbol(self, mesh_id) -> Optional[str]:
        """``'Ca'`` for Calcium (D002118): the symbol of an element record, else None."""
        rec = mesh_id if isinstance(mesh_id, MeshRecord) else self.by_id(mesh_id)
        if rec is None:
            return None
        if self._elements is None:
            self._symbol("", "")        # loads the table
            self._elements = {key: sym for sym, (key, kind) in self._symbols.items() if kind == "element"}
        parsed = parse_id(rec.id)
        return self._elements.get(key_of(*parsed)) if parsed else None

    def amino_acid(self, word) -> Optional[MeshRecord]:
        """The descriptor of an amino-acid three-letter code as written
        (``Arg`` -> Arginine, ``Asp`` -> Aspartic Acid; ``ARG`` is not)."""
        if not isinstance(word, str) or not word:
            return None
        return self._symbol(word.strip(), "amino acid")

    def short_name(self, word) -> Optional[MeshRecord]:
        """``element(word) or amino_acid(word)``: the record a figure's
        symbol or code names, beside MeSH's own labels and synonyms."""
        return self.element(word) or self.amino_acid(word)

    def names_chemical(self, word) -> bool:
        """Is ``word`` a chemical, ion or metabolite in MeSH: the label or a
        synonym of a record in the chemical trees (``ATP``, ``NADPH``,
        ``glucose``), an element symbol with or without a charge (``Ca``,
        ``Ca2+``, ``K+``) or an amino-acid code (``Arg``)? Memoised; one or two seeks on first sight."""
        if not isinstance(word, str):
            return False
        hit = self._chem.get(word)
        if hit is None:
            hit = self.short_name(word) is not None or any(self.is_chemical(r) for r in self.by_name(word))
            if not hit and word[-1:] in "+-−)":
                base = _CHARGE.sub("", word.strip())
                hit = bool(base) and any(self.is_chemical(r) for r in self.by_name(base))
            if len(self._chem) > _MEMO_LIMIT:
                self._chem.clear()
            self._chem[word] = hit
        return hit
