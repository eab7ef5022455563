"""Two gunicorn instances on one PostgreSQL and one Redis, checked over HTTP.

Run by `make test-scale` under scripts/with-postgres (which exports DATABASE_URL):

    scripts/with-postgres .venv/bin/python scripts/test_scale.py

Starts redis-server on a free port (no persistence), migrates and seeds the database,
starts instances A and B (2 workers each) with CACHE_URL pointing at that Redis, and
checks that they behave as one service: a rate limit holds across both, a PDF rendered on
A is served from the shared cache by B, a draft started on A continues on B, a policy
published through A is what B serves next, and killing Redis gives no 5xx. Every process
it starts is stopped on exit.
"""

from __future__ import annotations

import http.cookiejar
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
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RATE_LIMIT = 5  # /api/assess requests per minute per client, for both instances together
ASSESS_BODY = {"phi": False, "surfaces": ["messages-api"], "features": ["batch-api"]}
ANSWERS = {  # a saved assessment whose PDF is rendered once, on A
    "phi": True,
    "zero_retention": True,
    "storage_region": "us",
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["batch-api", "web-search"],
    "models": ["claude-opus-4-6"],
    "certifications": ["soc2-type2"],
}
STEP_ANSWERS = {  # the wizard's form fields, per step
    "data": {"phi": "no", "eu_data_subjects": "yes", "zero_retention": "yes"},
    "surfaces": {"surfaces": ["messages-api"]},
    "features": {"features": ["batch-api"]},
    "setup": {
        "models": ["claude-opus-4-6"],
        "storage_region": "any",
        "inference_region": "any",
        "browser_client": "no",
    },
    "certifications": {"certifications": ["soc2-type2"]},
}

