"""HTTP bench: gunicorn (2 workers) + wrk on loopback; the app against a bare template view.

Run from the project root: `.venv/bin/python bench/web.py` (make bench does). Prints
throughput, p50/p99 latency and each endpoint's ratio to the bare view's throughput in the
same run, against its target (TARGETS). `bench/profile_requests.py` shows where a
request's time goes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = Path(tempfile.gettempdir()) / "bench-http.sqlite3"
DURATION = os.environ.get("BENCH_SECONDS", "8")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
# Each endpoint's target: at least this fraction of the bare view's throughput, same run.
TARGETS = {
    "wizard first step (GET)": 0.5,
    "htmx step POST": 0.5,
    "/api/assess": 0.7,
    "/matrix/": 0.5,
}
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"sqlite:///{DB}",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BENCH_ENDPOINTS": "true",
    "RATE_LIMIT_ASSESS": "100000000",
    "RATE_LIMIT_CREATE": "100000000",
    "RATE_LIMIT_PDF": "100000000",
    "WHITENOISE_ROOT": "",
}
ASSESS_BODY = {
    "phi": True,
    "zero_retention": True,
    "eu_data_subjects": True,
    "storage_region": "us",
    "inference_region": "us",
    "surfaces": ["messages-api", "claude-enterprise", "amazon-bedrock"],
    "features": ["web-search", "batch-api", "structured-outputs", "prompt-caching"],
    "models": ["claude-opus-4-6", "claude-fable-5"],
    "certifications": ["soc2-type2", "iso27001", "fedramp"],
}


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stdout + result.stderr)
    return result.stdout


def setup_database() -> str:
    """A fresh database with the seed published and one draft to step through."""
    DB.unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_policy")
    manage("collectstatic", "--noinput", "-v0")
    code = (
        "from wizard.models import Draft;"
        "d=Draft.objects.create(answers={'phi': True, 'eu_data_subjects': False,"
        " 'zero_retention': False});print(d.token)"
    )
    return manage("shell", "-c", code).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=ENV, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def csrf_pair(url: str) -> tuple[str, str]:
    """A CSRF cookie and the matching form token, as a browser would hold them."""
    with urllib.request.urlopen(url, timeout=5) as response:
        cookie = response.headers.get("Set-Cookie", "")
        html = response.read().decode()
    cookie_value = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie_value, form_token


def wrk_script(method: str, body: str | None, headers: dict[str, str]) -> str:
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    for name, value in headers.items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    return "\n".join(lines) + "\n"


def new_answers_script() -> str:
    """POST /api/assess cycling through 512 distinct answer sets, twice as many as the
    server keeps results for: every request is assessed and encoded afresh."""
    features, certifications = ASSESS_BODY["features"], ASSESS_BODY["certifications"]
    bodies = [
        json.dumps(
            {
                **ASSESS_BODY,
                "features": [f for i, f in enumerate(features) if n >> i & 1],
                "certifications": [c for i, c in enumerate(certifications) if n >> 4 + i & 1],
                "models": ASSESS_BODY["models"][: n >> 7 & 1 or None],
                "phi": bool(n >> 8 & 1),
            }
        )
        for n in range(512)
    ]
    return (
        "bodies = {" + ", ".join(json.dumps(b) for b in bodies) + "}\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        "local n = 0\n"
        "function request()\n"
        "  n = n % #bodies + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[n])\n"
        "end\n"
    )


def parse_wrk(output: str) -> dict[str, float]:
    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def run_wrk(url: str, script: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-s", handle.name, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(handle.name)
    return parse_wrk(output)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk); make bench installs it")
    token = setup_database()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    try:
        cookie, form_token = csrf_pair(f"{base}/d/{token}/setup/")
        cases = [
            ("bare template view", "/bench/bare/", wrk_script("GET", None, {})),
            ("wizard first step (GET)", f"/d/{token}/data/", wrk_script("GET", None, {})),
            (
                "htmx step POST",
                f"/d/{token}/setup/",
                wrk_script(
                    "POST",
                    "models=claude-opus-4-6&storage_region=us&inference_region=any"
                    f"&browser_client=no&csrfmiddlewaretoken={form_token}",
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "HX-Request": "true",
                        "Cookie": f"csrftoken={cookie}",
                        "Referer": f"{base}/d/{token}/setup/",
                    },
                ),
            ),
            (
                "/api/assess",
                "/api/assess",
                wrk_script("POST", json.dumps(ASSESS_BODY), {"Content-Type": "application/json"}),
            ),
            ("/matrix/", "/matrix/", wrk_script("GET", None, {})),
            # Not a target: what an assessment costs when its result is not kept.
            ("/api/assess (new answers)", "/api/assess", new_answers_script()),
        ]
        results = {}
        for name, path, script in cases:
            run_wrk(base + path, script)  # warm-up pass (caches, connections)
            results[name] = run_wrk(base + path, script)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    bare = results["bare template view"]["rps"]
    print(f"\nHTTP under gunicorn (2 workers), wrk {CONNECTIONS} connections x {DURATION}s each")
    print(f"{'endpoint':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'target':>7} "
          f"{'':4} {'non-2xx':>8}")  # fmt: skip
    for name, r in results.items():
        ratio = r["rps"] / bare
        target = TARGETS.get(name)
        wanted = f"{target:.1f}x" if target else "-"
        verdict = "" if not target else ("ok" if ratio >= target else "MISS")
        print(f"{name:28} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {ratio:7.2f}x "
              f"{wanted:>7} {verdict:4} {r['non2xx']:8d}")  # fmt: skip
    ratios = "  ".join(f"{name} {results[name]['rps'] / bare:.2f}x" for name in TARGETS)
    print(f"ratios to the bare view: {ratios}")


if __name__ == "__main__":
    main()
