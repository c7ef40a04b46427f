"""The figure JSON Schema and the SC rules that report its violations."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
import yaml

from pfocr_lint import schema_file
from pfocr_lint.rules import schema as sc
from tests.helpers import FIXTURES, REPO, SEEDS, clean_record, dump_record, lint_paths, lint_text

SCHEMA_PATH = REPO / "schemas" / "figure.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
CORPUS = FIXTURES / "corpus" / "_figures"
RECORD_FILES = sorted(SEEDS.glob("*.md")) + sorted(CORPUS.glob("*.md")) + sorted((FIXTURES / "clean").glob("*.md"))
SC_CODES = ["SC001", "SC002", "SC003", "SC004", "SC005"]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def line_of(text: str, pattern: str, nth: int = 0) -> int:
    """1-based line of the nth line matching ``pattern`` (a regex)."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    assert len(hits) > nth, f"{pattern!r} not in text"
    return hits[nth]


def lint_sc(tmp_path, text, name="PMC11987792__cancers-17-01167-g005.md"):
    return lint_text(tmp_path, text, name=name, select=SC_CODES)


def clean_text(layout="newer") -> str:
    return (FIXTURES / "clean" / f"{layout}.md").read_text(encoding="utf-8")


# -- the schema itself --------------------------------------------------------
def test_schema_is_a_valid_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def _subschemas(node, path="#"):
    if isinstance(node, dict):
        yield path, node
        for key in ("properties", "$defs"):
            for name, sub in (node.get(key) or {}).items():
                yield from _subschemas(sub, f"{path}/{key}/{name}")
        for key in ("items", "if", "then", "else"):
            if isinstance(node.get(key), dict):
                yield from _subschemas(node[key], f"{path}/{key}")


def test_every_field_is_documented_and_typed():
    for path, node in _subschemas(SCHEMA):
        if "/properties/" not in path and "/$defs/" not in path:
            continue
        if re.search(r"/(if|then|else|items)(/|$)", path):
            continue  # list items and conditional refinements of a field documented above
        assert node.get("description"), f"{path} has no description"
        assert "type" in node or "$ref" in node, f"{path} has no type"


def test_every_pattern_has_plain_words():
    patterns = {n["pattern"] for _, n in _subschemas(SCHEMA) if "pattern" in n}
    assert patterns and patterns <= set(sc.PATTERN_WORDS), patterns - set(sc.PATTERN_WORDS)


def test_schema_covers_exactly_the_fields_of_real_records():
    """additionalProperties is false, so every legitimate field must be declared,
    and every required field must be in every real record of both layouts."""
    records = [front_matter(p) for p in RECORD_FILES]
    seen = set().union(*(r.keys() for r in records))
    declared = set(SCHEMA["properties"])
    assert seen <= declared
    assert declared - seen == set(), "schema declares fields no real record has"
    for r in records:
        assert set(SCHEMA["required"]) <= set(r)
    layouts = {("doi" in r, "genes" in r) for r in records}
    assert layouts == {(True, False), (False, True)}  # both layouts are really covered


# -- loader ----------------------------------------------------------------------
def test_schema_path_finds_the_source_tree_schema():
    assert schema_file.schema_path().resolve() == SCHEMA_PATH.resolve()
    assert schema_file.load_schema() == SCHEMA


def test_schema_path_prefers_the_installed_copy(tmp_path, monkeypatch):
    installed = tmp_path / "linter" / "schemas" / "figure.schema.json"
    installed.parent.mkdir(parents=True)
    installed.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(schema_file, "_CANDIDATES", (installed, SCHEMA_PATH))
    assert schema_file.schema_path() == installed
    monkeypatch.setattr(schema_file, "_CANDIDATES", (tmp_path / "nope.json",))
    with pytest.raises(schema_file.SchemaNotFound):
        schema_file.schema_path()


