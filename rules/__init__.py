"""Built-in rule families: one module per family, one class per rule.

The engine imports every module here that does not start with ``_`` and
registers each :class:`linter.rule.Rule` subclass that sets ``code``.
Shared helpers for rule modules live in ``rules/_util.py``.
"""
