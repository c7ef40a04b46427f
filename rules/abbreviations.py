"""Gene mappings that only gene knowledge shows to be wrong: abbreviations, words and sites read as symbols.

The pipeline maps every word of a figure that matches an approved symbol,
alias or previous symbol. Aliases are not unique and many are also ordinary
abbreviations or words; these rules find the mappings whose word meant
something else (see ``rules/_mapping.py`` for how each gene's word is found).
Human mappings only (HGNC); with ``--hgnc off`` they report nothing.
"""

from __future__ import annotations

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._judge import judge
from pfocr_lint.rules._mapping import analyse
from pfocr_lint.rules._verdict import finding_for


class _MappingRule(Rule):
    needs = ("hgnc", "genecontext", "mesh")

    def check(self, record, ctx):
        # Worked out once per record, for all eight rules: the caption-and-symbol
        # analysis, then the row judgement for the rows it left alone.
        issues = analyse(record, ctx)
        more = judge(record, ctx)
        # Eight rules share the analyses and most records have no issue: an
        # empty tuple then costs nothing, where a generator would be built
        # (and run) for every rule and record.
        if not issues and not more:
            return ()
        return [finding_for(self, record, issue, "ncbigene_symbol") for issue in (*issues, *more)
                if issue.code == self.code]



class CaptionDefinitionConflict(_MappingRule):
    """A gene was mapped from an abbreviation that the caption defines as something else.

    What it does:
        Reads the caption's glossary (``GAS, interferon-gamma-activated
        sequence;``, ``Arg: arginine``, ``HBP = ...``) and in-text definitions
        (``calreticulin (CRT)``, ``Pgp (P-glycoprotein)``) and compares each
        definition with the genes mapped from that abbreviation (approved name,
        aliases, previous symbols; content words after normalisation). A gene
        is reported when the definition is plainly not a gene product (a
        sequence, pathway, process, disease, metabolite: GAS -> GAST, HBP ->
        AZU1, Arg -> ABL2), or when another mapped gene fits the definition and
        this one does not (CRT -> CALR fits "calreticulin", SLC6A8 does not).
        When the definition is a protein that no mapped gene's name mentions,
        nothing is reported.
    Why this matters:
        The caption is the authors' own statement of what the abbreviation
        means; a gene that contradicts it is a false member of the figure's
        gene set and pollutes enrichment analyses built on PFOCR.
    Why this shows up:
        The pipeline matches figure words against every HGNC alias and previous
        symbol, without reading the caption.
    Example:
        ```yaml
        caption: 'STAT1 binds GAS elements. Abbreviations: GAS, interferon-gamma-activated sequence;
          STAT1, signal transducer and activator of transcription 1.'
        schema-jsonld:
          keywords:
          - STAT1
          - GAST
        ```
        ```yaml good
        caption: 'STAT1 binds GAS elements. Abbreviations: GAS, interferon-gamma-activated sequence;
          STAT1, signal transducer and activator of transcription 1.'
        schema-jsonld:
          keywords:
          - STAT1
        ```
    Curation action:
        Remove the gene unless the figure itself shows it.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB001"
    name = "caption-defines-abbreviation-otherwise"
    severity = Severity.WARNING


class CommonAbbreviation(_MappingRule):
    """A gene was mapped from a well-known non-gene abbreviation (EMT, TME, ROS, ...).

    What it does:
        Reports a gene reached through an alias or previous symbol that is a
        standard abbreviation of a process, compartment or disease (EMT,
        epithelial-mesenchymal transition -> ITK and SLC22A3; ROS; UPR; TME;
        HCC; ...) when the caption does not define it. The list is in
        ``rules/_genes.py`` (COMMON_ABBREVIATIONS) and leaves out
        abbreviations that are just as often genes (IR, ER, NET, TAM).
    Why this matters:
        These words are in nearly every cancer and signalling figure; the genes
        that carry them as aliases are almost never meant.
    Why this shows up:
        HGNC keeps historical aliases such as EMT for ITK; the pipeline matches
        them as written.
    Example:
        ```yaml
        caption: Snail-induced EMT promotes drug resistance through PTEN loss.
        schema-jsonld:
          keywords:
          - PTEN
          - ITK
        ```
        ```yaml good
        caption: Snail-induced EMT promotes drug resistance through PTEN loss.
        schema-jsonld:
          keywords:
          - PTEN
        ```
    Curation action:
        Remove the gene unless the figure itself shows it.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB002"
    name = "common-abbreviation-mapped-to-gene"
    severity = Severity.WARNING


