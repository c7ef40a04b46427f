"""Every command and configuration block of README.md and docs/*.md runs as
written (issue 15: the README's configuration example once failed).

Each document's command blocks run line by line with ``bash`` in a sandbox
that looks like a figure repository (``_figures/``, ``seeds/``, ``rec.md``),
with HGNC answered by the local test server (``--hgnc online`` and ``data
update`` never leave 127.0.0.1) and the user data and cache folders in the
sandbox. A command passes when it exits 0 or 1 (2 is a usage or
configuration error) without a traceback; a transcript (a ``text`` block
starting ``$ pfocr-lint ...``, or a one-command block followed by a ``text``
block) must print exactly what the document shows. The blocks that are not
run are listed in NOT_RUN with the reason; a new command block is run unless
it is added there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from tests.helpers import FIXTURES, REPO, SEEDS
from tests.hgnc_server import FakeHGNC

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BLOCK = re.compile(r"^( *)```([\w-]*)[^\n]*\n(.*?)^\1```[ \t]*$", re.M | re.S)
BIN = Path(sys.executable).parent          # the environment the tests run in has pfocr-lint here

# (document, first line of the block) -> why it is not run here
NOT_RUN = {
    ("README.md", "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/pfocr-lint seeds/"):
        "run from a fresh copy of the repository by test_readme_install_command_from_a_fresh_copy",
    ("README.md", "bash scripts/test.sh"): "it is the test suite itself (what CI runs)",
    ("README.md", "python scripts/fuzz.py --inputs 100000 --fix --seed 1"):
        "it runs for hours (tests/test_fuzz.py runs the same generator and checks on 2,300 inputs)",
    ("hgnc.md", "python scripts/build_snapshots.py --reference ../shared/reference --out linter/data/genes.sqlite"):
        "needs the reference tables outside the repository (tests/test_hgnc_build.py builds from fixtures)",
    ("mesh.md", "python scripts/build_mesh_snapshot.py --reference ../shared/reference --out linter/data/mesh.sqlite"):
        "needs the reference tables outside the repository",
    ("mesh.md", "pfocr-lint data update mesh                                   # NLM's ASCII MeSH of this year (d2026.bin, c2026.bin)"):
        "downloads NLM's files (no internet here); tests/test_mesh_cli.py runs 'data update mesh' with local files "
        "and a local HTTP server",
    ("ci.md", "pfocr-lint _figures/ --write-baseline pfocr-baseline.json"):
        "it commits: tests/test_ci_docs.py runs it in a scratch git repository, with the documented "
        ".pfocr-lint.toml and the workflow's lint command after it",
    ("performance.md", "pip install -e '.[bench]'        # check-jsonschema and yamllint, the peers"):
        "the benchmark takes many minutes (tests/test_benchmark_tools.py runs its tools on a tiny corpus)",
}


def blocks(doc: Path) -> list:
    """(language, text, end offset) of every top-level fenced block."""
    text = doc.read_text(encoding="utf-8")
    out = []
    for m in BLOCK.finditer(text):
        indent = m.group(1)
        body = "\n".join(ln[len(indent):] if ln.startswith(indent) else ln for ln in m.group(3).splitlines())
        out.append((m.group(2), body, m.end()))
    return out


def is_command_block(lang: str, body: str) -> bool:
    lines = [ln for ln in body.splitlines() if ln.strip()]
    if lang in ("sh", "bash", "shell", "console"):
        return True
    return lang == "" and bool(lines) and all(ln.startswith(("pfocr-lint ", "python ")) for ln in lines)


def command_blocks(doc: Path) -> list:
    """(first line, [commands], expected stdout or None) of the blocks to run."""
    found = blocks(doc)
    out = []
    for i, (lang, body, _) in enumerate(found):
        if lang == "text" and body.startswith("$ "):            # a transcript
            cmd, _, expected = body.partition("\n")
            out.append((cmd[2:], [cmd[2:]], expected + "\n"))
            continue
        if not is_command_block(lang, body):
            continue
        commands = [ln for ln in body.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        expected = None
        if len(commands) == 1 and i + 1 < len(found) and found[i + 1][0] == "text":
            expected = found[i + 1][1] + "\n"
        out.append((body.splitlines()[0], commands, expected))
    return out


def _sandbox(root: Path, server) -> dict:
    shutil.copytree(SEEDS, root / "seeds")
    # two records in _figures/ (a newer and an older layout, CYR61 among the
    # genes): an online run asks the server about every symbol, and each
    # answer goes through the SQLite answer cache
    (root / "_figures").mkdir()
    for name in ("PMC11987792__cancers-17-01167-g005.md", "PMC6676106__CAS-110-2421-g006.md"):
        shutil.copy(SEEDS / name, root / "_figures" / name)
    seed = SEEDS / "PMC11987792__cancers-17-01167-g005.md"
    shutil.copy(seed, root / "_figures" / "PMC1__a.md")
    shutil.copy(seed, root / "rec.md")
    complete = (FIXTURES / "hgnc_snapshot" / "complete_set.txt").read_bytes()
    (root / "hgnc_complete_set.txt").write_bytes(complete)
    server.files["/hgnc_complete_set.txt"] = complete
    (root / ".pfocr-lint.toml").write_text(
        f'hgnc-rest-url = "{server.url}"\nhgnc-download-url = "{server.url}/hgnc_complete_set.txt"\n'
        'hgnc-timeout = 5\nhgnc-rate-limit = 1000\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PRE_COMMIT", "NO_COLOR")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PFOCR_LINT_DATA_DIR=str(root / ".data"),
               PFOCR_LINT_CACHE_DIR=str(root / ".cache"), COLUMNS="100")
    return env


def _run(cmd: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_documents_have_command_blocks():
    # the parser finds what it should: a broken fence pattern must not make every test vacuous
    names = {d.name: command_blocks(d) for d in DOCS}
    assert len(names["README.md"]) >= 4 and len(names["symbols.md"]) >= 3 and len(names["hgnc.md"]) >= 3


@pytest.mark.parametrize("doc", [d for d in DOCS if any((d.name, first) not in NOT_RUN
                                                         for first, _, _ in command_blocks(d))],
                         ids=lambda d: d.name)
def test_documented_commands_run_as_written(doc, tmp_path):
    ran = 0
    with FakeHGNC() as server:
        env = _sandbox(tmp_path, server)
        for first, commands, expected in command_blocks(doc):
            if (doc.name, first) in NOT_RUN:
                continue
            for cmd in commands:
                cmd = re.sub(r"--url URL\b", f"--url {server.url}/hgnc_complete_set.txt", cmd)
                res = _run(cmd, tmp_path, env)
                where = f"{doc.name}: {cmd}"
                assert res.returncode in (0, 1), f"{where}\nexit {res.returncode}\n{res.stderr[-2000:]}"
                assert "Traceback" not in res.stderr, f"{where}\n{res.stderr[-2000:]}"
                if expected is not None:
                    assert res.stdout == expected, f"{where}: the output differs from the document"
                ran += 1
    assert ran, f"{doc.name}: no command ran"


def test_readme_configuration_example_is_accepted(tmp_path):
    # the first toml block is the [tool.pfocr-lint] example: as a pyproject.toml it must load and lint
    (config,) = [b for lang, b, _ in blocks(REPO / "README.md") if lang == "toml" and "[tool.pfocr-lint]" in b]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "seeds/"], cwd=tmp_path,
                         capture_output=True, text=True, env={**os.environ, "PFOCR_LINT_DATA_DIR": str(tmp_path)})
    assert res.returncode == 1 and res.stderr == "", res.stderr          # errors found; the config is fine
    assert "OR003" not in res.stdout                                    # ignore = ["OR003"] took effect


def test_every_toml_block_parses():
    for doc in DOCS:
        for lang, body, _ in blocks(doc):
            if lang == "toml":
                assert tomllib.loads(body), doc.name


def test_readme_rule_example_is_a_working_rule(tmp_path):
    (code,) = [b for lang, b, _ in blocks(REPO / "README.md") if lang == "python" and "class " in b]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    rule = next(v for v in namespace.values() if isinstance(v, type) and getattr(v, "code", "") == "ZZ001")
    from pfocr_lint.config import Config
    from pfocr_lint.engine import Linter
    from tests.helpers import dump_record, merge_fragment

    for bad, fragment in rule.doc().examples():
        path = tmp_path / "PMC11987792__cancers-17-01167-g005.md"
        path.write_text(dump_record(merge_fragment(fragment)), encoding="utf-8")
        codes = [f.code for f in Linter(Config(), [rule]).lint_file(str(path), path).findings]
        assert ("ZZ001" in codes) == bad, fragment


def test_readme_install_command_from_a_fresh_copy(tmp_path):
    """The README's first command, as written, in a copy of the repository's
    files (what a fresh clone holds): install, then lint the seeds."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    clone = tmp_path / "pfocr-lint"
    for name in files.decode().split("\0"):
        if name and (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    (cmd,) = [b.strip() for lang, b, _ in blocks(REPO / "README.md") if lang == "sh" and "pip install" in b]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if str(BIN) not in p)
    res = _run(cmd, clone, {**env, "PFOCR_LINT_DATA_DIR": str(tmp_path / "data")})
    # the README: "the command ends with exit code 1 (errors were found)"
    assert res.returncode == 1, res.stderr[-3000:]
    assert re.search(r"^5 files checked: \d+ errors?, ", res.stdout, re.M), res.stdout[-500:]
