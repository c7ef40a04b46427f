"""Scores and numbers: what the schema cannot say about them.

The schema (SC0xx) already reports, as errors: a score outside 0..1 (SC004,
naming a likely percentage), a score that is not a number (SC002), and a
``pmc_ranked_result_index`` that is not digits in quotes (SC002/SC003).
Range checks here would report the same values twice, so there are none.
What the schema cannot do is *repair* the two cases whose meaning is certain:
a score written as quoted text, and an index written as a bare number. These
rules exist only to carry those safe fixes, at info severity; the schema's
error stays the finding that fails the run.
"""

from __future__ import annotations

import re

from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule
from pfocr_lint.rules._util import is_placeholder, replace_value_fix

SCORES = ("automl_pathway", "pathway_score")
_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


class ScoreWrittenAsText(Rule):
    """A score (``automl_pathway``, ``pathway_score``) is a quoted number.

    What it does:
        Reports ``automl_pathway: '0.94'`` (text that reads as a number). The
        schema reports the wrong type (SC002); this rule adds the fix, and
        says when the number is also outside 0..1, which SC004 cannot see in
        a string.
    Why this matters:
        Sorting and filtering by score compares text, not numbers ('0.9' >
        '0.10' but also '10' < '9'), so the figure lands at the wrong place.
    Why this shows up:
        Hand edits, or a writer that quotes every value.
    Example:
        ```yaml
        automl_pathway: '0.941578'
        ```
        ```yaml good
        automl_pathway: 0.941578
        ```
    Curation action:
        Remove the quotes.
    Fix safety:
        Safe when the number lies in 0..1: ``--fix`` writes the same digits
        without quotes. Outside 0..1 it is not fixed (percentage or error?).
    """

    code = "NU001"
    fixable = True
    name = "score-written-as-text"
    severity = Severity.INFO

    def check(self, record, ctx):
        for key in SCORES:
            value = record.data.get(key)
            if not isinstance(value, str) or is_placeholder(value) or not _DECIMAL.match(value.strip()):
                continue
            text = value.strip()
            number = float(text)
            if 0 <= number <= 1:
                fix = replace_value_fix(record, (key,), text, number, "write the score as a number")
                yield self.finding(record, (key,), f"'{key}' is the text {value!r}, not a number",
                                   suggestion=f"Write it without quotes: {key}: {text}", value=value, fix=fix)
            else:
                yield self.finding(record, (key,),
                                   f"'{key}' is the text {value!r}, and {text} is outside 0..1",
                                   suggestion="Write the probability from 0 to 1 without quotes "
                                              "(divide a percentage by 100)", value=value)


class IndexWrittenAsNumber(Rule):
    """``pmc_ranked_result_index`` is a bare number instead of quoted digits.

    What it does:
        Reports ``pmc_ranked_result_index: 56330`` (a YAML integer). The
        schema reports the wrong type (SC002); this rule adds the fix.
    Why this matters:
        Every record writes the index as text (``'56330'``); consumers that
        join or compare on it as text miss the integer ones.
    Why this shows up:
        Hand edits that drop the quotes R's yaml writer puts around digits.
    Example:
        ```yaml
        _base: older
        pmc_ranked_result_index: 56330
        ```
        ```yaml good
        _base: older
        pmc_ranked_result_index: '56330'
        ```
    Curation action:
        Put the digits in quotes.
    Fix safety:
        Safe: ``--fix`` quotes the same digits.
    """

    code = "NU002"
    fixable = True
    name = "index-written-as-number"
    severity = Severity.INFO

    def check(self, record, ctx):
        value = record.data.get("pmc_ranked_result_index")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return
        text = str(value)
        fix = replace_value_fix(record, ("pmc_ranked_result_index",), f"'{text}'", text,
                                "quote the index")
        yield self.finding(record, ("pmc_ranked_result_index",),
                           f"'pmc_ranked_result_index' is the number {value}, not quoted digits",
                           suggestion=f"Write it as '{text}'", value=value, fix=fix)
