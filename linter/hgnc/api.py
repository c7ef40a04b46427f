"""The contract between gene-knowledge sources and the rules that use them.

Both the shipped offline snapshot and the online HGNC REST client implement
:class:`SpeciesGenes`; rules only ever see this interface (through
``ctx.knowledge("hgnc")``, which returns a :class:`GeneKnowledge`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol


@dataclass(frozen=True)
class Gene:
    symbol: str                      # approved (current) symbol, or the withdrawn one
    name: str = ""                   # approved name, e.g. "gastrin"
    status: str = "Approved"         # "Approved" | "Symbol Withdrawn" | "Entry Withdrawn"
    hgnc_id: str = ""                # "HGNC:4164" (MGI/RGD ids for mouse/rat)
    locus_type: str = ""             # "gene with protein product", "RNA, micro", ...
    entrez_id: str = ""              # NCBI Gene ID as text, "" when none
    aliases: tuple = ()              # alias symbols
    previous: tuple = ()             # previous symbols
    replaced_by: tuple = ()          # for withdrawn entries: approved symbols that replace it


@dataclass(frozen=True)
class Resolution:
    """What a term is, in one species' nomenclature.

    ``kind`` is one of:
      - "approved": ``genes == [the gene]``;
      - "previous": the term is a previous symbol of ``genes`` (usually one);
      - "alias": the term is an alias symbol of ``genes`` (several = ambiguous);
      - "withdrawn": the term is a withdrawn symbol; ``genes`` holds the withdrawn
        entry, whose ``replaced_by`` names replacements, if any;
      - "unknown": none of the above, even ignoring case.
    ``case_mismatch`` is True when the match needed case-folding (``Mtor`` -> MTOR).
    ``normalized`` is the spelling that matched when it differs from ``term``:
    the case-folded form (``Tor`` -> "TOR", an alias of RORC) or a microRNA
    name rewritten the HGNC way (``mir-210`` -> "MIR210", with
    ``case_mismatch`` True); "" when the term matched as written.
    """

    term: str
    kind: str
    genes: tuple = ()
    case_mismatch: bool = False
    normalized: str = ""


class SpeciesGenes(Protocol):
    species: str                     # "Homo sapiens", "Mus musculus", "Rattus norvegicus"
    authority: str                   # "HGNC", "MGI", "RGD"

    def resolve(self, term: str) -> Resolution: ...
    def gene(self, symbol: str) -> Optional[Gene]: ...        # exact approved symbol only
    def by_entrez(self, entrez_id: str) -> Optional[Gene]: ...
    def by_alias(self, term: str) -> tuple: ...               # genes having term as alias (exact case-insensitive)


@dataclass
class GeneKnowledge:
    """What ``ctx.knowledge("hgnc")`` returns."""

    human: SpeciesGenes
    mouse: Optional[SpeciesGenes] = None
    rat: Optional[SpeciesGenes] = None
    source: str = ""                 # shown in every report: "HGNC custom download 2025-..., shipped snapshot"
    extra: dict = field(default_factory=dict)

    def for_organism(self, organism: str) -> Optional[SpeciesGenes]:
        return {"Homo sapiens": self.human, "Mus musculus": self.mouse,
                "Rattus norvegicus": self.rat}.get(organism)
