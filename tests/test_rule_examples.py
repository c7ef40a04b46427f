"""Every rule's documented example is a test: the bad fragment triggers the
rule on top of a clean record, the good fragment does not."""

from __future__ import annotations

import pytest

from pfocr_lint import registry
from tests.helpers import dump_record, lint_text, merge_fragment, codes, clean_record

RULES = [c for c in registry.all_rules() if c.scope != "input"]
EXAMPLES = [(c, i, bad, frag) for c in RULES for i, (bad, frag) in enumerate(c.doc().examples())]


def test_every_rule_documents_itself():
    for cls in registry.all_rules():
        doc = cls.doc()
        assert doc.summary, f"{cls.code} has no summary line"
        for section in ("What it does", "Why this matters", "Curation action", "Fix safety"):
            assert doc.sections.get(section), f"{cls.code} lacks the section {section!r}"


def test_every_record_rule_has_an_example():
    missing = [c.code for c in RULES if c.scope == "record" and not any(bad for bad, _ in c.doc().examples())
               and not getattr(c, "example_not_standalone", False)]
    assert not missing, f"rules without a ```yaml example: {missing}"


@pytest.mark.parametrize("layout", ["newer", "older"])
def test_clean_records_are_clean(tmp_path, layout):
    findings = lint_text(tmp_path, dump_record(clean_record(layout)))
    # an older-layout record never had a DOI: DO003 says so at info level
    expected = ["DO003"] if layout == "older" else []
    assert [f.code for f in findings] == expected, \
        "\n".join(f"{f.code} {f.field}: {f.message}" for f in findings)


@pytest.mark.parametrize("cls,index,bad,fragment", EXAMPLES,
                         ids=[f"{c.code}-{i}-{'bad' if b else 'good'}" for c, i, b, _ in EXAMPLES])
def test_documented_example(tmp_path, cls, index, bad, fragment):
    text = dump_record(merge_fragment(fragment))
    found = codes(lint_text(tmp_path, text, select=[cls.code]))
    if bad:
        assert cls.code in found, f"{cls.code}: the documented bad example does not trigger it"
    else:
        assert cls.code not in found, f"{cls.code}: the documented good example triggers it"
