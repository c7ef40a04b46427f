"""Gene symbols checked against HGNC (human), MGI (mouse) and RGD (rat).

Fields: ``genes[].hgnc_symbol``/``entrez``/``source`` (older layout), the genes
table's ``ncbigene_symbol``/``ncbigene_id`` (newer layout, each row in its own
organism) and ``schema-jsonld.keywords``.

Which records: the genes list and table are judged whatever the record says
(their fields name their nomenclature). Keywords are judged against the
nomenclatures of the record's species (see ``rules/_genes.py``): ``organisms``,
or ``organisms_ner`` when ``organisms`` is NA/empty, or human when both are;
a keyword right in any of them (human, mouse, rat) is right. When the record
also lists another species (Drosophila, a plant, ...), only the unambiguous
checks (previous/withdrawn upper-case symbols, Excel dates) run on keywords.

Which keywords are genes: keywords come from the gene list plus chemical and
disease words. A keyword found in the record's gene list/table is a gene; one
found in its chemicals/diseases is not; any other is judged by its shape
(capitals and digits: SRPK, Pi3K21B; microRNA and Excel-date forms) or, for a
lower/Title-case word, by matching a symbol ignoring case (mtor) or a gene
family stem (foxo -> FOXO1, FOXO3, ...). Metabolite abbreviations (ATP, cAMP,
ROS, ...) and chemical-looking words (Cisplatin, L-alanine) are never genes.

All rules here need the gene knowledge (``--hgnc offline`` by default); with
``--hgnc off`` they report nothing.
"""

from __future__ import annotations

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._symbolcheck import issues_by_code
from pfocr_lint.rules._verdict import finding_for


class _HgncRule(Rule):
    needs = ("hgnc", "genecontext")  # genecontext: _symbolcheck._evidenced

    def check(self, record, ctx):
        # the analysis runs once per record and groups its issues by code: a
        # rule with nothing to say returns at once, without a generator
        issues = issues_by_code(record, ctx).get(self.code)
        if not issues:
            return ()
        return [finding_for(self, record, issue) for issue in issues]

class PreviousSymbol(_HgncRule):
    """A gene is named by a previous HGNC symbol instead of its current one.

    What it does:
        Reports a ``genes[].hgnc_symbol``, genes-table ``ncbigene_symbol`` or
        gene keyword that HGNC lists as a *previous* symbol (``CYR61``, now
        ``CCN1``; ``MARCH1``, now ``MARCHF1``) and names the approved symbol.
    Why this matters:
        PFOCR's gene sets, the GMT exports and WikiPathways searches use approved
        symbols; a renamed gene under its old symbol is missed by every query for
        the current one, and looks like a second gene when both appear.
    Why this shows up:
        The mapping tables the pipeline used were older than the renaming (HGNC
        renames hundreds of symbols a year), and the records were never updated.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - CYR61
          - imatinib
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - CCN1
          - imatinib
        ```
    Curation action:
        Replace the previous symbol with the approved one everywhere in the
        record (genes list, keywords).
    Fix safety:
        Safe when the previous symbol belongs to exactly one current gene (HGNC
        renamed that gene; the record keeps its meaning). No fix when it belongs
        to several genes, or when the approved symbol is already listed.
    """

    code = "HG001"
    fixable = True
    name = "previous-gene-symbol"
    severity = Severity.WARNING


class WithdrawnSymbol(_HgncRule):
    """A gene symbol that HGNC has withdrawn.

    What it does:
        Reports a symbol whose HGNC entry is withdrawn and names the
        replacement when HGNC gives one ("symbol withdrawn, see ..."), or says
        that the entry was withdrawn outright.
    Why this matters:
        A withdrawn symbol matches no current gene: the figure drops out of
        every gene-based search and enrichment.
    Why this shows up:
        Old mapping tables, and OCR words that happen to equal long-withdrawn
        symbols.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - CTAA1
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
        ```
    Curation action:
        Replace the symbol with the replacement HGNC names, or remove it when
        the entry was withdrawn without replacement.
    Fix safety:
        Unsafe: a withdrawn symbol may have been split or merged; ``--unsafe-fixes``
        writes the single replacement HGNC names.
    """

    code = "HG002"
    fixable = True
    name = "withdrawn-gene-symbol"
    severity = Severity.WARNING


