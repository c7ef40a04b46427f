"""Where the figure JSON Schema lives, in a wheel and in a source checkout.

``pip install .`` ships ``schemas/`` inside the engine package as
``pfocr_lint/schemas/`` (setuptools package-dir, see pyproject.toml); in the source
tree (and an editable install) it is ``<repo>/schemas/``. Both are tried, the
installed copy first, so the tool never depends on the working directory.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SCHEMA_NAME = "figure.schema.json"
_HERE = Path(__file__).resolve().parent
_CANDIDATES = (
    _HERE / "schemas" / SCHEMA_NAME,          # installed wheel
    _HERE.parent / "schemas" / SCHEMA_NAME,   # source tree / editable install
)


class SchemaNotFound(FileNotFoundError):
    """Neither the installed nor the source-tree schema exists (a broken install)."""


def schema_path() -> Path:
    """Path of ``figure.schema.json``; raises :class:`SchemaNotFound`."""
    for candidate in _CANDIDATES:
        if candidate.is_file():
            return candidate
    raise SchemaNotFound(
        f"{SCHEMA_NAME} not found (looked in {', '.join(str(c.parent) for c in _CANDIDATES)}); "
        "reinstall pfocr-lint")


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The parsed schema, read once per process. Treat it as read-only."""
    with open(schema_path(), encoding="utf-8") as fh:
        return json.load(fh)
