"""Companion tables of the newer layout: ``_data/<figid>-{genes,chemicals,diseases}.tsv``.

Only records inside a figure repository's ``_figures/`` folder have tables
(``record.companions.applicable``). Findings on a table point at the table
file and the row's line. Tables without a record are RP002 (repository.py).
"""

from __future__ import annotations

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._entities import KINDS, is_older, table

#: Columns a row cannot do without, per kind. ``match``/``name``/``chebi``/
#: ``doid`` are NA when the word matched no MeSH/ChEBI/DOID entry — the
#: pipeline's legitimate "no match" marker (most chemical rows of the real
#: tables) — and the ``count_*`` columns are NA when nothing was counted, so
#: neither is required.
REQUIRED = {
    "genes": ("word", "ncbigene_symbol", "ncbigene_id", "source"),
    "chemicals": ("word", "mesh"),
    "diseases": ("word", "mesh"),
}


def _tables(record):
    for kind in KINDS:
        t = table(record, kind)
        if t is not None:
            yield kind, t


class TablesMissing(Rule):
    """A newer-layout record has keywords but not the table they come from.

    What it does:
        For a record in a figure repository's ``_figures/`` folder without an
        inline ``genes`` list, reports a missing ``_data/<figid>-genes.tsv``
        when ``schema-jsonld.keywords`` has names that the chemicals and
        diseases tables (if any) do not account for and that can be gene
        symbols. A name that is a gene symbol of HGNC, MGI or RGD as written
        can; one with a space, a MeSH chemical or an English word (lactate,
        serine, aspirin) cannot; any other (a bacterium's ``pflB``, a worm's
        ``pals-5``) is taken to be one. When fewer than half of the
        unaccounted keywords can be gene symbols, the missing table is the
        chemicals one (or, beside a chemicals table, the diseases one), and
        that is what is reported.
        Records linted outside ``_figures/`` are not checked (there is no
        ``_data`` folder to look in).
    Why this matters:
        The figure's page builds its gene table from the TSV: without it the
        page shows no genes while the keywords advertise them, and the gene
        sets lose the figure.
    Why this shows up:
        The table was not committed, was deleted with a batch of stale tables,
        or the record's figid changed without renaming the tables.
    Example:
        (Needs a ``_figures``/``_data`` tree; see tests/test_rules_tables.py.)
    Curation action:
        Restore the table from the pipeline's output (or the repository
        history), or remove the gene keywords if the figure has no genes.
    Fix safety:
        Not fixable automatically.
    """

    code = "TB001"
    name = "tables-missing"
    severity = Severity.WARNING
    example_not_standalone = True
    needs = ("hgnc", "mesh", "genecontext")

    def check(self, record, ctx):
        comp = getattr(record, "companions", None)
        if comp is None or not comp.applicable or is_older(record):
            return
        kw = record.get(("schema-jsonld", "keywords"))
        if not isinstance(kw, list) or not kw:
            return
        if table(record, "genes") is not None:
            return
        accounted = set()
        present = []
        for kind in ("chemicals", "diseases"):
            t = table(record, kind)
            if t is not None:
                present.append(kind)
                accounted.update(r.get("word") for r in t.rows)
        unaccounted = [k for k in kw if isinstance(k, str) and k not in accounted]
        if not unaccounted:
            return
        can_be_gene = _gene_name_test(ctx)
        genes = [k for k in unaccounted if can_be_gene(k)]
        # most chemical names are in MeSH or a dictionary, not all (pyruvate,
        # sphinganine): gene names must be at least half of what is left
        if genes and 2 * len(genes) >= len(unaccounted):
            missing, names, what = "genes", genes, ""
        else:
            missing = "chemicals" if "chemicals" not in present else "diseases" if "diseases" not in present else None
            if missing is None:
                return   # both tables are there: the names are extra keywords (KW002)
            names, what = unaccounted, ", mostly chemical or disease names,"
        if present:
            # "the diseases table exists", "the chemicals and diseases tables exist"
            others = f" (only the {' and '.join(present)} " + ("tables exist)" if len(present) > 1 else "table exists)")
        else:
            others = " (no companion table exists)"
        yield self.finding(
            record, ("schema-jsonld", "keywords"),
            f"no {missing} table {comp.display(missing)} for this record, yet schema-jsonld.keywords lists "
            f"{len(names)} name(s){what} no other table accounts for, e.g. {', '.join(names[:5])}{others}",
            suggestion=f"Restore the {missing} table from the pipeline output or the repository history")


def _gene_name_test(ctx):
    """keyword -> can it be a gene symbol (see TablesMissing)? Without the
    reference data every name can."""
    genes = ctx.knowledge("hgnc") if ctx is not None else None
    mesh = ctx.knowledge("mesh") if ctx is not None else None
    words = ctx.knowledge("genecontext") if ctx is not None else None
    if genes is None or mesh is None or words is None:
        return lambda name: True
    nomenclatures = [sp for sp in (genes.human, genes.mouse, genes.rat) if sp is not None]

    def can_be_gene(name: str) -> bool:
        for sp in nomenclatures:
            found = sp.resolve(name)
            if found.kind != "unknown" and not found.case_mismatch:
                return True
        return not (" " in name.strip() or mesh.names_chemical(name) or words.is_word(name.lower()))

    return can_be_gene


