"""The gene knowledge the HG/AB rule tests run against: the in-memory fixture
(tests/hgnc_memory.py over tests/fixtures/hgnc/, real HGNC/MGI/RGD rows) and
the snapshot the package ships (linter/data/genes.sqlite), through the engine."""

from __future__ import annotations

import pytest

from pfocr_lint import knowledge

SHIPPED = knowledge.PROVIDERS["hgnc"]
FIXTURE = "tests.hgnc_memory:load_for_run"


def _shipped_available() -> bool:
    try:
        from pfocr_lint.hgnc import paths
        return paths.shipped_snapshot().is_file()
    except Exception:
        return False


@pytest.fixture(params=["fixture", "snapshot"])
def genes(request, monkeypatch):
    """Select the knowledge provider for the engine; yields its name."""
    if request.param == "snapshot":
        if not _shipped_available():
            pytest.skip("no shipped gene snapshot")
        monkeypatch.setitem(knowledge.PROVIDERS, "hgnc", SHIPPED)
    else:
        monkeypatch.setitem(knowledge.PROVIDERS, "hgnc", FIXTURE)
    return request.param
