"""Load test: gunicorn + wrk on loopback, 30 s at 64 connections across the whole app.

Mixes the wizard (GET a step, htmx POST a step), /api/assess, /matrix/ and a cached PDF.
Reports throughput, latency percentiles and status counts, with 429s (rate limits doing
their job) apart from errors. Target: zero errors and zero 5xx.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web  # noqa: E402  (the shared gunicorn/wrk helpers)

DURATION = os.environ.get("LOADTEST_SECONDS", "30")
CONNECTIONS = os.environ.get("LOADTEST_CONNECTIONS", "64")


def lua_table(requests: list[tuple[str, str, dict[str, str], str | None]]) -> str:
    rows = []
    for method, path, headers, body in requests:
        header_items = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        body_lua = json.dumps(body) if body is not None else "nil"
        rows.append(f"{{{json.dumps(method)}, {json.dumps(path)}, {{{header_items}}}, {body_lua}}}")
    return "reqs = {\n  " + ",\n  ".join(rows) + "\n}\n"


LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
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


def main() -> None:
    token = web.setup_database()
    port = web.free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in web.ENV.items() if not k.startswith("RATE_LIMIT_")}
    web.ENV.clear()
    web.ENV.update(env)  # the production rate limits apply during the load test
    server = web.start_gunicorn(port)
    try:
        cookie, form_token = web.csrf_pair(f"{base}/d/{token}/setup/")
        create = urllib.request.Request(
            f"{base}/api/assessments",
            data=json.dumps(web.ASSESS_BODY).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(create, timeout=10) as response:
            saved = json.load(response)["id"]
        for _ in range(4):  # one render per worker, then every download is a cache hit
            urllib.request.urlopen(f"{base}/a/{saved}.pdf", timeout=60).read()
        form = (
            "models=claude-opus-4-6&storage_region=us&inference_region=any"
            f"&browser_client=no&csrfmiddlewaretoken={form_token}"
        )
        requests = [
            ("GET", f"/d/{token}/data/", {}, None),
            ("POST", f"/d/{token}/setup/", {
                "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
                "Cookie": f"csrftoken={cookie}", "Referer": f"{base}/d/{token}/setup/"}, form),
            ("POST", "/api/assess", {"Content-Type": "application/json"},
             json.dumps(web.ASSESS_BODY)),
            ("GET", "/matrix/", {}, None),
            ("GET", "/matrix/?program=hipaa&status=not_eligible", {"HX-Request": "true"}, None),
            ("GET", f"/a/{saved}.pdf", {}, None),
            ("GET", f"/a/{saved}/", {}, None),
        ]  # fmt: skip
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(lua_table(requests) + LUA)
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
             "-s", handle.name, base + "/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        os.unlink(handle.name)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    statuses = {int(s): int(n) for s, n in re.findall(r"status (\d+) (\d+)", output)}
    percentiles = dict(re.findall(r"pct (\S+) (\S+)", output))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    total = sum(statuses.values())
    limited = statuses.get(429, 0)
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    other_errors = sum(n for s, n in statuses.items() if 400 <= s < 500 and s != 429)
    print(f"\nLoad test: {CONNECTIONS} connections for {DURATION}s, gunicorn 2 workers")
    print(f"requests: {total}   throughput: {rps:.0f} req/s")
    print("latency ms: " + "  ".join(f"p{p}={float(v):.1f}" for p, v in percentiles.items()))
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"429 (rate limited, expected): {limited}")
    print(f"errors: 5xx={server_errors}  other 4xx={other_errors}  "
          f"socket={socket_errors.group(1) if socket_errors else 'none'}")  # fmt: skip
    ok = server_errors == 0 and other_errors == 0 and not socket_errors
    print("target (zero errors, zero 5xx): " + ("met" if ok else "MISSED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
