"""Gene, chemical and disease rows of a record, whichever layout holds them.

Shared by the keyword, gene-row, mapping and table families. The older layout
keeps the rows inline (``genes:``, ``chemicals:``, ``diseases:`` lists of
dicts); the newer one in ``_data/<figid>-<kind>.tsv`` beside ``_figures/``.
A :class:`Row` hides the difference and knows where to point a finding:
either at a list item of the record or at a line of a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

KINDS = ("genes", "chemicals", "diseases")

#: Columns of the newer tables that name the row's entity. The chemical and
#: disease tables name it by the OCR ``word`` (the keyword the pipeline
#: writes); the genes table by the resolved ``ncbigene_symbol``.
TABLE_NAME_COLUMN = {"genes": "ncbigene_symbol", "chemicals": "word", "diseases": "word"}
#: Older inline lists: the same, with ``hgnc_symbol`` for genes.
INLINE_NAME_KEY = {"genes": "hgnc_symbol", "chemicals": "word", "diseases": "word"}


class Row:
    """One gene (or chemical/disease) row, inline or from a table.

    A plain class with slots, not a frozen dataclass: records carry hundreds
    of rows and a frozen dataclass's __init__ costs three times as much.
    Treat it as read-only."""

    __slots__ = ("word", "lexicon", "symbol", "entrez", "source", "organism", "parts", "path", "line",
                 "_item", "_raw")

    def __init__(self, word, lexicon, symbol, entrez, source, organism, parts=(), path=None, line=None,
                 item=None):
        self.word = word            # the OCR word
        self.lexicon = lexicon      # what the word matched in the lexicon: ``symbol`` / ``match``
        self.symbol = symbol        # the resolved symbol: ``hgnc_symbol`` / ``ncbigene_symbol``
        self.entrez = entrez        # ``entrez`` / ``ncbigene_id``
        self.source = source
        self.organism = organism    # organism_name (tables only)
        self.parts = parts          # record field path of the inline item, or ()
        self.path = path            # table display path, or None for inline rows
        self.line = line            # table row line (None for inline rows)
        self._item = item           # the inline dict or the table row dict, for ``raw``
        self._raw = None

    @property
    def inline(self) -> bool:
        return self.path is None

    @property
    def raw(self) -> tuple:
        """The whole row, for exact-duplicate detection (computed on first use:
        only GR001 asks, and only for inline rows)."""
        raw = self._raw
        if raw is None:
            item = self._item
            if item is None:
                raw = ()
            elif self.path is None:
                raw = tuple(sorted((str(k), repr(v)) for k, v in item.items()))
            else:
                raw = tuple(item.values())
            self._raw = raw
        return raw

    def __repr__(self) -> str:
        return (f"Row(word={self.word!r}, symbol={self.symbol!r}, entrez={self.entrez!r}, "
                f"parts={self.parts!r}, path={self.path!r}, line={self.line!r})")



def is_older(record) -> bool:
    """The older layout: an inline ``genes`` list (possibly empty)."""
    return isinstance(record.data.get("genes"), list)


def inline_gene_rows(record) -> list:
    cached = record.cache.get("_entities.inline_gene_rows")
    if cached is None:
        cached = record.cache["_entities.inline_gene_rows"] = _inline_gene_rows(record)
    return cached


def _inline_gene_rows(record) -> list:
    genes = record.data.get("genes")
    if not isinstance(genes, list):
        return []
    out = []
    for i, item in enumerate(genes):
        if not isinstance(item, dict):
            continue
        # line stays None: inline findings locate the item by its field path
        out.append(Row(item.get("word"), item.get("symbol"), item.get("hgnc_symbol"),
                       item.get("entrez"), item.get("source"), None, ("genes", i), None, None, item))
    return out


def table(record, kind: str):
    """The companion table of ``kind`` or None (no companions, not in a
    figure repository, no such file). Memoised per record: every family asks."""
    key = "_entities.table." + kind
    if key in record.cache:
        return record.cache[key]
    comp = getattr(record, "companions", None)
    result = None
    if comp is not None and comp.applicable:
        try:
            result = comp.get(kind)
        except Exception:  # an unreadable path must not crash the run
            result = None
    record.cache[key] = result
    return result


def usable(t, kind: str) -> bool:
    """A table rules may compare with: readable, with its key columns, and no
    ragged row (a shifted cell would be read as another entity). TB004
    reports the others."""
    if t is None or t.problem is not None:
        return False
    key = ("word", "ncbigene_symbol") if kind == "genes" else ("word",)
    if any(c not in t.header for c in key):
        return False
    width = len(t.header)
    return all(n == width for n in t.widths)


def table_gene_rows(record) -> list:
    cached = record.cache.get("_entities.table_gene_rows")
    if cached is not None:
        return cached
    t = table(record, "genes")
    out = []
    if usable(t, "genes"):
        path = t.path
        for row, line in zip(t.rows, t.lines):
            get = row.get
            out.append(Row(get("word"), get("match"), get("ncbigene_symbol"), get("ncbigene_id"),
                           get("source"), get("organism_name"), (), path, line, row))
    record.cache["_entities.table_gene_rows"] = out
    return out


def all_gene_rows(record) -> list:
    """Inline rows (older layout) followed by the genes table's rows (if any)."""
    cached = record.cache.get("_entities.all_gene_rows")
    if cached is None:
        cached = inline_gene_rows(record) + table_gene_rows(record)
        record.cache["_entities.all_gene_rows"] = cached
    return cached


