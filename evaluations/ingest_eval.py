"""Ingest quality and speed on the bundled corpus.

Quality: metadata accuracy against ``corpus/manifest.json`` (per field), OCR
character accuracy of the scanned Zorg contract against its text-layer twin
(both as cleaned by the pipeline; 1 - normalised Levenshtein distance over the
whole document), and whether the scan is linked as a near-duplicate.
Speed: pages/second for text-layer pages and for OCR pages on this machine.

Real documents of other issuers (``../shared/real/``, manifest
``evaluations/data/real_manifest.json`` written by reading each PDF): metadata per
document and field (title, kind, date, author), a confusion matrix of kinds, and
page accounting: every page that has a text layer or an image and is stored
without text must carry a reason.

Metadata is scored as ``ingest.metadata.infer_metadata`` infers it from the stored
pages and the PDF's info dictionary (the pipeline's own inputs), so a data dir
ingested earlier can be reused (``--corpus-data``, ``--real-data``). Titles match
when their normalised words are equal or overlap by Jaccard >= 0.7 (so a title
that differs in one article still counts); kind, date and author must be equal
(author case-insensitive).

Usage:
    .venv/bin/python evaluations/ingest_eval.py [--out evaluations/out/ingest.json]
        [--corpus-data DIR] [--real-data DIR] [--skip-corpus] [--skip-real]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from beleid.config import load_settings  # noqa: E402
from beleid.store import Store  # noqa: E402
from ingest.metadata import infer_metadata, issuing_territory, logo_territory, signature_text  # noqa: E402
from ingest.ocr import read_logos_of  # noqa: E402
from nl.bodies import MUNICIPALITY, PROVINCE  # noqa: E402
from nl.places import listed  # noqa: E402
from app.ingest import ingest_paths  # noqa: E402

FIELDS = ["title", "kind", "date", "author", "programme", "pages"]
REAL_FIELDS = ["title", "kind", "date", "author"]
REAL = ROOT.parent / "shared" / "real"


def normalise(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def field_match(field: str, got, gold) -> bool:
    if field == "title":
        a, b = set(normalise(got or "").split()), set(normalise(gold or "").split())
        return bool(a) and bool(b) and (a == b or len(a & b) / len(a | b) >= 0.7)
    if field == "author":
        return normalise(got or "") == normalise(gold or "")
    return (got or None) == gold


def reinfer(store: Store, doc_id: str, pdf_path: Path, known: list[str]):
    """Metadata as the pipeline infers it, from the stored pages and the PDF's info."""
    import pymupdf

    with pymupdf.open(str(pdf_path)) as pdf:
        pdf_meta = dict(pdf.metadata or {})
    cover = [(b.font_size, b.text) for b in store.blocks(doc_id, 1)]
    pages = store.pages(doc_id)
    first = [p.text for p in pages[:3]]
    last = pages[-1].text if len(pages) > 3 else ""
    return infer_metadata(pdf_meta, first, cover, known, last_page=last,
                          signature=signature_text([p.text for p in pages]),
                          logo_readings=lambda: read_logos_of(pdf_path)), pdf_meta


def ingest_into(folder: Path, data_dir: str | None, tmp: str):
    settings = load_settings(data_dir or tmp)
    store = Store(settings.db_path)
    report = None
    if data_dir is None or not store.documents():
        report = ingest_paths([folder], settings, store)
    return store, report


