"""Four eyes (issue 15): one editor requests a publish, another who did not edit the draft
approves it, and the version records both."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from policydata import models as pm
from policydata.publishing import (
    NotAllowedToApprove,
    approve,
    draft_editors,
    latest_version,
    open_requests,
    preview,
    request_publish,
)

pytestmark = pytest.mark.usefixtures("policy")

PUBLISH = "/admin/policydata/policyversion/publish/"
NOTE = "Batch API is now HIPAA-eligible."
PRIVATE = "ticket COMP-977, BAA amendment signed"


def request_page(pk: int) -> str:
    return f"{PUBLISH}request/{pk}/"


def make_editor(name: str, *, superuser: bool = False) -> User:
    user = User.objects.create_user(
        name, password=f"pw-{name}-123", is_staff=True, is_superuser=superuser
    )
    user.groups.add(Group.objects.get(name="Compliance editors"))
    return user


def set_cell(program: str, offering: str, status: str, user: User | None = None) -> None:
    cell = pm.Eligibility.objects.get(program__slug=program, offering__slug=offering)
    cell.status = status
    cell.verified_on = dt.date(2026, 11, 20)
    cell._history_user = user  # the admin's history middleware does this for a real edit
    cell.save()


def previewed_fingerprint(client) -> str:
    page = client.get(PUBLISH).content.decode()
    return re.search(r'name="draft_fingerprint" value="([0-9a-f]{64})"', page).group(1)


def request_from_the_admin(client, note: str = NOTE, private_note: str = PRIVATE) -> int:
    seen = previewed_fingerprint(client)
    response = client.post(
        PUBLISH, {"note": note, "private_note": private_note, "draft_fingerprint": seen}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return int(re.search(r"/request/(\d+)/$", response["Location"]).group(1))


def approve_in_the_admin(client, pk: int):
    return client.post(request_page(pk), {"approve": "Approve and publish"})


@pytest.fixture
def requested(client, editor) -> int:
    """Batch API made HIPAA-eligible in the draft, and `editor`'s request to publish it."""
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    return request_from_the_admin(client)


def test_the_publish_page_asks_for_a_request_and_explains_who_must_approve(client, editor):
    set_cell("hipaa", "batch-api", "eligible", user=editor)
    client.force_login(editor)
    page = client.get(PUBLISH).content.decode()
    assert 'value="Request publication"' in page
    assert "the draft is published once 1 other editor approves your request" in page
    assert "other than anyone who edited the draft since v1" in page
    assert "Edited the draft since v1 (so cannot approve): editor." in page
    assert page.index("Request publication") < page.index("What would change (")


def test_a_request_publishes_nothing_and_is_listed_as_waiting(client, requested):
    assert latest_version().number == 1
    page = client.get(PUBLISH).content.decode()
    assert "Requests waiting for approval (1)" in page
    assert f'href="{request_page(requested)}"' in page
    assert "still matches" in page
    [waiting] = open_requests()
    assert waiting.pk == requested
    assert waiting.matches_draft
    assert waiting.approval_count == 0


def test_the_requester_cannot_approve_their_own_request(client, requested):
    page = client.get(request_page(requested)).content.decode()
    assert "You cannot approve this request." in page
    assert "You requested this publication: another editor must approve it." in page
    assert 'name="approve"' not in page
    response = approve_in_the_admin(client, requested)
    assert response.status_code == 403
    assert "You requested this publication" in response.content.decode()
    assert latest_version().number == 1


def test_an_editor_of_the_draft_cannot_approve_even_as_a_superuser(client, editor):
    author = make_editor("author", superuser=True)
    set_cell("hipaa", "batch-api", "eligible", user=author)
    client.force_login(editor)
    pk = request_from_the_admin(client)
    assert [u.username for u in draft_editors()] == ["author"]
    client.force_login(author)
    page = client.get(request_page(pk)).content.decode()
    assert "You edited the draft since v1 was published" in page
    response = approve_in_the_admin(client, pk)
    assert response.status_code == 403
    assert "an editor who did not edit it must approve" in response.content.decode()
    assert latest_version().number == 1


