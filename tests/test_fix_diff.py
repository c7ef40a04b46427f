"""--fix keeps a folded value's line folding, --diff shows the fixes without
writing, and both say what was fixed per rule. Real records from the corpus,
through the real CLI."""

from __future__ import annotations

import difflib
import shutil

from pfocr_lint.cli import main
from pfocr_lint.rules._util import refold
from tests.helpers import FIXTURES

CORPUS = FIXTURES / "corpus" / "_figures"
FOLDED = "PMC100003__mb2410470011.md"       # papertitle folded over two lines, with a doubled space


def _copy(tmp_path, *names):
    folder = tmp_path / "_figures"
    folder.mkdir()
    for n in names:
        shutil.copy(CORPUS / n, folder / n)
    return folder


def test_fix_keeps_the_folding_of_a_changed_long_value(tmp_path, capsys):
    folder = _copy(tmp_path, FOLDED)
    path = folder / FOLDED
    before = path.read_text(encoding="utf-8")
    assert ("papertitle: 'Neuropeptide-Induced Androgen Independence in Prostate Cancer Cells:\n"
            "  Roles of Nonreceptor Tyrosine Kinases Etk/Bmx,  Src, and Focal Adhesion Kinase.'\n") in before
    main(["--isolated", "--select", "NA005", "--fix", str(path)])
    after = path.read_text(encoding="utf-8")
    changed = [ln for ln in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
               if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    # one line changed, the fold kept: not the whole title on one long line
    assert changed == ["-  Roles of Nonreceptor Tyrosine Kinases Etk/Bmx,  Src, and Focal Adhesion Kinase.'",
                       "+  Roles of Nonreceptor Tyrosine Kinases Etk/Bmx, Src, and Focal Adhesion Kinase.'"]
    err = capsys.readouterr().err
    assert "made 1 fix (NA005 1) in 1 file" in err


def test_refold_keeps_breaks_after_unchanged_words():
    old = "Roles of the kinases CYR61 and\n  Src in cancer cells of the breast"
    assert refold(old, "Roles of the kinases CCN1 and Src in cancer cells of the breast",
                  "Roles of the kinases CCN1 and Src in cancer cells of the breast") == \
        "Roles of the kinases CCN1 and\n  Src in cancer cells of the breast"
    # the word at a break changed: the break stays after the new word
    assert refold("a b c\n  d e", "a b X\n  d e".replace("\n  ", " "), "a b X d e") == "a b X\n  d e"
    # plain text that now needs quotes keeps the old style when it reads back the same
    assert refold("C's  via\n  src", "C's via src", "'C''s via src'") == "C's via\n  src"
    # not folded, or a value a fold cannot represent: no refolding
    assert refold("one line", "one line!", "one line!") is None
    assert refold("a\n  b", "a  b", "'a  b'") is None


def test_diff_shows_exactly_what_fix_writes_and_writes_nothing(tmp_path, capsys):
    names = [FOLDED, "PMC1236700__JCI0526471.f2.md"]
    folder = _copy(tmp_path, *names)
    before = {n: (folder / n).read_text(encoding="utf-8") for n in names}
    code = main(["--isolated", "--diff", str(folder)])
    out, err = capsys.readouterr()
    assert code == 1                                           # something to fix
    assert {n: (folder / n).read_text(encoding="utf-8") for n in names} == before     # nothing written
    assert "nothing was written" in err and "would make" in err
    assert f"--- a/{folder / FOLDED}" in out and "[warning]" not in out   # diffs only on stdout
    main(["--isolated", "--fix", str(folder)])
    fix_err = capsys.readouterr().err
    expected = "".join(
        "".join(difflib.unified_diff(before[n].splitlines(keepends=True),
                                     (folder / n).read_text(encoding="utf-8").splitlines(keepends=True),
                                     f"a/{folder / n}", f"b/{folder / n}"))
        for n in sorted(names))
    assert out == expected
    # the same per-rule summary, once as a plan and once as done
    assert err.split("would make ")[1].split(";")[0] == fix_err.split("made ")[1].strip()
    assert "OR001" in fix_err and "NA005" in fix_err
    # after the fix there is nothing left to show
    assert main(["--isolated", "--diff", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "nothing to fix" in err


def test_diff_with_a_report_file(tmp_path, capsys):
    folder = _copy(tmp_path, FOLDED)
    code = main(["--isolated", "--diff", "--format", f"json={tmp_path / 'r.json'}", str(folder)])
    out, _ = capsys.readouterr()
    assert code == 1 and out.startswith("--- a/")
    assert (tmp_path / "r.json").read_text(encoding="utf-8").startswith("{")