def score_metadata(store: Store, manifest: list[dict], folder: Path, fields: list[str], content_only: bool = False):
    """Per document: the inferred value and whether it matches, per field."""
    docs = {Path(d.path).name: d for d in store.documents()}
    known = sorted({d.programme for d in store.documents() if d.programme})
    rows = []
    for gold in manifest:
        doc = docs.get(gold["file"])
        if doc is None:
            rows.append({"file": gold["file"], "missing": True, **{f: False for f in fields}})
            continue
        if not content_only:
            inferred, _ = reinfer(store, doc.doc_id, folder / gold["file"], known)
        else:  # the PDF info dictionary withheld, and the document's own programme not known beforehand
            pages = store.pages(doc.doc_id)
            inferred = infer_metadata({}, [p.text for p in pages[:3]],
                                      [(b.font_size, b.text) for b in store.blocks(doc.doc_id, 1)],
                                      [k for k in known if k != gold.get("programme")],
                                      last_page=pages[-1].text if len(pages) > 3 else "",
                                      signature=signature_text([p.text for p in pages]),
                                      logo_readings=lambda: read_logos_of(folder / gold["file"]))
        row = {"file": gold["file"], "doc_id": doc.doc_id}
        for f in fields:
            got = doc.pages if f == "pages" else getattr(inferred, f)
            row[f] = field_match(f, got, gold[f])
            row[f + "_got"] = got
            row[f + "_expected"] = gold[f]
        rows.append(row)
    acc = {f: round(sum(1 for r in rows if r[f]) / len(rows), 3) for f in fields}
    return rows, acc


_GOLD_TERRITORY = [(re.compile(r"(?:Gemeente|College van B&W, gemeente|Gemeenteraad van) (.+)"), MUNICIPALITY),
                   (re.compile(r"(?:Provincie|Gedeputeerde Staten van|Provinciale Staten van) (.+)"), PROVINCE)]


def territory_recovery(store: Store, manifest: list[dict], folder: Path) -> list[dict]:
    """For every document whose expected author is a municipality or province (or one of
    their bodies) named with its place: the place ``ingest.metadata.issuing_territory``
    finds in the stored text for that tier, as it would to complete a bare body
    ("Gedeputeerde Staten", "College van B&W") found without its place."""
    docs = {Path(d.path).name: d for d in store.documents()}
    rows = []
    for gold in manifest:
        doc = docs.get(gold["file"])
        for pattern, tier in _GOLD_TERRITORY:
            m = pattern.fullmatch(gold.get("author") or "")
            if doc is None or not m:
                continue
            pages = store.pages(doc.doc_id)
            head, last = "\n".join(p.text for p in pages[:3]), pages[-1].text if len(pages) > 3 else ""
            place, where = issuing_territory(tier, [(b.font_size, b.text) for b in store.blocks(doc.doc_id, 1)],
                                             head, signature_text([p.text for p in pages]), last)
            if place is None:  # as the pipeline does for a bare body: the logo, when its readings agree
                path = Path(doc.path) if Path(doc.path).exists() else folder / gold["file"]
                place = logo_territory(read_logos_of(path), tier)
                where = "logo" if place else None
            # harder: the letterhead (page 1's first 600 characters) withheld, only the text after it
            bare, _ = issuing_territory(tier, [], "", "", head[600:] + "\n" + last)
            rows.append({"file": gold["file"], "tier": tier, "expected": m.group(1), "got": place, "where": where,
                         "got_listed": listed(place, tier) if place else None,
                         "got_without_letterhead_listed": listed(bare, tier) if bare else None,
                         "ok": normalise(place or "") == normalise(m.group(1)),
                         "got_without_letterhead": bare,
                         "ok_without_letterhead": normalise(bare or "") == normalise(m.group(1))})
    return rows


def print_territory(rows: list[dict]) -> None:
    print("\n## Territory of the issuer found in the text (completes a bare body such as Gedeputeerde Staten)\n")
    print("| file | tier | expected | found | where | letterhead withheld |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['file'][:48]} | {r['tier']} | {r['expected']} | "
              f"{('ok' if r['ok'] else 'MISS: ' + str(r['got']))} | {r['where'] or ''} | "
              f"{('ok' if r['ok_without_letterhead'] else 'MISS: ' + str(r['got_without_letterhead']))} |")
    for suffix, label in (("", "whole document"), ("_without_letterhead", "letterhead withheld")):
        right = sum(1 for r in rows if r["ok" + suffix])
        none = sum(1 for r in rows if not r["got" + suffix])
        found = [r for r in rows if r["got" + suffix]]
        print(f"{label}: {len(rows)} documents, right place {right}, wrong place {len(rows) - right - none}, "
              f"none found {none}; places found that are in the list nl.places: "
              f"{sum(1 for r in found if r['got' + suffix + '_listed'])} of {len(found)}")


