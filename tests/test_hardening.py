"""Production settings, headers, rate limits, hostile input and the immutability of records."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wizard.models import Draft, SavedAssessment

ROOT = Path(__file__).resolve().parent.parent
API = {"surfaces": ["messages-api"]}
HOSTILE_SETTINGS = hsettings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def production_env() -> dict[str, str]:
    # The browser tests' async-unsafe switch is for the test run, never for production.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "compliance.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://compliance.example.com",
    }


def test_check_deploy_passes_with_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**production_env(), "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.usefixtures("policy")
@pytest.mark.parametrize("url", ["/", "/matrix/", "/verify/", "/changes/", "/admin/login/"])
def test_every_page_sends_the_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "style-src 'self'",
    ]:
        assert directive in csp
    assert "'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.usefixtures("policy")
def test_scripts_carry_the_request_nonce(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.usefixtures("policy")
def test_api_assess_is_rate_limited_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assess": (3, 3600)}
    statuses = [
        client.post("/api/assess", API, content_type="application/json").status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    response = client.post("/api/assess", API, content_type="application/json")
    # Fixed windows of an hour: a test run never straddles two of them by chance.
    assert 1 <= int(response["Retry-After"]) <= 3600
    assert "Too many requests" in response.json()["errors"][0]["message"]


@pytest.mark.usefixtures("policy")
def test_assessment_creation_and_pdf_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "create": (1, 3600), "pdf": (1, 3600)}
    first = client.post("/api/assessments", API, content_type="application/json")
    assert first.status_code == 201
    assert client.post("/api/assessments", API, content_type="application/json").status_code == 429
    token = first.json()["id"]
    assert client.get(f"/a/{token}.pdf").status_code == 200
    limited = client.get(f"/a/{token}.pdf")
    assert limited.status_code == 429
    assert limited["Retry-After"]


@pytest.mark.usefixtures("policy")
def test_rate_limits_are_per_client_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "assess": (1, 3600)}
    assert client.post("/api/assess", API, content_type="application/json").status_code == 200
    other = client.post("/api/assess", API, content_type="application/json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=30,
)
answer_like = (
    st.fixed_dictionaries(
        {},
        optional={
            "phi": json_values,
            "zero_retention": json_values,
            "storage_region": st.sampled_from(["any", "us", "eu", "mars", "", "\x00"])
            | json_values,
            "surfaces": st.lists(
                st.sampled_from(["messages-api", "x" * 500, "\u202e", "batch-api"])
            )
            | json_values,
            "features": json_values,
            "models": st.lists(st.text(max_size=30), max_size=300),
            "certifications": json_values,
        },
    )
    | json_values
)


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@HOSTILE_SETTINGS
@given(payload=answer_like)
def test_hostile_json_never_causes_a_5xx(client, payload):
    for url in ("/api/assess", "/api/assessments"):
        response = client.post(url, json.dumps(payload), content_type="application/json")
        assert response.status_code < 500
        if response.status_code >= 400:
            assert response.json()["errors"][0]["message"]


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@HOSTILE_SETTINGS
@given(body=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_hostile_bytes_never_cause_a_5xx(client, body):
    response = client.post("/api/assess", body, content_type="application/json")
    assert response.status_code < 500


@pytest.mark.usefixtures("policy")
def test_deeply_nested_json_is_a_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/assess", body, content_type="application/json")
    assert response.status_code in (400, 413)


@pytest.mark.usefixtures("policy")
def test_an_oversized_form_post_is_a_4xx_and_keeps_the_draft(client, settings):
    token = client.post("/start/")["Location"].split("/")[2]
    client.post(
        f"/d/{token}/data/", {"phi": "yes", "eu_data_subjects": "no", "zero_retention": "no"}
    )
    response = client.post(f"/d/{token}/surfaces/", {"surfaces": ["messages-api"] * 5000})
    assert 400 <= response.status_code < 500
    assert Draft.objects.get(token=token).answers["phi"] is True


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@HOSTILE_SETTINGS
@given(
    step=st.sampled_from(["data", "surfaces", "features", "setup", "certifications", "review"]),
    data=st.dictionaries(
        st.sampled_from(["phi", "surfaces", "features", "models", "storage_region", "x", ""]),
        st.lists(st.text(max_size=40), max_size=4),
        max_size=5,
    ),
)
def test_hostile_wizard_posts_never_lose_the_draft(client, step, data):
    token = client.post("/start/")["Location"].split("/")[2]
    good = {"phi": "yes", "eu_data_subjects": "no", "zero_retention": "yes"}
    client.post(f"/d/{token}/data/", good)
    response = client.post(f"/d/{token}/{step}/", data)
    assert response.status_code < 500
    answers = Draft.objects.get(token=token).answers
    if step != "data" or response.status_code != 302:
        assert answers["phi"] is True
        assert answers["zero_retention"] is True


@pytest.mark.django_db
@pytest.mark.usefixtures("policy")
@HOSTILE_SETTINGS
@given(token=st.text(max_size=80), digest=st.text(max_size=100))
def test_token_urls_and_verify_never_cause_a_5xx(client, token, digest):
    from urllib.parse import quote

    for url in (f"/a/{quote(token, safe='')}/", f"/d/{quote(token, safe='')}/data/"):
        assert client.get(url).status_code in (404, 301, 302)
    assert client.get("/verify/", {"digest": digest}).status_code in (200, 400)


@pytest.mark.usefixtures("policy")
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing():
    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/")
    assert page.status_code == 200
    assert strict.post("/start/").status_code == 403
    assert Draft.objects.count() == 0


@pytest.mark.usefixtures("policy")
def test_wrong_content_types_are_a_415(client):
    for content_type in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ):
        response = client.post("/api/assess", "{}", content_type=content_type)
        assert response.status_code == 415


@pytest.mark.usefixtures("policy")
def test_no_code_path_modifies_a_saved_assessment(client):
    from wizard.models import FrozenAssessmentError

    token = client.post("/api/assessments", API, content_type="application/json").json()["id"]
    saved = SavedAssessment.objects.get(token=token)
    saved.answers = {"phi": True}
    with pytest.raises(FrozenAssessmentError):
        saved.save()
    with pytest.raises(FrozenAssessmentError):
        SavedAssessment.objects.filter(token=token).update(answers={})
    with pytest.raises(FrozenAssessmentError):
        saved.delete()
    assert SavedAssessment.objects.get(token=token).answers["phi"] is False


@pytest.mark.usefixtures("policy")
def test_starting_drafts_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "create": (2, 3600)}
    statuses = [client.post("/start/").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Draft.objects.count() == 2


@pytest.mark.usefixtures("policy")
def test_repeated_failed_admin_logins_are_locked_out(client, django_user_model, settings):
    django_user_model.objects.create_user("staffer", password="right-pw-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "staffer", "password": "wrong"}
        )
        assert response.status_code == 200
    locked = client.post("/admin/login/?next=/admin/", {"username": "staffer", "password": "wrong"})
    assert locked.status_code == 429
    # Even the right password is refused while locked out.
    right = client.post(
        "/admin/login/?next=/admin/", {"username": "staffer", "password": "right-pw-123"}
    )
    assert right.status_code == 429


@pytest.mark.usefixtures("policy")
def test_a_compliance_editor_cannot_manage_users_or_groups(client, editor):
    client.force_login(editor)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
