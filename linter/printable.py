"""Untrusted text made safe to print: control characters become visible escapes.

Record values reach the messages of findings as written, and a record can
hold anything: an ESC sequence would recolour, retitle or rewrite the
reader's terminal, bidirectional overrides (U+202E) would show a finding's
text in another order than it has (the "Trojan Source" trick), and a line
break would forge a line of output. Every human-readable report passes
its text through :func:`printable`; JSON, SARIF and JUnit escape control
characters by their own rules, and HTML is escaped by Jinja2.
"""

from __future__ import annotations

import re

# C0 controls (tab and line breaks included: one finding is one line), DEL and
# the C1 controls; the Unicode line and paragraph separators; the bidi marks,
# embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text):
    """``text`` with every unsafe character written as ``\\xNN``/``\\uNNNN``;
    anything that is not a string is returned as it is."""
    if not isinstance(text, str) or _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)
