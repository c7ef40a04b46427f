"""Where a rule's documentation is on the web: SARIF ``helpUri``.

Every built-in rule has a section in docs/rules.md whose heading is its code
(``## AB001``), so its address is ``<docs>/rules.md#ab001`` (GitHub's anchor:
the heading in lower case). pfocr-lint has no canonical home page, so the
base is, in order:

1. ``docs-url`` in the configuration (where the maintainers publish the
   docs/ folder of the pfocr-lint they use);
2. the installed package's own origin: pip records a ``pip install
   git+https://github.com/OWNER/pfocr-lint@TAG`` (the install docs/ci.md
   shows) in ``direct_url.json`` (PEP 610), commit included, so the link
   shows the rules.md of exactly the version that produced the report;
3. nothing: SARIF's ``helpUri`` must be an absolute address, and a guessed
   one would be a dead link. The rule's help text is in the report anyway.

A rule from a rule pack is not in docs/rules.md: it gets the ``help_uri``
its class declares, if any.
"""

from __future__ import annotations

import json
from typing import Optional
from urllib.parse import urlsplit


def docs_base(configured: Optional[str] = None) -> Optional[str]:
    """The address of the docs/ folder, ending in '/', or None."""
    if configured:
        return configured if configured.endswith("/") else configured + "/"
    return base_from_direct_url(_direct_url())


def base_from_direct_url(info: Optional[dict]) -> Optional[str]:
    """The docs/ folder of a pip install from a GitHub repository at a
    commit, from PEP 610's ``direct_url.json``; None for any other install
    (a wheel from an index, a local folder, an editable checkout)."""
    if not isinstance(info, dict):
        return None
    vcs = info.get("vcs_info")
    url = info.get("url")
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not isinstance(url, str):
        return None
    commit = vcs.get("commit_id")
    if not isinstance(commit, str) or not commit.isalnum():
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if path.endswith(".git"):
        path = path[:-4]
    # only github.com: its /blob/<commit>/ layout is what the link relies on
    if parts.scheme != "https" or parts.hostname != "github.com" or path.count("/") != 2:
        return None
    return f"https://github.com{path}/blob/{commit}/docs/"


def rule_help_uri(base: Optional[str], cls) -> Optional[str]:
    """``<base>rules.md#<code>`` for a built-in rule; a rule pack's own
    ``help_uri``; else None."""
    if not cls.__module__.startswith("pfocr_lint."):
        own = getattr(cls, "help_uri", None)
        return own if isinstance(own, str) and urlsplit(own).scheme in ("http", "https") else None
    if base is None:
        return None
    return f"{base}rules.md#{cls.code.lower()}"


def _direct_url() -> Optional[dict]:
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        text = distribution("pfocr-lint").read_text("direct_url.json")
    except (PackageNotFoundError, OSError, ValueError):   # not installed: run from a checkout
        return None
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None
