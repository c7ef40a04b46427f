"""Organism fields: ``organisms`` (curated/metadata) and ``organisms_ner`` (found in the text)."""

from __future__ import annotations

from linter.findings import Severity
from linter.rule import Rule
from rules._util import block_list, replace_value_fix


class OrganismsNotAList(Rule):
    """``organisms`` is a plain string instead of a list.

    What it does:
        Reports ``organisms: Homo sapiens`` where the record format has a list
        (``organisms:`` followed by ``- Homo sapiens``).
    Why this matters:
        The site and the downstream GMT/SPARQL exports iterate over organisms; a
        string is iterated character by character or dropped, so the figure is
        missing from its species' listing.
    Why this shows up:
        R's yaml writer emits a one-element character vector as a plain scalar
        unless the pipeline wraps it in ``I()`` or ``list()``; older records
        (2019-2021 runs) were written that way.
    Example:
        ```yaml
        organisms: Homo sapiens
        ```
        ```yaml good
        organisms:
        - Homo sapiens
        ```
    Curation action:
        Turn the value into a one-item list.
    Fix safety:
        Safe: ``--fix`` rewrites the value as a one-item list with the same text.
    """

    code = "OR001"
    name = "organisms-not-a-list"
    aliases = ("organisms-string",)
    severity = Severity.WARNING

    def check(self, record, ctx):
        value = record.data.get("organisms")
        if isinstance(value, str):
            fix = replace_value_fix(record, ("organisms",), block_list([value]), [value],
                                    "write organisms as a one-item list", eat_space_before=True)
            yield self.finding(record, ("organisms",),
                               f"'organisms' is the string {value!r}, not a list",
                               suggestion=f"Write it as a one-item list: '- {value}' on the line below 'organisms:'", value=value, fix=fix)