@dataclass
class Entities:
    """The names the pipeline builds keywords from, per kind.

    ``names[kind]`` is None when nothing tells us (the table is absent).
    ``origin[kind]`` says where they came from, for messages.
    """

    layout: str
    names: dict
    origin: dict
    organisms: dict  # name -> set of organisms (tables only)


def entities(record) -> Optional[Entities]:
    """What ``schema-jsonld.keywords`` must be built from, or None when the
    record offers nothing to compare with (newer layout without tables)."""
    if "_entities.entities" in record.cache:
        return record.cache["_entities.entities"]
    result = _entities(record)
    record.cache["_entities.entities"] = result
    return result


def _entities(record) -> Optional[Entities]:
    data = record.data
    if is_older(record):
        names, origin = {}, {}
        for kind in KINDS:
            items = data.get(kind)
            key = INLINE_NAME_KEY[kind]
            if items is None or items == "" or items == []:
                names[kind] = []
            elif isinstance(items, list):
                # the name of each dict row: text as is, a number (or bool) as str()
                vals = []
                for i in items:
                    if isinstance(i, dict):
                        v = i.get(key)
                        if isinstance(v, str):
                            if v:
                                vals.append(v)
                        elif isinstance(v, int):
                            vals.append(str(v))
                names[kind] = vals
            else:
                return None  # unreadable list: the schema rules say so
            origin[kind] = f"'{kind}' ({key})"
        return Entities("older", names, origin, {})
    names, origin, organisms = {}, {}, {}
    found = False
    for kind in KINDS:
        t = table(record, kind)
        if not usable(t, kind):
            names[kind] = None
            continue
        col = TABLE_NAME_COLUMN[kind]
        found = True
        vals = []
        for row in t.rows:
            v = row.get(col)
            if v and v != "NA":
                vals.append(v)
                if kind == "genes":
                    organisms.setdefault(v, set()).add(row.get("organism_name"))
        names[kind] = vals
        origin[kind] = f"{t.path} ({col})"
    if not found:
        return None
    return Entities("newer", names, origin, organisms)


def distinct(items) -> list:
    seen, out = set(), []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def loose(text: str) -> str:
    """``text`` without case and punctuation: ``mir-210`` and ``mir210`` agree."""
    return _NON_ALNUM.sub("", text.lower())
