"""Dutch numbers and euro amounts.

* numbers: "1.000" -> 1000, "2,1" -> 2.1, "1.592" -> 1592, "6,5" -> 6.5
* amounts: "€ 25.000", "€200.000, -", "1,75 miljoen euro", "158.000 euro", "€ 2,5 mln"
* units of tables and text: "Bedragen x € 1.000", "* 1.000 euro", "(x € 1 miljoen)",
  "bedragen *1 miljoen euro", "in duizenden euro's"
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$")
SCALES = {"duizend": 1e3, "miljoen": 1e6, "mln": 1e6, "mln.": 1e6, "miljard": 1e9, "mld": 1e9, "mrd": 1e9}
_SCALE = r"(?:miljoen|mln\.?|miljard|mld|mrd|duizend)"

_AMOUNT_RE = re.compile(
    rf"(?:€|(?<![A-Za-zÀ-ÿ])(?:EUR|euro))\s?(?P<n1>{NUMBER})(?:\s?,\s?-{{1,2}})?(?:\s+(?P<s1>{_SCALE}))?"
    rf"|(?P<n2>{NUMBER})\s*(?P<s2>{_SCALE})?\s*(?:euro|EUR|€)\b"
    rf"|(?P<n3>{NUMBER})\s+(?P<s3>miljoen|miljard|mln)\b",
    re.IGNORECASE,
)
_UNIT_RE = re.compile(
    rf"(?:x|\*|×|maal)\s*(?:€|eur|euro)?\s*(?P<n>1(?:\.000)*|1)\s*(?P<s>{_SCALE})?"
    rf"|in\s+(?P<w>duizenden|miljoenen)\s+euro",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


def parse_number(text: str) -> float | None:
    """Dutch number as written: '.' groups thousands, ',' is the decimal sign.

    A dot followed by other than exactly three digits is read as a decimal point
    ("2.1%" in running text). Returns None for anything that is not a number.
    """
    s = text.strip().replace("\u00a0", "").replace(" ", "")
    s = s.lstrip("€").rstrip("%").strip()
    neg = s.startswith(("-", "−"))
    s = s.lstrip("-−")
    if not s:
        return None
    if _NUMBER_RE.match(s):
        value = float(s.replace(".", "").replace(",", "."))
    elif re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}", s):
        value = float(s)
    else:
        return None
    return -value if neg else value


def unit_multiplier(text: str | None) -> float:
    """The multiplier a table or text unit states: 'bedragen x € 1.000' -> 1000."""
    if not text:
        return 1.0
    m = _UNIT_RE.search(text)
    if not m:
        return 1.0
    if m.group("w"):
        return 1e3 if m.group("w").lower() == "duizenden" else 1e6
    base = parse_number(m.group("n")) or 1.0
    scale = SCALES.get((m.group("s") or "").lower().rstrip("."), 1.0) if m.group("s") else 1.0
    if m.group("s") and m.group("s").lower().startswith("mln"):
        scale = 1e6
    return base * scale


def has_unit(text: str | None) -> bool:
    return bool(text and _UNIT_RE.search(text))


@dataclass(frozen=True)
class Amount:
    eur: float
    raw: str
    start: int
    end: int


def find_amounts(text: str) -> list[Amount]:
    """Euro amounts written in running text, with their scale applied."""
    out = []
    for m in _AMOUNT_RE.finditer(text):
        num = m.group("n1") or m.group("n2") or m.group("n3")
        scale_word = m.group("s1") or m.group("s2") or m.group("s3")
        value = parse_number(num)
        if value is None:
            continue
        if _YEAR_RE.match(num) and not scale_word and not m.group(0).lstrip().startswith(("€", "EUR", "euro")):
            continue
        scale = SCALES.get(scale_word.lower().rstrip("."), 1e6 if scale_word and scale_word.lower().startswith("mln") else 1.0) if scale_word else 1.0
        out.append(Amount(round(value * scale, 2), m.group(0).strip(), m.start(), m.end()))
    return out


def is_amount_cell(cell: str) -> bool:
    """A table cell that holds one number (possibly with € or a minus)."""
    s = cell.strip().replace("€", "").strip()
    return bool(s) and parse_number(s) is not None