def logo_probe(folder: Path, files: list[str]) -> list[dict]:
    """NOT part of the pipeline: can a letterhead logo (a small image on page 1, the only
    place some documents name their province or municipality) be read? Tesseract on each
    colour channel of the image at its own resolution (a coloured logo loses letters in
    the grey image where two colours overlap), and the territories ``nl.bodies`` finds in
    the words it reads with confidence >= 80."""
    import pymupdf
    import pytesseract
    from PIL import Image
    from nl.bodies import territory_mentions

    out = []
    for name in files:
        with pymupdf.open(str(folder / name)) as pdf:
            page = pdf[0]
            for info in page.get_image_info(xrefs=True):
                x0, y0, x1, y1 = info["bbox"]
                if not info.get("xref") or (x1 - x0) > 0.6 * page.rect.width:
                    continue  # a scan or a cover picture, not a logo
                pix = pymupdf.Pixmap(pdf, info["xref"])
                if pix.n - pix.alpha != 3:
                    pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
                rgb = Image.frombytes("RGB" if not pix.alpha else "RGBA", (pix.width, pix.height),
                                      pix.samples).convert("RGB")
                channels = {"grey": rgb.convert("L"), **dict(zip("rgb", rgb.split()))}
                channels["max"] = rgb.convert("HSV").split()[2]  # value = max(r, g, b)
                for channel, img in channels.items():
                    data = pytesseract.image_to_data(img, lang="nld", config="--psm 6",
                                                     output_type=pytesseract.Output.DICT)
                    words = [(w, float(c)) for w, c in zip(data["text"], data["conf"]) if w.strip()]
                    sure = " ".join(w for w, c in words if c >= 80)
                    found = [f"{tier} {m.place}" for tier in (PROVINCE, MUNICIPALITY)
                             for m in territory_mentions(sure, tier)]
                    out.append({"file": name, "bbox": [round(v) for v in info["bbox"]], "channel": channel,
                                "read": " ".join(f"{w}({c:.0f})" for w, c in words), "territories": found})
    print("\n## Probe, not in the pipeline: letterhead logos read per colour channel\n")
    print("| file | logo bbox | channel | words read (confidence) | territory in words >= 80 |\n|---|---|---|---|---|")
    for r in out:
        print(f"| {r['file'][:40]} | {r['bbox']} | {r['channel']} | {r['read'][:70]} | {', '.join(r['territories'])} |")
    return out


