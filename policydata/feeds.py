"""The public Atom feed of published policy versions (RFC 4287)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import PolicyVersion
from .publishing import version_changes


def entry_id(link: str, published: dt.datetime) -> str:
    """A version's Atom id: a tag URI (RFC 4151) of the site's host, the day the version
    was published and its number, e.g. "tag:example.org,2026-06-13:policy-version-1".

    Absolute (RFC 4287 4.2.6), different on every deployment, and never changing: a
    published version is immutable.
    """
    parts = urlsplit(link)
    number = parts.fragment.removeprefix("v")
    return f"tag:{parts.hostname},{published:%Y-%m-%d}:policy-version-{number}"


class PolicyChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Claude compliance policy data: what changed"
    subtitle = (
        "Each published version of the eligibility matrices, with what changed and its source."
    )
    author_name = "Compliance staff"
    # The entry's content: the same summary and sentences as /changes/.
    description_template = "policydata/_feed_entry.html"

    def link(self) -> str:
        return reverse("changes")

    def items(self):
        return PolicyVersion.objects.order_by("-number")[:50]

    def item_title(self, item: PolicyVersion) -> str:
        return f"{item.label}: {item.note.splitlines()[0][:120]}"

    def item_link(self, item: PolicyVersion) -> str:
        return reverse("changes") + f"#{item.label}"

    def item_pubdate(self, item: PolicyVersion):
        return item.published_at

    def item_updateddate(self, item: PolicyVersion):
        return item.published_at

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item: PolicyVersion = kwargs["item"]
        return {
            "version": item,
            "changes": version_changes(item),
            # Links in a feed reader must be absolute.
            "base": kwargs["request"].build_absolute_uri("/").rstrip("/"),
        }

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for entry in feed.items:
            entry["unique_id"] = entry_id(entry["link"], entry["pubdate"])
        return feed
