"""The public Atom feed of published policy versions."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .models import PolicyVersion
from .publishing import describe_changes


class PolicyChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Claude compliance policy data: what changed"
    subtitle = (
        "Each published version of the eligibility matrices, with what changed and its source."
    )
    author_name = "Compliance staff"

    def link(self) -> str:
        return reverse("changes")

    def items(self):
        return PolicyVersion.objects.order_by("-number")[:50]

    def item_title(self, item: PolicyVersion) -> str:
        return f"{item.label}: {item.note.splitlines()[0][:120]}"

    def item_description(self, item: PolicyVersion) -> str:
        lines = describe_changes(item.changes, item.snapshot)
        items = format_html_join(
            "",
            "<li>{} (source: {}, verified {})</li>",
            ((line.text, line.source, line.verified_on or "n/a") for line in lines),
        )
        return format_html("<p>{}</p><ul>{}</ul>", item.note, items)

    def item_link(self, item: PolicyVersion) -> str:
        return reverse("changes") + f"#{item.label}"

    def item_guid(self, item: PolicyVersion) -> str:
        return f"policy-version-{item.number}"

    def item_pubdate(self, item: PolicyVersion):
        return item.published_at

    def item_updateddate(self, item: PolicyVersion):
        return item.published_at