processes: list[subprocess.Popen] = []
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("  ok    " if condition else "  FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in its own group (so stopping it stops its children), logging to a file."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    processes.append(process)
    return process


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}:\n{log.read_text()[-3000:]}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One client with one cookie jar, like a browser behind a load balancer: cookies are
    per host, not per port, so both instances see the same csrftoken and draft cookie."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(
        self,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes, float]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        began = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, head, body = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, head, body = error.code, dict(error.headers), error.read()
        return status, head, body, time.perf_counter() - began

    def get(self, url: str) -> tuple[int, dict[str, str], bytes, float]:
        return self.request(url)

    def post_json(self, url: str, payload: dict) -> tuple[int, dict[str, str], bytes, float]:
        body = json.dumps(payload).encode()
        return self.request(url, body, {"Content-Type": "application/json"})

    def post_form(
        self, url: str, fields: dict, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes, float]:
        """A form post as the browser sends it: the csrftoken cookie and its form token."""
        fields = {**fields, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        head = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request(url, body, head)


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def warm(browser: Browser, base: str) -> None:
    """Load the code and the matrix in every worker, so timings compare cached work only."""
    for _ in range(6):
        for path in ("/", "/matrix.json", "/matrix/"):
            browser.get(base + path)


def check_rate_limit(a: str, b: str) -> None:
    print(f"A rate limit of {RATE_LIMIT}/min on /api/assess, requests alternated A, B, A, ...")
    # Fixed one-minute windows: start well inside one so the burst does not straddle two.
    if time.time() % 60 > 45:
        time.sleep(61 - time.time() % 60)
    browser = Browser()
    window = int(time.time()) // 60
    statuses = [
        browser.post_json((a, b)[i % 2] + "/api/assess", ASSESS_BODY)[0]
        for i in range(RATE_LIMIT * 3)
    ]
    same_window = int(time.time()) // 60 == window
    succeeded = statuses.count(200)
    print(f"        statuses: {statuses}")
    check(
        succeeded == RATE_LIMIT if same_window else succeeded <= 2 * RATE_LIMIT,
        f"{succeeded} of {len(statuses)} succeeded across both instances (limit {RATE_LIMIT})",
    )
    check(set(statuses) <= {200, 429}, "the others were answered 429")


def check_pdf_cache(a: str, b: str) -> str:
    print("A PDF rendered through A is served from the shared cache by B")
    browser = Browser()
    status, _, body, _ = browser.post_json(a + "/api/assessments", ANSWERS)
    check(status == 201, f"assessment saved on A ({status})")
    token = json.loads(body)["id"]
    browser.get(f"{b}/a/{token}.json")  # B has read this assessment before: only the PDF differs
    status_a, _, pdf_a, time_a = browser.get(f"{a}/a/{token}.pdf")
    status_b, _, pdf_b, time_b = browser.get(f"{b}/a/{token}.pdf")
    print(f"        A rendered it in {time_a * 1000:.0f} ms, B served it in {time_b * 1000:.0f} ms")
    check(status_a == status_b == 200 and pdf_a.startswith(b"%PDF"), "both answered a PDF")
    check(pdf_a == pdf_b, f"identical bytes ({len(pdf_a)} bytes)")
    check(time_b <= 0.1 * time_a, "B's time is at most 10% of A's")
    return token


def check_draft_across_instances(a: str, b: str) -> None:
    print("A draft started on A continues on B (steps posted alternately)")
    browser = Browser()
    browser.get(a + "/")  # the csrftoken cookie, as the home page sets it
    status, head, _, _ = browser.post_form(a + "/start/", {})
    check(status == 302, f"draft started on A ({status})")
    location = head.get("Location", "")
    token = re.search(r"/d/([^/]+)/", location).group(1)
    bases, turn, posted = (a, b), 1, []
    while (match := re.fullmatch(rf"/d/{token}/([a-z]+)/", location)) and match[1] in STEP_ANSWERS:
        step, base = match[1], bases[turn % 2]
        status, page, _, _ = browser.get(base + location)
        check(status == 200, f"step {step} shown by {'AB'[turn % 2]}")
        # The last answered step goes as htmx (the fragment swap), the others as plain posts.
        hx = {"HX-Request": "true"} if step == "certifications" else {}
        status, head, _, _ = browser.post_form(base + location, STEP_ANSWERS[step], hx)
        posted.append(f"{step}@{'AB'[turn % 2]}")
        location = head.get("HX-Push-Url") or head.get("Location", "")
        check(status in (200, 302) and location, f"step {step} accepted by {'AB'[turn % 2]}")
        turn += 1
    print(f"        posted: {', '.join(posted)}")
    status, _, page, _ = browser.get(f"{b}/d/{token}/result/")
    check(status == 200, f"B shows the result of the draft ({status})")
    status, head, _, _ = browser.post_form(f"{a}/d/{token}/save/", {})
    saved = head.get("Location", "")
    check(status == 302 and saved.startswith("/a/"), f"A saves it ({status} {saved})")
    status, _, body, _ = browser.get(b + saved.rstrip("/") + ".json")
    answers = json.loads(body).get("answers", {}) if status == 200 else {}
    check(
        answers.get("eu_data_subjects") is True
        and answers.get("surfaces") == ["messages-api"]
        and answers.get("features") == ["batch-api"]
        and answers.get("certifications") == ["soc2-type2"],
        "B's saved copy holds the answers posted to both instances",
    )


def check_publish(a_env: dict[str, str], a: str, b: str) -> None:
    print("A policy published through A is what B serves next at /matrix.json")
    browser = Browser()
    before = {json.loads(browser.get(b + "/matrix.json")[2])["policy_version"] for _ in range(4)}
    summary = f"Scale test summary {time.time():.0f}."
    code = (
        "from policydata.models import Program; from policydata.publishing import publish;"
        "p = Program.objects.get(slug='hipaa'); p.summary = " + repr(summary) + "; p.save();"
        "print(publish('Scale test: one summary reworded.').number)"
    )
    manage(a_env, "shell", "-c", code)
    after = [json.loads(browser.get(b + "/matrix.json")[2]) for _ in range(4)]  # both workers
    versions = {m["policy_version"] for m in after}
    print(f"        policy_version before {sorted(before)}, after {sorted(versions)}")
    check(len(versions) == 1 and not versions & before, "B serves the new version at once")
    check(
        all(m["programs"]["hipaa"]["summary"] == summary for m in after),
        "with the published change",
    )


def check_redis_down(redis: subprocess.Popen, a: str, b: str, token: str) -> None:
    print("Redis killed mid-run: no 5xx from either instance")
    stop(redis, signal.SIGKILL)
    browser = Browser()
    statuses: dict[str, int] = {}
    for name, base in (("A", a), ("B", b)):
        for _ in range(2):  # both workers, more or less
            for path in ("/", "/matrix.json", "/matrix/", f"/a/{token}/", "/changes/"):
                statuses[f"{name} GET {path}"] = browser.get(base + path)[0]
            statuses[f"{name} GET /a/…pdf"] = browser.get(f"{base}/a/{token}.pdf")[0]
            statuses[f"{name} POST /api/assess"] = browser.post_json(
                base + "/api/assess", ASSESS_BODY
            )[0]
            statuses[f"{name} POST /api/assessments"] = browser.post_json(
                base + "/api/assessments", ANSWERS
            )[0]
            status, head, _, _ = browser.post_form(base + "/start/", {})
            statuses[f"{name} POST /start/"] = status
            step = head.get("Location", "")
            if step:
                statuses[f"{name} POST step"] = browser.post_form(
                    base + step, STEP_ANSWERS["data"]
                )[0]
    errors = {k: v for k, v in statuses.items() if v >= 500}
    print(f"        {len(statuses)} distinct requests: {sorted(set(statuses.values()))}")
    check(not errors, f"no 5xx {errors or ''}".strip())
    check(statuses["A GET /a/…pdf"] == statuses["B GET /a/…pdf"] == 200, "the PDF still serves")


def main() -> int:
    # A TERM (make interrupted, CI timeout) unwinds through `finally` like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name PostgreSQL: run under scripts/with-postgres")
    redis_server = shutil.which("redis-server")
    if not redis_server:
        raise SystemExit("redis-server is not installed (make system-deps installs it)")
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="test-scale."))
    redis_port, port_a, port_b = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DEBUG": "false",
        "SECRET_KEY": "test-scale-only-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no HTTPS redirect, no Secure-only cookies.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMIT_ASSESS": str(RATE_LIMIT),
        "RATE_LIMIT_PDF": "1000",
        "RATE_LIMIT_CREATE": "1000",
        "LOG_LEVEL": "WARNING",
    }
    try:
        redis_log = workdir / "redis.log"
        redis = start(
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            env, redis_log,
        )  # fmt: skip
        wait_for_port(redis_port, redis, redis_log)
        manage(env, "migrate", "--noinput", "-v0")
        print(manage(env, "load_policy").strip())
        manage(env, "collectstatic", "--noinput", "-v0")
        print(
            f"Setup (Redis, PostgreSQL schema, policy, static) in {time.monotonic() - began:.1f} s"
        )
        instances = []
        for name, port in (("a", port_a), ("b", port_b)):
            log = workdir / f"gunicorn-{name}.log"
            process = start(
                [str(BIN / "gunicorn"), "config.wsgi", "--workers", "2",
                 "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
                env, log,
            )  # fmt: skip
            instances.append((process, port, log))
        for process, port, log in instances:
            wait_for_port(port, process, log)
        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        print(f"Instances A {a} and B {b}, Redis on {redis_port}")
        warm(Browser(), a)
        warm(Browser(), b)

        check_rate_limit(a, b)
        token = check_pdf_cache(a, b)
        check_draft_across_instances(a, b)
        check_publish(env, a, b)
        check_redis_down(redis, a, b, token)
        for process, _, log in instances:
            check(process.poll() is None, f"{log.stem} still running")
        if failures:
            for _, _, log in instances:
                print(f"--- {log.name} ---\n{log.read_text()[-4000:]}")
    finally:
        for process in reversed(processes):
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"test-scale: {len(failures)} failure(s) in {time.monotonic() - began:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
