"""The shipped snapshot and the offline provider: the facts of the reference
README, resolution semantics, which snapshot wins, modes, and speed."""

from __future__ import annotations

import time

import pytest

import pfocr_lint.hgnc as hgnc
from pfocr_lint.config import Config
from pfocr_lint.engine import Linter, RunContext
from pfocr_lint.hgnc import build, paths
from pfocr_lint.hgnc.layout import HUMAN, MOUSE, RAT
from pfocr_lint.knowledge import KnowledgeUnavailable
from pfocr_lint.rule import Rule

FIX = build.Path(__file__).parent / "fixtures" / "hgnc_snapshot"


@pytest.fixture(autouse=True)
def no_user_snapshot(tmp_path, monkeypatch):
    """Never read the developer's own data folder."""
    monkeypatch.setenv(paths.ENV_DATA, str(tmp_path / "userdata"))
    return tmp_path / "userdata"


@pytest.fixture(scope="module")
def shipped():
    return hgnc.open_snapshot()


def kinds(res):
    return res.kind, [g.symbol for g in res.genes]


def test_shipped_snapshot_is_in_the_package(shipped):
    assert shipped.path == paths.shipped_snapshot()
    assert shipped.path.parent.name == "data" and shipped.path.parent.parent.name == "linter"
    assert int(shipped.meta["rows_human"]) > 40000
    assert int(shipped.meta["rows_mouse"]) > 50000 and int(shipped.meta["rows_rat"]) > 30000
    # small enough to ship
    assert shipped.path.stat().st_size < 15_000_000


def test_reference_facts(shipped):
    human = shipped.species(HUMAN)
    assert kinds(human.resolve("CYR61")) == ("previous", ["CCN1"])
    assert human.gene("CCN1").entrez_id == "3491"
    assert human.by_entrez(3491).symbol == "CCN1"
    assert kinds(human.resolve("GAS")) == ("previous", ["GAST"])
    assert human.gene("GAST").name == "gastrin"
    emt = human.resolve("EMT")
    assert emt.kind == "alias" and "ITK" in [g.symbol for g in emt.genes]
    assert "DEPDC1B" in [g.symbol for g in human.by_alias("BRCC3")]
    mir = human.resolve("mir-210")
    assert kinds(mir) == ("approved", ["MIR210"]) and mir.case_mismatch and mir.normalized == "MIR210"


def test_resolution_order_and_case(shipped):
    human = shipped.species(HUMAN)
    assert kinds(human.resolve("CCN1")) == ("approved", ["CCN1"])
    assert human.resolve("CCN1").case_mismatch is False
    mtor = human.resolve("Mtor")
    assert kinds(mtor) == ("approved", ["MTOR"]) and mtor.case_mismatch and mtor.normalized == "MTOR"
    # an ambiguous alias lists every gene
    crt = human.resolve("CRT")
    assert crt.kind == "alias" and {"CALR", "SLC6A8"} <= {g.symbol for g in crt.genes}
    hbp = human.resolve("HBP")
    assert hbp.kind == "alias" and len(hbp.genes) >= 4
    # previous beats alias; alias beats nothing
    assert human.resolve("ERK").kind == "previous"
    # withdrawn with and without replacement
    assert human.resolve("A12M1").genes[0].status == "Entry Withdrawn"
    assert human.resolve("DYRK1AIP3").genes[0].replaced_by == ("PHYHIP",)
    # unknown, and junk that is not a string
    for junk in ("SRPK", "foxo", "1-Mar", "", "   ", None, 42, ["CCN1"]):
        assert human.resolve(junk).kind == "unknown"
    assert human.gene("ccn1") is None and human.gene(None) is None
    assert human.by_entrez("not a number") is None and human.by_entrez("999999999") is None


def test_microrna_names(shipped):
    human = shipped.species(HUMAN)
    assert kinds(human.resolve("hsa-miR-21-5p")) == ("approved", ["MIR21"])
    assert kinds(human.resolve("let-7a")) == ("approved", ["MIRLET7A1", "MIRLET7A2", "MIRLET7A3"])
    assert kinds(human.resolve("miR-1")) == ("approved", ["MIR1-1", "MIR1-2"])
    assert human.resolve("miR-21").genes[0].symbol == "MIR21"          # not MIR210..MIR219
    assert human.resolve("miR-99999").kind == "unknown"
    assert kinds(shipped.species(MOUSE).resolve("miR-210")) == ("approved", ["Mir210"])


def test_mouse_and_rat(shipped):
    mouse, rat = shipped.species(MOUSE), shipped.species(RAT)
    assert mouse.resolve("Mtor").kind == "approved" and not mouse.resolve("Mtor").case_mismatch
    assert mouse.resolve("MTOR").case_mismatch
    assert rat.resolve("Mtor").genes[0].hgnc_id.startswith("RGD:")
    assert rat.resolve("Zzzz9").kind == "unknown"


def _ctx(**cfg):
    return RunContext(Config(**cfg))


