"""Gene symbols that a spreadsheet turned into dates.

Excel (and LibreOffice, Google Sheets) read ``MARCH1`` as the 1st of March and
show it as ``1-Mar``; ``SEPT7`` becomes ``7-Sep`` or, exported with another
date format, ``9/7`` or ``09-07``; ``DEC1`` becomes ``1-Dec``; ``OCT4``
becomes ``4-Oct``. HGNChelper keeps a map of such texts; here the text is
read back as a (month, day) and the symbols that give that date are looked up
in the nomenclature in use, so the answer follows the snapshot (``MARCH1`` is
now ``MARCHF1``, ``SEPT7`` ``SEPTIN7``).

Only the date reading lives here; deciding when a text is a date rather than
a symbol is the caller's business (an exact symbol always wins).
"""

from __future__ import annotations

import re
from typing import Optional

# The symbols a month's name starts, most specific first: MARCH1 and MARC1
# (both now renamed) both became "1-Mar"; SEPT7 and SEP15 both became "n-Sep".
MONTH_PREFIXES = {
    1: ("JAN",), 2: ("FEB",), 3: ("MARCH", "MARC"), 4: ("APR",), 5: ("MAY",), 6: ("JUN",),
    7: ("JUL",), 8: ("AUG",), 9: ("SEPT", "SEP"), 10: ("OCT",), 11: ("NOV",), 12: ("DEC",),
}
_MONTH_NAMES = {"jan": 1, "feb": 2, "mar": 3, "march": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
                "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MON = "(jan|feb|march|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec)"
_YEAR = r"(?:[-/ ]\d{2}(?:\d{2})?)?"
_DAY_MON = re.compile(rf"^(\d{{1,2}})[- ]{_MON}{_YEAR}$", re.I)         # 1-Mar, 01-MAR, 1-Mar-2020
_MON_DAY = re.compile(rf"^{_MON}[- ]?(\d{{1,2}}){_YEAR}$", re.I)        # Mar-1, Mar1, MAR1
_NUMERIC = re.compile(r"^(\d{1,2})([/-])(\d{1,2})(?:\2\d{2}(?:\d{2})?)?$")  # 9/7, 03/01, 3-1, 09-07
_ISO = re.compile(r"^\d{4}-(\d{2})-(\d{2})$")                            # 2020-03-01


def date_reading(text: str) -> Optional[tuple]:
    """(month, day) when ``text`` reads as a spreadsheet date, else None."""
    text = text.strip()
    m = _DAY_MON.match(text)
    if m:
        month, day = _MONTH_NAMES[m[2].lower()], int(m[1])
    else:
        m = _MON_DAY.match(text)
        if m:
            month, day = _MONTH_NAMES[m[1].lower()], int(m[2])
        else:
            m = _NUMERIC.match(text)
            if m:
                month, day = int(m[1]), int(m[3])     # month first, as the US formats write it
            else:
                m = _ISO.match(text)
                if not m:
                    return None
                month, day = int(m[1]), int(m[2])
    if 1 <= month <= 12 and 1 <= day <= 31:
        return month, day
    return None


def original_symbols(text: str) -> tuple:
    """The symbols a spreadsheet shows as ``text``, spelt the HGNC way
    (``1-Mar`` -> ``('MARCH1', 'MARC1')``); () when it is no date. A reading
    that gives the text back (``OCT4`` is itself a symbol, not a date) is left
    out: only a changed text is a mangled one."""
    reading = date_reading(text)
    if reading is None:
        return ()
    month, day = reading
    folded = text.strip().upper()
    return tuple(p + str(day) for p in MONTH_PREFIXES[month] if p + str(day) != folded)
