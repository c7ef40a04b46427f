"""Genes of a species the figure is not about.

The pipeline maps a figure's words with the lexicons of every species its NER
found, and writes a genes-table row for each hit: fly rows in a human figure,
human rows in a beetle figure. Which species the figure is about is read from
``organisms``, the title, paper title, journal and caption (see
``rules/_species.py``); ``organisms_ner`` alone never makes a species
acceptable.
"""

from __future__ import annotations

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._judge import judge
from pfocr_lint.rules._verdict import finding_for


class GeneOfAnotherSpecies(Rule):
    """A gene row belongs to a species the figure is not about.

    What it does:
        Works out the species of the figure from ``organisms`` (curated), the
        species named in ``figtitle``, ``papertitle``, the journal and the
        caption (scientific names from MeSH's organism trees and common names:
        patients, mice, zebrafish, flour beetle...), and reports every genes
        row of another species: a genes-table row whose ``organism_name`` no
        evidence supports, and, in a figure whose title, journal or curated
        organisms name only non-mammals, every human gene. A figure that names
        no species is taken to be about human, mouse or rat; ``organisms_ner``
        alone never makes a species acceptable, because the NER is often
        wrong (Drosophila found in a legume paper).
    Why this matters:
        A fly or zebrafish gene in a human figure is a false member of the
        figure's gene set, and its symbol (``ar``, ``sr``, ``Galphaq``) sends
        enrichment analyses and searches to the wrong organism.
    Why this shows up:
        The pipeline maps every word with the lexicons of all species its NER
        found, and NER finds species in citations, antibodies and passing
        comparisons.
    Example:
        ```yaml
        _base: older
        organisms:
        - Arabidopsis thaliana
        figtitle: Auxin signalling in Arabidopsis thaliana roots
        ```
        ```yaml good
        _base: older
        organisms:
        - Homo sapiens
        ```
    Curation action:
        Remove the row; if the figure does show genes of that species, add the
        species to ``organisms`` instead.
    Fix safety:
        Not fixable automatically: only the figure can say which species it shows.
    """

    code = "SP001"
    name = "gene-of-another-species"
    aliases = ("wrong-species",)
    severity = Severity.WARNING
    needs = ("hgnc", "genecontext", "mesh")

    def check(self, record, ctx):
        issues = judge(record, ctx)
        if not issues:
            return ()
        return [finding_for(self, record, issue, "ncbigene_symbol") for issue in issues if issue.code == self.code]


class KeywordOfAnotherSpecies(GeneOfAnotherSpecies):
    """A keyword is a gene symbol of a species only ``organisms_ner`` names.

    What it does:
        On a newer-layout record without a genes table, reads each keyword
        that no human, mouse or rat nomenclature knows as written (not an HGNC,
        MGI or RGD symbol or HGNC synonym, not a chemical or disease word of
        the record, not an English word or an all-capital acronym) when
        ``organisms_ner`` names a non-mammal model species (the fly,
        zebrafish, worm, yeast) that nothing else in the record names: no
        curated organism, title, paper title, journal or caption. Such a
        keyword (``Ras85D``, ``Dsor1``, ``Debcl``) comes from that species'
        lexicon.
    Why this matters:
        The keyword puts a fly or zebrafish gene into a human figure's gene
        set; searches and enrichment analyses then find the figure for genes
        it does not show.
    Why this shows up:
        The pipeline maps words with the lexicons of every species its NER
        found, and NER finds species in citations and passing comparisons.
    Example:
        ```yaml
        organisms:
        - NA
        organisms_ner:
        - Drosophila melanogaster
        - Homo sapiens
        schema-jsonld:
          keywords:
          - TP53
          - Ras85D
        ```
        ```yaml good
        organisms:
        - Drosophila melanogaster
        organisms_ner:
        - Drosophila melanogaster
        schema-jsonld:
          keywords:
          - TP53
          - Ras85D
        ```
    Curation action:
        Remove the keyword; if the figure does show that species' genes, add
        the species to ``organisms`` instead.
    Fix safety:
        Not fixable automatically: only the figure can say which species it shows.
    """

    code = "SP002"
    name = "keyword-of-another-species"
    aliases = ()
