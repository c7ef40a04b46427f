"""Placeholders and missing values: R's NA leaking into records, empty
values, stray whitespace and stub captions.

Which family owns which field (so that one problem is reported once):

* ``organisms`` / ``organisms_ner``: the organisms rules (OR0xx), which can
  suggest the species found by NER;
* ``doi``: the DOI rules (DO0xx), which say how to resolve it;
* ``genes`` / ``chemicals`` / ``diseases`` rows: the gene-row rules;
* numeric fields (``automl_pathway``, ``pathway_score``): a placeholder there is
  a type error, reported by the schema (SC0xx);
* ``year``: the schema accepts '' (unknown) and rejects other non-years
  (SC003); an empty year beside a dated reftext is ID009's.

Everything else is checked here. ``None`` (``key:`` with no value) is a type
question and left to the schema as well.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._util import PLACEHOLDERS, R_NA_MARKERS, drop_items_fix, replace_value_fix, yaml_scalar

# Fields that build the figure's URLs and identity on the site: a placeholder
# there is the schema's SC003 (pattern), or NA002's for the free-text number.
IDENTITY = frozenset({"figid", "pmcid", "filename", "figlink", "number", "figid_alias",
                      "redirect_from"})
JSONLD = "schema-jsonld"
IDENTITY_PARTS = frozenset({(JSONLD, "@id")})
# Top-level fields another family owns (see the module docstring).
# ``year``: '' is the schema's "unknown", anything else not four digits is its
# SC003, and an empty year beside a dated reftext is ID009's.
OWNED_ELSEWHERE = frozenset({"organisms", "organisms_ner", "doi", "genes", "chemicals",
                             "diseases", "automl_pathway", "pathway_score", "year"})
# Fields where '' is a legitimate value, read off the corpus:
#   ndex ''            no NDEx network for this figure (80 of 94 records);
#   keywords ''        the paper has no author keywords (PLOS, bioRxiv);
#   publisher_name ''  author manuscripts (nihms) carry no publisher in PMC.
EMPTY_OK = frozenset({"ndex", "keywords", "publisher_name"})
# Where an empty string is a defect: text the figure page shows.
EXPECTED_TEXT = frozenset({"caption", "figtitle", "papertitle", "reftext", "journal_title",
                           "journal_nlm_ta", "figtype", "seo"})
# Short names where a doubled space is an artefact (prose fields are not
# listed: a double space after a sentence is common and invisible in HTML).
SHORT_TEXT = frozenset({"figtitle", "papertitle", "reftext", "journal_title", "journal_nlm_ta",
                        "publisher_name", "figtype", "organisms", "organisms_ner"})

_STUB = re.compile(
    r"^(?:(?:supplementary|supporting|graphical|visual)\s+)?"
    r"(?:fig(?:ure)?\.?|abstract|graphical\s+abstract|image|scheme|illustration|untitled|"
    r"unlabell?ed\s+image|no\s+caption|caption|title|figure\s+legend|legend)"
    r"(?:\s*S?\d+[A-Za-z]?)?\s*[.:]?$",
    re.I)
ROWS = ("genes", "chemicals", "diseases")
_LONGEST = max(map(len, PLACEHOLDERS)) + 8  # longer strings cannot be a (padded) placeholder
_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")


def _suspect(v: str) -> bool:
    """Could NA001, NA003 or NA004 report this string? Empty, whitespace at
    an end, or a bare placeholder (a padded one has whitespace at an end)."""
    return not v or v[0].isspace() or v[-1].isspace() or (len(v) <= _LONGEST and v in PLACEHOLDERS)


def _walk(value, parts, out):
    """Append (parts, text) of every suspect string under ``value`` to ``out``.

    This runs over every string of every record (an older record's
    schema-jsonld keywords alone can be 200), and nearly none is suspect: the
    test is inlined and only suspects get a parts tuple.
    """
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    longest, placeholders = _LONGEST, PLACEHOLDERS
    for k, v in items:
        if isinstance(v, str):
            if not v or v[0].isspace() or v[-1].isspace() or (len(v) <= longest and v in placeholders):
                out.append((parts + (k,), v))
        elif isinstance(v, (dict, list)):
            _walk(v, parts + (k,), out)


def _strings(record):
    """(parts, text) of the suspect strings (see ``_suspect``) of the record
    outside the gene/chemical/disease rows (the gene-row family's, and most
    of an older record's strings), computed once for the family."""
    got = record.cache.get("placeholders.strings")
    if got is None:
        got = []
        data = record.data
        if isinstance(data, dict):
            for key, value in data.items():
                if key in ROWS:
                    continue
                if isinstance(value, str):
                    if _suspect(value):
                        got.append(((key,), value))
                else:
                    _walk(value, (key,), got)
        record.cache["placeholders.strings"] = got
    return got


def _fields(record, keys):
    """(parts, text) of the top-level ``keys``: the value, or its string items."""
    data = record.data
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            yield (key,), value
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, str):
                    yield (key, i), v


