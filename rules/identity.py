"""Identity fields: they build the figure's URLs, so they must agree.

figid = <pmcid>__<filename without extension>; the record file is
_figures/<figid>.md; figlink = /pmc/articles/<pmcid>/figure/<label>/;
figid_alias = <pmcid>__<number>; redirect_from = /figures/<figid_alias>;
schema-jsonld.@id = https://pfocr.wikipathways.org/figures/<figid>.html;
schema-jsonld.description = caption; year = the year in reftext.

Division of labour: the schema (SC0xx) checks each field's own shape (pmcid
digits, year four digits, @id and redirect_from patterns); placeholders and
empty values are NA002's. These rules only compare fields with each other,
and skip any value the schema or NA002 already rejects, so one problem is
reported once.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._util import PLACEHOLDERS, is_placeholder, replace_value_fix, yaml_scalar

SITE = "https://pfocr.wikipathways.org/figures/"
_PMCID = re.compile(r"^PMC\d+$")
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|tiff?|bmp|webp|svg)$", re.I)
_FIGLINK = re.compile(r"^(/?)pmc/articles/(PMC\d+)/figure/([^/\s]+)(/?)$")
_FIGLINK_URL = re.compile(r"^https?://(?:www\.)?ncbi\.nlm\.nih\.gov(/pmc/articles/PMC\d+/figure/[^/\s]+/?)$")
# Shapes of `number` seen in PFOCR: F4, Figure 1, S1, SF1, GA1 (graphical abstract).
_NUMBER = re.compile(r"^(?:F|S|SF|GA|Fig|Figure |Fig\. |Supplementary Figure |Scheme )?\d+[A-Za-z]?$")
_LONG_NUMBER = re.compile(r"^(?:Figure|Fig\.?)\s*(\d+[A-Za-z]?)$")
_ALIAS = re.compile(r"^PMC\d+__\S+$")
_REDIRECT = re.compile(r"^/figures/PMC\d+__\S+$")
_ATID = re.compile(r"^https://pfocr\.wikipathways\.org/figures/PMC\d+__.+\.html$")
# The publication year in a PMC citation: "Journal. 2019 May;20(10):2505." -
# the first four-digit year after the journal's closing full stop.
_REF_YEAR = re.compile(r"\.\s+((?:1[89]|20)\d\d)(?=[\s;:.,]|$)")


_PLAIN_PATH = re.compile(r"[/A-Za-z][\w./:()+-]*")


def _scalar(value: str) -> str:
    """Paths and URLs plain, as the pipeline writes them (``/pmc/...``,
    ``https://...``: no space, so no ``: `` or `` #``); anything else via yaml_scalar."""
    return value if "/" in value and _PLAIN_PATH.fullmatch(value) else yaml_scalar(value)


def _text(record, key):
    """The field as usable text, or None (absent, wrong type, empty, placeholder)."""
    # asked ~17 times per record: a top-level key is one dict lookup
    v = record.get(key) if isinstance(key, tuple) else record.data.get(key)
    if not isinstance(v, str):
        return None
    stripped = v.strip()
    if not stripped or stripped in PLACEHOLDERS:
        return None
    return v


def expected_figid(record):
    pmcid, filename = _text(record, "pmcid"), _text(record, "filename")
    if pmcid is None or filename is None or not _PMCID.match(pmcid):
        return None
    stem = _IMAGE_EXT.sub("", filename.strip())
    # Some newer records carry the figid as the image name already
    # ("PMC10497131__pone.0291469.g006.jpg"): that is the same figid.
    return stem if stem.startswith(pmcid + "__") else f"{pmcid}__{stem}"


def _consistent_figid(record):
    """figid when it agrees with pmcid and filename (so derived values can be fixed)."""
    figid = _text(record, "figid")
    return figid if figid is not None and figid == expected_figid(record) else None


def alias_suffixes(number: str) -> set:
    """The figid_alias suffixes a `number` allows: itself, and F<n> for "Figure <n>"."""
    n = number.strip()
    out = {n}
    m = _LONG_NUMBER.match(n)
    if m:
        out.add("F" + m.group(1))
    return out


class FigidMismatch(Rule):
    """``figid`` is not ``<pmcid>__<filename without extension>``.

    What it does:
        Rebuilds the figid from ``pmcid`` and ``filename`` (dropping the image
        extension; a filename that already starts with ``<pmcid>__`` is taken
        as is) and reports a ``figid`` that differs.
    Why this matters:
        The figid names the record file, the page URL
        (``/figures/<figid>.html``), the companion tables and the image; when
        it disagrees with pmcid or filename one of them points at another
        figure.
    Why this shows up:
        Records edited by hand (pmcid or filename corrected, figid not), or
        records copied from another figure of the same paper.
    Example:
        ```yaml
        figid: PMC11987792__cancers-17-01167-g004
        ```
        ```yaml good
        figid: PMC11987792__cancers-17-01167-g005
        filename: PMC11987792__cancers-17-01167-g005.jpg
        ```
    Curation action:
        Find out which of figid, pmcid and filename is wrong (the figure's PMC
        page shows pmcid and image name) and correct it; a figid change also
        renames the file and its tables.
    Fix safety:
        Not fixable automatically: which of the three fields is wrong needs a curator.
    """

    code = "ID001"
    name = "figid-mismatch"
    severity = Severity.ERROR

    def check(self, record, ctx):
        figid = _text(record, "figid")
        expected = expected_figid(record)
        if figid is None or expected is None or figid == expected:
            return
        yield self.finding(record, ("figid",),
                           f"figid {figid!r} does not match pmcid + '__' + filename stem: expected {expected!r}",
                           suggestion=f"Check pmcid ({record.data.get('pmcid')}) and filename "
                                      f"({record.data.get('filename')}) on PMC and correct whichever is wrong",
                           value=figid)


class FileNameMismatch(Rule):
    """The record's file name in ``_figures/`` is not ``<figid>.md``.

    What it does:
        For a record in a figure repository's ``_figures`` folder, reports a
        file name other than the figid plus ``.md``. Records outside a
        ``_figures`` folder (attachments, seeds, test copies) may have any
        name and are not checked.
    Why this matters:
        Jekyll takes the page URL from the file name, while the JSON-LD
        ``@id``, the redirects and the companion tables use the figid: the
        page ends up at one address and every link points at another.
    Why this shows up:
        Files renamed by hand, or saved under a draft name.
    Example:
        A file ``_figures/PMC11987792__F5.md`` holding
        ``figid: PMC11987792__cancers-17-01167-g005``.
    Curation action:
        Rename the file to ``<figid>.md`` (and its ``_data`` tables to
        ``<figid>-genes.tsv`` etc.), or correct the figid if the file name is right.
    Fix safety:
        Not fixable automatically: renaming files is left to the curator.
    """

    code = "ID002"
    name = "file-name-mismatch"
    severity = Severity.ERROR
    example_not_standalone = True  # needs a _figures folder, tested in tests/test_rules_identity.py

    def check(self, record, ctx):
        figid = _text(record, "figid")
        comp = record.companions
        if figid is None or comp is None or not comp.applicable or record.stem == figid:
            return
        yield self.finding(record, ("figid",),
                           f"the file is named {record.stem + '.md'!r} but figid is {figid!r}",
                           suggestion=f"Rename the file to {figid}.md (and its tables), or correct the figid",
                           value=figid)


class FiglinkMalformed(Rule):
    """``figlink`` is not ``/pmc/articles/<pmcid>/figure/<label>/`` for this record's pmcid.

    What it does:
        Reports a ``figlink`` without its leading ``/`` (``pmc/articles/...``),
        written as a full NCBI URL, or naming another PMC id than ``pmcid``.
        (A missing trailing ``/`` alone is ID004.)
    Why this matters:
        The page links to PMC as ``https://www.ncbi.nlm.nih.gov`` + figlink:
        without the leading slash the link reads ``...nih.govpmc/articles/...``
        and is dead; a wrong PMC id links another paper's figure.
    Why this shows up:
        The older pipeline wrote the path without the leading slash (seeds
        PMC7349227 and PMC7321691); hand edits paste full URLs.
    Example:
        ```yaml
        figlink: pmc/articles/PMC11987792/figure/F5/
        ```
        ```yaml
        figlink: /pmc/articles/PMC6676106/figure/F5/
        ```
        ```yaml good
        figlink: /pmc/articles/PMC11987792/figure/F5/
        ```
    Curation action:
        Write the path as ``/pmc/articles/<pmcid>/figure/<label>/``; for a
        wrong PMC id, check which figure the record is about.
    Fix safety:
        Safe for a missing leading slash or a full URL: ``--fix`` writes the
        path form (the link target is unchanged). A wrong PMC id is not fixed.
    """

    code = "ID003"
    fixable = True
    name = "figlink-malformed"
    severity = Severity.ERROR

    def check(self, record, ctx):
        link = _text(record, "figlink")
        if link is None:
            return
        pmcid = _text(record, "pmcid")
        url = _FIGLINK_URL.match(link.strip())
        path = url.group(1) if url else link.strip()
        m = _FIGLINK.match(path)
        if m is None:
            return  # the schema's pattern reports it
        lead, link_pmcid, label, _trail = m.groups()
        if pmcid is not None and _PMCID.match(pmcid) and link_pmcid != pmcid:
            yield self.finding(record, ("figlink",),
                               f"figlink names {link_pmcid} but the record's pmcid is {pmcid}",
                               suggestion="Check which paper the figure belongs to and correct figlink or pmcid",
                               value=link)
            return
        if lead and not url:
            return
        good = f"/pmc/articles/{link_pmcid}/figure/{label}/"
        problem = "is a full URL" if url else "lacks the leading '/'"
        fix = replace_value_fix(record, ("figlink",), _scalar(good), good, "write figlink as a site path")
        yield self.finding(record, ("figlink",), f"figlink {link!r} {problem}",
                           suggestion=f"Write it as {good}", value=link, fix=fix)


class FiglinkNoTrailingSlash(Rule):
    """``figlink`` lacks its trailing ``/``.

    What it does:
        Reports a ``figlink`` of the right form that does not end in ``/``.
    Why this matters:
        PMC redirects the link, so it works, but records are compared and
        joined on figlink, and one figure then has two spellings.
    Why this shows up:
        Recent PLOS records of the pipeline are written without it.
    Example:
        ```yaml
        figlink: /pmc/articles/PMC11987792/figure/F5
        ```
        ```yaml good
        figlink: /pmc/articles/PMC11987792/figure/F5/
        ```
    Curation action:
        Add the ``/``.
    Fix safety:
        Safe: ``--fix`` appends the ``/``; the link target is the same page.
    """

    code = "ID004"
    fixable = True
    name = "figlink-no-trailing-slash"
    severity = Severity.INFO

    def check(self, record, ctx):
        link = _text(record, "figlink")
        if link is None:
            return
        m = _FIGLINK.match(link.strip())
        if m is None or not m.group(1) or m.group(4):
            return  # malformed (schema or ID003) or fine
        good = link.strip() + "/"
        fix = replace_value_fix(record, ("figlink",), _scalar(good), good, "append '/' to figlink")
        yield self.finding(record, ("figlink",), f"figlink {link!r} lacks the trailing '/'",
                           suggestion=f"Write it as {good}", value=link, fix=fix)


class FigidAliasMismatch(Rule):
    """``figid_alias`` is not ``<pmcid>__<number>``.

    What it does:
        Reports a ``figid_alias`` whose PMC id differs from ``pmcid`` or whose
        suffix differs from ``number`` (``Figure 3`` allows ``F3``).
    Why this matters:
        The alias is the figure's short URL (``/figures/PMC..__F5``); a wrong
        one redirects readers to another figure, or two figures claim one alias.
    Why this shows up:
        number corrected by hand without updating the alias, or an alias
        copied from another figure of the same paper.
    Example:
        ```yaml
        figid_alias: PMC11987792__F4
        redirect_from: /figures/PMC11987792__F4
        ```
        ```yaml good
        number: Figure 5
        figid_alias: PMC11987792__F5
        ```
    Curation action:
        Check the figure's label on PMC; correct ``number`` or the alias (and
        ``redirect_from`` with it).
    Fix safety:
        Not fixable automatically: whether number or alias is wrong needs the
        figure's PMC page, and changing an alias changes a public URL.
    """

    code = "ID005"
    name = "figid-alias-mismatch"
    severity = Severity.ERROR

    def check(self, record, ctx):
        alias, pmcid, number = _text(record, "figid_alias"), _text(record, "pmcid"), _text(record, "number")
        if alias is None or pmcid is None or not _ALIAS.match(alias) or not _PMCID.match(pmcid):
            return
        head, _, suffix = alias.partition("__")
        if head != pmcid:
            yield self.finding(record, ("figid_alias",),
                               f"figid_alias {alias!r} names {head} but pmcid is {pmcid}",
                               suggestion=f"Write it as {pmcid}__{suffix}, or check which paper the figure belongs to",
                               value=alias)
            return
        if number is None or suffix in alias_suffixes(number):
            return
        yield self.finding(record, ("figid_alias",),
                           f"figid_alias {alias!r} does not end in the figure number {number!r}",
                           suggestion=f"Check the figure's label on PMC, then correct number or write the alias "
                                      f"as {pmcid}__{number.strip()}", value=alias)


class RedirectMismatch(Rule):
    """``redirect_from`` is not ``/figures/<figid_alias>``.

    What it does:
        Reports a ``redirect_from`` (text, or a list of paths) that does not
        contain ``/figures/`` + ``figid_alias``.
    Why this matters:
        jekyll-redirect-from makes the alias URL redirect to the figure page;
        with another path the alias URL is dead and some other URL is taken.
    Why this shows up:
        The alias was corrected by hand without its redirect.
    Example:
        ```yaml
        redirect_from: /figures/PMC11987792__F4
        ```
        ```yaml good
        redirect_from: /figures/PMC11987792__F5
        ```
    Curation action:
        Make ``redirect_from`` ``/figures/<figid_alias>`` (after checking the alias).
    Fix safety:
        Unsafe: ``--fix --unsafe-fixes`` rewrites it from the alias when the
        alias agrees with pmcid and number; it changes which URL redirects here.
    """

    code = "ID006"
    fixable = True
    name = "redirect-mismatch"
    severity = Severity.ERROR

    def check(self, record, ctx):
        alias = _text(record, "figid_alias")
        redirect = record.data.get("redirect_from")
        if alias is None or not _ALIAS.match(alias):
            return
        want = "/figures/" + alias
        if isinstance(redirect, str):
            if is_placeholder(redirect) or not redirect.strip() or not _REDIRECT.match(redirect):
                return  # NA002 or the schema
            if redirect == want:
                return
        elif isinstance(redirect, list):
            if want in redirect:
                return
        else:
            return
        fix = None
        number, pmcid = _text(record, "number"), _text(record, "pmcid")
        if isinstance(redirect, str) and number and pmcid and alias == f"{pmcid}__{number.strip()}":
            fix = replace_value_fix(record, ("redirect_from",), _scalar(want), want,
                                    "redirect from the alias URL", safety="unsafe")
        yield self.finding(record, ("redirect_from",),
                           f"redirect_from {redirect!r} is not /figures/ + figid_alias ({want})",
                           suggestion=f"Write it as {want}", value=redirect, fix=fix)


class JsonldIdMismatch(Rule):
    """``schema-jsonld.@id`` is the page URL of another figid.

    What it does:
        Reports an ``@id`` of the form ``https://pfocr.wikipathways.org/figures/<x>.html``
        where ``<x>`` is not this record's figid. (An ``@id`` of another form
        is the schema's SC003.)
    Why this matters:
        Search engines and linked-data consumers identify the figure by this
        URL: a wrong one merges two figures or points at a missing page.
    Why this shows up:
        The JSON-LD block was copied from another record, or figid was
        corrected without it.
    Example:
        ```yaml
        schema-jsonld:
          '@id': https://pfocr.wikipathways.org/figures/PMC11987792__cancers-17-01167-g004.html
          description: TP53 and MDM2 in cisplatin resistance of breast cancer. Cisplatin activates
            TP53, which induces MDM2; MDM2 in turn degrades TP53.
          keywords: [TP53, MDM2, Cisplatin, breast cancer]
        ```
        ```yaml good
        schema-jsonld:
          '@id': https://pfocr.wikipathways.org/figures/PMC11987792__cancers-17-01167-g005.html
          description: TP53 and MDM2 in cisplatin resistance of breast cancer. Cisplatin activates
            TP53, which induces MDM2; MDM2 in turn degrades TP53.
          keywords: [TP53, MDM2, Cisplatin, breast cancer]
        ```
    Curation action:
        Write ``https://pfocr.wikipathways.org/figures/<figid>.html``.
    Fix safety:
        Safe when figid agrees with pmcid and filename: ``--fix`` rewrites
        ``@id`` from it (``@id`` is derived data). Otherwise not fixable: fix
        the figid first (ID001).
    """

    code = "ID007"
    fixable = True
    name = "jsonld-id-mismatch"
    severity = Severity.ERROR

    def check(self, record, ctx):
        at_id = _text(record, ("schema-jsonld", "@id"))
        figid = _text(record, "figid")
        if at_id is None or figid is None or not _ATID.match(at_id):
            return
        want = f"{SITE}{figid}.html"
        if at_id == want:
            return
        fix = None
        if _consistent_figid(record):
            fix = replace_value_fix(record, ("schema-jsonld", "@id"), _scalar(want), want,
                                    "rebuild @id from figid")
        yield self.finding(record, ("schema-jsonld", "@id"),
                           f"schema-jsonld.@id {at_id!r} is not the page of figid {figid!r}",
                           suggestion=f"Write it as {want}", value=at_id, fix=fix)


def _first_difference(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    start = max(0, i - 15)
    return f"caption ...{a[start:i + 25]!r}... vs description ...{b[start:i + 25]!r}..."


class DescriptionMismatch(Rule):
    """``schema-jsonld.description`` is not the caption.

    What it does:
        Compares ``schema-jsonld.description`` with ``caption`` after
        collapsing whitespace (YAML line folding differs between the two) and
        reports where they first differ.
    Why this matters:
        Search engines show the description; when it is not the caption they
        describe another (or an outdated) figure.
    Why this shows up:
        The caption was corrected by hand (OCR fixes, a stub replaced) and the
        JSON-LD copy was not.
    Example:
        ```yaml
        schema-jsonld:
          '@id': https://pfocr.wikipathways.org/figures/PMC11987792__cancers-17-01167-g005.html
          description: TP53 and MDM2 in breast cancer.
          keywords: [TP53, MDM2, Cisplatin, breast cancer]
        ```
        ```yaml good
        caption: "TP53 and MDM2 in cisplatin resistance of breast cancer.  Cisplatin activates\\n TP53, which induces MDM2; MDM2 in turn degrades TP53."
        ```
    Curation action:
        Copy the (corrected) caption into ``schema-jsonld.description``.
    Fix safety:
        Unsafe: ``--fix --unsafe-fixes`` copies the caption over the
        description; if the description was the one corrected, that is lost.
    """

    code = "ID008"
    fixable = True
    name = "description-mismatch"
    severity = Severity.WARNING

    def check(self, record, ctx):
        caption = _text(record, "caption")
        desc = _text(record, ("schema-jsonld", "description"))
        if caption is None or desc is None:
            return
        if caption == desc:
            return  # the common case, without building normalised copies
        a, b = " ".join(caption.split()), " ".join(desc.split())
        if a == b:
            return
        fix = replace_value_fix(record, ("schema-jsonld", "description"), yaml_scalar(caption), caption,
                                "copy the caption into the description", safety="unsafe")
        yield self.finding(record, ("schema-jsonld", "description"),
                           f"schema-jsonld.description differs from caption: {_first_difference(a, b)}",
                           suggestion="Copy the caption into schema-jsonld.description", fix=fix)


class YearMismatch(Rule):
    """``year`` is not the publication year in ``reftext``.

    What it does:
        Takes the year of the citation in ``reftext`` (the first four-digit
        year after the journal: ``Cancers (Basel). 2025 Apr;17(7).``) and
        reports a ``year`` that differs, or an empty ``year`` when reftext has
        one. A reftext without a year (``Curr Pathobiol Rep. ;10(2):11-22.``)
        is not judged; a year that is not four digits is the schema's SC003.
    Why this matters:
        The year orders and filters figures on the site and in exports; a
        wrong one hides the figure from "figures since 2020" searches.
    Why this shows up:
        Electronic vs print publication dates, and hand edits.
    Example:
        ```yaml
        year: '2024'
        ```
        ```yaml good
        year: '2025'
        ```
    Curation action:
        Check the paper's publication year on PMC and correct ``year`` (or
        reftext).
    Fix safety:
        Unsafe: ``--fix --unsafe-fixes`` sets year to the reftext year.
    """

    code = "ID009"
    fixable = True
    name = "year-mismatch"
    severity = Severity.WARNING

    def check(self, record, ctx):
        year, reftext = record.data.get("year"), _text(record, "reftext")
        if not isinstance(year, str) or reftext is None or is_placeholder(year):
            return
        y = year.strip()
        if y and not re.fullmatch(r"\d{4}", y):
            return  # the schema's
        m = _REF_YEAR.search(reftext)
        if m is None or m.group(1) == y:
            return
        ref_year = m.group(1)
        fix = replace_value_fix(record, ("year",), yaml_scalar(ref_year), ref_year,
                                "take the year from reftext", safety="unsafe")
        what = f"year {year!r}" if y else "year is empty but"
        yield self.finding(record, ("year",), f"{what} differs from the year in reftext ({ref_year}: {reftext!r})"
                           if y else f"{what} reftext says {ref_year}",
                           suggestion=f"Check the publication year on PMC; reftext says {ref_year}",
                           value=year, fix=fix)


class NumberUnusual(Rule):
    """``number`` is not a figure label of a known shape.

    What it does:
        Reports a ``number`` that is not one of the shapes PMC gives figure
        labels in PFOCR records: ``F4``, ``Figure 1``, ``S1``, ``SF1``,
        ``GA1`` (graphical abstract), ``Fig 2``, ``Scheme 1``.
    Why this matters:
        ``number`` builds ``figid_alias`` and the short URL; OCR debris or a
        caption fragment there gives an unusable alias.
    Why this shows up:
        Labels taken from the caption text instead of the PMC XML.
    Example:
        ```yaml
        number: Figure 5 (continued)
        ```
        ```yaml good
        number: GA1
        ```
    Curation action:
        Take the figure's label from its PMC page (``F5`` for Figure 5).
    Fix safety:
        Not fixable automatically.
    """

    code = "ID010"
    name = "number-unusual"
    severity = Severity.INFO

    def check(self, record, ctx):
        number = _text(record, "number")
        if number is None or _NUMBER.match(number.strip()):
            return
        yield self.finding(record, ("number",),
                           f"number {number!r} is not a figure label like F4, Figure 1, S1, SF1 or GA1",
                           suggestion="Take the figure's label from its PMC page", value=number)
