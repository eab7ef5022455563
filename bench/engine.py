"""Benchmark of the assessment engine and of the SQL cost of POST /api/assess.

Run from the project root:  .venv/bin/python bench/engine.py

Uses a throwaway SQLite database (/tmp/bench-engine.sqlite3), migrated and seeded here.
Prints figures; asserts nothing about timings.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench-engine.sqlite3")
# Before Django reads its settings: a throwaway database, never the project's.
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
# The API's per-client rate limit (300/min by default) would cut the request loop short.
os.environ["RATE_LIMIT_ASSESS"] = "1000000"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from policydata import models as m  # noqa: E402
from policydata.contract import LIST_KEYS, parse_answers, valid_slugs  # noqa: E402
from policydata.loading import load_seed  # noqa: E402
from policydata.matrix import PolicyMatrix, clear_cache, current_matrix  # noqa: E402
from policydata.publishing import ensure_published, publish  # noqa: E402
from policydata.remedies import find_remedies  # noqa: E402
from policydata.rules import CLAUDE_CODE_ACCESS, REGIONS, Answers, assess  # noqa: E402

EVALUATIONS = 20_000
REMEDY_EVALUATIONS = 5_000
WARMUP = 1_000
TARGET_PER_SECOND = 20_000
REQUESTS = 200


def fresh_database() -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    load_seed()
    ensure_published()  # buyers (and so the API) see the latest published version
    clear_cache()


def random_answers(matrix: PolicyMatrix, count: int, seed: int) -> list[Answers]:
    """Random valid answer sets, validated by the contract (so in canonical order)."""
    rnd = random.Random(seed)
    slugs = valid_slugs(matrix)
    sets = []
    for _ in range(count):
        raw: dict[str, object] = {
            "phi": rnd.random() < 0.5,
            "zero_retention": rnd.random() < 0.5,
            "eu_data_subjects": rnd.random() < 0.5,
            "browser_client": rnd.random() < 0.5,
            "storage_region": rnd.choice(REGIONS),
            "inference_region": rnd.choice(REGIONS),
        }
        for key in LIST_KEYS:
            # Up to half the slugs of each list (at most 15: the seed's half of the features).
            raw[key] = rnd.sample(slugs[key], rnd.randint(0, min(len(slugs[key]) // 2, 15)))
        # Contract v2: at least one surface; features only beside their surface.
        raw["surfaces"] = raw["surfaces"] or [rnd.choice(slugs["surfaces"])]
        if raw["features"] and rnd.random() < 0.8:
            raw["surfaces"] = sorted({*raw["surfaces"], "messages-api"})
        elif "messages-api" not in raw["surfaces"]:
            raw["features"] = []
        raw["claude_code_access"] = rnd.choice(CLAUDE_CODE_ACCESS)
        answers, errors = parse_answers(raw, matrix)
        assert answers is not None, errors
        sets.append(answers)
    return sets


def percentile(sorted_values: list[int], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def bench_engine(matrix: PolicyMatrix) -> dict[str, float]:
    answer_sets = random_answers(matrix, EVALUATIONS, seed=1)
    for answers in answer_sets[:WARMUP]:
        assess(answers, matrix)
    durations = []
    clock = time.perf_counter_ns
    cpu_started = time.process_time()
    started = clock()
    for answers in answer_sets:
        before = clock()
        assess(answers, matrix)
        durations.append(clock() - before)
    total_ns = clock() - started
    cpu_seconds = time.process_time() - cpu_started
    durations.sort()
    return {
        "per_second": EVALUATIONS / (total_ns / 1e9),
        # On a shared machine the wall clock includes time the process was not running.
        "per_cpu_second": EVALUATIONS / cpu_seconds,
        "median_us": statistics.median(durations) / 1000,
        "p99_us": percentile(durations, 0.99) / 1000,
        "findings": sum(len(assess(a, matrix).findings) for a in answer_sets[:1000]) / 1000,
    }


def bench_remedies(matrix: PolicyMatrix) -> dict[str, float]:
    """Assessments with remedies on: what every door now computes for a result."""
    answer_sets = random_answers(matrix, REMEDY_EVALUATIONS, seed=2)
    for answers in answer_sets[:WARMUP]:
        find_remedies(answers, matrix, assess(answers, matrix))
    clock = time.perf_counter_ns
    durations = []
    offered = 0
    started = clock()
    for answers in answer_sets:
        assessment = assess(answers, matrix)
        after_assess = clock()
        offered += len(find_remedies(answers, matrix, assessment))
        durations.append(clock() - after_assess)
    total_ns = clock() - started
    durations.sort()
    return {
        "per_second": REMEDY_EVALUATIONS / (total_ns / 1e9),
        "median_ms": statistics.median(durations) / 1e6,
        "p99_ms": percentile(durations, 0.99) / 1e6,
        "remedies": offered / REMEDY_EVALUATIONS,
    }


def queries_per_request(client: Client, body: str) -> tuple[int, float]:
    """SQL queries of one warm POST /api/assess, and the median warm request time (ms)."""
    response = client.post("/api/assess", body, content_type="application/json")
    assert response.status_code == 200, response.content  # warms the matrix
    # With DEBUG on, the connection's query log is capped (9,000); a full log would hide the
    # new queries from CaptureQueriesContext, so empty it first.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/assess", body, content_type="application/json")
    assert response.status_code == 200, response.content
    times = []
    for _ in range(REQUESTS):
        before = time.perf_counter()
        response = client.post("/api/assess", body, content_type="application/json")
        times.append(time.perf_counter() - before)
        assert response.status_code == 200, response.content
    return len(queries), statistics.median(times) * 1000


def add_offerings(count: int) -> None:
    """Add `count` API features, each with a HIPAA and a ZDR cell, and publish them."""
    source = m.Source.objects.get(slug="api-data-retention")
    parent = m.Offering.objects.get(slug="messages-api")
    programs = list(m.Program.objects.filter(slug__in=["hipaa", "zdr"]))
    offerings = m.Offering.objects.bulk_create(
        m.Offering(
            slug=f"bench-feature-{n}",
            name=f"Bench feature {n}",
            kind="feature",
            group="tools",
            parent=parent,
            order=1000 + n,
            source=source,
            verified_on="2026-06-13",
        )
        for n in range(count)
    )
    m.Eligibility.objects.bulk_create(
        m.Eligibility(
            program=program,
            offering=offering,
            status=("eligible", "not_eligible", "not_stated")[offering.order % 3],
            source=source,
            verified_on="2026-06-13",
        )
        for offering in offerings
        for program in programs
    )
    publish(f"Benchmark: {count} extra features.")


def main() -> None:
    fresh_database()
    matrix = current_matrix()
    seeded_offerings = m.Offering.objects.count()
    engine = bench_engine(matrix)
    remedies = bench_remedies(matrix)

    client = Client()
    answers = {
        "phi": True,
        "zero_retention": True,
        "eu_data_subjects": True,
        "storage_region": "us",
        "inference_region": "us",
        "surfaces": ["messages-api", "claude-code"],
        "features": ["batch-api", "web-search", "structured-outputs"],
        "models": ["claude-fable-5", "claude-haiku-4-5"],
        "certifications": ["soc2-type2", "fedramp"],
    }
    body = json.dumps(answers)
    seeded_queries, seeded_ms = queries_per_request(client, body)
    add_offerings(9 * seeded_offerings)
    grown_offerings = m.Offering.objects.count()
    grown_queries, grown_ms = queries_per_request(client, body)
    grown_matrix = current_matrix()
    assert len(grown_matrix.offerings) == grown_offerings
    grown_engine = bench_engine(grown_matrix)

    rows = [
        ("policy version (seeded, published)", matrix.version, "", ""),
        (
            f"rules.assess evaluations/s ({EVALUATIONS:,} random sets, seed 1)",
            f"{engine['per_second']:,.0f}",
            f">= {TARGET_PER_SECOND:,}",
            f"{engine['per_second'] / TARGET_PER_SECOND:.2f}x",
        ),
        (
            "rules.assess evaluations per CPU-second (same run)",
            f"{engine['per_cpu_second']:,.0f}",
            f">= {TARGET_PER_SECOND:,}",
            f"{engine['per_cpu_second'] / TARGET_PER_SECOND:.2f}x",
        ),
        ("median per evaluation", f"{engine['median_us']:.1f} us", "", ""),
        ("p99 per evaluation", f"{engine['p99_us']:.1f} us", "", ""),
        ("mean findings per evaluation", f"{engine['findings']:.1f}", "", ""),
        (
            f"assess + remedies evaluations/s ({REMEDY_EVALUATIONS:,} random sets, seed 2)",
            f"{remedies['per_second']:,.0f}",
            "",
            "",
        ),
        ("remedies: median time per assessment", f"{remedies['median_ms']:.2f} ms", "", ""),
        ("remedies: p99 time per assessment", f"{remedies['p99_ms']:.2f} ms", "", ""),
        ("remedies offered per assessment (mean)", f"{remedies['remedies']:.2f}", "", ""),
        (
            f"rules.assess evaluations/s, 10x matrix ({grown_offerings} offerings)",
            f"{grown_engine['per_second']:,.0f}",
            f">= {TARGET_PER_SECOND:,}",
            f"{grown_engine['per_second'] / TARGET_PER_SECOND:.2f}x",
        ),
        (
            f"SQL queries per POST /api/assess, warm ({seeded_offerings} offerings)",
            str(seeded_queries),
            "<= 1",
            "",
        ),
        (
            f"SQL queries per POST /api/assess, warm ({grown_offerings} offerings)",
            str(grown_queries),
            "<= 1",
            "",
        ),
        (
            "query count equal with 10x offerings",
            "yes" if seeded_queries == grown_queries else "NO",
            "yes",
            "",
        ),
        (f"median warm request, seeded ({REQUESTS} requests)", f"{seeded_ms:.2f} ms", "", ""),
        (f"median warm request, 10x ({REQUESTS} requests)", f"{grown_ms:.2f} ms", "", ""),
    ]
    widths = [
        max(len(row[i]) for row in [("metric", "value", "target", "ratio"), *rows])
        for i in range(4)
    ]
    header = ("metric", "value", "target", "ratio")
    line = "  ".join("-" * w for w in widths)
    print(
        f"Assessment engine benchmark (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, {DB_PATH})"
    )
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
