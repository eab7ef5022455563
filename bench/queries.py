"""SQL queries per request for the main endpoints, with the seeded matrix and 10x offerings."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "bench-queries.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from policydata import models as m  # noqa: E402
from policydata.publishing import publish  # noqa: E402
from wizard.models import Draft  # noqa: E402

ANSWERS = {
    "phi": True,
    "zero_retention": True,
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["web-search", "batch-api"],
    "models": ["claude-fable-5"],
    "certifications": ["fedramp"],
}


def grow_to(factor: int) -> int:
    """Add API features (with HIPAA and ZDR cells) until there are `factor` x the offerings."""
    base = m.Offering.objects.count()
    extra = base * (factor - 1)
    source = m.Source.objects.first()
    parent = m.Offering.objects.get(slug="messages-api")
    programs = list(m.Program.objects.filter(slug__in=["hipaa", "zdr"]))
    offerings = m.Offering.objects.bulk_create(
        m.Offering(slug=f"bench-feature-{i}", name=f"Bench feature {i}", kind="feature",
                   group="tools", parent=parent, source=source, verified_on="2026-06-13",
                   order=1000 + i)
        for i in range(extra)
    )  # fmt: skip
    m.Eligibility.objects.bulk_create(
        m.Eligibility(program=p, offering=o, status="eligible", source=source,
                      verified_on="2026-06-13")
        for o in offerings
        for p in programs
    )  # fmt: skip
    publish(f"Bench: {factor}x offerings")
    return m.Offering.objects.count()


def measure(client: Client, token: str) -> dict[str, int]:
    cases = {
        "wizard first step (GET)": lambda: client.get(f"/d/{token}/data/"),
        "htmx step POST": lambda: client.post(
            f"/d/{token}/certifications/",
            {"certifications": ["fedramp"]},
            headers={"HX-Request": "true"},
        ),
        "/api/assess": lambda: client.post("/api/assess", ANSWERS, content_type="application/json"),
        "/matrix/": lambda: client.get("/matrix/"),
    }
    counts = {}
    for name, call in cases.items():
        call()  # warm the matrix cache and the template fragment cache
        with CaptureQueriesContext(connection) as ctx:
            response = call()
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def main() -> None:
    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    client = Client()
    token = Draft.objects.create(answers={"phi": True, "surfaces": ["messages-api"]}).token
    seeded = m.Offering.objects.count()
    one = measure(client, token)
    grown = grow_to(10)
    ten = measure(client, token)
    print(f"\nSQL queries per request (warm caches): {seeded} offerings vs {grown} offerings")
    print(f"{'endpoint':28} {'1x':>4} {'10x':>4}  same?")
    for name in one:
        print(
            f"{name:28} {one[name]:4d} {ten[name]:4d}  {'yes' if one[name] == ten[name] else 'NO'}"
        )


if __name__ == "__main__":
    main()
