"""`make loadtest`: two gunicorn instances on one PostgreSQL and one Redis, under wrk.

Run under scripts/with-postgres (make loadtest does), from the project root:

    scripts/with-postgres .venv/bin/python bench/loadtest.py

Starts redis-server on a free port, migrates and seeds the database, and starts instances
A and B (2 workers each) with CACHE_URL at that Redis, as in `make test-scale`. The rate
limits are raised for them: every request comes from one address, so the production limits
would turn most of the load into 429s. wrk then runs LOADTEST_SECONDS (30) with
LOADTEST_CONNECTIONS (32), its two threads on A and B, over a buyer's mix across
LOADTEST_DRAFTS (16) drafts: a wizard step (GET), an htmx step POST, the result page,
/api/assess, /matrix/ and its htmx filter, a saved assessment and its cached PDF.
Prints throughput, latency percentiles, statuses and errors; the target is zero errors.
Every process it starts is stopped on exit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import test_scale  # noqa: E402  (starting, waiting for and stopping processes)
import web  # noqa: E402  (CSRF pairs, the API body)

DURATION = os.environ.get("LOADTEST_SECONDS", "30")
CONNECTIONS = os.environ.get("LOADTEST_CONNECTIONS", "32")
DRAFTS = int(os.environ.get("LOADTEST_DRAFTS", "16"))
RAISED = "1000000"  # requests per minute: no limit this load reaches
COMPLETE = {  # a finished draft, so its result page shows a verdict
    "phi": True,
    "eu_data_subjects": False,
    "zero_retention": True,
    "surfaces": ["messages-api", "amazon-bedrock"],
    "features": ["batch-api"],
    "models": ["claude-opus-4-6"],
    "storage_region": "us",
    "inference_region": "any",
    "browser_client": False,
    "certifications": ["soc2-type2"],
}
SETUP_FORM = "models=claude-opus-4-6&storage_region=us&inference_region=any&browser_client=no"


def lua_table(requests: list[tuple[str, str, dict[str, str], str | None]]) -> str:
    rows = []
    for method, path, headers, body in requests:
        header_items = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        body_lua = json.dumps(body) if body is not None else "nil"
        rows.append(f"{{{json.dumps(method)}, {json.dumps(path)}, {{{header_items}}}, {body_lua}}}")
    return "reqs = {\n  " + ",\n  ".join(rows) + "\n}\n"


# Thread n talks to instance n (A or B), as a load balancer would spread the clients.
LUA = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread.addr = wrk.lookup("127.0.0.1", ports[(#threads - 1) % #ports + 1])[1]
end
function init(args) counts = {}; idx = math.random(0, #reqs) end
function request()
  idx = idx % #reqs + 1
  local r = reqs[idx]
  return wrk.format(r[1], r[2], r[3], r[4])
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d %d\\n", k, v)) end
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("pct %g %.3f\\n", p, latency:percentile(p) / 1000))
  end
end
"""


def prepare(env: dict[str, str]) -> list[str]:
    """The schema, the seed policy and static files; then the drafts the buyers work on."""
    test_scale.manage(env, "migrate", "--noinput", "-v0")
    test_scale.manage(env, "load_policy", "-v0")
    test_scale.manage(env, "collectstatic", "--noinput", "-v0")
    code = (
        "from wizard.models import Draft;"
        f"print(*(Draft.objects.create(answers={COMPLETE!r}).token for _ in range({DRAFTS})),"
        " sep='\\n')"
    )
    return re.findall(r"^[A-Za-z0-9_-]{43}$", test_scale.manage(env, "shell", "-c", code), re.M)


