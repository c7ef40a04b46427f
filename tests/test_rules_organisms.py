"""Organism rules OR001-OR008: behaviour beyond the documented examples."""

from __future__ import annotations

from pfocr_lint.cli import main
from pfocr_lint.findings import Severity
from tests.helpers import clean_record, dump_record, lint_text


def text_with(**changes):
    data = clean_record("newer")
    data.update(changes)
    return dump_record(data)


def lint(tmp_path, select="OR", **changes):
    return lint_text(tmp_path, text_with(**changes), select=[select])


def test_placeholder_organisms_suggest_ner_species(tmp_path):
    (f,) = lint(tmp_path, organisms=["NA"], organisms_ner=["Drosophila melanogaster", "Homo sapiens"])
    assert (f.code, f.field) == ("OR002", "organisms")
    assert "Drosophila melanogaster, Homo sapiens" in f.suggestion
    assert f.fix is not None and f.fix.safety == "unsafe"
    for value in ([], "", ".na.character", [".na.character", ""], "NA"):
        found = lint(tmp_path, organisms=value, organisms_ner=["NA"])
        assert [x.code for x in found] == ["OR002"], value
        assert found[0].fix is None and "Neither field" in found[0].suggestion


def test_string_placeholder_is_not_also_organisms_not_a_list(tmp_path):
    assert [f.code for f in lint(tmp_path, organisms="NA")] == ["OR002"]


def test_disjoint_and_differ_are_exclusive(tmp_path):
    found = lint(tmp_path, organisms=["Homo sapiens", "Mus musculus"],
                 organisms_ner=["Drosophila melanogaster", "Danio rerio"])
    assert [(f.code, f.field) for f in found] == [("OR003", "organisms_ner")]
    found = lint(tmp_path, organisms=["Homo sapiens"], organisms_ner=["Homo sapiens", "Danio rerio"])
    assert [(f.code, f.severity) for f in found] == [("OR004", Severity.INFO)]
    assert "Danio rerio" in found[0].message


def test_strains_count_as_their_species(tmp_path):
    found = lint(tmp_path, organisms=["Escherichia coli"],
                 organisms_ner=["Escherichia coli str. K-12 substr. MG1655"])
    assert found == []


def test_na_mixed_and_duplicates_point_at_items(tmp_path):
    text = text_with(organisms=["Homo sapiens", "NA", "Mus musculus", "homo  sapiens", "Mus musculus"])
    found = lint_text(tmp_path, text, select=["OR005", "OR006"])
    got = sorted((f.code, f.field) for f in found)
    assert got == [("OR005", "organisms[1]"), ("OR006", "organisms[3]"), ("OR006", "organisms[4]")]
    lines = text.splitlines()
    for f in found:
        assert lines[f.line - 1].lstrip().startswith("- ")
    case_dup = next(f for f in found if f.field == "organisms[3]")
    assert case_dup.fix is None and "case" in case_dup.message


def test_malformed_names(tmp_path):
    ok = ["Homo sapiens", "Escherichia coli str. K-12 substr. MG1655", "Populus sp.", "Coronaviridae",
          "Hepatitis B virus", "Severe acute respiratory syndrome coronavirus 2", "Adeno-associated virus",
          "Escherichia phage T7", "PX clade", "gut metagenome", "uncultured bacterium",
          "Apium graveolens Dulce Group", "Salmonella enterica subsp. enterica serovar Typhimurium",
          "Xanthomonas campestris pv. campestris", "Aspergillus niger ATCC 1015"]
    assert lint(tmp_path, "OR007", organisms=ok) == []
    bad = ["homo sapiens", "Homo Sapiens", "herbal medicine", "Mus_musculus", "12 monkeys", "H. sapiens*"]
    found = lint(tmp_path, "OR007", organisms=bad)
    assert [f.field for f in found] == [f"organisms[{i}]" for i in range(len(bad))]
    assert found[0].suggestion == "Write it as 'Homo sapiens'"
    assert "Herbal" not in found[2].suggestion


def test_too_many_names_option(tmp_path):
    names = [f"Genus{chr(97 + i)} species" for i in range(20)]
    (f,) = lint(tmp_path, "OR008", organisms=names, organisms_ner=["Homo sapiens"])
    assert "20 organisms" in f.message
    assert lint(tmp_path, "OR008", organisms=names[:19]) == []
    # the limit is an option: [tool.pfocr-lint.rules.OR008] limit = 5
    from pfocr_lint import registry
    from pfocr_lint.config import Config, rule_settings
    from pfocr_lint.engine import Linter
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text_with(organisms=names[:5]), encoding="utf-8")
    classes = registry.select(["OR008"], None)
    cfg = Config(rules={"OR008": {"limit": 5}})
    result = Linter(cfg, classes, rule_settings(cfg, classes)).lint_file(str(path), path)
    assert [f.code for f in result.findings] == ["OR008"]


def test_wrong_types_never_crash(tmp_path):
    for value in (None, 3, {"a": 1}, [1, None, ["x"]]):
        lint(tmp_path, organisms=value, organisms_ner=value)


def test_safe_fix_drops_na_and_repeats_end_to_end(tmp_path, capsys):
    text = text_with(organisms=["Homo sapiens", "NA", "Mus musculus", "Homo sapiens"],
                     organisms_ner=["Homo sapiens", "Mus musculus"])
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", str(path), "--select", "OR", "--fix", "--exit-zero"])
    capsys.readouterr()
    after = path.read_text(encoding="utf-8")
    assert after == text.replace("organisms:\n- Homo sapiens\n- NA\n- Mus musculus\n- Homo sapiens\n",
                                 "organisms:\n- Homo sapiens\n- Mus musculus\n")


def test_unsafe_fix_copies_ner_species_end_to_end(tmp_path, capsys):
    text = text_with(organisms=["NA"], organisms_ner=["Homo sapiens", "Danio rerio"])
    path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
    path.write_text(text, encoding="utf-8")
    main(["--isolated", str(path), "--select", "OR002", "--fix", "--exit-zero"])
    assert path.read_text(encoding="utf-8") == text  # unsafe: needs --unsafe-fixes
    main(["--isolated", str(path), "--select", "OR002", "--fix", "--unsafe-fixes", "--exit-zero"])
    capsys.readouterr()
    assert path.read_text(encoding="utf-8") == text.replace(
        "organisms:\n- NA\n", "organisms:\n- Homo sapiens\n- Danio rerio\n")
