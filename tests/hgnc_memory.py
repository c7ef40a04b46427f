"""A small in-memory :class:`linter.hgnc.api.SpeciesGenes`, for rule tests.

It is built from rows in the HGNC "custom download" layout (the columns of
``tests/fixtures/hgnc/hgnc_subset.tsv``, derived by
``scripts/derive_hgnc_test_fixture.py``) and from MGI/RGD rows (ID, symbol,
synonyms). It follows the contract documented in ``linter/hgnc/api.py``, so the
rules can be tested without the shipped snapshot; the same tests also run
against the real snapshot when it is installed (see ``knowledge_params``).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path
from typing import Optional

from pfocr_lint.hgnc.api import Gene, GeneKnowledge, Resolution

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "hgnc"
_SEE_ID = re.compile(r"HGNC:\d+")


def _split(text: str, sep: str) -> tuple:
    return tuple(p.strip() for p in (text or "").split(sep) if p.strip())


def _open(path: Path):
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return io.StringIO(raw.decode("utf-8"))


class MemorySpecies:
    """Exact, then case-insensitive lookups over approved, previous, alias and withdrawn symbols."""

    def __init__(self, species: str, authority: str, genes: list):
        self.species = species
        self.authority = authority
        self._approved: dict = {}
        self._withdrawn: dict = {}
        self._prev: dict = {}
        self._alias: dict = {}
        self._entrez: dict = {}
        for g in genes:
            if g.status == "Approved":
                self._approved[g.symbol] = g
                if g.entrez_id:
                    self._entrez[g.entrez_id] = g
                for p in g.previous:
                    self._prev.setdefault(p, []).append(g)
                for a in g.aliases:
                    self._alias.setdefault(a, []).append(g)
            else:
                self._withdrawn.setdefault(g.symbol, g)
        self._folded = {}
        for table_name in ("_approved", "_prev", "_alias", "_withdrawn"):
            folded: dict = {}
            for key in getattr(self, table_name):
                folded.setdefault(key.upper(), []).append(key)
            self._folded[table_name] = folded

    def _lookup(self, term: str, exact: bool):
        order = (("approved", "_approved"), ("previous", "_prev"), ("alias", "_alias"),
                 ("withdrawn", "_withdrawn"))
        for kind, table_name in order:
            table = getattr(self, table_name)
            keys = [term] if exact else self._folded[table_name].get(term.upper(), [])
            found = []
            for k in keys:
                v = table.get(k)
                if v is None:
                    continue
                found.extend(v if isinstance(v, list) else [v])
            if found:
                uniq = tuple(dict.fromkeys(found))
                return kind, uniq
        return None

    def resolve(self, term: str) -> Resolution:
        if not isinstance(term, str) or not term:
            return Resolution(str(term), "unknown")
        hit = self._lookup(term, True)
        if hit:
            return Resolution(term, hit[0], hit[1], False)
        hit = self._lookup(term, False)
        if hit:
            return Resolution(term, hit[0], hit[1], True)
        return Resolution(term, "unknown")

    def gene(self, symbol: str) -> Optional[Gene]:
        return self._approved.get(symbol)

    def by_entrez(self, entrez_id: str) -> Optional[Gene]:
        return self._entrez.get(str(entrez_id).strip())

    def by_alias(self, term: str) -> tuple:
        out = []
        for key in self._folded["_alias"].get(str(term).upper(), []):
            out.extend(self._alias[key])
        return tuple(dict.fromkeys(out))


def human_from_hgnc_tsv(path: Path) -> MemorySpecies:
    rows = list(csv.DictReader(_open(path), delimiter="\t"))
    by_id = {r["HGNC ID"]: r for r in rows}
    genes = []
    for r in rows:
        status = r["Status"]
        replaced = ()
        name = r["Approved name"]
        if status == "Symbol Withdrawn":
            replaced = tuple(by_id[i]["Approved symbol"] for i in _SEE_ID.findall(name) if i in by_id)
        genes.append(Gene(
            symbol=r["Approved symbol"], name=name, status=status, hgnc_id=r["HGNC ID"],
            locus_type=r.get("Locus type", ""), entrez_id=r.get("NCBI Gene ID(supplied by NCBI)", ""),
            aliases=_split(r.get("Alias symbols", ""), ","),
            previous=_split(r.get("Previous symbols", ""), ","), replaced_by=replaced))
    return MemorySpecies("Homo sapiens", "HGNC", genes)


def species_from_simple_tsv(path: Path, species: str, authority: str, sep: str) -> MemorySpecies:
    genes = []
    for r in csv.DictReader(_open(path), delimiter="\t"):
        genes.append(Gene(symbol=r["symbol"], hgnc_id=r["ID"], aliases=_split(r.get("synonyms", ""), sep)))
    return MemorySpecies(species, authority, genes)


def load_knowledge(directory: Path = FIXTURE_DIR, suffix: str = "") -> GeneKnowledge:
    """Knowledge from ``hgnc_subset.tsv``/``mgi_subset.tsv``/``rgd_subset.tsv`` in ``directory``."""
    human = human_from_hgnc_tsv(directory / f"hgnc_subset.tsv{suffix}")
    mouse = species_from_simple_tsv(directory / f"mgi_subset.tsv{suffix}", "Mus musculus", "MGI", "|")
    rat = species_from_simple_tsv(directory / f"rgd_subset.tsv{suffix}", "Rattus norvegicus", "RGD", ";")
    return GeneKnowledge(human=human, mouse=mouse, rat=rat, source="test fixture (subset of HGNC/MGI/RGD 2025)")


_CACHED = {}


def load_for_run(ctx):
    """Provider entry point for tests (monkeypatched into linter.knowledge.PROVIDERS)."""
    if "k" not in _CACHED:
        _CACHED["k"] = load_knowledge()
    return _CACHED["k"]