class AliasAsSymbol(_HgncRule):
    """An HGNC alias is used where an approved symbol belongs.

    What it does:
        Reports a gene field or gene-like keyword that is an alias, not an
        approved symbol, and names the approved symbol; an alias shared by
        several genes lists every candidate.
    Why this matters:
        Aliases are not unique (``CRT`` is both CALR and SLC6A8) and are not
        indexed as symbols: the gene is missed or the wrong one is found.
    Why this shows up:
        The figure's text used the alias and the record kept the word instead of
        the symbol it maps to.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - KBF1
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
          - NFKB1
        ```
    Curation action:
        Replace the alias with the approved symbol of the gene the figure shows.
    Fix safety:
        Unsafe, and only for an alias of exactly one gene: the alias might have
        meant something else in the figure.
    """

    code = "HG003"
    fixable = True
    name = "alias-as-gene-symbol"
    severity = Severity.WARNING


class UnknownSymbol(_HgncRule):
    """A gene symbol or gene-like keyword that the species' nomenclature does not know.

    What it does:
        Reports a gene field (``hgnc_symbol``, genes-table ``ncbigene_symbol``)
        or gene-like keyword that is no HGNC symbol on a human record (no MGI
        symbol on a mouse one, no RGD symbol on a rat one), even ignoring case.
        It says when the word is a gene family's stem (``SRPK`` -> SRPK1, SRPK2,
        SRPK3) or matches an alias only ignoring case (``Tor`` ~ TOR, an alias of
        RORC). Keywords of another species (Drosophila ``Tor``, zebrafish
        ``foxo``) are reported on a record whose organisms are human/mouse/rat
        only: they are mapping errors there. On a record whose
        ``organisms_ner`` names the fruit fly or zebrafish and whose
        ``organisms`` does not, the finding says the keyword may be that
        species' symbol (the fly's in any case, ``Ras85D``; zebrafish's in
        lowercase, ``macf1a``): right only if the figure shows its genes.
    Why this matters:
        A symbol no database knows links the figure to no gene; a family name
        or another species' symbol in a human record's keywords misleads
        searches.
    Why this shows up:
        The pipeline maps words with the gene tables of every organism it found
        in the text (``organisms_ner``), so fly and fish symbols land in human
        records; OCR debris and family names pass through as well.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - SRPK
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
          - SRPK1
          - Cisplatin
          - breast cancer
        ```
    Curation action:
        Replace the word with the approved symbol(s) of the gene(s) the figure
        shows, or remove it; for a zebrafish or fly spelling the NER found, add
        that species to ``organisms`` instead if the figure shows its genes.
    Fix safety:
        Not fixable automatically: which gene was meant needs the figure.
    """

    code = "HG004"
    name = "unknown-gene-symbol"
    severity = Severity.WARNING


class SymbolCase(_HgncRule):
    """A symbol written in the wrong case or form for its species.

    What it does:
        Reports a symbol that matches an approved symbol only ignoring case
        (``Mtor`` or ``mtor`` on a human record -> MTOR; ``TRP53`` on a mouse
        record -> Trp53), and microRNAs not written the nomenclature's way
        (``mir-210`` -> MIR210 for HGNC, Mir210 for MGI). When a right
        spelling is already among the keywords (``mtor`` beside ``Mtor``), it
        says to remove the variant. On a record whose ``organisms_ner`` names
        the fruit fly or zebrafish and whose ``organisms`` does not, the
        finding says the keyword may be that species' symbol (the fly's in
        any case, zebrafish's in lowercase: ``mtor``).
    Why this matters:
        Symbols are case-sensitive identifiers across species: ``Mtor`` is the
        mouse gene, ``MTOR`` the human one. The wrong case files the gene under
        the wrong species or under no gene at all.
    Why this shows up:
        Words copied from figure text (``mTOR``, ``miR-210``) or from another
        species' table.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - Mtor
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
          - MTOR
        ```
    Curation action:
        Write the approved symbol in the species' case, or remove the variant
        if that spelling is already listed; for a zebrafish or fly spelling,
        add that species to ``organisms`` instead if the figure shows its genes.
    Fix safety:
        Safe in ``genes[].hgnc_symbol`` (an HGNC field by definition); unsafe in
        keywords, where the word might be another species' symbol.
    """

    code = "HG005"
    fixable = True
    name = "gene-symbol-case"
    severity = Severity.WARNING


