"""PDF rendering with WeasyPrint: only the app's own static files may be fetched."""

from __future__ import annotations

import gc
import mimetypes
import re
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation

# Bump when the PDF layout changes, so cached copies and ETags are not reused.
PDF_LAYOUT_VERSION = "3"  # 3: page 1 is the answer; one appendix table; 4 pages typical
# A pseudo-origin for the document's relative URLs; never resolved on the network.
BASE_URL = "https://pdf.invalid/"

_weasyprint = None


class _Zlib:
    """zlib as pydyf (WeasyPrint's PDF writer) sees it: level 6 instead of its level 9.

    Level 9 spent about 50 ms of a typical PDF compressing its streams, for a file 2%
    smaller. Still deterministic: the same input gives the same bytes.
    """

    LEVEL = 6

    def __getattr__(self, name):
        return getattr(zlib, name)

    def compressobj(self, level=LEVEL, *args, **kwargs):
        return zlib.compressobj(self.LEVEL, *args, **kwargs)

    def compress(self, data, level=LEVEL):
        return zlib.compress(data, self.LEVEL)


def _weasy():
    """Import WeasyPrint once per process (it is slow to import), on first use."""
    global _weasyprint
    if _weasyprint is None:
        import pydyf
        import weasyprint

        if getattr(pydyf, "zlib", None) is zlib:
            pydyf.zlib = _Zlib()
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


_local = threading.local()


def font_config():
    """This thread's WeasyPrint font configuration, made once and reused.

    A new one per PDF sets up a Pango font map and loads every font again (tens of
    milliseconds). Pango font maps are not thread-safe, hence one per thread. The document
    uses no @font-face, so nothing of one PDF is left in it for the next.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


# WeasyPrint's user-agent stylesheet gives every element five footnote and note
# pseudo-elements ("::footnote-call" and the like) whose styles are computed for each one;
# the document has no footnotes, and dropping those rules saves 20-40 ms a typical PDF.
_NOTE_RULE = re.compile(r"^::(?:foot)?note-[\w-]+ *\{[^}]*\}[ \t]*\n", re.MULTILINE)
_document_class = None


def _document():
    """weasyprint.HTML with the user-agent stylesheet minus its footnote rules."""
    global _document_class
    if _document_class is not None:
        return _document_class
    weasyprint = _weasy()
    try:
        from weasyprint.css.counters import CounterStyle
        from weasyprint.html import UA
    except ImportError:  # another WeasyPrint: its own stylesheet, just slower
        _document_class = weasyprint.HTML
        return _document_class
    # Its own counter styles: the stylesheet's @counter-style rules are parsed again.
    stylesheet = weasyprint.CSS(string=_NOTE_RULE.sub("", UA), counter_style=CounterStyle())

    class Document(weasyprint.HTML):
        def _ua_stylesheets(self, *args, **kwargs):
            return [stylesheet]

    _document_class = Document
    return _document_class


_gc_lock = threading.Lock()
_gc_state = {"holds": 0, "resume": False}


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a PDF is laid out.

    WeasyPrint allocates a few hundred thousand objects per PDF and keeps its box tree
    alive to the end, so the collector would scan that growing tree a score of times for
    nothing (reference counting frees the garbage anyway). Renders on several threads share
    one pause: the collector resumes when the last one ends, unless it was off before.
    """
    with _gc_lock:
        if _gc_state["holds"] == 0:
            _gc_state["resume"] = gc.isenabled()
            gc.disable()
        _gc_state["holds"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["holds"] -= 1
            if _gc_state["holds"] == 0 and _gc_state["resume"]:
                gc.enable()


def render_pdf(html: str, identifier: str) -> bytes:
    """Tagged PDF/UA-1 from the document's HTML; deterministic for the same input."""
    with collector_paused():
        document = _document()(string=html, base_url=BASE_URL, url_fetcher=make_fetcher())
        return document.write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_identifier=identifier.encode(),
            font_config=font_config(),
        )
