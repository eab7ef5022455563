"""Four eyes in a real browser: one editor edits and requests, another approves, buyers see
the version; a draft changed after the request publishes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from playwright.sync_api import Page, expect

from policydata import models as pm

from .helpers import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("seeded")]

PUBLISH = "/admin/policydata/policyversion/publish/"
NOTE = "Batch API is now HIPAA-eligible."
PRIVATE = "ticket COMP-977"


def make_editor(name: str) -> User:
    """A compliance editor; the group is made again after a transactional test's flush."""
    group, _ = Group.objects.get_or_create(name="Compliance editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="policydata",
            codename__in=[
                "view_eligibility", "change_eligibility", "view_policyversion",
                "publish_policyversion",
            ],
        )
    )  # fmt: skip
    user = User.objects.create_user(name, password=f"pw-{name}-123", is_staff=True)
    user.groups.add(group)
    return user


def logged_in(new_context, browser_errors, site: str, name: str) -> Page:
    """A browser of its own, logged in to the admin as `name`."""
    context = new_context()
    browser_errors.watch_context(context)
    page = context.new_page()
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(f"pw-{name}-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/admin/")
    return page


def request_publication(page: Page, site: str) -> str:
    """Fill the notes on the publish page, request, and return the request page's URL."""
    page.goto(f"{site}{PUBLISH}")
    page.get_by_label("Public change note").fill(NOTE)
    page.get_by_label("Private note").fill(PRIVATE)
    page.get_by_role("button", name="Request publication").click()
    page.wait_for_url(re.compile(r"/publish/request/\d+/$"))
    return page.url


def test_one_editor_requests_another_approves_and_buyers_see_the_version(
    site, new_context, browser_errors, axe: AxeReport
):
    make_editor("alice")
    make_editor("bob")
    alice = logged_in(new_context, browser_errors, site, "alice")
    cell = pm.Eligibility.objects.get(program__slug="hipaa", offering__slug="batch-api")
    alice.goto(f"{site}/admin/policydata/eligibility/{cell.pk}/change/")
    alice.select_option("#id_status", "eligible")
    alice.fill("#id_verified_on", timezone.localdate().isoformat())
    alice.fill("#id_change_reason", "BAA amendment signed")
    alice.get_by_role("button", name="Save", exact=True).click()
    expect(alice.locator(".messagelist")).to_contain_text("was changed successfully")

    alice.goto(f"{site}{PUBLISH}")
    expect(
        alice.get_by_text("Edited the draft since v1 (so cannot approve): alice.")
    ).to_be_visible()
    axe.check(alice, "publish page, four eyes")
    url = request_publication(alice, site)
    expect(alice.get_by_text("You requested this publication")).to_be_visible()
    expect(alice.get_by_role("button", name="Approve and publish")).to_have_count(0)
    axe.check(alice, "request page, as its requester")

    bob = logged_in(new_context, browser_errors, site, "bob")
    bob.goto(f"{site}{PUBLISH}")
    bob.get_by_role("link", name=re.compile(r"^Request #\d+$")).click()
    expect(bob).to_have_url(url)
    expect(bob.get_by_text("The draft still matches this request")).to_be_visible()
    axe.check(bob, "request page, as an approver")
    bob.get_by_role("button", name="Approve and publish").click()
    expect(bob.locator(".messagelist")).to_contain_text("Approved and published v2.")

    buyer = new_context().new_page()
    browser_errors.watch(buyer)
    buyer.goto(f"{site}/changes/")
    expect(buyer.locator("main")).to_contain_text(NOTE)
    expect(buyer.locator("body")).not_to_contain_text("COMP-977")
    version = pm.PolicyVersion.objects.get(number=2)
    assert version.requested_by.username == "alice"
    assert [a["username"] for a in version.approved_by] == ["bob"]
    axe.assert_clean()


def set_cell(program: str, status: str) -> None:
    """An edit outside anyone's preview (another editor, an import)."""
    cell = pm.Eligibility.objects.get(program__slug=program, offering__slug="batch-api")
    cell.status = status
    cell.verified_on = dt.date(2026, 11, 20)
    cell.save()


def test_a_draft_changed_after_the_preview_or_the_request_publishes_nothing(
    site, new_context, browser_errors, axe: AxeReport
):
    make_editor("alice")
    make_editor("bob")
    browser_errors.allow(r"status of 409")
    set_cell("hipaa", "eligible")
    alice = logged_in(new_context, browser_errors, site, "alice")
    alice.goto(f"{site}{PUBLISH}")
    set_cell("zdr", "eligible")  # while alice reads the preview
    alice.get_by_label("Public change note").fill(NOTE)
    alice.get_by_role("button", name="Request publication").click()
    expect(alice.get_by_role("alert")).to_contain_text(
        "The draft changed since you previewed it: nothing was requested."
    )
    expect(alice.locator("#changed-since")).to_have_text("Changed since your preview (1)")
    axe.check(alice, "publish page, stale preview")
    assert not pm.PublishRequest.objects.exists()

    url = request_publication(alice, site)  # the new preview
    set_cell("zdr", "not_eligible")  # after the request

    bob = logged_in(new_context, browser_errors, site, "bob")
    bob.goto(url)
    expect(bob.get_by_text("The draft has changed since this request was made")).to_be_visible()
    bob.get_by_role("button", name="Approve and publish").click()
    expect(bob.get_by_role("alert")).to_contain_text(
        "The draft changed since this request was made: nothing was published"
    )
    expect(bob.locator("#changed-since")).to_have_text(
        "Changed in the draft since this request (1)"
    )
    expect(bob.locator(".policy-changed-since")).to_contain_text(
        "Batch API — Zero data retention (ZDR): eligible → not eligible"
    )
    axe.check(bob, "request page, stale at approval")
    assert pm.PolicyVersion.objects.count() == 1

    bob.get_by_role("link", name=re.compile("Request publication of the current draft")).click()
    expect(bob.get_by_label("Public change note")).to_have_value(NOTE)
    bob.get_by_role("button", name="Request publication").click()
    expect(bob).to_have_url(re.compile(r"/publish/request/\d+/$"))
    expect(bob.get_by_text("You requested this publication")).to_be_visible()
    axe.assert_clean()
