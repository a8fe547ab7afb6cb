"""Ingest quality and speed on the bundled corpus.

Quality: metadata accuracy against ``corpus/manifest.json`` (per field), OCR
character accuracy of the scanned Zorg contract against its text-layer twin
(both as cleaned by the pipeline; 1 - normalised Levenshtein distance over the
whole document), and whether the scan is linked as a near-duplicate.
Speed: pages/second for text-layer pages and for OCR pages on this machine.

Usage:
    .venv/bin/python evaluations/ingest_eval.py [--out evaluations/out/ingest.json]
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
from ingest.metadata import infer_metadata  # noqa: E402
from app.ingest import ingest_paths  # noqa: E402

FIELDS = ["title", "kind", "date", "author", "programme", "pages"]


def normalise(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "evaluations" / "out" / "ingest.json"))
    args = parser.parse_args()
    from rapidfuzz.distance import Levenshtein

    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(tmp)
        store = Store(settings.db_path)
        report = ingest_paths([ROOT / "corpus"], settings, store)
        results = {r.doc_id: r for r in report.results if r.doc_id}

        per_field = {f: 0 for f in FIELDS}
        mismatches = []
        for gold in manifest:
            doc = store.get_document(gold["id"])
            for f in FIELDS:
                got = getattr(doc, f)
                if (got or None) == gold[f]:
                    per_field[f] += 1
                else:
                    mismatches.append({"doc_id": gold["id"], "field": f, "expected": gold[f], "got": got})
        n = len(manifest)
        metadata = {f: round(per_field[f] / n, 3) for f in FIELDS}
        metadata["all_fields"] = round(sum(per_field.values()) / (n * len(FIELDS)), 3)

        # The same inference with the PDF info dictionary withheld: content only.
        content_only = {f: 0 for f in FIELDS if f != "pages"}
        known = sorted({d.programme for d in store.documents() if d.programme})
        for gold in manifest:
            cover = [(b.font_size, b.text) for b in store.blocks(gold["id"], 1)]
            first = [p.text for p in store.pages(gold["id"])[:3]]
            inferred = infer_metadata({}, first, cover, [k for k in known if k != gold["programme"]])
            for f in content_only:
                if (getattr(inferred, f) or None) == gold[f]:
                    content_only[f] += 1
                else:
                    mismatches.append({"doc_id": gold["id"], "field": f + " (content only)", "expected": gold[f],
                                       "got": getattr(inferred, f)})
        metadata_content_only = {f: round(c / n, 3) for f, c in content_only.items()}

        scan_id, twin_id = "2019-programmacontract-zorg-scan", "2019-programmacontract-zorg"
        scan = normalise(" ".join(p.text for p in store.pages(scan_id)))
        twin = normalise(" ".join(p.text for p in store.pages(twin_id)))
        distance = Levenshtein.distance(scan, twin)
        ocr_char_accuracy = 1 - distance / max(len(twin), 1)
        scan_words, twin_words = scan.split(), twin.split()
        word_accuracy = 1 - Levenshtein.distance(scan_words, twin_words) / max(len(twin_words), 1)

        text_docs = [r for r in report.results if r.status == "ingested" and r.ocr_pages == 0]
        ocr_docs = [r for r in report.results if r.status == "ingested" and r.ocr_pages > 0]
        text_pages = sum(r.pages for r in text_docs)
        text_secs = sum(r.seconds for r in text_docs)
        ocr_pages = sum(r.ocr_pages for r in ocr_docs)
        ocr_secs = sum(r.seconds for r in ocr_docs)

    out = {
        "command": "python evaluations/ingest_eval.py",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "metadata_accuracy": metadata,
        "metadata_accuracy_content_only": metadata_content_only,
        "metadata_mismatches": mismatches,
        "ocr": {"char_accuracy": round(ocr_char_accuracy, 4), "word_accuracy": round(word_accuracy, 4),
                "scan_linked_as_duplicate": results[scan_id].duplicate_of == twin_id},
        "speed": {"text_pages": text_pages, "text_seconds": round(text_secs, 1),
                  "text_pages_per_second": round(text_pages / text_secs, 2) if text_secs else None,
                  "ocr_pages": ocr_pages, "ocr_seconds": round(ocr_secs, 1),
                  "ocr_pages_per_second": round(ocr_pages / ocr_secs, 3) if ocr_secs else None,
                  "total_seconds": round(report.seconds, 1)},
        "failures": [r.__dict__ for r in report.failed],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print("## Ingest quality and speed\n")
    print(f"Command: `{out['command']}` ({out['machine']})\n")
    print("| metadata field | accuracy (content + PDF info) | accuracy (content only) |\n|---|---|---|")
    for f in FIELDS + ["all_fields"]:
        co = metadata_content_only.get(f)
        print(f"| {f} | {metadata[f]:.3f} | {'' if co is None else f'{co:.3f}'} |")
    print(f"\nOCR of the scanned Zorg contract vs its text-layer twin: character accuracy "
          f"{ocr_char_accuracy:.3f}, word accuracy {word_accuracy:.3f}; linked as near-duplicate: "
          f"{out['ocr']['scan_linked_as_duplicate']}")
    s = out["speed"]
    print(f"\nSpeed: text-layer pages {s['text_pages']} in {s['text_seconds']} s "
          f"({s['text_pages_per_second']} pages/s); OCR pages {s['ocr_pages']} in {s['ocr_seconds']} s "
          f"({s['ocr_pages_per_second']} pages/s); whole corpus {s['total_seconds']} s (indexing not included)")
    if mismatches:
        print("\nMismatches:", json.dumps(mismatches, ensure_ascii=False))


if __name__ == "__main__":
    main()