def warm(bases: list[str], drafts: list[str]) -> str:
    """Load code and matrix in every worker; save an assessment and render its PDF once."""
    create = urllib.request.Request(
        f"{bases[0]}/api/assessments",
        data=json.dumps(web.ASSESS_BODY).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(create, timeout=10) as response:
        saved = json.load(response)["id"]
    urllib.request.urlopen(f"{bases[0]}/a/{saved}.pdf", timeout=60).read()  # then in Redis
    for base in bases:
        for _ in range(6):
            for path in ("/", "/matrix/", f"/d/{drafts[0]}/data/", f"/d/{drafts[0]}/result/"):
                urllib.request.urlopen(base + path, timeout=30).read()
    return saved


def mix(base: str, drafts: list[str], saved: str) -> list[tuple]:
    """One round of requests per draft, interleaved: what wrk cycles through."""
    cookie, form_token = web.csrf_pair(f"{base}/d/{drafts[0]}/setup/")
    requests = []
    for token in drafts:
        post_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "Cookie": f"csrftoken={cookie}",
        }
        requests += [
            ("GET", f"/d/{token}/data/", {}, None),
            ("POST", f"/d/{token}/setup/", post_headers,
             f"{SETUP_FORM}&csrfmiddlewaretoken={form_token}"),
            ("GET", f"/d/{token}/result/", {}, None),
            ("POST", "/api/assess", {"Content-Type": "application/json"},
             json.dumps(web.ASSESS_BODY)),
            ("GET", "/matrix/", {}, None),
            ("GET", "/matrix/?program=hipaa&status=not_eligible", {"HX-Request": "true"}, None),
            ("GET", f"/a/{saved}/", {}, None),
            ("GET", f"/a/{saved}.pdf", {}, None),
        ]  # fmt: skip
    return requests


def run_wrk(base: str, ports: list[int], requests: list[tuple]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(f"ports = {{{', '.join(map(str, ports))}}}\n" + lua_table(requests) + LUA)
    try:
        return subprocess.run(
            ["wrk", f"-t{len(ports)}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
             "-s", handle.name, base + "/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(handle.name)


def report(output: str) -> bool:
    statuses = {int(s): int(n) for s, n in re.findall(r"status (\d+) (\d+)", output)}
    percentiles = dict(re.findall(r"pct (\S+) (\S+)", output))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    client_errors = sum(n for s, n in statuses.items() if 400 <= s < 500)
    print(f"\nLoad test: 2 instances x 2 gunicorn workers, PostgreSQL + Redis, "
          f"{CONNECTIONS} connections for {DURATION}s, {DRAFTS} drafts")  # fmt: skip
    print(f"requests: {sum(statuses.values())}   throughput: {rps:.0f} req/s")
    print("latency ms: " + "  ".join(f"p{p}={float(v):.1f}" for p, v in percentiles.items()))
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"errors: 5xx={server_errors}  4xx={client_errors}  "
          f"socket={socket_errors.group(1) if socket_errors else 'none'}")  # fmt: skip
    ok = server_errors == 0 and client_errors == 0 and not socket_errors
    print("target (zero errors): " + ("met" if ok else "MISSED"))
    return ok


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name PostgreSQL: run under scripts/with-postgres")
    redis_server = shutil.which("redis-server")
    if not (redis_server and shutil.which("wrk")):
        raise SystemExit("redis-server and wrk are needed (make system-deps installs them)")
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="loadtest."))
    redis_port, ports = test_scale.free_port(), [test_scale.free_port(), test_scale.free_port()]
    env = {
        **web.ENV,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BENCH_ENDPOINTS": "false",
        **{f"RATE_LIMIT_{bucket}": RAISED for bucket in ("PDF", "CREATE", "ASSESS", "VERIFY")},
    }
    logs = [workdir / f"gunicorn-{name}.log" for name in "ab"]
    ok = False
    try:
        redis_log = workdir / "redis.log"
        redis = test_scale.start(
            [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            env, redis_log,
        )  # fmt: skip
        test_scale.wait_for_port(redis_port, redis, redis_log)
        drafts = prepare(env)
        gunicorn = [str(test_scale.BIN / "gunicorn"), "config.wsgi", "--workers", "2"]
        gunicorn += ["--log-level", "warning"]
        instances = [
            test_scale.start([*gunicorn, "--bind", f"127.0.0.1:{port}"], env, log)
            for port, log in zip(ports, logs, strict=True)
        ]
        for process, port, log in zip(instances, ports, logs, strict=True):
            test_scale.wait_for_port(port, process, log)
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        saved = warm(bases, drafts)
        setup = time.monotonic() - began
        print(f"Setup (Redis, PostgreSQL, policy, drafts, warm-up) in {setup:.0f} s; "
              f"load on A {bases[0]} and B {bases[1]}")  # fmt: skip
        output = run_wrk(bases[0], ports, mix(bases[0], drafts, saved))
        ok = report(output)
        if not ok:
            for log in logs:
                print(f"--- {log.name} ---\n{log.read_text()[-3000:]}")
    finally:
        for process in reversed(test_scale.processes):
            test_scale.stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"loadtest: {time.monotonic() - began:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