def test_load_for_run_reports_its_source():
    ctx = _ctx()
    know = hgnc.load_for_run(ctx)
    assert know.human.resolve("CYR61").genes[0].symbol == "CCN1"
    assert know.for_organism("Mus musculus") is know.mouse and know.rat is not None
    line = ctx.sources["hgnc"]
    assert line == know.source
    assert "HGNC custom download of 2025" in line and "shipped snapshot" in line
    assert "\n" not in line


def test_off_mode_makes_knowledge_unavailable():
    with pytest.raises(KnowledgeUnavailable):
        hgnc.load_for_run(_ctx(hgnc="off"))


def test_user_snapshot_takes_precedence(no_user_snapshot):
    build.build(paths.user_snapshot(), [FIX / "complete_set.txt"], hgnc_date="2030-01-01",
                carry_from=paths.shipped_snapshot())
    ctx = _ctx()
    know = hgnc.load_for_run(ctx)
    assert "2030-01-01" in ctx.sources["hgnc"] and "user snapshot" in ctx.sources["hgnc"]
    assert know.human.resolve("BRCA1").kind == "unknown"      # the fixture has no BRCA1
    assert know.human.resolve("OLDCCN").genes[0].replaced_by == ("CCN1",)
    assert know.mouse.resolve("Mtor").kind == "approved"      # carried over


def test_a_broken_user_snapshot_falls_back_with_a_warning(no_user_snapshot):
    no_user_snapshot.mkdir(parents=True)
    paths.user_snapshot().write_bytes(b"garbage" * 1000)
    ctx = _ctx()
    know = hgnc.load_for_run(ctx)
    assert "shipped snapshot" in ctx.sources["hgnc"]
    assert know.human.resolve("CYR61").kind == "previous"
    assert len(ctx.warnings) == 1 and "using the shipped snapshot" in ctx.warnings[0]


class _ResolveKeywords(Rule):
    """Test rule: one finding per keyword HGNC calls something other than approved."""

    code = "ZZ901"
    name = "test-hgnc-keywords"
    needs = ("hgnc",)

    def check(self, record, ctx):
        know = ctx.knowledge("hgnc")
        if know is None:
            return
        for i, kw in enumerate(record.data.get("keywords") or []):
            res = know.human.resolve(kw)
            if res.kind != "approved" or res.case_mismatch:
                yield self.finding(record, ("keywords", i), f"{kw}: {res.kind}")


def test_engine_run_shows_the_snapshot(tmp_path):
    rec = tmp_path / "PMC1__f1.md"
    rec.write_text("---\nfigid: PMC1__f1\nkeywords:\n- CYR61\n- CCN1\n- mir-210\n---\n")
    linter = Linter(Config(), [_ResolveKeywords])
    res = linter.lint_file(str(rec), rec)
    assert sorted(f.message for f in res.findings) == ["CYR61: previous", "mir-210: approved"]
    assert "HGNC custom download" in linter.ctx.sources["hgnc"]


def test_lookups_are_fast(shipped):
    human = shipped.species(HUMAN)
    terms = [r[0] for r in shipped.con.execute(
        "SELECT symbol FROM genes WHERE species = 0 LIMIT 100 OFFSET 12000")]
    t0 = time.perf_counter()
    fresh = type(shipped)(shipped.path, "timing")               # a cold open
    fresh_human = fresh.species(HUMAN)
    for t in terms:
        fresh_human.resolve(t)
        fresh_human.resolve(t.lower() + "x")                   # miss: both tables, twice
    elapsed = time.perf_counter() - t0
    # ~200 lookups and an open: a few ms on a laptop; generous bound for busy CI
    assert elapsed < 0.5, elapsed
    assert human.resolve(terms[0]) is human.resolve(terms[0])  # memoised


def test_term_memo_is_bounded(shipped, monkeypatch):
    from pfocr_lint.hgnc import snapshot
    monkeypatch.setattr(snapshot, "_MEMO_LIMIT", 10)
    human = type(shipped)(shipped.path, "bounded").species(HUMAN)
    for n in range(50):
        human.resolve(f"NOSUCHWORD{n}")
        human.gene(f"NOSUCHGENE{n}")
    # cleared past the limit, never more than limit + 1 entries
    assert 0 < len(human._memo) <= 11 and 0 < len(human._approved) <= 11
    # and a cleared memo answers as before
    assert kinds(human.resolve("CYR61")) == ("previous", ["CCN1"])


def test_family_members_by_range_query_match_one_by_one(shipped):
    from pfocr_lint.rules import _genes as G

    class OneByOne:     # the same nomenclature without the range query
        def __init__(self, names):
            self.resolve = names.resolve

    human = shipped.species(HUMAN)
    for stem in ("FOXO", "foxo", "SRPK", "MIR", "HLA", "Tnf", "ZZZQ"):
        fast = G.family_members(human, stem)
        slow = G.family_members(OneByOne(human), stem)
        assert fast == slow, stem
    assert G.family_members(human, "foxo") == ("FOXO1", "FOXO3", "FOXO4", "FOXO6")