def confusion(rows: list[dict]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        if "kind_expected" in r:
            out.setdefault(r["kind_expected"], {}).setdefault(str(r["kind_got"]), 0)
            out[r["kind_expected"]][str(r["kind_got"])] += 1
    return out


def page_accounting(store: Store, folder: Path) -> list[dict]:
    """Per document: pages with a text layer or an image that are stored empty, and
    how many of those carry no reason (must be 0)."""
    import pymupdf

    rows = []
    for doc in store.documents():
        reasons = doc.meta.get("empty_pages", {})
        empty = [p.number for p in store.pages(doc.doc_id) if not p.text.strip()]
        with pymupdf.open(doc.path if Path(doc.path).exists() else str(folder / Path(doc.path).name)) as pdf:
            had = [n for n in empty if pdf[n - 1].get_text("text").strip() or pdf[n - 1].get_images()]
        rows.append({"doc_id": doc.doc_id, "pages": doc.pages, "ocr_pages": doc.ocr_pages,
                     "hidden_ocr_pages": len(doc.meta.get("hidden_ocr_pages", [])), "tables": doc.meta.get("tables"),
                     "empty_pages": len(empty), "empty_with_content": len(had),
                     "empty_without_reason": sum(1 for n in empty if str(n) not in reasons),
                     "reasons": reasons})
    return rows


def _amount(cell: str):
    t = cell.strip().replace(" ", "")
    if not re.fullmatch(r"[-−–]?\d{1,3}(\.\d{3})*", t):
        return None
    return int(t.replace("−", "-").replace("–", "-").replace(".", ""))


def saldo_consistency(store: Store) -> list[dict]:
    """Cell accuracy without a transcription: in Dutch budget tables every
    'Baten | Lasten | Saldo' group must add up (baten + lasten = saldo, lasten
    negative). Per document: groups checked, groups whose three cells all read
    as amounts, and groups that add up exactly."""
    out = []
    for doc in store.documents():
        groups = readable = exact = 0
        for t in store.tables(doc.doc_id):
            grid = [list(t.header)] + [list(r) for r in t.rows]
            head_row = next((r for r in grid if [c.strip().lower() for c in r].count("saldo") >= 1
                             and any(c.strip().lower() == "baten" for c in r)), None)
            if head_row is None:
                continue
            low = [c.strip().lower() for c in head_row]
            starts = [j for j in range(len(low) - 2) if low[j:j + 3] == ["baten", "lasten", "saldo"]]
            for row in grid:
                if row is head_row or len(row) != len(head_row):
                    continue
                for j in starts:
                    cells = row[j:j + 3]
                    if not all(c.strip() for c in cells):
                        continue
                    groups += 1
                    vals = [_amount(c) for c in cells]
                    if None in vals:
                        continue
                    readable += 1
                    exact += int(vals[0] + vals[1] == vals[2])
        if groups:
            out.append({"doc_id": doc.doc_id, "groups": groups, "readable": readable, "add_up": exact})
    return out


def baseline_metadata(rev: str, store: Store, manifest: list[dict]) -> dict:
    """Accuracy of the metadata rules of an earlier revision on the same stored pages
    (its ``infer_metadata(pdf_meta, first_pages, cover_lines, known)``)."""
    import importlib.util
    import subprocess

    import pymupdf

    source = subprocess.run(["git", "show", f"{rev}:ingest/metadata.py"], capture_output=True, text=True,
                            cwd=ROOT, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "baseline_metadata.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_metadata", path)
    old = importlib.util.module_from_spec(spec)
    sys.modules["baseline_metadata"] = old
    spec.loader.exec_module(old)
    import inspect

    accepts = inspect.signature(old.infer_metadata).parameters
    docs = {Path(d.path).name: d for d in store.documents()}
    hits = {f: 0 for f in REAL_FIELDS}
    rows = []
    for gold in manifest:
        doc = docs[gold["file"]]
        with pymupdf.open(str(REAL / gold["file"])) as pdf:
            pdf_meta = dict(pdf.metadata or {})
        cover = [(b.font_size, b.text) for b in store.blocks(doc.doc_id, 1)]
        pages = store.pages(doc.doc_id)
        extra = {}  # the inputs the pipeline of that revision passed too (its parse.py passed these when accepted)
        if "last_page" in accepts:
            extra["last_page"] = pages[-1].text if len(pages) > 3 else ""
        if "signature" in accepts and hasattr(old, "signature_text"):
            extra["signature"] = old.signature_text([p.text for p in pages])
        if "logo_readings" in accepts:
            extra["logo_readings"] = lambda path=REAL / gold["file"]: read_logos_of(path)
        got = old.infer_metadata(pdf_meta, [p.text for p in pages[:3]], cover, [], **extra)
        row = {"file": gold["file"]}
        for f in REAL_FIELDS:
            ok = field_match(f, getattr(got, f), gold[f])
            hits[f] += ok
            row[f], row[f + "_got"] = ok, getattr(got, f)
        rows.append(row)
    return {**{f: round(v / len(manifest), 3) for f, v in hits.items()}, "per_document": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "ingest.json"))
    parser.add_argument("--corpus-data", default=None, help="reuse a data dir with the corpus ingested")
    parser.add_argument("--real-data", default=None, help="reuse a data dir with ../shared/real ingested")
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--logo-probe", action="store_true",
                        help="also OCR the small images on page 1 of the real documents per colour channel "
                             "(a probe of a method that is not in the pipeline)")
    parser.add_argument("--baseline", default=None, metavar="REV",
                        help="also score ingest/metadata.py as it was at git revision REV on the same stored pages")
    args = parser.parse_args()
    out: dict = {"command": "python evaluations/ingest_eval.py " + " ".join(sys.argv[1:]),
                 "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other jobs)"}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_corpus:
            out["corpus"] = corpus_part(args, tmp + "/corpus")
        if not args.skip_real:
            out["real"] = real_part(args, tmp + "/real")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    print(f"\nwrote {args.out}")


