"""Load time of the Terugkerende bevindingen page (issue 11): first load, second load, after a server restart,
after an upload (ingest) and after a deletion.

The web app is driven in-process through FastAPI's TestClient (the whole ASGI stack, templates included) on a
COPY of an ingested data dir. Stored themes are removed first, so the first load finds none (as after an
upgrade). The page never computes in the request: it waits at most ``web.pages.PAGE_WAIT_S`` and otherwise
shows the progress of the background computation, refreshing itself; "ready after" is the time until the themes
are on the page. For comparison, "computed in the request" is what every first load and every load after an
upload cost before (computing the themes in the request: model load, embedding, grouping), measured in a fresh
process.

Usage:
  python evaluations/themes_load_eval.py --data-dir /tmp/final-e5 --add ../shared/real/denhaag_evaluatie_GR_MRDH_zienswijze_raadsvoorstel_2025.pdf
  # the same on another source tree (e.g. main before this change, exported with git archive) as the baseline:
  python evaluations/themes_load_eval.py --src /tmp/main-src --data-dir /tmp/final-e5 --add ...
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "evaluations" / "out" / "themes_load.json"
COMPUTING = "Thema's worden opnieuw berekend"
# the target for a load that reads stored themes back (second load, after a restart, after an upload): a benchmark
# here, not a test assertion (tests/web/test_themes_cache.py counts recomputations instead: timings are flaky on
# a loaded CI machine)
READ_BACK_TARGET_S = 2.0
READ_BACK = ("second_load", "all_themes_page", "after_server_restart", "after_upload", "after_delete_second_load")


def timed_get(client, url: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    return time.perf_counter() - t0, r.text


def load(client, url: str, timeout: float = 600) -> dict:
    """One page load: the response time, whether it showed progress, and when the themes were on the page
    (polling every 0.5 s, as the page's own refresh does every 2 s)."""
    t0 = time.perf_counter()
    first_s, text = timed_get(client, url)
    showed_progress = COMPUTING in text
    messages = []
    while COMPUTING in text and time.perf_counter() - t0 < timeout:
        msg = text.split('<p class="muted">', 1)[-1].split("</p>", 1)[0] if '<p class="muted">' in text else ""
        if msg and (not messages or messages[-1] != msg):
            messages.append(msg)
        time.sleep(0.5)
        _, text = timed_get(client, url)
    return {"response_s": round(first_s, 3), "showed_progress": showed_progress,
            "ready_after_s": round(time.perf_counter() - t0, 2), "themes_on_page": text.count('<details class="theme card"'),
            "progress_messages": messages[:6]}


def in_request_seconds(data_dir: Path, src: Path) -> float:
    """Computing the themes in a fresh process, as the page did in the request before (model load included)."""
    code = ("import time,sys; sys.path.insert(0, %r); t=time.perf_counter();"
            "from beleid.config import load_settings; from app.compose import open_store, embedder;"
            "from recommendations.recurring import recurring_themes;"
            "s=load_settings(%r); recurring_themes(open_store(s), embedder(s), only_recurring=True);"
            "print(time.perf_counter()-t)") % (str(src), str(data_dir))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 2)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, help="An ingested data dir with its index (it is copied).")
    ap.add_argument("--add", required=True, help="A PDF to upload (ingest) and delete again.")
    ap.add_argument("--src", default=None, help="Measure the code of this source tree instead (a baseline).")
    args = ap.parse_args(argv)
    src = Path(args.src).resolve() if args.src else ROOT
    sys.path.insert(0, str(src))
    from fastapi.testclient import TestClient

    from app.documents import delete
    from app.ingest import ingest
    from beleid.config import load_settings
    from web.app import create_app

    work = Path(tempfile.mkdtemp(prefix="themes-load-")) / "data"
    shutil.copytree(args.data_dir, work, ignore=shutil.ignore_patterns("cache", "jobs", "serve.log"))
    settings = load_settings(work)
    url = "/bevindingen"
    res: dict = {"data_dir": args.data_dir, "model": settings.model, "source": str(src)}
    res["computed_in_request_s"] = in_request_seconds(work, src)

    client = TestClient(create_app(settings, auto_index=False), base_url="http://127.0.0.1")
    res["first_load_no_stored_themes"] = load(client, url)
    res["second_load"] = load(client, url)
    res["all_themes_page"] = load(client, url + "?alle=1")
    restarted = TestClient(create_app(settings, auto_index=False), base_url="http://127.0.0.1")
    res["after_server_restart"] = load(restarted, url)

    t0 = time.perf_counter()
    outcome = ingest([Path(args.add)], settings)
    res["upload_ingest_s"] = round(time.perf_counter() - t0, 2)
    res["upload_status"] = [r.status for r in outcome.report.results]
    res["after_upload"] = load(client, url)
    doc_id = outcome.report.results[0].doc_id
    delete(settings, doc_id)
    client.app.state.services.invalidate()  # what the web app's delete does
    res["after_delete"] = load(client, url)
    res["after_delete_second_load"] = load(client, url)
    res["read_back_target_s"] = READ_BACK_TARGET_S
    res["read_back_within_target"] = {k: res[k]["ready_after_s"] < READ_BACK_TARGET_S for k in READ_BACK}
    out = OUT if src == ROOT else OUT.with_name("themes_load_baseline.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8")
    rows = [("first load, no stored themes (upgrade)", "first_load_no_stored_themes"), ("second load", "second_load"),
            ("all themes (?alle=1)", "all_themes_page"), ("after a server restart", "after_server_restart"),
            ("after an upload (ingest + index + themes)", "after_upload"), ("after a deletion", "after_delete"),
            ("after a deletion, next load", "after_delete_second_load")]
    print(f"Source: {src}. Data dir: {args.data_dir} (copy), model {settings.model}. Themes computed in the request (before, "
          f"fresh process, model load included): {res['computed_in_request_s']} s. Upload of {Path(args.add).name}: "
          f"ingest with index and themes {res['upload_ingest_s']} s.\n")
    print("| page load | response (s) | showed progress | themes on page after (s) | themes shown |")
    print("|---|---|---|---|---|")
    for label, key in rows:
        r = res[key]
        print(f"| {label} | {r['response_s']} | {'yes' if r['showed_progress'] else 'no'} | {r['ready_after_s']} | "
              f"{r['themes_on_page']} |")
    within = res["read_back_within_target"]
    print(f"\nLoads that read stored themes back with the themes on the page within {READ_BACK_TARGET_S} s: "
          f"{sum(within.values())}/{len(within)}" + ("" if all(within.values()) else
                                                     f" (over: {', '.join(k for k, v in within.items() if not v)})"))
    print(f"\nProgress messages seen: {res['first_load_no_stored_themes']['progress_messages']}")
    print(f"JSON: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
