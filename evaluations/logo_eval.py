"""Reading the issuer's place from a logo: how often right, wrong or silent.

The pipeline reads page 1's logos only when the author is a bare governing body
("Gedeputeerde Staten", "Burgemeester en wethouders") whose place the text never names
(``ingest.metadata.logo_territory`` on ``ingest.ocr.read_logos``). A wrong place is
worse than none, so this script measures, per logo style:

* synthetic logos made here: "gemeente X" / "provincie X" with X a name made of
  syllables, drawn with pymupdf's base fonts in colours, as a plain line, two colours
  and sizes, white on a coloured band, beside an emblem, with a stroke drawn through
  the name's first letter (as a river through an "O"), pale, in capitals, stacked on
  two lines, at three image resolutions and with JPEG artefacts, in the letterhead or
  the footer of an A4 page;
* negative controls: the same logos asked for the other level (a "gemeente" logo for
  a GS document must give nothing), logos without a territory (a slogan, a foundation),
  and a logo whose name is printed twice over itself in red and in blue (its colour
  separations read different names);
* with ``--names real``: the same styles, but X is a real province or municipality
  drawn (with the seed) from the list ``nl.places``; the double prints then overprint
  two listed names of one level; and two confusable controls: a listed name that has a
  listed neighbour within the snapping distance ("Rheden" / "Rhenen", "Wierden" /
  "Woerden"), drawn mostly with a stroke through a letter, and a made-up name exactly
  between two such neighbours ("Rheten": one letter from both), and a made-up name one
  letter from one listed municipality ("Almeto", as a new municipality named like an
  old one could be), which no rule may take for a listed neighbour;
* the real documents of ``../shared/real`` (page 1 logos, both levels), against the
  place in the manifest's author.

For each logo the rule runs six ways (``ingest.metadata.logo_territory``):
``unanimous`` (the rule without a list of places: >= 2 readings agree exactly, none
reads that word otherwise; a reading that misread the noun still agrees when it reads
the name exactly where another reading found "provincie X"), ``majority`` (as
unanimous, but more agreeing than dissenting readings suffice), ``strict`` (unanimous,
and every agreeing reading reads noun and name itself), and with the list of places
``nl.places``: ``gazetteer`` (the pipeline's rule: unanimous; where it finds nothing,
each reading is snapped to a listed name, and the name counts when readings of >= 2
colour separations snap to it, none to another listed name or reads an unlisted place,
and one reads it letter for letter; a place unanimous agrees on that is unlisted but
one slip from a listed one gives none for a municipality and the listed one for a
province), ``gazetteer-loose`` (without the letter-for-letter condition) and
``gazetteer-keep`` (keeps such an unlisted municipality as read, as unanimous does).

A place counts as right when it equals the printed name up to case and punctuation
(as ``ingest_eval.py`` compares authors).

Usage:
    .venv/bin/python evaluations/logo_eval.py [--n 96] [--seed 7] [--names invented|real]
        [--out evaluations/out/logo_eval.json]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.metadata import logo_territory  # noqa: E402
from ingest.ocr import read_logos, tesseract_available  # noqa: E402
from nl.bodies import MUNICIPALITY, PROVINCE  # noqa: E402
from nl.places import MUNICIPALITIES, PROVINCES, letters, listed, radius  # noqa: E402

sys.path.insert(0, str(ROOT / "evaluations"))
from ingest_eval import normalise  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
MODES = {"unanimous": {"gazetteer": False}, "majority": {"unanimous": False, "gazetteer": False},
         "strict": {"anchored": False, "gazetteer": False}, "gazetteer": {},
         "gazetteer-loose": {"read_exactly": False}, "gazetteer-keep": {"keep_near_unlisted": True}}
STYLES = ("plain", "two-colour", "reverse", "emblem", "stroke", "pale", "capitals", "stacked")
FONTS = ("helv", "hebo", "tiro", "tibo", "cour", "heit")
_HEADS = ("Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Groot", "Ber", "Wal", "Hel", "Dron", "Vel", "Mar",
          "Ter", "Bram", "Lin", "Ros", "Fal", "Gel", "Kor")
_TAILS = ("land", "stad", "dorp", "wijk", "veen", "dam", "hoven", "meer", "broek", "horst", "lo", "sum",
          "ingen", "erveld", "waarde", "mond")
_COLOURS = [(0.55, 0.1, 0.3), (0.1, 0.3, 0.6), (0.0, 0.45, 0.25), (0.8, 0.2, 0.1), (0.2, 0.2, 0.2),
            (0.35, 0.1, 0.55), (0.0, 0.55, 0.75), (0.85, 0.45, 0.0)]


def _invented(rng: random.Random, tier: str | None = None) -> str:
    """A made-up name, never a listed one (an invented municipality must stay unknown). The syllables
    happen to make a few real names ("Westerveld", "Westland"): such a draw takes the next head
    syllable instead, without drawing again, so that every other draw of a seed stays as it was."""
    head, tail = rng.choice(_HEADS), rng.choice(_TAILS)
    sea = rng.random() < 0.1
    k = _HEADS.index(head)
    while True:
        name = _HEADS[k % len(_HEADS)] + tail + (" aan Zee" if sea else "")
        if not listed(name, PROVINCE) and not listed(name, MUNICIPALITY):
            return name
        k += 1


def _real(rng: random.Random, tier: str) -> str:
    return rng.choice([p for p in PROVINCES if p != "Friesland"] if tier == PROVINCE else MUNICIPALITIES)


def confusable_pairs() -> list[tuple[str, str]]:
    """Listed municipalities that a reading with OCR slips could take for each other: at edit distance
    (on letters) within both names' snapping radius, or one more."""
    from rapidfuzz.distance import Levenshtein

    pairs = []
    for i, a in enumerate(MUNICIPALITIES):
        for b in MUNICIPALITIES[i + 1:]:
            r = min(radius(a), radius(b))
            if r and Levenshtein.distance(letters(a), letters(b)) <= r + 1:
                pairs.append((a, b))
    return pairs


