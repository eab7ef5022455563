"""`make screenshots`: pictures of the product for the README, taken with Debian's Chromium.

Starts the app on a throwaway database, walks the wizard in a real browser and saves
docs/wizard.png; the result, blocked and (after trying the first remedy) ready, and the
page comparing the two, each at 1280 and 390 px (docs/result-blocked.png,
docs/result-blocked-390.png, ...); the policy matrix (docs/matrix.png, docs/matrix-390.png),
the change log (docs/changes.png) and docs/pdf.png (page 1, via
pdftoppm); pages 1 and 2 of the typical assessment's PDF (the one `make bench` renders) as
docs/pdf-1.png and docs/pdf-2.png, with its printable page at 1280 px for review.
Whole-page pictures go to the temporary directory for review.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from web import ASSESS_BODY as TYPICAL  # noqa: E402  (bench/web.py: the typical assessment)

DOCS = ROOT / "docs"
DB = Path(tempfile.gettempdir()) / "screenshots.sqlite3"
ENV = {**os.environ, "DATABASE_URL": f"sqlite:///{DB}", "DJANGO_SETTINGS_MODULE": "config.settings"}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def token_of(url: str) -> str:
    return url.rstrip("/").split("/")[-1]


def shoot(page, name: str) -> None:
    """The first screen at 1280 px (docs/NAME.png) and at 390 px (docs/NAME-390.png)."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=DOCS / f"{name}.png")
    page.set_viewport_size(PHONE)
    page.screenshot(path=DOCS / f"{name}-390.png")
    # The whole page, for a reviewer who reads past the first screen (not committed).
    page.screenshot(path=Path(tempfile.gettempdir()) / f"{name}-390-full.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=Path(tempfile.gettempdir()) / f"{name}-full.png", full_page=True)


def review_shot(page, name: str) -> None:
    """A page at 390 px, whole, for review only (the temporary directory, not docs/)."""
    page.set_viewport_size(PHONE)
    page.screenshot(path=Path(tempfile.gettempdir()) / f"{name}-390-full.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def save_typical(base: str) -> dict:
    """Save the typical assessment through the API: its id and URLs."""
    request = urllib.request.Request(
        base + "/api/assessments",
        data=json.dumps(TYPICAL).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def pdf_pages(base: str, pdf_url: str, name: str, pages: range) -> None:
    """Pages of a PDF as docs/NAME-N.png at 60 dpi (pdftoppm)."""
    pdf = Path(tempfile.gettempdir()) / f"{name}.pdf"
    pdf.write_bytes(urllib.request.urlopen(base + pdf_url, timeout=60).read())
    for number in pages:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number),
                        "-singlefile", str(pdf), str(DOCS / f"{name}-{number}")],
                       check=True)  # fmt: skip


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    DB.unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_policy")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=ENV, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=DESKTOP)
            page.goto(base + "/")
            page.get_by_role("button", name="Start an assessment").click()
            # A health-tech buyer: PHI and EU personal data, no ZDR requirement.
            for name, value in (("phi", "yes"), ("eu_data_subjects", "yes"),
                                ("zero_retention", "no")):  # fmt: skip
                page.locator(f'input[name="{name}"][value="{value}"]').check()
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_selector("text=Where you will use Claude")
            for label in ("Claude API (Messages API, first-party)", "Claude Enterprise"):
                page.get_by_label(label).check()
            page.screenshot(path=DOCS / "wizard.png", full_page=True)
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_selector("text=API features")
            for label in ("Batch API", "Structured outputs"):
                page.get_by_label(label, exact=True).check()
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_selector("text=Models, regions and clients")
            page.get_by_label("Claude Opus 4.6").check()
            page.locator('input[name="browser_client"][value="no"]').check()
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_selector("text=Required certifications")
            page.get_by_label("SOC 2 Type II").check()
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_selector("text=Review your answers")
            page.get_by_role("button", name="See the result").click()
            page.wait_for_url("**/result/**")
            shoot(page, "result-blocked")
            page.get_by_role("button", name="Save and share").first.click()
            page.wait_for_url("**/a/**")
            first = page.url
            review_shot(page, "saved-just-saved")
            pdf_url = page.get_by_role("link", name="Download the PDF").first.get_attribute("href")
            # The way to ready: the first remedy, tried, then saved and compared.
            page.get_by_role("button", name="Try this").first.click()
            page.wait_for_url("**/result/**")
            shoot(page, "result-ready")
            page.get_by_role("button", name="Save and share").first.click()
            page.wait_for_url("**/a/**")
            second = page.url
            page.goto(f"{base}/compare/{token_of(first)}/{token_of(second)}/")
            shoot(page, "compare")
            page.set_viewport_size(DESKTOP)
            page.goto(base + "/matrix/")
            shoot(page, "matrix")
            page.goto(base + "/changes/")
            page.screenshot(path=DOCS / "changes.png", full_page=True)
            # The typical assessment: its printable page (for review); its PDF below.
            typical = save_typical(base)
            page.set_viewport_size(DESKTOP)
            page.goto(typical["url"].rstrip("/") + "/print/")
            page.screenshot(path=Path(tempfile.gettempdir()) / "print-full.png", full_page=True)
            browser.close()
        pdf = Path(tempfile.gettempdir()) / "screenshot.pdf"
        pdf.write_bytes(urllib.request.urlopen(base + pdf_url, timeout=60).read())
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(DOCS / "pdf")], check=True)  # fmt: skip
        pdf_pages(base, urllib.parse.urlsplit(typical["pdf_url"]).path, "pdf", range(1, 3))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
    print("Wrote " + ", ".join(str(p.relative_to(ROOT)) for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