class EnglishWordAsGene(_MappingRule):
    """A gene was mapped from an ordinary English word (out -> TCF23).

    What it does:
        Reports a gene reached through an alias or previous symbol that is a
        common English word, written in lower or Title case where it was read
        (``out`` -> TCF23 via its alias OUT; ``Killer`` -> TNFRSF10B). The word
        list is ENGLISH_WORDS in ``rules/_genes.py``.
    Why this matters:
        Such genes have nothing to do with the figure.
    Why this shows up:
        Word matching ignores case, so prose becomes symbols.
    Example:
        ```yaml
        caption: Tumor cells upregulate ABCB1, which pumps the drug out of the cell.
        schema-jsonld:
          keywords:
          - ABCB1
          - TCF23
        ```
        ```yaml good
        caption: Tumor cells upregulate ABCB1, which pumps the drug out of the cell.
        schema-jsonld:
          keywords:
          - ABCB1
        ```
    Curation action:
        Remove the gene unless the figure itself shows it.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB003"
    name = "english-word-mapped-to-gene"
    severity = Severity.WARNING


class PhosphositeAsGene(_MappingRule):
    """A gene was mapped from a phosphorylation site (S16 -> RPS16).

    What it does:
        Reports a gene reached through an alias shaped like a residue and
        position (``S16``, ``T308``, ``Y705``, ``Ser473``) when the caption speaks
        of phosphorylation and not of ribosomes or an "S6 kinase".
    Why this matters:
        Ribosomal proteins carry aliases such as S16 and L17; the site of a
        kinase is not the ribosomal protein.
    Why this shows up:
        Sites are written exactly like those aliases.
    Example:
        ```yaml
        caption: BRSK2 drives the phosphorylation of PIMREG at S16.
        schema-jsonld:
          keywords:
          - BRSK2
          - PIMREG
          - RPS16
        ```
        ```yaml good
        caption: BRSK2 drives the phosphorylation of PIMREG at S16.
        schema-jsonld:
          keywords:
          - BRSK2
          - PIMREG
        ```
    Curation action:
        Remove the gene unless the figure itself shows it.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB004"
    name = "phosphosite-mapped-to-gene"
    severity = Severity.WARNING