def test_only_edits_since_the_latest_version_make_an_editor(client, editor, reviewer):
    # Clear of the second published_at is cut to: v1 a minute ago, the edit 10 s ago.
    pm.PolicyVersion.objects.update(published_at=timezone.now() - dt.timedelta(minutes=1))
    set_cell("zdr", "web-search", "eligible", user=reviewer)
    ten_seconds_ago = timezone.now() - dt.timedelta(seconds=10)
    pm.Eligibility.history.filter(history_user=reviewer).update(history_date=ten_seconds_ago)
    assert [u.username for u in draft_editors()] == ["reviewer"]
    client.force_login(editor)
    pk = request_from_the_admin(client, "Web search ZDR.")
    client.force_login(make_editor("third"))
    assert approve_in_the_admin(client, pk).status_code == 302
    assert latest_version().number == 2
    assert draft_editors() == []  # the edit is in v2: the new draft has no editor yet


def test_another_editor_approves_and_the_version_records_who_and_when(
    client, requested, editor, reviewer
):
    client.force_login(reviewer)
    page = client.get(request_page(requested)).content.decode()
    assert 'value="Approve and publish"' in page
    assert "The draft still matches this request" in page
    assert "Batch API — HIPAA readiness (BAA)" in page and ">not eligible</span> → " in page
    response = approve_in_the_admin(client, requested)
    assert response.status_code == 302
    version = latest_version()
    assert version.number == 2
    assert version.note == NOTE
    assert version.private_note == PRIVATE
    assert version.requested_by == editor
    assert version.published_by == reviewer
    made = pm.PublishRequest.objects.get(pk=requested)
    assert version.requested_at == made.requested_at
    assert version.requested_at <= version.published_at
    [approval] = version.approved_by
    assert approval["username"] == "reviewer"
    assert approval["user_id"] == reviewer.pk
    assert dt.datetime.fromisoformat(approval["at"]) == version.published_at
    assert made.state == "published"
    assert made.version == version
    assert {c["key"] for c in version.changes} == {"hipaa/batch-api"}
    listing = client.get("/admin/policydata/policyversion/").content.decode()
    assert "reviewer (" in listing


def test_two_approvals_need_two_distinct_editors(client, requested, reviewer, settings):
    settings.POLICY_PUBLISH_APPROVALS = 2
    client.force_login(reviewer)
    assert 'value="Approve"' in client.get(request_page(requested)).content.decode()
    assert approve_in_the_admin(client, requested).status_code == 302
    assert latest_version().number == 1
    page = client.get(request_page(requested)).content.decode()
    assert "You have already approved this request" in page
    assert "(1 of 2 needed)" in page
    assert approve_in_the_admin(client, requested).status_code == 403
    assert latest_version().number == 1

    client.force_login(make_editor("third"))
    assert approve_in_the_admin(client, requested).status_code == 302
    version = latest_version()
    assert version.number == 2
    assert [a["username"] for a in version.approved_by] == ["reviewer", "third"]


def test_with_approval_off_the_page_says_so_and_publishes_directly(client, editor, settings):
    settings.POLICY_PUBLISH_APPROVALS = 0
    set_cell("hipaa", "batch-api", "eligible", user=editor)
    client.force_login(editor)
    page = client.get(PUBLISH).content.decode()
    assert "Approval is turned off" in page
    assert "one-person team" in page
    assert 'value="Publish"' in page
    assert "Requests waiting for approval" not in page
    seen = previewed_fingerprint(client)
    response = client.post(PUBLISH, {"note": NOTE, "draft_fingerprint": seen})
    assert response.status_code == 302
    version = latest_version()
    assert version.number == 2
    assert version.requested_by == editor
    assert version.approved_by == []


