from django import template

from policydata import publishing
from policydata.staleness import staleness

register = template.Library()


@register.simple_tag
def verification_summary() -> dict:
    """The dashboard's Verification module: stale and due-soon rows, the next date rows go
    stale, how many cells the draft changes against the published version, and the publish
    requests waiting for approval."""
    return {
        "staleness": staleness(),
        "latest": publishing.latest_version(),
        "pending": len(publishing.pending_changes()),
        "requests": publishing.open_requests(),
        "approvals": publishing.required_approvals(),
    }
