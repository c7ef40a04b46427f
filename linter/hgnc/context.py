"""What judging a gene mapping needs besides the nomenclatures: species names,
FamPlex groundings and families, orthologs, and English words.

The data is a small SQLite file shipped in the package
(``linter/data/genecontext.sqlite``, built by ``scripts/build_gene_context.py``
from MeSH's organism trees, FamPlex, HGNC/MGI/RGD and Debian's word list). It is
opened read-only on first use; every look-up is memoised here, with the data it
caches, so rules never keep their own memo dicts.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Optional

CONTEXT_NAME = "genecontext.sqlite"

#: Groundings that name something other than a gene product: a chemical
#: (CHEBI, PUBCHEM, HMDB), a MeSH concept, a GO process, an NCI concept.
NON_GENE_DBS = frozenset({"CHEBI", "PUBCHEM", "HMDB", "MESH", "GO", "NCIT"})

#: The table's organism codes in the ortholog table (as in genes.sqlite).
MOUSE, RAT = 1, 2

_WS = re.compile(r"\s+")


def shipped_context() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / CONTEXT_NAME


class GeneContext:
    """Read-only look-ups into the gene-context snapshot."""

    def __init__(self, path=None):
        self.path = Path(path) if path else shipped_context()
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._species: Optional[dict] = None
        self._firsts: Optional[frozenset] = None
        self.source = dict(self._db.execute("SELECT key, value FROM meta")).get("source", "")
        # memoised look-ups, bounded by the number of distinct keys a run meets
        self.grounding = lru_cache(maxsize=50_000)(self._grounding)
        self.family = lru_cache(maxsize=5_000)(self._family)
        self.human_orthologs = lru_cache(maxsize=50_000)(self._human_orthologs)
        self.is_word = lru_cache(maxsize=100_000)(self._is_word)
        self.species = lru_cache(maxsize=10_000)(self._species_of)

    # -- species ----------------------------------------------------------
    @property
    def species_names(self) -> dict:
        """lower-case name -> (label, NCBI taxon, group); read whole on first use
        (a few thousand rows: scanning a caption's word n-grams needs a set)."""
        if self._species is None:
            self._species = {name: (label, taxid, grp) for name, label, taxid, grp in
                             self._db.execute("SELECT name, label, taxid, grp FROM species")}
        return self._species

    @property
    def species_firsts(self) -> frozenset:
        """First words of the multi-word species names ('d.', 'drosophila', 'flour')."""
        if self._firsts is None:
            self._firsts = frozenset(n.split(" ")[0] for n in self.species_names if " " in n)
        return self._firsts

    def _species_of(self, name: str) -> Optional[tuple]:
        """(label, taxon, group) of an organism name, or of its genus, or None."""
        key = _WS.sub(" ", name.strip().lower())
        names = self.species_names
        hit = names.get(key)
        if hit is None and " " in key:
            hit = names.get(key.split(" ")[0])
        return hit

    # -- FamPlex ----------------------------------------------------------
    def _grounding(self, text: str, any_case: bool = False) -> Optional[tuple]:
        """(db, id) that FamPlex grounds the text to, e.g. ("HGNC", "SQSTM1"),
        ("FPLX", "CALM"), ("CHEBI", "CHEBI:15422"); None when FamPlex has no entry.

        As written, because FamPlex lists the spellings it means and another case
        is often another gene ("Mhc", the fly's myosin heavy chain, is not "MHC",
        the major histocompatibility complex). ``any_case`` is for text whose case
        is already lost (the pipeline's upper-cased ``match``): then every
        spelling FamPlex has must agree."""
        text = _WS.sub(" ", text.strip())
        row = self._db.execute("SELECT db, id FROM grounding WHERE text = ?", (text,)).fetchone()
        if row or not any_case:
            return tuple(row) if row else None
        rows = set(self._db.execute("SELECT db, id FROM grounding WHERE lower = ?", (text.lower(),)))
        return next(iter(rows)) if len(rows) == 1 else None

    def _family(self, family: str) -> frozenset:
        """HGNC symbols of every member of a FamPlex family or complex, through nested families."""
        return frozenset(r[0] for r in self._db.execute("SELECT member FROM family WHERE family = ?", (family,)))

    # -- orthologs --------------------------------------------------------
    def _human_orthologs(self, species: int, symbol: str) -> frozenset:
        """Human genes (HGNC symbols) of a mouse or rat symbol."""
        return frozenset(r[0] for r in self._db.execute(
            "SELECT human FROM ortholog WHERE species = ? AND symbol = ?", (species, symbol)))

    # -- words ------------------------------------------------------------
    def _is_word(self, word: str) -> bool:
        """An English word (lower case, as in a dictionary)."""
        return self._db.execute("SELECT 1 FROM word WHERE word = ?", (word,)).fetchone() is not None

    def describe(self) -> str:
        return self.source


_SHARED: Optional[GeneContext] = None


def load(ctx=None) -> GeneContext:
    """Knowledge provider ``genecontext``: the shipped snapshot, one per process."""
    global _SHARED
    if _SHARED is None:
        _SHARED = GeneContext()
    return _SHARED
