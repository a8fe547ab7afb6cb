"""Which programme a table or text block belongs to.

A programmabegroting (BBV) has one chapter per programme, headed "P5 Sport, cultuur en
recreatie", "Programma 2 Verkeer en vervoer" or "Programma: Veiligheid"; its financial
table repeats the programme in its caption ("Programma: P5 Sport, cultuur en recreatie").
A programme chapter runs until the next heading printed at least as large as its own
heading that is not itself a programme (e.g. "Paragrafen", "Bijlagen").

A single-programme document (a programme contract) has its programme in the document
metadata; that is the default for everything in it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from beleid.types import Block, Table

# "P5 Sport, cultuur en recreatie", "Programma 2 Verkeer", "Programma: P0 Bestuur", "Programma:P5 Sport"
_HEADING = re.compile(
    r"^\s*(?:programma(?:\s*:\s*|\s+)(?:P\s?\d{1,2}[a-z]?\.?\s+|\d{1,2}[a-z]?[.:]?\s+)?|P\d{1,2}[a-z]?\s+|"
    r"\d{1,2}\.?\s+programma\s*:?\s+)"
    r"(?!bedragen\b|x\s|in\s+(?:duizenden|miljoenen|euro))(?P<name>[A-ZÀ-Ýa-zà-ÿ][^()\n]{1,90}?)\s*(?:\(|bedragen\b|$)",
    re.I)


def programme_name(text: str) -> str | None:
    """The programme a heading or caption names, without its code: 'P5 Sport, cultuur en
    recreatie' -> 'Sport, cultuur en recreatie'; None when the text names no programme."""
    t = " ".join((text or "").split())
    if not t or len(t) > 160:
        return None
    m = _HEADING.match(t)
    if not m:
        return None
    name = m.group("name").strip(" :;,-")
    if len(name) < 3 or re.fullmatch(r"(?:19|20)\d\d.*", name):
        return None
    return name


def same_programme(a: str | None, b: str | None) -> bool:
    """Names match when one contains the other after lowercasing ('Sociaal Domein' ~ 'P6 Sociaal domein')."""
    if not a or not b:
        return False
    na, nb = (re.sub(r"[^a-z0-9à-ÿ]+", " ", x.lower()).strip() for x in (a, b))
    na, nb = (re.sub(r"^(?:programma\s+)?(?:p\s?\d+\s+|\d+\s+)", "", x) for x in (na, nb))
    return bool(na and nb) and (na in nb or nb in na)


@dataclass
class ProgrammeMap:
    """Programme in force at a (page, y) position in reading order."""

    starts: list[tuple[int, float]]
    names: list[str | None]
    default: str | None = None

    @classmethod
    def from_blocks(cls, blocks: list[Block], default: str | None = None) -> "ProgrammeMap":
        starts: list[tuple[int, float]] = []
        names: list[str | None] = []
        current_size: float | None = None
        for b in sorted(blocks, key=lambda b: (b.page, b.order)):
            if b.kind != "heading":
                continue
            name = programme_name(b.text)
            if name is not None:
                starts.append((b.page, b.bbox[1]))
                names.append(name)
                current_size = b.font_size
            elif current_size is not None and b.font_size >= current_size - 0.2:
                starts.append((b.page, b.bbox[1]))
                names.append(None)  # a chapter as large as the programme's ends it
                current_size = None
        return cls(starts, names, default)

    def at(self, page: int, y: float | None = None) -> str | None:
        """The programme at height ``y`` of ``page``; without ``y``, the one in force at the
        end of the page (a programme chapter starts at the top of its page)."""
        i = bisect.bisect_right(self.starts, (page, float("inf") if y is None else y)) - 1
        if i < 0:
            return self.default
        return self.names[i]

    def for_table(self, t: Table, caption: str = "") -> str | None:
        """A table's own caption wins over the chapter it stands in."""
        for text in (caption, *t.header[:1]):
            name = programme_name(text)
            if name:
                return name
        return self.at(t.page, t.bbox[1])

    @property
    def has_chapters(self) -> bool:
        return any(self.names)
