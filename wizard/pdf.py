"""PDF rendering with WeasyPrint: only the app's own static files may be fetched."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

# Bump when the PDF layout changes, so cached copies and ETags are not reused.
PDF_LAYOUT_VERSION = "2"  # 2: findings, facts and settings in plain words
# A pseudo-origin for the document's relative URLs; never resolved on the network.
BASE_URL = "https://pdf.invalid/"

_weasyprint = None


def _weasy():
    """Import WeasyPrint once per process (it is slow to import), on first use."""
    global _weasyprint
    if _weasyprint is None:
        import weasyprint

        _weasyprint = weasyprint
    return _weasyprint


def static_path(url: str) -> Path | None:
    """The file behind a URL of our own static files, or None for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
        return None
    name = path[len(settings.STATIC_URL) :]
    found = finders.find(name)
    if found:
        return Path(found)
    # In production {% static %} names the collected, hashed copy (print.1e9f2e17.css).
    try:
        collected = Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return collected if collected.is_file() else None


_fetcher = None


def make_fetcher():
    """A WeasyPrint URL fetcher that serves static files and refuses everything else."""
    global _fetcher
    if _fetcher is not None:
        return _fetcher
    weasyprint = _weasy()

    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            path = static_path(url)
            if path is None:
                # No network, no file://, no internal addresses: only our static files.
                raise ValueError(f"Refused to fetch {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    # Built once per process: creating a fetcher sets up an SSL context it never uses.
    _fetcher = StaticOnlyFetcher()
    return _fetcher


def render_pdf(html: str, identifier: str) -> bytes:
    """Tagged PDF/UA-1 from the document's HTML; deterministic for the same input."""
    weasyprint = _weasy()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=make_fetcher())
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier.encode(),
    )