class MetaboliteAsGene(_MappingRule):
    """A gene was mapped from a metabolite, ion or amino-acid abbreviation (ATP -> ATP8A2).

    What it does:
        Reports a gene reached through an alias or previous symbol that is a
        small-molecule abbreviation (ATP, cAMP, GSH, Arg, NO, ...; METABOLITES in
        ``rules/_genes.py``).
    Why this matters:
        Metabolic figures are full of these words; the genes that carry them as
        aliases are almost never meant.
    Why this shows up:
        Aliases like ATP (ATP8A2) and ARG (ABL2, RERE) match chemical labels.
    Example:
        ```yaml
        caption: Glycolysis turns ADP into ATP in the osteoblast.
        schema-jsonld:
          keywords:
          - HK2
          - WDTC1
        ```
        ```yaml good
        caption: Glycolysis turns ADP into ATP in the osteoblast.
        schema-jsonld:
          keywords:
          - HK2
        ```
    Curation action:
        Remove the gene; list the metabolite among the chemicals if it is missing.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB005"
    name = "metabolite-mapped-to-gene"
    severity = Severity.WARNING


class FamilyWordOneMember(_MappingRule):
    """A family name was mapped to a single gene through an alias (SOCS -> CISH).

    What it does:
        Reports a word that names a gene family (its approved members are the
        word plus a number: SOCS1..SOCS7) but was mapped, through an alias, to
        one gene outside those members only.
    Why this matters:
        The figure meant the family; the record names one unrelated-looking
        member, and misses the rest.
    Why this shows up:
        HGNC lists family names as aliases of single genes (SOCS for CISH).
    Example:
        ```yaml
        caption: SOCS proteins are the major regulators of the IFN/STAT1 pathway.
        schema-jsonld:
          keywords:
          - STAT1
          - CISH
        ```
        ```yaml good
        caption: SOCS proteins are the major regulators of the IFN/STAT1 pathway.
        schema-jsonld:
          keywords:
          - STAT1
          - SOCS1
        ```
    Curation action:
        List the members the figure shows, or keep the gene if it is really meant.
    Fix safety:
        Not fixable automatically.
    """

    code = "AB006"
    name = "family-word-mapped-to-one-gene"
    severity = Severity.INFO


class AmbiguousWord(_MappingRule):
    """One word was mapped to several unrelated genes through aliases.

    What it does:
        Reports, once per word, a word mapped through aliases or previous
        symbols to two or more genes of different families (HBP -> AZU1, HDLBP,
        HEBP1, SLBP, STAM2; ERK -> EPHB2 and MAPK1), when no more specific rule
        explains it.
    Why this matters:
        At most one of the genes is meant; the others are noise in the gene set.
    Why this shows up:
        Short aliases are shared by unrelated genes; the pipeline keeps every match.
    Example:
        ```yaml
        caption: ZIP binds the receptor.
        schema-jsonld:
          keywords:
          - DAPK3
          - ZGPAT
        ```
        ```yaml good
        caption: ZIP binds the receptor.
        schema-jsonld:
          keywords:
          - DAPK3
        ```
    Curation action:
        Keep only the gene the figure shows.
    Fix safety:
        Not fixable automatically.
    """

    code = "AB007"
    name = "word-mapped-to-unrelated-genes"
    severity = Severity.INFO


class SymbolOfAnotherGene(_MappingRule):
    """A gene was mapped through an alias or retired symbol that now names another gene.

    What it does:
        Reports a gene reached through an alias that is the approved symbol of
        a different gene (BRCC3 -> DEPDC1B, whose alias is BRCC3; PGP ->
        PGPEP1), or through a previous symbol that HGNC retired and that is now
        an alias of another gene in the record (ERK -> EPHB2, while ERK is
        MAPK1).
    Why this matters:
        An approved symbol means its own gene; the alias match adds a wrong gene.
    Why this shows up:
        The pipeline keeps alias and previous-symbol matches next to the
        symbol match.
    Example:
        ```yaml
        caption: Exosomes inhibit the activity of PTEN and BRCC3.
        schema-jsonld:
          keywords:
          - PTEN
          - BRCC3
          - DEPDC1B
        ```
        ```yaml good
        caption: Exosomes inhibit the activity of PTEN and BRCC3.
        schema-jsonld:
          keywords:
          - PTEN
          - BRCC3
        ```
    Curation action:
        Remove the gene unless the figure itself shows it.
    Fix safety:
        Not fixable automatically.
    """

    code = "AB008"
    name = "symbol-of-another-gene"
    severity = Severity.WARNING


class NumberedLabelMappedToGene(_MappingRule):
    """A gene was mapped from one of a series of numbered labels (``v1``, ``v12``, ``V17``).

    What it does:
        Looks at the words of a record's genes rows that are a letter and a
        number. When three or more of them share the letter (``v1``, ``v12``,
        ``v13``, ``V17``) they are a series of labels, such as the reaction
        rates or steps of a model diagram. A row mapped from one of them is
        reported when no HGNC gene carries the word as a symbol, alias or
        previous symbol and the row was reached through an NCBI Gene synonym
        (``v12`` -> IGLV2-8). Letters whose words HGNC does list (``p53``,
        ``p21``, ``p38``) are never a series here.
    Why this matters:
        A model figure's rate labels are not genes; the immunoglobulin and
        other genes that carry such synonyms pollute the figure's gene set.
    Why this shows up:
        NCBI Gene lists short synonyms (``V12``, ``V19``) that HGNC does not,
        and the pipeline matches every figure word against them.
    Example:
        (table-only: a genes-table row whose word is ``v12`` beside rows for
        ``v1`` and ``v13``, mapped to IGLV2-8 through the NCBI synonym V12)
    Curation action:
        Remove the row unless the figure really shows the gene.
    Fix safety:
        Not fixable automatically: only the figure can confirm the gene is absent.
    """

    code = "AB009"
    name = "numbered-label-mapped-to-gene"
    aliases = ()
    severity = Severity.WARNING
    example_not_standalone = True