class TableDuplicateRows(Rule):
    """A companion table repeats a row cell for cell.

    What it does:
        Reports each row of a genes, chemicals or diseases table that repeats
        an earlier row exactly, at the repeat's line, naming the word and the
        line of the first copy.
    Why this matters:
        The page lists the chemical or gene twice, and counts over the tables
        (how many figures mention glucose) are inflated.
    Why this shows up:
        One row per OCR hit: a figure that prints ``Glucose`` twice gets two
        identical rows; and re-runs appended to an existing table.
    Example:
        (Needs a ``_figures``/``_data`` tree; see tests/test_rules_tables.py.)
    Curation action:
        Delete the repeated rows.
    Fix safety:
        Not fixable automatically (tables are not rewritten by the fixer).
    """

    code = "TB002"
    name = "table-duplicate-rows"
    severity = Severity.INFO
    example_not_standalone = True

    def check(self, record, ctx):
        for kind, t in _tables(record):
            if t.problem:
                continue
            first: dict = {}
            for row, line in zip(t.rows, t.lines):
                key = tuple(row.values())
                if key in first:
                    yield self.finding(
                        None, (), f"{kind} table row for word {row.get('word')!r} repeats line {first[key]}",
                        path=t.path, line=line, value=row.get("word"),
                        suggestion="Delete the repeated row")
                else:
                    first[key] = line


class TableNaCell(Rule):
    """A companion table row has NA or nothing where a value is required.

    What it does:
        Reports rows whose required cells are ``NA`` or empty: ``word``,
        ``ncbigene_symbol``, ``ncbigene_id`` and ``source`` in genes tables;
        ``word`` and ``mesh`` in chemicals and diseases tables. NA in
        ``match``, ``name``, ``chebi`` or ``doid`` is the pipeline's "no
        match" marker and NA in a ``count_*`` column means nothing was
        counted: both are legitimate and not reported. Cells a short row
        lacks are TB004's (a ragged row), not reported here again.
    Why this matters:
        A chemical or disease row without a MeSH id identifies nothing; a gene
        row without a symbol or id cannot be shown or exported. A ``word`` of
        NA is either R's missing value or the label "NA"/"Na" (sodium) mapped
        to a gene named ``na``: wrong both ways.
    Why this shows up:
        R writes missing values as ``NA`` in ``write.table``; rows whose
        lookup failed keep the marker instead of being dropped.
    Example:
        (Needs a ``_figures``/``_data`` tree; see tests/test_rules_tables.py.)
    Curation action:
        Fill the value in from the source (MeSH, NCBI Gene), or delete the
        row.
    Fix safety:
        Not fixable automatically.
    """

    code = "TB003"
    name = "table-na-cell"
    severity = Severity.WARNING
    example_not_standalone = True

    def check(self, record, ctx):
        for kind, t in _tables(record):
            if t.problem:
                continue
            cols = [(c, t.header.index(c)) for c in REQUIRED[kind] if c in t.header]
            widths = t.widths or [len(t.header)] * len(t.rows)
            for row, line, width in zip(t.rows, t.lines, widths):
                # a cell the row does not have is TB004's (a ragged row), not an NA
                bad = [c for c, i in cols if i < width and (row.get(c) or "").strip() in ("", "NA")]
                if bad:
                    what = ", ".join(f"{c}={row.get(c)!r}" for c in bad)
                    yield self.finding(
                        None, (), f"{kind} table row (word {row.get('word')!r}) has no value in {what}",
                        path=t.path, line=line, value=row.get("word"),
                        suggestion="Fill the value in from the source, or delete the row")


class TableUnreadable(Rule):
    """A companion table cannot be read, lacks its key columns, or has ragged rows.

    What it does:
        Reports a table that is not UTF-8 tab-separated text, has no header,
        lacks a column the linter and the site need (``word`` and
        ``ncbigene_symbol`` in genes tables, ``word`` in chemicals and
        diseases tables), and each row whose number of cells differs from the
        header's (at the row's line). A table larger than ``max-file-size``
        or with more rows than ``max-table-rows`` (default 3,000) is reported
        here and not checked: every rule's cost is per row, and real tables
        have at most a few hundred.
    Why this matters:
        Jekyll reads the tables with a strict TSV parser: a ragged or
        undecodable table breaks the figure's page (or the whole site build),
        and every rule that compares the record with the table is blind.
    Why this shows up:
        Hand edits in spreadsheet programs (which save as CSV or in another
        encoding), tabs inside OCR words, truncated writes. A table over the limits
        is seldom one figure's table: re-runs appended to it, or a batch's
        output saved under one figure's name.
    Example:
        (Needs a ``_figures``/``_data`` tree; see tests/test_rules_tables.py.)
    Curation action:
        Regenerate the table, or repair it in a plain-text editor so every row
        has the header's columns. For a table over a limit, check that it is
        the figure's own table, or raise ``max-table-rows`` (or
        ``max-file-size``) to check it as it is.
    Fix safety:
        Not fixable automatically.
    """

    code = "TB004"
    name = "table-unreadable"
    severity = Severity.ERROR
    example_not_standalone = True

    _KEY = {"genes": ("word", "ncbigene_symbol"), "chemicals": ("word",), "diseases": ("word",)}

    def check(self, record, ctx):
        for kind, t in _tables(record):
            if t.problem:
                yield self.finding(None, (), f"{kind} table cannot be used: {t.problem}", path=t.path, line=1,
                                   suggestion=t.advice or "Regenerate the table or save it as UTF-8 "
                                                          "tab-separated text")
                continue
            missing = [c for c in self._KEY[kind] if c not in t.header]
            if missing:
                yield self.finding(None, (), f"{kind} table lacks the column(s) {', '.join(missing)} "
                                             f"(header: {', '.join(t.header)})", path=t.path, line=1,
                                   suggestion="Regenerate the table with the pipeline's columns")
            width = len(t.header)
            for line, n in zip(t.lines, t.widths):
                if n != width:
                    yield self.finding(None, (), f"{kind} table row has {n} cells, the header has {width}",
                                       path=t.path, line=line,
                                       suggestion="Repair the row so it has one cell per header column "
                                                  "(a tab inside a word splits it)")