def test_a_draft_changed_after_the_request_is_not_published_on_approval(
    client, requested, reviewer
):
    set_cell("zdr", "batch-api", "eligible")  # an edit after the request
    client.force_login(reviewer)
    page = client.get(request_page(requested)).content.decode()
    assert "The draft has changed since this request was made" in page
    assert "Changed in the draft since this request (1)" in page
    response = approve_in_the_admin(client, requested)
    assert response.status_code == 409
    assert latest_version().number == 1
    page = response.content.decode()
    assert "The draft changed since this request was made: nothing was published" in page
    assert "Batch API — Zero data retention (ZDR): not eligible → eligible" in page
    assert pm.PublishRequest.objects.get(pk=requested).state == "stale"
    assert not pm.PublishApproval.objects.exists()
    assert f"?again={requested}" in page  # request again, with the same notes
    again = client.get(f"{PUBLISH}?again={requested}").content.decode()
    assert NOTE in again
    assert PRIVATE in again


def test_a_request_from_a_stale_preview_is_refused_and_shows_what_changed(client, editor):
    set_cell("hipaa", "batch-api", "eligible")
    client.force_login(editor)
    seen = previewed_fingerprint(client)
    set_cell("zdr", "batch-api", "eligible")
    response = client.post(PUBLISH, {"note": NOTE, "draft_fingerprint": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert "The draft changed since you previewed it: nothing was requested." in page
    assert "Changed since your preview (1)" in page
    assert not pm.PublishRequest.objects.exists()


def test_a_second_request_for_the_same_draft_is_refused(client, requested):
    seen = previewed_fingerprint(client)
    response = client.post(PUBLISH, {"note": "Again.", "draft_fingerprint": seen})
    assert response.status_code == 400
    assert f"Request #{requested} already asks to publish this draft" in response.content.decode()
    assert pm.PublishRequest.objects.count() == 1


def test_publishing_one_request_closes_the_others_as_stale(client, requested, reviewer):
    set_cell("zdr", "batch-api", "eligible")
    newer = request_from_the_admin(client, "Batch API under HIPAA and ZDR.")
    assert [r.matches_draft for r in open_requests()] == [False, True]
    client.force_login(reviewer)
    assert approve_in_the_admin(client, newer).status_code == 302
    assert pm.PublishRequest.objects.get(pk=requested).state == "stale"
    assert open_requests() == []
    assert approve_in_the_admin(client, requested).status_code == 409
    assert latest_version().number == 2


def test_withdrawing_closes_the_request_and_publishes_nothing(client, requested, reviewer):
    response = client.post(request_page(requested), {"withdraw": "Withdraw"})
    assert response.status_code == 302
    made = pm.PublishRequest.objects.get(pk=requested)
    assert made.state == "withdrawn"
    assert made.closed_by.username == "editor"
    client.force_login(reviewer)
    response = approve_in_the_admin(client, requested)
    assert response.status_code == 409
    assert "This request is closed (withdrawn)" in response.content.decode()
    assert latest_version().number == 1
    assert open_requests() == []


def test_a_user_without_the_publish_permission_gets_403_everywhere(client, requested):
    viewer = User.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    client.force_login(viewer)
    assert client.get(PUBLISH).status_code == 403
    assert client.get(request_page(requested)).status_code == 403
    assert approve_in_the_admin(client, requested).status_code == 403
    assert client.post(request_page(requested), {"withdraw": "1"}).status_code == 403
    assert pm.PublishRequest.objects.get(pk=requested).state == "open"
    with pytest.raises(NotAllowedToApprove, match="permission"):
        approve(pm.PublishRequest.objects.get(pk=requested), viewer)


def test_the_public_note_is_published_and_the_private_note_never_is(client, requested, reviewer):
    client.force_login(reviewer)
    assert approve_in_the_admin(client, requested).status_code == 302
    client.logout()
    for url in ("/changes/", "/changes/v2/", "/changes/feed/"):
        text = client.get(url).content.decode()
        assert NOTE in text, url
        assert "COMP-977" not in text, url
        assert "reviewer" not in text, url


def test_the_domain_functions_give_the_same_answers_as_the_pages(editor, reviewer):
    set_cell("hipaa", "batch-api", "eligible")
    made = request_publish(NOTE, editor, expected_fingerprint=preview().fingerprint)
    with pytest.raises(NotAllowedToApprove, match="You requested this publication"):
        approve(made, editor)
    version = approve(made, reviewer)
    assert version is not None
    assert version.number == 2
    assert version.requested_by == editor