def _jsonld_strings(record):
    """The suspect strings under schema-jsonld (all that NA003 could report there)."""
    return [(p, v) for p, v in _strings(record) if p[0] == JSONLD]


def _owned_elsewhere(parts) -> bool:
    return bool(parts) and parts[0] in OWNED_ELSEWHERE


def _is_identity(parts) -> bool:
    return (len(parts) >= 1 and parts[0] in IDENTITY) or tuple(parts[:2]) in IDENTITY_PARTS


def _kind(value: str) -> str:
    v = value.strip()
    return "R's missing-value marker" if v in R_NA_MARKERS else "the placeholder"


class NaPlaceholder(Rule):
    """A metadata field or list item holds R's NA (``.na.character``) or ``NA``/``NaN``/``NULL``/``N/A``.

    What it does:
        Reports any text value or list item (outside the identity fields) whose
        whole value is ``.na.character`` (also ``.na``, ``.na.integer``,
        ``.na.real``) or one of ``NA``, ``<NA>``, ``N/A``, ``NaN``, ``NULL``:
        ``journal_title``, ``journal_nlm_ta``, ``publisher_name``, the paper's
        ``keywords``, ``caption``, and items of ``schema-jsonld.keywords``.
        Matching is on the whole value and case-sensitive, so ``Na`` (sodium)
        is not a placeholder. ``organisms``, ``organisms_ner`` and ``doi`` have
        rules of their own (OR002, OR005, DO001).
    Why this matters:
        The site prints the value as is: the figure page shows
        "Journal: .na.character", and a ``.na.character`` item of
        ``schema-jsonld.keywords`` is published to search engines and to the
        gene-set exports as if it were a gene.
    Why this shows up:
        The R pipeline fetches paper metadata from PMC; when the fetch fails the
        R vector holds ``NA``, and R's yaml writer serialises a character
        ``NA`` as ``.na.character``. Keywords lists get one when a gene row has
        no HGNC symbol. Older records (2019-2020 runs) have all five paper
        fields at ``.na.character``.
    Example:
        ```yaml
        journal_title: .na.character
        ```
        ```yaml
        schema-jsonld:
          '@id': https://pfocr.wikipathways.org/figures/PMC11987792__cancers-17-01167-g005.html
          description: TP53 and MDM2 in cisplatin resistance of breast cancer. Cisplatin activates
            TP53, which induces MDM2; MDM2 in turn degrades TP53.
          keywords:
          - TP53
          - .na.character
        ```
        ```yaml good
        journal_title: Cancers
        keywords: ''
        ```
    Curation action:
        Look the paper up in PMC (https://www.ncbi.nlm.nih.gov/pmc/articles/<pmcid>/)
        and fill in the real journal title, NLM abbreviation, publisher and
        keywords. Remove a ``.na.character`` keyword, or replace it with the
        symbol its gene row should have had.
    Fix safety:
        Unsafe: ``--fix --unsafe-fixes`` blanks a scalar placeholder to ``''``
        (what the pipeline writes for "no value", e.g. ``keywords: ''``), and
        removes placeholder items from a list. The page then shows nothing
        instead of ".na.character", but the real value is still missing and
        ``keywords: ''`` would claim the paper has no keywords, so a curator
        should rather fill the value in.
    """

    code = "NA001"
    fixable = True
    name = "na-placeholder"
    aliases = ("na-character",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        fixed_lists = set()
        for parts, value in _strings(record):
            if len(value) > _LONGEST or value.strip() not in PLACEHOLDERS:
                continue
            if _owned_elsewhere(parts) or _is_identity(parts):
                continue
            fix = None
            if isinstance(parts[-1], int):
                list_parts = parts[:-1]
                if list_parts not in fixed_lists:
                    fixed_lists.add(list_parts)
                    items = record.get(list_parts)
                    na = [i for i, v in enumerate(items) if isinstance(v, str) and v.strip() in PLACEHOLDERS]
                    fix = drop_items_fix(record, list_parts, na, "remove the placeholder items", safety="unsafe")
                what = "list item"
                suggestion = ("Remove the item, or replace it with the value it stands for "
                              "(for a keyword: the symbol of the gene row that produced it)")
            else:
                fix = replace_value_fix(record, parts, "''", "", "blank the placeholder", safety="unsafe")
                what = "value"
                suggestion = ("Fill in the real value from the paper's PMC page "
                              f"(https://www.ncbi.nlm.nih.gov/pmc/articles/{record.data.get('pmcid', '<pmcid>')}/)")
            yield self.finding(record, parts,
                               f"'{record.field_name(parts)}' {what} is {_kind(value)} {value.strip()!r}, not data",
                               suggestion=suggestion, value=value, fix=fix)


class IdentityPlaceholder(Rule):
    """The figure ``number`` is empty or a placeholder, so the figure has no usable label.

    What it does:
        Reports ``number`` when it is ``''``, blank, ``.na.character`` or
        ``NA``-like. The other identity fields (``figid``, ``pmcid``,
        ``filename``, ``figlink``, ``figid_alias``, ``redirect_from``,
        ``schema-jsonld.@id``) have a pattern in the schema, which already
        rejects a placeholder there as an error (SC003); ``number`` is free
        text in the schema, so only this rule catches it. No other NA rule
        reports identity fields, so each such problem is reported once.
    Why this matters:
        ``number`` builds ``figid_alias`` and the figure's short URL
        (``/figures/<pmcid>__<number>``) and is the label shown on the page:
        with ``NA`` the alias becomes ``PMC..__NA``, shared by every figure
        of the paper that lost its label.
    Why this shows up:
        A failed lookup of the figure label in the PMC XML (R's ``NA``) or a
        hand edit that cleared the value.
    Example:
        ```yaml
        number: .na.character
        ```
        ```yaml
        number: ''
        ```
        ```yaml good
        number: F5
        ```
    Curation action:
        Take the figure's label from its PMC page (``F5`` for Figure 5) and
        check ``figid_alias`` and ``redirect_from`` against it.
    Fix safety:
        Not fixable automatically: the value must be looked up.
    """

    code = "NA002"
    name = "identity-placeholder"
    aliases = ("number-placeholder",)
    severity = Severity.ERROR

    def check(self, record, ctx):
        value = record.data.get("number")
        if not isinstance(value, str):
            return
        v = value.strip()
        if v and v not in PLACEHOLDERS:
            return
        shown = f"the placeholder {v!r}" if v else "empty"
        yield self.finding(record, ("number",), f"'number' is {shown}: the figure has no label",
                           suggestion="Take the figure's label from its PMC page (e.g. F5) and check "
                                      "figid_alias and redirect_from against it", value=value)


class EmptyValue(Rule):
    """A text field the figure page shows is an empty string.

    What it does:
        Reports ``''`` (or only spaces) in ``caption``, ``figtitle``,
        ``papertitle``, ``reftext``, ``journal_title``, ``journal_nlm_ta``,
        ``figtype``, ``seo``, in the text fields of ``schema-jsonld``, and as
        an item of ``schema-jsonld.keywords``. Empty values that mean
        something are not reported: ``ndex: ''`` (no NDEx network),
        ``keywords: ''`` (a paper without author keywords) and
        ``publisher_name: ''`` (author manuscripts have no publisher in PMC).
    Why this matters:
        The page renders an empty title or caption, and search engines get an
        empty description; an empty keyword is indexed as a gene set member.
    Why this shows up:
        R turns a missing value into ``''`` when it pastes strings together,
        and the OCR step gives an empty title when the caption has no first
        sentence.
    Example:
        ```yaml
        figtitle: ''
        ```
        ```yaml good
        ndex: ''
        keywords: ''
        publisher_name: ''
        ```
    Curation action:
        Fill in the value from the paper (title: the caption's first sentence;
        journal: the PMC page), or remove the empty keyword.
    Fix safety:
        Not fixable automatically: the value must be written by a curator.
    """

    code = "NA003"
    name = "empty-value"
    severity = Severity.WARNING

    def check(self, record, ctx):
        for parts, value in [*_fields(record, EXPECTED_TEXT), *_jsonld_strings(record)]:
            if value.strip():
                continue
            top = parts[0] if parts else None
            expected = (top in EXPECTED_TEXT and len(parts) == 1) or (
                top == JSONLD and len(parts) >= 2 and tuple(parts[:2]) not in IDENTITY_PARTS)
            if not expected:
                continue
            what = "item" if isinstance(parts[-1], int) else "field"
            yield self.finding(record, parts,
                               f"{what} '{record.field_name(parts)}' is empty",
                               suggestion="Fill it in from the paper" if what == "field"
                               else "Remove the empty item", value=value)


class SurroundingWhitespace(Rule):
    """A text value starts or ends with whitespace.

    What it does:
        Reports strings with leading or trailing spaces, tabs or newlines
        (anywhere in the front matter except the gene/chemical/disease rows,
        whose OCR words have rules of their own).
    Why this matters:
        Identity fields with a stray space give broken URLs; names with one
        (``' Homo sapiens'``) do not match the same name without it, so the
        figure drops out of its species listing and keyword comparisons fail.
    Why this shows up:
        Values pasted from PMC metadata and OCR text keep the spaces around
        them; R's yaml writer then has to quote them, which is why these values
        are always in quotes.
    Example:
        ```yaml
        journal_title: 'Cancers '
        ```
        ```yaml good
        journal_title: Cancers
        ```
    Curation action:
        Remove the surrounding whitespace.
    Fix safety:
        Safe: ``--fix`` trims the value; surrounding whitespace carries no
        meaning in any PFOCR field. (A leading space in a pattern-checked
        identity field also fails the schema, SC003; this finding carries the fix.)
    """

    code = "NA004"
    fixable = True
    name = "surrounding-whitespace"
    severity = Severity.WARNING

    def check(self, record, ctx):
        for parts, value in _strings(record):
            if not value or not (value[0].isspace() or value[-1].isspace()) or not value.strip():
                continue
            if value.strip() in PLACEHOLDERS:
                continue  # reported as a placeholder
            trimmed = value.strip()
            fix = replace_value_fix(record, parts, yaml_scalar(trimmed), trimmed, "trim the whitespace")
            yield self.finding(record, parts,
                               f"'{record.field_name(parts)}' has {_which_ends(value)} whitespace: {value!r}",
                               suggestion=f"Write it as {trimmed!r}", value=value, fix=fix)


def _which_ends(value: str) -> str:
    lead, trail = value != value.lstrip(), value != value.rstrip()
    return "leading and trailing" if lead and trail else "leading" if lead else "trailing"


class DoubledSpace(Rule):
    """A name or title has two or more spaces in a row.

    What it does:
        Reports runs of spaces inside short text fields: ``figtitle``,
        ``papertitle``, ``reftext``, ``journal_title``, ``journal_nlm_ta``,
        ``publisher_name``, ``figtype``, organism names and
        ``schema-jsonld.keywords`` items. Captions and descriptions are not
        checked: prose often has two spaces after a sentence.
    Why this matters:
        Little on the page (HTML collapses spaces), but the same publisher or
        journal then appears under two spellings in facets and exports, e.g.
        ``Multidisciplinary Digital Publishing Institute  (MDPI)``.
    Why this shows up:
        The R pipeline pastes metadata parts with ``paste()`` and a separator,
        doubling the space when a part already ends with one; PMC titles of
        2001-2006 papers also carry doubled spaces from their XML.
    Example:
        ```yaml
        publisher_name: Multidisciplinary Digital Publishing Institute  (MDPI)
        ```
        ```yaml good
        publisher_name: Multidisciplinary Digital Publishing Institute (MDPI)
        ```
    Curation action:
        Collapse the spaces to one.
    Fix safety:
        Safe: ``--fix`` collapses each run of spaces between words to one
        space, which is how the page already renders it.
    """

    code = "NA005"
    fixable = True
    name = "doubled-space"
    severity = Severity.INFO

    def check(self, record, ctx):
        keywords = record.get((JSONLD, "keywords"))
        found = list(_fields(record, SHORT_TEXT))
        if isinstance(keywords, list):
            found.extend(((JSONLD, "keywords", i), k) for i, k in enumerate(keywords)
                         if isinstance(k, str) and "  " in k)
        for parts, value in found:
            if "  " not in value:
                continue
            short = parts[0] in SHORT_TEXT or tuple(parts[:2]) == (JSONLD, "keywords")
            if not short or value.strip() in PLACEHOLDERS:
                continue
            if not _SPACES.search(value):
                continue
            collapsed = _SPACES.sub(" ", value)
            fix = replace_value_fix(record, parts, yaml_scalar(collapsed), collapsed,
                                    "collapse the doubled spaces")
            m = _SPACES.search(value)
            around = value[max(0, m.start() - 20): m.end() + 20]
            yield self.finding(record, parts,
                               f"'{record.field_name(parts)}' has a run of spaces: {around!r}",
                               suggestion=f"Write it as {collapsed!r}", value=value, fix=fix)


class StubCaption(Rule):
    """The caption or figure title is only a label such as ``Figure`` or ``Graphical abstract``.

    What it does:
        Reports a ``caption`` or ``figtitle`` that says nothing about the
        figure: ``Figure``, ``Figure 3``, ``Fig. 2:``, ``Graphical abstract``,
        ``Image``, ``Scheme 1``, ``Unlabelled image``. (``schema-jsonld.description``
        mirrors the caption and is not reported again; ``figtype: Graphical
        abstract`` is a category, not a stub.)
    Why this matters:
        The caption is the figure's description on the site, in search engines
        and for the NER steps that find genes and organisms; with a stub there
        is nothing to search and nothing to check the OCR'd genes against.
    Why this shows up:
        Graphical abstracts and some publishers' figures have no caption in the
        PMC XML; the pipeline then takes the label (``Figure``) as caption.
    Example:
        ```yaml
        caption: Figure
        ```
        ```yaml
        figtitle: Graphical abstract
        ```
        ```yaml good
        figtitle: Graphical abstract of TP53 signalling in cisplatin resistance
        ```
    Curation action:
        Write a caption from the figure and the paper (for a graphical
        abstract: the paper's abstract, condensed), and update
        ``schema-jsonld.description`` to the same text.
    Fix safety:
        Not fixable automatically: the text has to be written.
    """

    code = "NA006"
    name = "stub-caption"
    aliases = ("stub-title",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        for key in ("caption", "figtitle"):
            value = record.data.get(key)
            if isinstance(value, str) and value.strip() and _STUB.match(value.strip()):
                yield self.finding(record, (key,),
                                   f"'{key}' is only the label {value.strip()!r}",
                                   suggestion="Write a real " + ("caption" if key == "caption" else "title")
                                              + " from the figure and the paper", value=value)
