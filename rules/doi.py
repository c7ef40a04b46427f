"""The paper's DOI.

This family owns ``doi`` entirely: a ``.na.character`` DOI is reported here
(DO001, with how to resolve it), not by the placeholder rules. The other
paper fields (``journal_title``, ``journal_nlm_ta``, ``publisher_name``) are
covered by NA001/NA003 and not reported again here.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._util import is_placeholder, replace_value_fix, yaml_scalar

# A DOI (Crossref's pattern: "10." + 4-9 digit registrant + "/" + suffix
# without spaces) behind a URL or label: the DOI itself is recoverable.
_WRAPPED = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)$", re.I)

ID_CONVERTER = "https://www.ncbi.nlm.nih.gov/pmc/tools/id-converter-api/"
ID_QUERY = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/?ids="


def older_layout(data: dict) -> bool:
    """Records of the older layout (2019-2021 runs: inline gene rows,
    ``pmc_ranked_result_index``) never had the paper fields (doi, journal_*,
    publisher_name, keywords): their absence is not a defect there."""
    return "genes" in data or "pmc_ranked_result_index" in data


def _how_to_resolve(record) -> str:
    pmcid = record.data.get("pmcid")
    pmcid = pmcid if isinstance(pmcid, str) and pmcid.startswith("PMC") else "<pmcid>"
    return (f"Resolve it from the PMC id with the PMC ID converter ({ID_CONVERTER}): "
            f"{ID_QUERY}{pmcid}&format=json, and write the bare DOI (10.xxxx/...); "
            "if the paper has no DOI, suppress with '# pfocr-lint: disable=DO001'")


class DoiMissing(Rule):
    """The record has no DOI: the key is absent, empty or a placeholder.

    What it does:
        Reports a newer-layout record (paper fields, no inline gene rows)
        whose ``doi`` is absent, ``''``, ``.na.character`` or ``NA``-like.
        Older-layout records (inline ``genes``, ``pmc_ranked_result_index``)
        never had a ``doi`` field and are not reported. (The schema accepts
        ``.na.character`` but rejects ``''`` and ``NA`` as SC003; this finding
        adds how to resolve the DOI.)
    Why this matters:
        The DOI is how the figure page links and cites the paper, and how the
        figure is matched to the paper in Wikidata and other resources.
        ``.na.character`` gives a link to ``https://doi.org/.na.character``.
    Why this shows up:
        The pipeline fetches the DOI with the paper metadata from PMC; when the
        fetch fails (it did for many 2005-2006 papers), R writes its NA as
        ``.na.character``.
    Example:
        ```yaml
        doi: .na.character
        ```
        ```yaml
        _remove: [doi]
        ```
        ```yaml good
        _base: older
        ```
    Curation action:
        Resolve the DOI from the PMC id with the PMC ID converter
        (https://www.ncbi.nlm.nih.gov/pmc/tools/id-converter-api/) or from the
        PMC article page, and fill it in without a URL prefix. The other paper
        fields (journal, publisher, keywords) are usually missing as well:
        fill them in from the same page.
    Fix safety:
        Not fixable automatically: pfocr-lint does not call NCBI services.
    """

    code = "DO001"
    name = "doi-missing"
    severity = Severity.WARNING

    def check(self, record, ctx):
        data = record.data
        if "doi" not in data:
            if not older_layout(data):
                yield self.finding(record, (), "the record has no 'doi' field",
                                   suggestion=_how_to_resolve(record))
            return
        value = data["doi"]
        if isinstance(value, str) and (not value.strip() or is_placeholder(value)):
            shown = "empty" if not value.strip() else f"the placeholder {value.strip()!r}"
            yield self.finding(record, ("doi",), f"'doi' is {shown}",
                               suggestion=_how_to_resolve(record), value=value)


class DoiAbsentOlderLayout(Rule):
    """An older-layout record has no DOI at all.

    What it does:
        Reports, at info level, a record of the older layout (inline
        ``genes``, ``pmc_ranked_result_index``) that has no ``doi`` field.
        Newer-layout records without a DOI are DO001's (a warning); the
        older layout never had the field, so its absence is reported here,
        below the default gate, as something to fill in rather than a defect.
    Why this matters:
        A missing DOI is one of the inconsistencies curators ask to see: the
        figure page cannot link or cite the paper, and the figure cannot be
        matched to the paper in Wikidata and other resources. Roughly a third
        of PFOCR's records are of the older layout, and none of them has one.
    Why this shows up:
        The 2019-2021 pipeline runs wrote no paper fields (``doi``,
        ``journal_*``, ``publisher_name``); later runs added them to new
        records only.
    Example:
        ```yaml
        _base: older
        ```
        ```yaml good
        _base: older
        doi: 10.1371/journal.pone.0291469
        ```
    Curation action:
        As for DO001: resolve the DOI from the PMC id with the PMC ID
        converter (https://www.ncbi.nlm.nih.gov/pmc/tools/id-converter-api/)
        or the PMC article page and add ``doi:`` with the bare DOI
        (10.xxxx/...).
    Fix safety:
        Not fixable automatically: pfocr-lint does not call NCBI services.
    """

    code = "DO003"
    name = "doi-absent-older-layout"
    severity = Severity.INFO

    def check(self, record, ctx):
        data = record.data
        if "doi" not in data and older_layout(data):
            yield self.finding(record, (), "the record (older layout, with inline gene rows) has no 'doi' field",
                               suggestion=_how_to_resolve(record).replace("DO001", "DO003"))


class DoiMalformed(Rule):
    """The DOI is written as a URL or with a ``doi:`` label.

    What it does:
        Reports a ``doi`` such as ``https://doi.org/10.3390/...``,
        ``http://dx.doi.org/...`` or ``doi:10.3390/...``, where the bare DOI
        can be recovered. The schema reports every value that is not DOI
        syntax (SC003, an error); this rule adds the repair for the case
        whose meaning is certain, so other malformed DOIs are left to SC003.
    Why this matters:
        The site prefixes the value with ``https://doi.org/``; a prefixed DOI
        gives a broken link and fails matching against Crossref and Wikidata.
    Why this shows up:
        Hand-edited records copy the DOI link from the publisher's page.
    Example:
        ```yaml
        doi: https://doi.org/10.3390/cancers17071167
        ```
        ```yaml
        doi: 'doi: 10.3390/cancers17071167'
        ```
        ```yaml good
        doi: 10.1371/journal.pone.0291469
        ```
    Curation action:
        Write the bare DOI (``10.xxxx/...``).
    Fix safety:
        Safe: ``--fix`` keeps the DOI and drops the prefix.
    """

    code = "DO002"
    fixable = True
    name = "doi-prefixed"
    aliases = ("doi-malformed",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        value = record.data.get("doi")
        if not isinstance(value, str):
            return
        m = _WRAPPED.match(value.strip())
        if m is None:
            return  # a bare DOI, DO001's placeholder, or the schema's SC003
        doi = m.group(1)
        fix = replace_value_fix(record, ("doi",), yaml_scalar(doi), doi, "keep the bare DOI")
        yield self.finding(record, ("doi",), f"'doi' is written with a prefix: {value!r}",
                           suggestion=f"Write the bare DOI: {doi}", value=value, fix=fix)
