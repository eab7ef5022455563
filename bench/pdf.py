"""PDF bench: time to render a small, a typical and a large assessment's PDF (median, p90),
pages, peak memory, and a repeat download of the typical one.

Run from the project root: `.venv/bin/python bench/pdf.py` (make bench does). BENCH_RUNS sets
the cold renders per scenario (default 11).
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "bench-pdf.sqlite3"

from bench.web import ASSESS_BODY  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "11"))
TYPICAL = ASSESS_BODY  # the same typical assessment as the HTTP bench
# tests/test_pdf_layout.py renders the same three and holds them to the page limits.
SCENARIOS = {
    "small": {"surfaces": ["messages-api"], "models": ["claude-opus-4-6"]},
    "typical": TYPICAL,
    "large": {
        "phi": True,
        "zero_retention": True,
        "eu_data_subjects": True,
        "browser_client": True,
        "storage_region": "eu",
        "inference_region": "us",
        "surfaces": [
            "messages-api",
            "claude-enterprise",
            "amazon-bedrock",
            "google-vertex-ai",
            "claude-code",
            "cowork",
            "third-party-integrations",
        ],
        "claude_code_access": "team",
        "features": [
            "web-search",
            "batch-api",
            "structured-outputs",
            "prompt-caching",
            "files-api",
            "code-execution",
            "cache-diagnostics",
            "web-fetch",
        ],
        "models": ["claude-opus-4-6", "claude-fable-5", "claude-opus-4-5"],
        "certifications": ["soc2-type2", "iso27001", "iso42001", "fedramp", "csa-star"],
    },
}
TARGET_MS = 400  # typical, median


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1]


def main() -> None:
    # Importing this module (tests/test_pdf_layout.py reads SCENARIOS) changes nothing.
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["RATE_LIMIT_PDF"] = "1000000"
    os.environ["RATE_LIMIT_CREATE"] = "1000000"
    import django

    django.setup()
    import pypdf
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    client = Client()
    urls = {}
    for name, answers in SCENARIOS.items():
        response = client.post("/api/assessments", answers, content_type="application/json")
        assert response.status_code == 201, response.content
        urls[name] = f"/a/{response.json()['id']}.pdf"

    import_start = time.perf_counter()
    from wizard.pdf import _weasy

    _weasy()
    import_ms = (time.perf_counter() - import_start) * 1000

    def cold(url: str):
        def run() -> None:
            cache.clear()
            assert client.get(url).status_code == 200

        return run

    for url in urls.values():  # warm up fonts, stylesheet and templates once
        cold(url)()

    print(f"\nPDF: {RUNS} cold renders per scenario (cache cleared before each)")
    columns = ("pages", 5), ("KiB", 5), ("median ms", 10), ("p90 ms", 8), ("peak MiB", 9)
    print(f"{'scenario':10} " + " ".join(f"{label:>{width}}" for label, width in columns))
    medians = {}
    for name, url in urls.items():
        samples = timed(cold(url), RUNS)
        cache.clear()
        tracemalloc.start()
        content = client.get(url).content
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
        medians[name] = statistics.median(samples)
        print(
            f"{name:10} {pages:5d} {len(content) / 1024:5.0f} {medians[name]:10.1f} "
            f"{p90(samples):8.1f} {peak / 2**20:9.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak MiB: Python allocations while rendering one PDF (tracemalloc); "
          f"process max RSS {rss:.0f} MiB")  # fmt: skip

    url = urls["typical"]
    client.get(url)
    warm_ms = timed(lambda: client.get(url), 50)
    etag = client.get(url)["ETag"]
    not_modified_ms = timed(lambda: client.get(url, headers={"If-None-Match": etag}), 50)
    print(f"\n{'typical assessment':40} {'median ms':>10} {'p90 ms':>8}")
    print(f"{'WeasyPrint import (once per process)':40} {import_ms:10.0f} {'':>8}")
    for label, samples in [
        ("repeat download (cache hit)", warm_ms),
        ("conditional GET (ETag, 304)", not_modified_ms),
    ]:
        print(f"{label:40} {statistics.median(samples):10.2f} {p90(samples):8.2f}")
    verdict = "met" if medians["typical"] <= TARGET_MS else "MISSED"
    print(f"targets: typical generate <= {TARGET_MS} ms ({verdict}), repeat download <= 10 ms")


if __name__ == "__main__":
    main()