class ExcelMangledSymbol(_HgncRule):
    """A gene symbol that a spreadsheet turned into a date.

    What it does:
        Reports ``1-Mar``, ``Mar-01``, ``2-Sep``, ``9/7`` and similar values,
        works out the symbol they came from (MARCH1, SEPT2, SEPT7) and names
        its current HGNC symbol (MARCHF1, SEPTIN2, SEPTIN7).
    Why this matters:
        The gene is gone from the record; a date is indexed instead.
    Why this shows up:
        Gene lists opened in Excel convert MARCH1, SEPT2, DEC1, OCT4 into dates;
        about a fifth of published supplementary gene lists carry such errors.
    Example:
        ```yaml
        schema-jsonld:
          keywords:
          - TP53
          - 1-Mar
        ```
        ```yaml good
        schema-jsonld:
          keywords:
          - TP53
          - MARCHF1
        ```
    Curation action:
        Replace the date with the current symbol of the gene it stood for.
    Fix safety:
        Safe for day-month forms (``1-Mar``) that lead to one gene; unsafe for
        numeric forms (``9/7``), which are ambiguous between date orders.
    """

    code = "HG006"
    fixable = True
    name = "excel-mangled-symbol"
    severity = Severity.ERROR


class EntrezMismatch(_HgncRule):
    """A gene row's NCBI Gene ID is not the one HGNC gives for its symbol.

    What it does:
        Compares ``genes[].entrez`` with HGNC's NCBI Gene ID for
        ``genes[].hgnc_symbol`` (and a human genes-table row's ``ncbigene_id``
        with its ``ncbigene_symbol``) and names the gene the ID belongs to.
    Why this matters:
        Downstream tools join on the ID, readers on the symbol: when they
        disagree, half of them see the wrong gene.
    Why this shows up:
        Rows assembled from different table versions, or a symbol fixed by hand
        without its ID.
    Example:
        ```yaml
        _base: older
        genes:
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '4790'
        ```
        ```yaml good
        _base: older
        genes:
        - word: BCL2
          symbol: BCL2
          source: hgnc_symbol
          hgnc_symbol: BCL2
          entrez: '596'
        ```
    Curation action:
        Decide which of the two the figure shows and correct the other.
    Fix safety:
        Not fixable automatically: either side may be the wrong one.
    """

    code = "HG007"
    name = "entrez-symbol-mismatch"
    severity = Severity.ERROR


class SourceMismatch(_HgncRule):
    """A gene row's ``source`` says the word matched one way; HGNC says another.

    What it does:
        ``genes[].source`` (``hgnc_symbol``, ``hgnc_alias_symbol``,
        ``hgnc_prev_symbol``) records how ``symbol`` led to ``hgnc_symbol``.
        The rule checks that against HGNC: ``symbol`` must be the approved
        symbol, an alias or a previous symbol of ``hgnc_symbol`` as claimed.
        Rows whose gene was merely renamed since (``CYR61``) are left to HG001.
    Why this matters:
        The source tells a curator how much to trust a mapping: an alias match
        is weaker than a symbol match. A wrong source hides weak mappings, and a
        symbol that does not lead to ``hgnc_symbol`` at all means the row names
        the wrong gene.
    Why this shows up:
        Rows edited by hand, or mapped with tables other than HGNC's.
    Example:
        ```yaml
        _base: older
        genes:
        - word: NF-KB
          symbol: NF-kappaB
          source: hgnc_symbol
          hgnc_symbol: NFKB1
          entrez: '4790'
        ```
        ```yaml good
        _base: older
        genes:
        - word: NF-KB
          symbol: NF-kappaB
          source: hgnc_alias_symbol
          hgnc_symbol: NFKB1
          entrez: '4790'
        ```
    Curation action:
        Correct ``source``, or the mapping when ``symbol`` does not belong to
        ``hgnc_symbol``.
    Fix safety:
        Unsafe (``--unsafe-fixes``): sets ``source`` to what HGNC says.
    """

    code = "HG008"
    fixable = True
    name = "gene-source-mismatch"
    severity = Severity.WARNING
