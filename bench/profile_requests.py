"""Where a request's time goes: the bench's endpoints in process, timed and under cProfile.

Run from the project root: `.venv/bin/python bench/profile_requests.py [case] [--top N]`
with case one of bare, step-get, step-post, assess, assess-new, matrix; without one it
prints each case's CPU time per request (the best of 5 rounds: other processes only ever
add time), with one it profiles that case (--sort, --callers). Drives Django's WSGI
handler directly (no server, no client library), with the bench's requests and settings.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.gettempdir()) / "bench-profile.sqlite3"
os.environ.update(
    DATABASE_URL=f"sqlite:///{DB}",
    DJANGO_SETTINGS_MODULE="config.settings",
    DEBUG="false",
    SECRET_KEY="bench-only-" + "x" * 50,
    ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    SECURE_SSL_REDIRECT="false",
    BENCH_ENDPOINTS="true",
    RATE_LIMIT_ASSESS="100000000",
)

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402

from policydata.matrix import current_matrix  # noqa: E402
from wizard.models import Draft  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from web import ASSESS_BODY  # noqa: E402

# The step POST's CSRF pair: any 32-character secret works as cookie and (unmasked) token.
CSRF = "a" * 32
ROUNDS = 5


def environ(method: str, path: str, body: bytes = b"", **headers: str) -> dict:
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        env[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return env


def cases(token: str) -> dict[str, tuple[str, str, bytes, dict[str, str]]]:
    form = urlencode(
        {
            "models": "claude-opus-4-6",
            "storage_region": "us",
            "inference_region": "any",
            "browser_client": "no",
            "csrfmiddlewaretoken": CSRF,
        }
    ).encode()
    return {
        "bare": ("GET", "/bench/bare/", b"", {}),
        "step-get": ("GET", f"/d/{token}/data/", b"", {}),
        "step-post": (
            "POST",
            f"/d/{token}/setup/",
            form,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "Cookie": f"csrftoken={CSRF}",
                "Referer": f"http://127.0.0.1/d/{token}/setup/",
            },
        ),
        "assess": (
            "POST",
            "/api/assess",
            json.dumps(ASSESS_BODY).encode(),
            {"Content-Type": "application/json"},
        ),
        "matrix": ("GET", "/matrix/", b"", {}),
        # The same as assess with the kept results forgotten first: the cost of new answers.
        "assess-new": (
            "POST",
            "/api/assess",
            json.dumps(ASSESS_BODY).encode(),
            {"Content-Type": "application/json"},
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default="all")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callers", default="", help="who calls functions matching this")
    parser.add_argument("--dump", default="", help="also write the raw profile to this file")
    args = parser.parse_args()
    DB.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_policy", verbosity=0)
    token = Draft.objects.create(
        answers={"phi": True, "eu_data_subjects": False, "zero_retention": False}
    ).token
    handler = WSGIHandler()
    chosen = cases(token)
    names = list(chosen) if args.case == "all" else [args.case]

    def call(name: str) -> None:
        method, path, body, headers = chosen[name]
        if name == "assess-new":
            current_matrix().memo.pop(("kept", "assess-json"), None)
        status: list[str] = []
        result = handler(environ(method, path, body, **headers), lambda s, h: status.append(s))
        b"".join(result)
        result.close()
        assert status[0][:3] in {"200", "302"}, (name, status)

    for name in names:
        for _ in range(20):
            call(name)
        rounds = []
        for _ in range(ROUNDS):  # the best round: other processes only ever add time
            began = time.process_time()
            for _ in range(args.n // ROUNDS):
                call(name)
            rounds.append((time.process_time() - began) / (args.n // ROUNDS) * 1000)
        print(f"{name:10} {min(rounds):6.3f} ms CPU/request (best of {ROUNDS} rounds, unprofiled)")
    if args.case == "all":
        return
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        call(args.case)
    profile.disable()
    if args.dump:
        profile.dump_stats(args.dump)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
    if args.callers:
        stats.print_callers(args.callers)
    else:
        stats.print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