def real_part(args, tmp: str) -> dict:
    manifest = json.loads((ROOT / "evaluations" / "data" / "real_manifest.json").read_text(encoding="utf-8"))
    store, report = ingest_into(REAL, args.real_data, tmp)
    rows, acc = score_metadata(store, manifest, REAL, REAL_FIELDS)
    baseline = baseline_metadata(args.baseline, store, manifest) if args.baseline else None
    pages = page_accounting(store, REAL)
    print("## Real documents of other issuers: metadata per document\n")
    print("| file | " + " | ".join(REAL_FIELDS) + " |\n|---|" + "---|" * len(REAL_FIELDS))
    for r in rows:
        cells = [("ok" if r[f] else f"MISS: got {r.get(f + '_got')!s:.60}") for f in REAL_FIELDS]
        print(f"| {r['file'][:48]} | " + " | ".join(cells) + " |")
    print("| accuracy | " + " | ".join(f"{acc[f]:.3f}" for f in REAL_FIELDS) + " |")
    if baseline:
        print(f"| accuracy of ingest/metadata.py at {args.baseline} | "
              + " | ".join(f"{baseline[f]:.3f}" for f in REAL_FIELDS) + " |")
        print(f"\nPer document, ingest/metadata.py at {args.baseline} on the same stored pages:\n")
        print("| file | " + " | ".join(REAL_FIELDS) + " |\n|---|" + "---|" * len(REAL_FIELDS))
        for r in baseline["per_document"]:
            cells = [("ok" if r[f] else f"MISS: got {r.get(f + '_got')!s:.60}") for f in REAL_FIELDS]
            print(f"| {r['file'][:48]} | " + " | ".join(cells) + " |")
    print("\nKind confusion (expected -> got):", json.dumps(confusion(rows), ensure_ascii=False))
    territory = territory_recovery(store, manifest, REAL)
    print_territory(territory)
    logos = logo_probe(REAL, [g["file"] for g in manifest]) if args.logo_probe else None
    print("\n## Real documents: pages accounted for\n")
    print("| doc | pages | OCR | hidden OCR layer used | tables | empty | empty with content | empty without reason |")
    print("|---|---|---|---|---|---|---|---|")
    for p in pages:
        print(f"| {p['doc_id'][:48]} | {p['pages']} | {p['ocr_pages']} | {p['hidden_ocr_pages']} | {p['tables']} | "
              f"{p['empty_pages']} | {p['empty_with_content']} | {p['empty_without_reason']} |")
    saldo = saldo_consistency(store)
    print("\n## Real documents: table cells checked by arithmetic (baten + lasten = saldo)\n")
    print("| doc | groups | all three cells read as amounts | add up exactly |\n|---|---|---|---|")
    for g in saldo:
        print(f"| {g['doc_id'][:48]} | {g['groups']} | {g['readable']} | {g['add_up']} |")
    failures = [r.__dict__ for r in report.failed] if report else []
    return {"metadata_accuracy": acc, "baseline_metadata_accuracy": baseline, "saldo_consistency": saldo, "per_document": rows, "kind_confusion": confusion(rows), "pages": pages,
            "territory": territory, "logo_probe": logos,
            "failures": failures}


