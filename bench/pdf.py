"""PDF bench: median time to render a typical assessment's PDF, and a repeat download."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "bench-pdf.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["RATE_LIMIT_PDF"] = "1000000"
os.environ["RATE_LIMIT_CREATE"] = "1000000"

import django  # noqa: E402
import web  # noqa: E402  (bench/web.py, beside this script)

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

TYPICAL = web.ASSESS_BODY  # the same typical assessment as the HTTP bench


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    client = Client()
    token = client.post("/api/assessments", TYPICAL, content_type="application/json").json()["id"]
    url = f"/a/{token}.pdf"

    import_start = time.perf_counter()
    from wizard.pdf import _weasy

    _weasy()
    import_ms = (time.perf_counter() - import_start) * 1000

    def cold() -> None:
        cache.clear()
        assert client.get(url).status_code == 200

    cold_ms = timed(cold, 7)
    import resource
    import tracemalloc

    cache.clear()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = len(client.get(url).content)
    warm_ms = timed(lambda: client.get(url), 50)
    etag = client.get(url)["ETag"]
    not_modified_ms = timed(lambda: client.get(url, headers={"If-None-Match": etag}), 50)
    cold_median = statistics.median(cold_ms)
    print("\nPDF (typical assessment: 3 surfaces, 4 features, 2 models, 3 certifications)")
    print(f"{'measure':40} {'median ms':>10} {'p90 ms':>8}")
    print(f"{'WeasyPrint import (once per process)':40} {import_ms:10.0f} {'':>8}")
    for name, samples in [
        ("generate (cold, cache cleared)", cold_ms),
        ("repeat download (cache hit)", warm_ms),
        ("conditional GET (ETag, 304)", not_modified_ms),
    ]:
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"{name:40} {statistics.median(samples):10.2f} {p90:8.2f}")
    grew = (rss_after - rss_before) / 1024
    print(
        f"peak Python memory while generating one PDF: {peak / 2**20:.1f} MiB "
        f"(process max RSS {rss_after / 1024:.0f} MiB, grew {grew:.0f} MiB)"
    )
    print("targets: generate <= 400 ms, repeat download <= 10 ms")
    print(f"PDF size: {size / 1024:.0f} KiB; repeat download is "
          f"{cold_median / statistics.median(warm_ms):.0f}x faster than generating")  # fmt: skip


if __name__ == "__main__":
    main()
