"""Timings of the publish preview with 3,000 and 30,000 saved assessments.

Run from the project root:  .venv/bin/python bench/preview.py [count ...]

Uses a throwaway SQLite database (/tmp/bench-preview.sqlite3), migrated and seeded here.
Buyers share answers: the saved assessments are drawn (popular sets far more often) from a
few hundred to a thousand distinct answer sets, saved as the wizard saves them (canonical
answers, the full result, the policy rows). A draft that flips verdicts both ways is then
previewed: `policydata.review.preview_context` (the changes in words and the blast radius
by kind, with a page of assessments) and the whole publish page. Prints the median of
several runs; the target is under 2 s at 30,000. Asserts nothing about timings.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench-preview.sqlite3")
# Before Django reads its settings: a throwaway database, never the project's.
os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from policydata import models as m  # noqa: E402
from policydata.contract import parse_answers, valid_slugs  # noqa: E402
from policydata.loading import load_seed  # noqa: E402
from policydata.matrix import clear_cache, current_matrix  # noqa: E402
from policydata.publishing import ensure_published, preview  # noqa: E402
from policydata.review import preview_context  # noqa: E402
from policydata.rules import CLAUDE_CODE_ACCESS, REGIONS  # noqa: E402
from policydata.service import assess_normalised  # noqa: E402
from wizard.assessments import policy_rows_used, sealed_assessment  # noqa: E402
from wizard.impact import answer_sets  # noqa: E402
from wizard.models import SavedAssessment, new_token  # noqa: E402

SIZES = {3_000: 300, 30_000: 1_000}  # saved assessments -> distinct answer sets
RUNS = 5
TARGET_SECONDS = 2.0
PUBLISH = "/admin/policydata/policyversion/publish/"


def fresh_database() -> None:
    connection.close()  # a second size starts from a new file, not the unlinked one
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    load_seed()
    ensure_published()
    clear_cache()


def answer_set(rnd: random.Random, slugs: dict[str, tuple[str, ...]], held: list[str]) -> dict:
    """One buyer's answers as the wizard would take them: a few products, features and
    models, most regions left open, mostly certifications the data lists as held."""
    raw: dict[str, object] = {
        "phi": rnd.random() < 0.4,
        "zero_retention": rnd.random() < 0.4,
        "eu_data_subjects": rnd.random() < 0.3,
        "browser_client": rnd.random() < 0.2,
        "storage_region": "any" if rnd.random() < 0.7 else rnd.choice(REGIONS),
        "inference_region": "any" if rnd.random() < 0.7 else rnd.choice(REGIONS),
        "claude_code_access": rnd.choice(CLAUDE_CODE_ACCESS),
        "surfaces": rnd.sample(slugs["surfaces"], rnd.randint(1, 2)),
        "features": rnd.sample(slugs["features"], rnd.randint(0, 3)),
        "models": rnd.sample(slugs["models"], rnd.randint(0, 2)),
        "certifications": rnd.sample(
            held if rnd.random() < 0.9 else slugs["certifications"], rnd.randint(0, 2)
        ),
    }
    # Most buyers use the API, and many batch; features only beside it (contract v2).
    if rnd.random() < 0.7:
        raw["surfaces"] = sorted({*raw["surfaces"], "messages-api"})
        if "batch-api" not in raw["features"] and rnd.random() < 0.5:
            raw["features"] = [*raw["features"], "batch-api"]
    if "messages-api" not in raw["surfaces"]:
        raw["features"] = []
    return raw


def fill(count: int, distinct: int, seed: int = 7) -> int:
    """`count` saved assessments over `distinct` answer sets (Zipf-like popularity)."""
    rnd = random.Random(seed)
    matrix = current_matrix()
    slugs = valid_slugs(matrix)
    held = [slug for slug, c in matrix.certifications.items() if c.held]
    frozen = {}
    while len(frozen) < distinct:
        raw = answer_set(rnd, slugs, held)
        if parse_answers(raw, matrix)[0] is None:
            continue
        answers, result, _ = assess_normalised(raw, matrix)
        frozen.setdefault(repr(answers), (answers, result, policy_rows_used(result)))
    sets = list(frozen.values())
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(sets))]
    start = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(count):
        answers, result, used = rnd.choices(sets, weights)[0]
        token, created = new_token(), start + dt.timedelta(minutes=7 * i)
        rows.append(sealed_assessment(answers, result, token=token, created_at=created, rows=used))
    SavedAssessment.objects.bulk_create(rows, batch_size=1_000)
    return len({repr(a) for a, _, _ in sets})


def edit_draft() -> None:
    """A draft that loosens one cell, tightens others and backdates one."""
    edits = [
        ("hipaa", "batch-api", "eligible", dt.date(2026, 11, 20)),
        ("zdr", "web-search", "not_eligible", dt.date(2026, 11, 20)),
        ("zdr", "token-counting", "not_eligible", dt.date(2026, 11, 20)),
        ("hipaa", "web-fetch", "not_eligible", dt.date(2026, 1, 2)),
    ]
    for program, offering, status, verified in edits:
        cell = m.Eligibility.objects.get(program__slug=program, offering__slug=offering)
        cell.status, cell.verified_on = status, verified
        cell.save()


def median_seconds(call, runs: int = RUNS) -> float:
    call()  # warm: imports, the template loader
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(count: int, distinct: int) -> dict[str, object]:
    fresh_database()
    fill(count, distinct)
    edit_draft()
    current = preview()
    before = current.latest
    from policydata.publishing import matrix_from_snapshot, version_matrix

    old, new = version_matrix(before), matrix_from_snapshot("draft", current.snapshot)
    sets, saved, distinct_sets = answer_sets(old, new)
    context = preview_context(current, {})
    radius = context["review_impact"]
    user = User.objects.create_superuser("bench", password="bench-only-pw-123")
    client = Client()
    client.force_login(user)
    kind = radius.kinds[0].key if radius.kinds else ""

    def page(query=None):
        response = client.get(PUBLISH, query or {})
        assert response.status_code == 200, response.status_code
        return response

    return {
        "saved": saved,
        "distinct": distinct_sets,
        "affected": radius.total,
        "kinds": radius.summary,
        "changes": context["review_summary"],
        "sets": median_seconds(lambda: answer_sets(old, new)),
        "context": median_seconds(lambda: preview_context(preview(), {})),
        "context_page": median_seconds(lambda: preview_context(preview(), {kind: 9})),
        "page": median_seconds(page),
        "page_bytes": len(page().content),
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    results = []
    for count in sizes:
        distinct = SIZES.get(count, max(1, count // 30))
        print(f"… {count:,} saved assessments over {distinct:,} answer sets", flush=True)
        results.append(measure(count, distinct))
    print(f"\nPublish preview, median of {RUNS} runs (target: under {TARGET_SECONDS:.0f} s)")
    header = (
        f"{'saved':>7} {'distinct':>8} {'affected':>8} {'sets':>7} {'context':>8} "
        f"{'page 9':>7} {'page':>7} {'KB':>5}"
    )
    print(header)
    for r in results:
        print(
            f"{r['saved']:>7,} {r['distinct']:>8,} {r['affected']:>8,} {r['sets']:>6.2f}s "
            f"{r['context']:>7.2f}s {r['context_page']:>6.2f}s {r['page']:>6.2f}s "
            f"{r['page_bytes'] / 1024:>5.0f}"
        )
    for r in results:
        print(f"\n{r['saved']:,}: {r['changes']}\n  {r['kinds']}")
    print(
        "\nsets: the distinct answer sets assessed against both matrices; context: "
        "preview_context (changes in words + blast radius by kind, first page of each); "
        "page 9: the same, asking for page 9 of the first kind; page: GET of the whole "
        "publish page, logged in."
    )


if __name__ == "__main__":
    main()