def corpus_part(args, tmp: str) -> dict:
    from rapidfuzz.distance import Levenshtein

    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    store, report = ingest_into(ROOT / "corpus", args.corpus_data, tmp)
    rows, metadata = score_metadata(store, manifest, ROOT / "corpus", FIELDS)
    metadata["all_fields"] = round(sum(sum(1 for f in FIELDS if r[f]) for r in rows) / (len(rows) * len(FIELDS)), 3)
    co_rows, metadata_content_only = score_metadata(store, manifest, ROOT / "corpus",
                                                    [f for f in FIELDS if f != "pages"], content_only=True)
    out = {"metadata_accuracy": metadata, "metadata_accuracy_content_only": metadata_content_only,
           "per_document": rows, "per_document_content_only": co_rows, "kind_confusion": confusion(rows),
           "kind_confusion_content_only": confusion(co_rows), "territory": territory_recovery(store, manifest, ROOT / "corpus")}
    scan_id, twin_id = "2019-programmacontract-zorg-scan", "2019-programmacontract-zorg"
    if store.has_document(scan_id) and store.has_document(twin_id):
        scan = normalise(" ".join(p.text for p in store.pages(scan_id)))
        twin = normalise(" ".join(p.text for p in store.pages(twin_id)))
        ocr_char_accuracy = 1 - Levenshtein.distance(scan, twin) / max(len(twin), 1)
        scan_words, twin_words = scan.split(), twin.split()
        word_accuracy = 1 - Levenshtein.distance(scan_words, twin_words) / max(len(twin_words), 1)
        out["ocr"] = {"char_accuracy": round(ocr_char_accuracy, 4), "word_accuracy": round(word_accuracy, 4),
                      "scan_linked_as_duplicate": store.get_document(scan_id).duplicate_of == twin_id}
    if report is not None:
        text_docs = [r for r in report.results if r.status == "ingested" and r.ocr_pages == 0]
        ocr_docs = [r for r in report.results if r.status == "ingested" and r.ocr_pages > 0]
        text_pages, text_secs = sum(r.pages for r in text_docs), sum(r.seconds for r in text_docs)
        ocr_pages, ocr_secs = sum(r.ocr_pages for r in ocr_docs), sum(r.seconds for r in ocr_docs)
        out["speed"] = {"text_pages": text_pages, "text_seconds": round(text_secs, 1),
                        "text_pages_per_second": round(text_pages / text_secs, 2) if text_secs else None,
                        "ocr_pages": ocr_pages, "ocr_seconds": round(ocr_secs, 1),
                        "ocr_pages_per_second": round(ocr_pages / ocr_secs, 3) if ocr_secs else None,
                        "total_seconds": round(report.seconds, 1), "stages": report.stage_seconds()}
        out["failures"] = [r.__dict__ for r in report.failed]
    print("## Corpus: metadata accuracy per field\n")
    print("| metadata field | accuracy (content + PDF info) | accuracy (content only) |\n|---|---|---|")
    for f in FIELDS + ["all_fields"]:
        co = metadata_content_only.get(f)
        print(f"| {f} | {metadata[f]:.3f} | {'' if co is None else f'{co:.3f}'} |")
    misses = [(r["file"], f, r.get(f + "_got"), r.get(f + "_expected")) for r in rows for f in FIELDS if not r[f]]
    co_misses = [(r["file"], f, r.get(f + "_got"), r.get(f + "_expected"))
                 for r in co_rows for f in FIELDS if f in r and not r[f]]
    print("\nMisses (content + PDF info):", misses or "none")
    print("Misses (content only):", co_misses or "none")
    print("Kind confusion (content only):", json.dumps(out["kind_confusion_content_only"], ensure_ascii=False))
    print_territory(out["territory"])
    if "ocr" in out:
        print(f"\nOCR of the scanned Zorg contract vs its text-layer twin: character accuracy "
              f"{out['ocr']['char_accuracy']:.3f}, word accuracy {out['ocr']['word_accuracy']:.3f}; "
              f"linked as near-duplicate: {out['ocr']['scan_linked_as_duplicate']}")
    if "speed" in out:
        s = out["speed"]
        print(f"\nSpeed: text-layer pages {s['text_pages']} in {s['text_seconds']} s "
              f"({s['text_pages_per_second']} pages/s); OCR pages {s['ocr_pages']} in {s['ocr_seconds']} s "
              f"({s['ocr_pages_per_second']} pages/s); whole corpus {s['total_seconds']} s (indexing not included)")
        print("Stages (s):", s["stages"])
    return out


if __name__ == "__main__":
    main()
