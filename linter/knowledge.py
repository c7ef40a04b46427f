"""Optional knowledge that some rules need (HGNC, MGI, RGD, MeSH, ...), loaded lazily.

Rules declare ``needs = ("hgnc",)`` and call ``ctx.knowledge("hgnc")``. A
provider is loaded at most once per process, only when a rule asks. Providers
are named here by module path so that nothing heavy is imported at start-up.
"""

from __future__ import annotations

import importlib

# name -> "module:function"; the function takes the RunContext and returns the
# knowledge object (or raises KnowledgeUnavailable).
PROVIDERS = {
    "hgnc": "pfocr_lint.hgnc:load_for_run",
    "mesh": "pfocr_lint.mesh:load_for_run",
    "genecontext": "pfocr_lint.hgnc.context:load",
}


class KnowledgeUnavailable(Exception):
    """The knowledge cannot be had (no snapshot, disabled): rules that need it skip."""


def load(name: str, ctx):
    target = PROVIDERS.get(name)
    if target is None:
        raise KnowledgeUnavailable(f"no knowledge provider named {name!r}")
    module_name, func = target.split(":")
    module = importlib.import_module(module_name)
    return getattr(module, func)(ctx)