def test_wheel_layout_matches_the_loader(tmp_path):
    """The built wheel installs one import package, pfocr_lint, with the schema where
    the loader looks first, and takes no generic top-level name such as ``rules``."""
    import zipfile
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    (wheel,) = tmp_path.glob("pfocr_lint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"pfocr_lint"}
    for needed in ("pfocr_lint/schemas/figure.schema.json", "pfocr_lint/data/genes.sqlite",
                   "pfocr_lint/rules/organisms.py", "pfocr_lint/reporters/templates/report.html.j2",
                   "pfocr_lint/hgnc/snapshot.py"):
        assert needed in names
    assert schema_file._CANDIDATES[0].parent == Path(schema_file.__file__).resolve().parent / "schemas"


# -- real records ------------------------------------------------------------------
def test_all_real_records_are_schema_valid():
    assert len(list(CORPUS.glob("*.md"))) == 89 and len(list(SEEDS.glob("*.md"))) == 5
    findings = lint_paths(RECORD_FILES, select=SC_CODES)
    assert findings == [], "\n".join(f"{f.path}:{f.line} {f.code} {f.message}" for f in findings)


def test_real_records_pass_both_validators():
    rs = jsonschema_rs.validator_for(SCHEMA)
    py = jsonschema.Draft202012Validator(SCHEMA)
    for path in RECORD_FILES:
        data = front_matter(path)
        assert rs.is_valid(data), path.name
        assert not list(py.iter_errors(data)), path.name


@pytest.mark.parametrize("value", [".na.character", "10.1101/2023.03.03.530734"])
def test_doi_accepts_the_placeholder_and_real_dois(tmp_path, value):
    text = clean_text().replace("doi: 10.3390/cancers17071167", f"doi: {value}")
    assert lint_sc(tmp_path, text) == []


def test_legitimate_variants_are_accepted(tmp_path):
    """Variants real records have: suspicious ones are other rules' warnings."""
    data = clean_record("newer")
    data.update(organisms="Homo sapiens", year="", ndex="22c6eaa2-dee5-11ea-99da-0ac135e8bacf",
                keywords="", publisher_name="", journal_title=".na.character",
                figlink="pmc/articles/PMC11987792/figure/F5", number="Figure 1",
                organisms_ner=["NA"])
    older = clean_record("older")
    older["diseases"].append({"word": "Cancer", "source": "", "identifier": ""})
    older.update(chemicals=[], genes=[], figtype="Graphical abstract")
    for rec in (data, older):
        assert lint_sc(tmp_path, dump_record(rec)) == []


# -- each kind of violation, at the right line ---------------------------------------
CASES = [
    # (layout, old text, new text, code, field, line pattern, nth, words in message)
    ("newer", "year: '2025'", "year: 2025", "SC002", "year", r"^year:", 0, ["2025", "text"]),
    ("newer", "ndex: ''", "ndex:", "SC002", "ndex", r"^ndex:", 0, ["null"]),
    ("newer", "automl_pathway: 0.941578", "automl_pathway: '0.94'", "SC002", "automl_pathway",
     r"^automl_pathway:", 0, ["number"]),
    ("newer", "- Homo sapiens\norganisms_ner:\n- Homo sapiens", "- Homo sapiens\norganisms_ner: Homo sapiens",
     "SC002", "organisms_ner", r"^organisms_ner:", 0, ["list"]),
    ("newer", "keywords: breast cancer | drug resistance | exosomes", "keywords:\n- breast cancer\n- exosomes",
     "SC002", "keywords", r"^keywords:", 0, ["a list of 2 items", "' | '"]),
    ("newer", "doi: 10.3390/cancers17071167", "doi: https://doi.org/10.3390/cancers17071167", "SC003", "doi",
     r"^doi:", 0, ["https://doi.org/10.3390/cancers17071167", "DOI"]),
    ("newer", "pmcid: PMC11987792", "pmcid: PMC11987792a", "SC003", "pmcid", r"^pmcid:", 0, ["PMC11987792a"]),
    ("newer", "year: '2025'", "year: '25'", "SC003", "year", r"^year:", 0, ["'25'", "four-digit"]),
    ("newer", "year: '2025'", "year: '٢٠٢٥'", "SC003", "year", r"^year:", 0, ["four-digit"]),  # ASCII digits only
    ("newer", "ndex: ''", "ndex: not-a-uuid", "SC003", "ndex", r"^ndex:", 0, ["UUID"]),
    ("newer", "license: CC0", "license: CC-BY", "SC003", "schema-jsonld.license", r"^  license:", 0, ["CC0"]),
    ("newer", "'@type': Dataset", "'@type': Data set", "SC003", "schema-jsonld.@type", r"'@type': Data set", 0,
     ["Dataset"]),
    ("newer", "automl_pathway: 0.941578", "automl_pathway: 94.1578", "SC004", "automl_pathway",
     r"^automl_pathway:", 0, ["94.1578", "0 to 1", "percentage"]),
    ("newer", "automl_pathway: 0.941578", "automl_pathway: -0.2", "SC004", "automl_pathway",
     r"^automl_pathway:", 0, ["-0.2"]),
    ("newer", "figtitle:", "figtittle:", "SC005", "figtittle", r"^figtittle:", 0, ["did you mean 'figtitle'"]),
    ("newer", "seo: CreativeWork", "seo: CreativeWork\nlayout: figure", "SC005", "layout", r"^layout:", 0,
     ["unknown field 'layout'"]),
    ("newer", "  license: CC0", "  licence: CC0", "SC005", "schema-jsonld.licence", r"^  licence:", 0,
     ["did you mean 'license'"]),
    ("older", "pathway_score: 0.9074191", "pathway_score: 1.5", "SC004", "pathway_score",
     r"^pathway_score:", 0, ["1.5"]),
    ("older", "  entrez: '596'", "  entrez: 596", "SC002", "genes[1].entrez", r"^  entrez: 596", 0, ["596"]),
    ("older", "  entrez: '3491'", "  entrez: 34-91", "SC003", "genes[2].entrez", r"^  entrez: 34-91", 0, ["34-91"]),
    ("older", "  source: hgnc_symbol\n  hgnc_symbol: BCL2", "  source: hgnc\n  hgnc_symbol: BCL2", "SC003",
     "genes[1].source", r"^  source: hgnc$", 0, ["hgnc_symbol"]),
    ("older", "  identifier: D015464", "  identifier: MESH:D015464", "SC003", "diseases[0].identifier",
     r"identifier: MESH:", 0, ["MESH:D015464", "MeSH"]),
    ("older", "  identifier: D000068877", "  identifier: D000068877\n  mesh: yes", "SC005",
     "chemicals[0].mesh", r"^  mesh:", 0, ["unknown field 'mesh'"]),
    ("older", "  hgnc_symbol: NFKB1", "  hgnc_symbl: NFKB1", "SC005", "genes[0].hgnc_symbl", r"hgnc_symbl", 0,
     ["did you mean 'hgnc_symbol'"]),
    ("older", "  entrez: '4790'\n", "", "SC001", "genes[0].entrez", r"^- word: NFKB1", 0, ["entrez"]),
    ("older", "pmc_ranked_result_index: '56330'", "pmc_ranked_result_index: 56 330", "SC003",
     "pmc_ranked_result_index", r"^pmc_ranked_result_index:", 0, ["digits"]),
]


@pytest.mark.parametrize("layout,old,new,code,field,pattern,nth,words", CASES,
                         ids=[f"{c[3]}-{c[4]}" for c in CASES])
def test_violation_reported_at_its_line(tmp_path, layout, old, new, code, field, pattern, nth, words):
    base = clean_text(layout)
    assert old in base
    text = base.replace(old, new, 1)
    findings = lint_sc(tmp_path, text, name=f"{front_matter_of(text)['figid']}.md")
    hits = [f for f in findings if f.field == field]
    assert [f.code for f in hits] == [code], [(f.code, f.field, f.message) for f in findings]
    f = hits[0]
    assert f.line == line_of(text, pattern, nth)
    assert f.suggestion
    for w in words:
        assert w in f.message + " " + f.suggestion, (f.message, f.suggestion)
    assert "is not of type" not in f.message and "does not match" not in f.message  # not raw jsonschema text


def front_matter_of(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("key", ["figid", "caption", "schema-jsonld", "ndex"])
def test_missing_required_field_points_at_the_first_line(tmp_path, key):
    data = clean_record("newer")
    del data[key]
    findings = lint_sc(tmp_path, dump_record(data))
    assert [(f.code, f.field, f.line) for f in findings] == [("SC001", key, 1)]
    assert f"'{key}'" in findings[0].message


def test_missing_nested_field_points_at_its_parent(tmp_path):
    data = clean_record("newer")
    del data["schema-jsonld"]["@id"]
    text = dump_record(data)
    findings = lint_sc(tmp_path, text)
    assert [(f.code, f.field) for f in findings] == [("SC001", "schema-jsonld.@id")]
    assert findings[0].line == line_of(text, r"^schema-jsonld:")


def test_layout_fields_come_together(tmp_path):
    """One finding per layout, naming every missing field of it."""
    data = clean_record("newer")
    del data["journal_title"], data["publisher_name"]
    findings = lint_sc(tmp_path, dump_record(data))
    assert [(f.code, f.field, f.line) for f in findings] == [("SC001", "journal_title", 1)]
    assert "'journal_title', 'publisher_name'" in findings[0].message and "'doi'" in findings[0].message

    older = clean_record("older")
    older["doi"] = "10.1111/cas.14083"   # a stray newer-layout field in an older record
    findings = lint_sc(tmp_path, dump_record(older), name="PMC6676106__CAS-110-2421-g006.md")
    assert [f.code for f in findings] == ["SC001"] and "newer-layout" in findings[0].message


def test_typo_links_the_missing_and_the_unknown_field(tmp_path):
    text = clean_text().replace("figtitle:", "figtittle:")
    findings = {f.code: f for f in lint_sc(tmp_path, text)}
    assert set(findings) == {"SC001", "SC005"}
    assert findings["SC001"].field == "figtitle" and "figtittle" in findings["SC001"].message
    assert findings["SC005"].line == line_of(text, "^figtittle:")


def test_unknown_field_without_a_close_match(tmp_path):
    text = clean_text().replace("seo: CreativeWork", "seo: CreativeWork\nzzz_internal: 1")
    (f,) = lint_sc(tmp_path, text)
    assert f.code == "SC005" and "did you mean" not in f.message and "Remove it" in f.suggestion


def test_wrong_type_is_not_also_a_format_error(tmp_path):
    text = clean_text().replace("seo: CreativeWork", "seo: 5")
    assert [(f.code, f.field) for f in lint_sc(tmp_path, text)] == [("SC002", "seo")]


def test_empty_source_demands_an_empty_identifier(tmp_path):
    data = clean_record("older")
    data["diseases"][0]["source"] = ""
    text = dump_record(data)
    findings = lint_sc(tmp_path, text, name="PMC6676106__CAS-110-2421-g006.md")
    assert [(f.code, f.field) for f in findings] == [("SC003", "diseases[0].identifier")]
    assert "source is empty" in findings[0].message


# -- robustness and speed ------------------------------------------------------------
WEIRD = [
    "genes: NFKB1",
    "genes:\n- NFKB1\n- 7",
    "genes:\n- word: [a, b]\n  entrez: {x: 1}",
    "schema-jsonld: [a, b]",
    "schema-jsonld:\n  keywords: {a: 1}\n  creator: text",
    "year: 123456789012345678901234567890",
    "pathway_score: .nan",
    "organisms: {a: 1}",
    "1: one\n2.5: two\ntrue: three\n~: four",
    "figid: 2024-01-01",
]


@pytest.mark.parametrize("fragment", WEIRD)
def test_wrong_shapes_never_crash(tmp_path, fragment):
    text = "---\n" + fragment + "\n---\n"
    findings = lint_text(tmp_path, text, name="PMC1__x.md", select=SC_CODES)
    assert findings, "a broken record must produce schema findings"
    assert {f.code for f in findings} <= set(SC_CODES), [(f.code, f.message) for f in findings]
    for f in findings:
        assert f.line >= 1 and f.message


def _mutations(data):
    """A few ways a record goes wrong, applied to deep copies."""
    yield {**data, "year": 2019}
    yield {**data, "figid": "PMC"}
    yield {**data, "extra": 1}
    yield {k: v for k, v in data.items() if k != "pmcid"}
    yield {**data, "ndex": None}
    yield {**data, "pmcid": "PMC١٢"}   # Arabic-Indic digits: \d would differ between validators
    sj = copy.deepcopy(data["schema-jsonld"])
    sj["keywords"] = [1, 2]
    yield {**data, "schema-jsonld": sj}
    if data.get("genes"):
        genes = copy.deepcopy(data["genes"])
        genes[-1]["entrez"] = "x"
        yield {**data, "genes": genes}


def test_fast_and_slow_validators_agree():
    """The Rust fast path and the Python explainer must judge alike, or a record
    would be passed unexplained or explained with nothing."""
    rs = jsonschema_rs.validator_for(SCHEMA)
    for path in RECORD_FILES[::7]:
        for bad in _mutations(front_matter(path)):
            assert not rs.is_valid(bad)
            assert sc.explain(bad), (path.name, bad)


def test_record_is_validated_once_for_all_sc_rules(tmp_path, monkeypatch):
    calls = []
    real = sc.explain
    monkeypatch.setattr(sc, "explain", lambda data: calls.append(1) or real(data))
    text = clean_text().replace("year: '2025'", "year: 2025").replace("figtitle:", "figtittle:")
    findings = lint_sc(tmp_path, text)
    assert {f.code for f in findings} == {"SC001", "SC002", "SC005"}
    assert len(calls) == 1


def test_validator_disagreement_is_still_reported(tmp_path, monkeypatch):
    """If the Rust validator rejects what Python accepts, the record is not passed silently."""
    monkeypatch.setattr(sc, "explain", lambda data: [])
    text = clean_text().replace("pmcid: PMC11987792", "pmcid: PMC11987792x")
    (f,) = lint_sc(tmp_path, text)
    assert (f.code, f.field, f.line) == ("SC003", "pmcid", line_of(text, "^pmcid:"))


def test_valid_records_never_reach_the_python_validator(monkeypatch):
    def boom(data):
        raise AssertionError("slow path used for a valid record")
    monkeypatch.setattr(sc, "explain", boom)
    assert lint_paths(RECORD_FILES[:20], select=SC_CODES) == []


# -- standalone use with a third-party validator -----------------------------------------
def _check_jsonschema(*args):
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "check_jsonschema"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120)


def test_check_jsonschema_accepts_the_schema_and_a_seed(tmp_path):
    pytest.importorskip("check_jsonschema", reason="install the test extra: pip install -e '.[test]'")
    seed = SEEDS / "PMC6676106__CAS-110-2421-g006.md"
    fm = seed.read_text(encoding="utf-8").split("---\n")[1]
    as_yaml = tmp_path / "seed.yaml"
    as_yaml.write_text(fm, encoding="utf-8")
    as_json = tmp_path / "newer.json"
    as_json.write_text(json.dumps(front_matter(SEEDS / "PMC11987792__cancers-17-01167-g005.md")), encoding="utf-8")
    meta = _check_jsonschema("--check-metaschema", str(SCHEMA_PATH))
    assert meta.returncode == 0, meta.stdout + meta.stderr
    ok = _check_jsonschema("--schemafile", str(SCHEMA_PATH), str(as_yaml), str(as_json))
    assert ok.returncode == 0, ok.stdout + ok.stderr

    broken = front_matter(seed)
    broken["year"] = 2019
    broken["figtittle"] = broken.pop("figtitle")
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    res = _check_jsonschema("--schemafile", str(SCHEMA_PATH), str(bad))
    assert res.returncode == 1
    assert "figtittle" in res.stdout and "year" in res.stdout


# -- documentation ---------------------------------------------------------------------
def test_docs_field_reference_is_current():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import gen_schema_docs
    finally:
        sys.path.pop(0)
    current = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    assert current == gen_schema_docs.render(SCHEMA), "run: python scripts/gen_schema_docs.py"
