import pytest
from django.contrib.auth.models import Permission, User

from policydata import models as m

pytestmark = pytest.mark.usefixtures("policy")

ADMIN_PAGES = [
    "/admin/",
    "/admin/policydata/offering/",
    "/admin/policydata/offering/matrix/",
    "/admin/policydata/eligibility/",
    "/admin/policydata/eligibility/?program__id__exact=1&status__exact=not_eligible",
    "/admin/policydata/eligibility/?stale=yes",
    "/admin/policydata/eligibility/?q=batch",
    "/admin/policydata/certification/",
    "/admin/policydata/claudemodel/",
    "/admin/policydata/retentionrule/",
    "/admin/policydata/datacontroller/",
    "/admin/policydata/residencyoption/",
    "/admin/policydata/phiplacement/",
    "/admin/policydata/policyfact/",
    "/admin/policydata/source/",
    "/admin/policydata/program/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_load_for_a_compliance_editor(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_offering_page_edits_its_eligibility_inline(client, editor):
    client.force_login(editor)
    offering = m.Offering.objects.get(slug="batch-api")
    page = client.get(f"/admin/policydata/offering/{offering.pk}/change/").content.decode()
    assert "eligibilities-TOTAL_FORMS" in page
    assert "Not eligible" in page


def test_admin_matrix_shows_status_in_words_not_colour_alone(client, editor):
    client.force_login(editor)
    page = client.get("/admin/policydata/offering/matrix/").content.decode()
    assert "policy-status--not_eligible" in page
    assert "Not eligible" in page
    assert "Eligible (qualified)" in page


def test_eligibility_history_page_loads(client, editor):
    client.force_login(editor)
    cell = m.Eligibility.objects.first()
    assert client.get(f"/admin/policydata/eligibility/{cell.pk}/history/").status_code == 200


def test_a_non_staff_user_cannot_reach_the_admin(client, db):
    user = User.objects.create_user("buyer", password="pw-buyer-123")
    client.force_login(user)
    response = client.get("/admin/policydata/eligibility/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_editors_group_can_change_policy_data_but_not_users():
    perms = set(
        Permission.objects.filter(group__name="Compliance editors").values_list(
            "content_type__app_label", "codename"
        )
    )
    assert ("policydata", "change_eligibility") in perms
    assert ("policydata", "add_offering") in perms
    assert all(app == "policydata" for app, _ in perms)
    assert ("policydata", "change_historicaleligibility") not in perms


def test_stale_filter_finds_rows_older_than_the_threshold(client, editor, settings):
    settings.POLICY_STALE_AFTER_DAYS = 0
    client.force_login(editor)
    page = client.get("/admin/policydata/eligibility/?stale=yes").content.decode()
    assert "(stale)" in page
