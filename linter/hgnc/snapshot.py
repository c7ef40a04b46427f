"""The offline gene knowledge: :class:`SpeciesGenes` over the SQLite snapshot.

One read-only connection per snapshot (``mode=ro``: SQLite refuses any
write, so a bug or a hostile query cannot change the shipped file;
``immutable=1``: no locking, no journal look-ups), a memo per term, and Gene objects built
once. A lookup is one or two b-tree seeks (tens of microseconds).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from pfocr_lint.hgnc.api import Gene, Resolution
from pfocr_lint.hgnc.layout import (AUTHORITY, ID_PREFIX, K_ALIAS, K_PREVIOUS, SCHEMA_VERSION,
                                SPECIES_NAMES, STATUSES, describe)


_MIRNA_PATTERNS: list = []


def _mirna_patterns() -> list:
    # compiled on first use: most runs never see a microRNA name
    if not _MIRNA_PATTERNS:
        _MIRNA_PATTERNS.extend([
            re.compile(r"^(?:[a-z]{3,4}-)?mi(?:r|rna)-?(\d+)([a-z]?)(?:-(\d+))?(?:-[35]p|\*)?$", re.I),
            re.compile(r"^(?:[a-z]{3,4}-)?(?:mir-?)?let-?7([a-z])(?:-(\d+))?(?:-[35]p|\*)?$", re.I),
            re.compile(r"^-\d+$"),     # MIR1 -> MIR1-1, MIR1-2 (not MIR10)
            re.compile(r"^\d+$"),      # MIRLET7A -> MIRLET7A1, MIRLET7A2, MIRLET7A3
        ])
    return _MIRNA_PATTERNS


def microrna_symbol(term: str) -> Optional[str]:
    """The HGNC-style base symbol of a miRBase-style name, or None."""
    low = term.lower()
    if "mi" not in low and "let" not in low:
        return None
    mir, let7 = _mirna_patterns()[:2]
    m = mir.match(term)
    if m:
        num, letter, copy = m.groups()
        return f"MIR{num}{letter.upper()}" + (f"-{copy}" if copy else "")
    m = let7.match(term)
    if m:
        letter, copy = m.groups()
        return f"MIRLET7{letter.upper()}{copy or ''}"
    return None


class SnapshotError(Exception):
    """The file is missing, not a snapshot, or of another schema version."""


# The per-term memos are cleared past this many entries: a long run over many
# records (or a hostile file of unique words) must not grow them without end.
_MEMO_LIMIT = 200_000

_GENE_COLS = "symbol, status, ext_num, name, locus_type, entrez, aliases, previous, replaced_by"


class Snapshot:
    """An open snapshot file."""

    def __init__(self, path, where: str = ""):
        from pfocr_lint.snapshot_files import connect

        self.path = Path(path)
        self.where = where
        self.con, self.meta = connect(self.path, "gene", SCHEMA_VERSION, "pfocr-lint data update",
                                      SnapshotError)
        self._locus: Optional[dict] = None
        self._species: dict = {}

    def describe(self) -> str:
        return describe(self.meta, self.where)

    def locus_type(self, code) -> str:
        if self._locus is None:
            self._locus = dict(self.con.execute("SELECT id, name FROM locus_types"))
        return self._locus.get(code, "") if code is not None else ""

    def species(self, code: int) -> Optional["SnapshotGenes"]:
        """The genes of one species, or None when the snapshot has none."""
        if code not in self._species:
            has = self.con.execute("SELECT 1 FROM genes WHERE species = ? LIMIT 1", (code,)).fetchone()
            self._species[code] = SnapshotGenes(self, code) if has else None
        return self._species[code]

    def close(self) -> None:
        self.con.close()


def _memoised(memo: dict, key, compute):
    """``compute(key)``, kept in ``memo`` (bounded: cleared past _MEMO_LIMIT entries)."""
    got = memo.get(key)
    if got is None:
        got = compute(key)
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        memo[key] = got
    return got


class SnapshotGenes:
    """One species' nomenclature from a snapshot (implements api.SpeciesGenes)."""

    def __init__(self, snapshot: Snapshot, code: int):
        self.snapshot = snapshot
        self.code = code
        self.species = SPECIES_NAMES[code]
        self.authority = AUTHORITY[code]
        self._con = snapshot.con
        self._memo: dict = {}
        self._approved: dict = {}      # exact symbol -> tuple of approved Genes
        self._starting: dict = {}      # prefix -> approved symbols prefix + digit...
        self._aliases: dict = {}       # term -> genes with it as an alias

    # -- building Gene objects ---------------------------------------------
    def _gene(self, row) -> Gene:
        symbol, status, ext_num, name, locus, entrez, aliases, previous, replaced = row
        replaced_by = tuple(replaced.split("|")) if replaced else ()
        if status == 1 and replaced_by and (name or "").lower() == "symbol withdrawn":
            name = "symbol withdrawn, see " + ", ".join(replaced_by)
        return Gene(symbol=symbol, name=name or "", status=STATUSES[status],
                    hgnc_id=f"{ID_PREFIX[self.code]}{ext_num}" if ext_num else "",
                    locus_type=self.snapshot.locus_type(locus),
                    entrez_id=str(entrez) if entrez is not None else "",
                    aliases=tuple(aliases.split("|")) if aliases else (),
                    previous=tuple(previous.split("|")) if previous else (),
                    replaced_by=replaced_by)

    def _symbol_rows(self, term: str) -> list:
        # NOCASE column: every record whose symbol equals term ignoring case
        return self._con.execute(f"SELECT {_GENE_COLS} FROM genes WHERE species = ? AND symbol = ?",
                                 (self.code, term)).fetchall()

    def _approved_genes(self, symbol: str) -> tuple:
        got = self._approved.get(symbol)
        if got is None:
            got = tuple(self._gene(r) for r in self._symbol_rows(symbol) if r[1] == 0 and r[0] == symbol)
            if len(self._approved) > _MEMO_LIMIT:
                self._approved.clear()
            self._approved[symbol] = got
        return got

    # -- SpeciesGenes -------------------------------------------------------
    def resolve(self, term: str) -> Resolution:
        if not isinstance(term, str):       # wrong types are the schema's business
            return Resolution(str(term), "unknown")
        hit = self._memo.get(term)
        if hit is None:
            hit = self._resolve(term)
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()      # bounded, as the rules' memos are
            self._memo[term] = hit
        return hit

    def _resolve(self, term) -> Resolution:
        if not isinstance(term, str) or not term.strip():
            return Resolution(str(term), "unknown")
        hit = self._match(term)
        if hit is None:
            hit = self._microrna(term)
        return hit or Resolution(term, "unknown")

    def _match(self, term: str) -> Optional[Resolution]:
        """approved > previous > alias > withdrawn, as written, then ignoring case."""
        sym_rows = self._symbol_rows(term)
        syn_rows = self._con.execute(
            "SELECT term, kind, symbol FROM synonyms WHERE species = ? AND term = ?",
            (self.code, term)).fetchall()
        if not sym_rows and not syn_rows:
            return None
        for exact in (True, False):
            same = (lambda s: s == term) if exact else (lambda s: True)
            approved = [r for r in sym_rows if r[1] == 0 and same(r[0])]
            if approved:
                return self._result(term, "approved", [self._gene(r) for r in approved], approved[0][0])
            for kind, label in ((K_PREVIOUS, "previous"), (K_ALIAS, "alias")):
                rows = [r for r in syn_rows if r[1] == kind and same(r[0])]
                genes = [g for s in sorted({r[2] for r in rows}) for g in self._approved_genes(s)]
                if genes:
                    return self._result(term, label, genes, rows[0][0])
            withdrawn = [r for r in sym_rows if r[1] != 0 and same(r[0])]
            if withdrawn:
                # symbol withdrawn (with replacements) before entry withdrawn
                withdrawn.sort(key=lambda r: (r[1], r[2] or 0))
                return self._result(term, "withdrawn", [self._gene(r) for r in withdrawn], withdrawn[0][0])
        return None

    @staticmethod
    def _result(term: str, kind: str, genes: list, matched: str) -> Resolution:
        return Resolution(term, kind, tuple(genes), matched != term, matched if matched != term else "")

    def _microrna(self, term: str) -> Optional[Resolution]:
        """``mir-210``, ``hsa-miR-21-5p``, ``let-7a`` -> MIR210, MIR21, MIRLET7A1/2/3
        (Mir210 in MGI): figures and NER write microRNAs the miRBase way."""
        base = microrna_symbol(term)
        if base is None:
            return None
        rows = self._con.execute(
            f"SELECT {_GENE_COLS} FROM genes WHERE species = ? AND status = 0 AND symbol >= ? AND symbol < ?",
            (self.code, base, base + "~")).fetchall()
        tail = _mirna_patterns()[3 if base.upper().startswith("MIRLET") else 2]
        exact = [r for r in rows if r[0].upper() == base.upper()]
        rows = exact or [r for r in rows if tail.match(r[0][len(base):])]
        if not rows:
            return None
        rows.sort(key=lambda r: r[0])
        return Resolution(term, "approved", tuple(self._gene(r) for r in rows), True,
                          rows[0][0] if len(rows) == 1 else base)

    def approved_starting(self, prefix: str) -> frozenset:
        return _memoised(self._starting, prefix, self._approved_starting)

    def _approved_starting(self, prefix: str) -> frozenset:
        """The approved symbols that start with ``prefix`` and a digit, any
        case (NOCASE column); callers compare exactly. One range seek where
        asking for ``FOXO1`` .. ``FOXO12`` one by one costs a dozen look-ups."""
        rows = self._con.execute(
            "SELECT symbol FROM genes WHERE species = ? AND status = 0 AND symbol >= ? AND symbol < ?",
            (self.code, prefix + "0", prefix + ":")).fetchall()
        return frozenset(r[0] for r in rows)

    def gene(self, symbol: str) -> Optional[Gene]:
        if not isinstance(symbol, str):
            return None
        genes = self._approved_genes(symbol)
        return genes[0] if genes else None

    def by_entrez(self, entrez_id) -> Optional[Gene]:
        try:
            num = int(str(entrez_id).strip())
        except ValueError:
            return None
        if not 0 < num < 2 ** 63:  # SQLite's INTEGER; no NCBI Gene ID is larger
            return None
        rows = self._con.execute(f"SELECT {_GENE_COLS} FROM genes WHERE entrez = ? AND species = ? "
                                 "ORDER BY status", (num, self.code)).fetchall()
        return self._gene(rows[0]) if rows else None

    def by_alias(self, term: str) -> tuple:
        if not isinstance(term, str) or not term:
            return ()
        return _memoised(self._aliases, term, self._by_alias)

    def _by_alias(self, term: str) -> tuple:
        targets = sorted({r[0] for r in self._con.execute(
            "SELECT symbol FROM synonyms WHERE species = ? AND term = ? AND kind = ?",
            (self.code, term, K_ALIAS))})
        return tuple(g for s in targets for g in self._approved_genes(s))