def unlisted_neighbour(rng: random.Random) -> str:
    """A made-up municipality one letter from exactly one listed name ("Almelo" -> "Almeto"): what a new,
    unlisted municipality named like an old one would look like. Taking it for the listed name is WRONG."""
    from nl.places import snap

    while True:
        base = rng.choice([m for m in MUNICIPALITIES if radius(m) >= 1])
        i = rng.choice([k for k, c in enumerate(base) if c.isalpha()])
        c = base[i].lower()
        pool = "aeiou" if c in "aeiou" else "bdfgklmnprstvwz"
        new = rng.choice([x for x in pool if x != c])
        mid = base[:i] + (new.upper() if base[i].isupper() else new) + base[i + 1:]
        if not listed(mid, MUNICIPALITY) and snap(mid, MUNICIPALITY) == base:
            return mid


def between_names(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(made-up name, neighbour, neighbour): for a pair of listed names of equal length that differ in one
    letter, the name with a third letter there ("Rheden" / "Rhenen" -> "Rheten"), listed nowhere."""
    out = []
    for a, b in pairs:
        if len(a) != len(b) or sum(x != y for x, y in zip(a, b)) != 1:
            continue
        i = next(k for k, (x, y) in enumerate(zip(a, b)) if x != y)
        for c in "tlkvm":
            mid = a[:i] + (c.upper() if a[i].isupper() else c) + a[i + 1:]
            if mid not in (a, b) and not listed(mid, MUNICIPALITY) and not listed(mid, PROVINCE):
                out.append((mid, a, b))
                break
    return out


def _logo(rng: random.Random, style: str, noun: str, name: str) -> tuple[bytes, dict]:
    """A PNG logo and how it was drawn."""
    import pymupdf
    from PIL import Image

    font = rng.choice(FONTS)
    zoom = rng.choice((1.0, 1.5, 2.5))
    jpeg = rng.random() < 0.3
    c1, c2 = rng.sample(_COLOURS, 2)
    big = rng.choice((16, 18, 22))
    small = big if style in ("plain", "reverse", "pale", "capitals") else round(big * rng.choice((0.6, 0.75)))
    text_noun, text_name = (noun.upper(), name.upper()) if style == "capitals" else (noun, name)
    fontobj = pymupdf.Font(font)
    w_noun, w_name = fontobj.text_length(text_noun, small), fontobj.text_length(text_name, big)
    x0 = 50 if style == "emblem" else 8
    stacked = style == "stacked"
    width = x0 + (max(w_noun, w_name) if stacked else w_noun + 6 + w_name) + 10
    height = big * (2.6 if stacked else 1.8)
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    ink_noun, ink_name = c1, (c2 if style != "plain" else c1)
    if style == "reverse":
        page.draw_rect(page.rect, color=c1, fill=c1)
        ink_noun = ink_name = (1, 1, 1)
    if style == "pale":
        ink_noun = ink_name = tuple(0.55 + 0.45 * v for v in c1)
    if style == "emblem":
        page.draw_circle((25, height / 2), min(20, height / 2 - 2), color=c2, fill=c2)
        page.draw_rect(pymupdf.Rect(15, height / 2 - 4, 35, height / 2 + 4), color=(1, 1, 1), fill=(1, 1, 1))
    base = height * (0.42 if stacked else 0.68)
    page.insert_text((x0, base), text_noun, fontsize=small, color=ink_noun, fontname=font)
    name_x = x0 if stacked else x0 + w_noun + 6
    name_y = height * 0.85 if stacked else base
    page.insert_text((name_x, name_y), text_name, fontsize=big, color=ink_name, fontname=font)
    if style == "stroke":
        letter = fontobj.text_length(text_name[0], big)
        pts = [(name_x - 4 + i * (letter + 8) / 6, name_y - big * (1.0 - 0.2 * (i % 2)) + i * big * 0.2)
               for i in range(7)]
        page.draw_polyline(pts, color=rng.choice(_COLOURS), width=big * 0.22)
    png = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).tobytes("png")
    if jpeg:
        img = Image.open(io.BytesIO(png)).convert("RGB")
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=45)
        png = buf.getvalue()
    return png, {"font": font, "zoom": zoom, "jpeg": jpeg, "width_pt": round(width), "height_pt": round(height)}


def _page_with(png: bytes, width_pt: float, height_pt: float, footer: bool):
    """An A4 page with the logo (at most 160 pt wide) in its letterhead or footer."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 300), "Gedeputeerde Staten / Burgemeester en wethouders hebben besloten.", fontsize=11)
    scale = min(1.0, 160 / width_pt)
    w, h = width_pt * scale, height_pt * scale
    rect = pymupdf.Rect(400, 800 - h, 400 + w, 800) if footer else pymupdf.Rect(60, 30, 60 + w, 30 + h)
    page.insert_image(rect, stream=png)
    return doc, page


def _same(a: str | None, b: str | None) -> bool:
    """Equal up to case and punctuation, as ``ingest_eval.py`` compares authors (its own function)."""
    return a is not None and b is not None and normalise(a) == normalise(b)


def _outcome(got: str | None, expected: str | None) -> str:
    if got is None:
        return "none" if expected else "ok (none)"
    return "right" if _same(got, expected) else "WRONG"


def synthetic(n: int, seed: int, names: str = "invented") -> list[dict]:
    rng = random.Random(seed)
    rows = []
    cases = []
    draw = _real if names == "real" else _invented
    for i in range(n):
        style = STYLES[i % len(STYLES)]
        tier = PROVINCE if rng.random() < 0.5 else MUNICIPALITY
        cases.append(("territory", style, tier, draw(rng, tier)))
    for i in range(max(4, n // 12)):  # no territory in the logo at all
        cases.append(("no territory", STYLES[i % 4], None, rng.choice(("Samen sterker", "Stichting Welzijn",
                                                                       "Veilig Thuis", "Regio Werkt"))))
    for i in range(max(4, n // 12)):  # the name printed twice over itself, red and blue
        tier = MUNICIPALITY if i % 2 else PROVINCE
        cases.append(("double print", "double", tier, draw(rng, tier)))
    if names == "real":
        pairs = confusable_pairs()
        for i in range(max(8, n // 4)):  # a listed name with a listed neighbour, often struck through
            style = "stroke" if i % 2 == 0 else STYLES[(i // 2) % len(STYLES)]
            cases.append(("confusable", style, MUNICIPALITY, rng.choice(rng.choice(pairs))))
        mids = between_names(pairs)
        for i in range(max(8, n // 8)):  # a made-up name one letter from two listed names
            mid, a, b = rng.choice(mids)
            cases.append(("between", STYLES[i % len(STYLES)], MUNICIPALITY, mid))
        for i in range(max(8, n // 4)):  # a made-up name one letter from one listed name, often struck through
            style = "stroke" if i % 2 == 0 else STYLES[(i // 2) % len(STYLES)]
            cases.append(("unlisted neighbour", style, MUNICIPALITY, unlisted_neighbour(rng)))
    for kind, style, tier, name in cases:
        t0 = time.perf_counter()
        if kind == "double print":
            other = draw(rng, tier)
            while other == name:
                other = draw(rng, tier)
            png, how = _double_print(rng, tier, name, other)
        elif kind == "no territory":
            png, how = _logo(rng, style, name.split()[0], " ".join(name.split()[1:]))
        else:
            png, how = _logo(rng, style, tier, name)
        doc, page = _page_with(png, how["width_pt"], how["height_pt"], footer=rng.random() < 0.5)
        readings = read_logos(page)
        doc.close()
        row = {"case": kind, "style": style, "tier": tier, "name": name, **how, "readings": len(readings),
               "seconds": round(time.perf_counter() - t0, 2),
               "read": {r.channel: " ".join(f"{w.text}({w.conf:.0f})" for w in r.words) for r in readings}}
        for asked in (PROVINCE, MUNICIPALITY):
            expected = (name if kind in ("territory", "confusable", "between", "unlisted neighbour") and asked == tier
                        else None)
            for mode, kwargs in MODES.items():
                got = logo_territory(readings, asked, **kwargs)
                row[f"{asked}_{mode}"] = got
                row[f"{asked}_{mode}_outcome"] = _outcome(got, expected)
        rows.append(row)
    return rows


def _double_print(rng: random.Random, tier: str, name: str, other: str) -> tuple[bytes, dict]:
    import pymupdf

    font = rng.choice(FONTS)
    doc = pymupdf.open()
    f = pymupdf.Font(font)
    width = 8 + f.text_length(tier, 13) + 6 + max(f.text_length(name, 18), f.text_length(other, 18)) + 10
    page = doc.new_page(width=width, height=34)
    page.insert_text((8, 24), tier, fontsize=13, color=(0, 0, 0), fontname=font)
    x = 8 + f.text_length(tier, 13) + 6
    page.insert_text((x, 24), name, fontsize=18, color=(1, 0, 0), fontname=font)
    page.insert_text((x, 24), other, fontsize=18, color=(0, 0, 1), fontname=font)
    png = page.get_pixmap(matrix=pymupdf.Matrix(1.5, 1.5)).tobytes("png")
    return png, {"font": font, "zoom": 1.5, "jpeg": False, "width_pt": round(width), "height_pt": 34,
                 "other": other}


def real_documents() -> list[dict]:
    import pymupdf

    manifest = json.loads((ROOT / "evaluations" / "data" / "real_manifest.json").read_text(encoding="utf-8"))
    rows = []
    for gold in manifest:
        t0 = time.perf_counter()
        with pymupdf.open(str(REAL / gold["file"])) as pdf:
            readings = read_logos(pdf[0])
        author = gold.get("author") or ""
        m = re.fullmatch(r"(?:Gemeente|Rekenkamer) (.+)", author)
        expected = {MUNICIPALITY: m.group(1) if m and author.startswith("Gemeente") else None,
                    PROVINCE: (re.fullmatch(r"Gedeputeerde Staten van (.+)", author) or [None, None])[1]}
        row = {"file": gold["file"], "readings": len(readings), "seconds": round(time.perf_counter() - t0, 2),
               "read": {f"{r.image}:{r.channel}": " ".join(f"{w.text}({w.conf:.0f})" for w in r.words)
                        for r in readings}}
        for asked in (PROVINCE, MUNICIPALITY):
            for mode, kwargs in MODES.items():
                got = logo_territory(readings, asked, **kwargs)
                row[f"{asked}_{mode}"] = got
                row[f"{asked}_{mode}_outcome"] = _outcome(got, expected[asked]) if readings else "no logo"
        rows.append(row)
    return rows


def _table(rows: list[dict], key: str) -> dict:
    out: dict = {}
    for r in rows:
        for asked in (PROVINCE, MUNICIPALITY):
            for mode in MODES:
                cell = out.setdefault(r[key], {}).setdefault(mode, {})
                outcome = r[f"{asked}_{mode}_outcome"]
                cell[outcome] = cell.get(outcome, 0) + 1
    return out


def print_compact(syn: list[dict]) -> None:
    """Per case, and per style of the logos that name a place, right / WRONG / missed under each rule
    (the level the logo names); and WRONG under each rule on the controls (the other level asked of
    every logo, logos without a territory, double prints)."""
    def cell(rows, asked_key, mode):
        c = {"right": 0, "WRONG": 0, "none": 0, "ok (none)": 0}
        for r in rows:
            for asked in asked_key(r):
                c[r[f"{asked}_{mode}_outcome"]] += 1
        return c

    named = ("territory", "confusable", "between", "unlisted neighbour")
    own = lambda r: [r["tier"]]  # noqa: E731
    other = lambda r: [a for a in (PROVINCE, MUNICIPALITY) if a != r["tier"]]  # noqa: E731
    both = lambda r: [PROVINCE, MUNICIPALITY]  # noqa: E731
    print("Compact: right / WRONG / missed when asked for the level the logo names\n")
    print("| logos | n | " + " | ".join(MODES) + " |\n|---|---|" + "---|" * len(MODES))
    groups = [(f"case: {k}", [r for r in syn if r["case"] == k]) for k in named]
    groups += [(f"style: {s}", [r for r in syn if r["case"] == "territory" and r["style"] == s]) for s in STYLES]
    for label, rows in groups:
        if rows:
            cells = [cell(rows, own, m) for m in MODES]
            print(f"| {label} | {len(rows)} | " + " | ".join(f"{c['right']} / {c['WRONG']} / {c['none']}"
                                                           for c in cells) + " |")
    print("\nControls: WRONG (of asks)\n")
    print("| control | asks | " + " | ".join(MODES) + " |\n|---|---|" + "---|" * len(MODES))
    for label, rows, asked in (("other level asked", [r for r in syn if r["case"] in named], other),
                               ("no territory", [r for r in syn if r["case"] == "no territory"], both),
                               ("double print", [r for r in syn if r["case"] == "double print"], both)):
        if rows:
            cells = [cell(rows, asked, m) for m in MODES]
            print(f"| {label} | {sum(len(asked(r)) for r in rows)} | "
                  + " | ".join(str(c["WRONG"]) for c in cells) + " |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=96, help="synthetic logos that name a territory")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--names", choices=("invented", "real"), default="invented",
                        help="X in the logos: names made of syllables (never listed), or listed real places "
                             "(with confusable controls)")
    parser.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "logo_eval.json"))
    parser.add_argument("--tables", metavar="JSON", default=None,
                        help="only print the compact tables of an earlier run's output (no OCR)")
    args = parser.parse_args()
    if args.tables:
        print_compact(json.loads(Path(args.tables).read_text(encoding="utf-8"))["synthetic"])
        return
    if not tesseract_available("nld"):
        sys.exit("tesseract-ocr-nld is not installed")
    started = time.perf_counter()
    syn = synthetic(args.n, args.seed, args.names)
    real = real_documents()
    out = {"command": "python evaluations/logo_eval.py " + " ".join(sys.argv[1:]),
           "synthetic_by_case": _table(syn, "case"), "synthetic_by_style": _table(syn, "style"),
           "synthetic": syn, "real": real, "seconds": round(time.perf_counter() - started, 1)}
    print_compact(syn)
    print("Outcomes per logo and level asked (a logo is asked for both levels; 'ok (none)': nothing where "
          "nothing is right, 'none': the right place was missed, 'WRONG': another place)\n")
    for key, title in (("case", "case"), ("style", "style (cases that name a territory, and controls)")):
        table = _table(syn, key)
        print(f"| {title} | rule | right | WRONG | none (missed) | ok (none) |\n|---|---|---|---|---|---|")
        for group, modes in table.items():
            for mode, c in modes.items():
                print(f"| {group} | {mode} | {c.get('right', 0)} | {c.get('WRONG', 0)} | {c.get('none', 0)} | "
                      f"{c.get('ok (none)', 0)} |")
        print()
    print("Real documents (page 1 logos):\n")
    print("| file | readings | " + " | ".join(f"{a} {m}" for a in (PROVINCE, MUNICIPALITY) for m in MODES)
          + " | s |")
    print("|---|---|" + "---|" * (2 * len(MODES)) + "---|")
    for r in real:
        print(f"| {r['file'][:48]} | {r['readings']} | "
              + " | ".join(f"{r[f'{a}_{m}_outcome']} ({r[f'{a}_{m}']})" for a in (PROVINCE, MUNICIPALITY)
                           for m in MODES)
              + f" | {r['seconds']} |")
    secs = [r["seconds"] for r in syn]
    print(f"\nseconds per synthetic logo: mean {sum(secs) / len(secs):.2f}, max {max(secs):.2f}; "
          f"total {out['seconds']} s")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
