"""Every row and figure of the source document, checked against the loaded policy data."""

import datetime as dt
from decimal import Decimal

import pytest

from policydata import models as m
from policydata.models import FACT_MODELS

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES

pytestmark = pytest.mark.usefixtures("policy")

SEED_DATE = dt.date(2026, 6, 13)

HIPAA_SURFACES = [
    ("messages-api", "eligible"),
    ("claude-enterprise", "eligible"),
    ("console-workbench", "not_eligible"),
    ("claude-free", "not_eligible"),
    ("claude-pro", "not_eligible"),
    ("claude-max", "not_eligible"),
    ("claude-team", "not_eligible"),
    ("cowork", "not_eligible"),
    ("claude-code", "not_eligible"),
    # "Not covered (cloud provider is the data processor; see those platforms)".
    ("amazon-bedrock", "set_by_platform"),
    ("google-vertex-ai", "set_by_platform"),
    ("claude-platform-aws", "not_available"),
    ("microsoft-foundry", "not_available"),
    ("claude-in-office", "not_eligible"),
    ("claude-design", "not_eligible"),
    ("third-party-integrations", "not_stated"),
]
HIPAA_ELIGIBLE_FEATURES = [
    "token-counting", "prompt-caching", "structured-outputs", "extended-thinking", "citations",
    "context-1m", "pdf-inline", "data-residency", "effort", "fast-mode", "bash-tool",
    "text-editor-tool", "memory-tool",
]  # fmt: skip
HIPAA_BLOCKED_FEATURES = [
    "web-search-dynamic-filtering", "web-fetch", "computer-use", "advisor-tool",
    "context-management", "tool-search", "cache-diagnostics", "code-execution",
    "programmatic-tool-calling", "batch-api", "files-api", "agent-skills", "mcp-connector",
    "managed-agents", "mcp-tunnels",
]  # fmt: skip
ZDR_CELLS = [
    ("messages-api", "eligible"),
    ("token-counting", "eligible"),
    ("claude-code", "conditional"),
    ("console-workbench", "not_eligible"),
    ("claude-team", "not_eligible"),
    ("claude-enterprise", "not_eligible"),
    ("claude-free", "not_eligible"),
    ("claude-pro", "not_eligible"),
    ("claude-max", "not_eligible"),
    ("managed-agents", "not_eligible"),
    ("batch-api", "not_eligible"),
    ("files-api", "not_eligible"),
    ("code-execution", "not_eligible"),
    ("agent-skills", "not_eligible"),
    ("mcp-connector", "not_eligible"),
    ("third-party-integrations", "not_eligible"),
    ("structured-outputs", "qualified"),
    ("cache-diagnostics", "qualified"),
    # The source is silent on these: never guessed.
    ("web-search", "not_stated"),
    ("prompt-caching", "not_stated"),
    ("cowork", "not_stated"),
    ("amazon-bedrock", "not_stated"),
]
RESIDENCY_CELLS = [
    ("messages-api", "eligible"),
    ("claude-platform-aws", "eligible"),
    ("amazon-bedrock", "set_by_platform"),
    ("google-vertex-ai", "set_by_platform"),
    ("claude-enterprise", "not_stated"),
    ("microsoft-foundry", "not_stated"),
]
# "Claude Code (Commercial org API keys, or via Claude Enterprise with ZDR enabled)":
# the access route decides.
CLAUDE_CODE_ROUTES = [
    ("claude-code-api-key", "api-key", "eligible"),
    ("claude-code-enterprise", "enterprise", "eligible"),
    ("claude-code-team", "team", "not_eligible"),
    ("claude-code-consumer", "consumer", "not_eligible"),
]


def status(program: str, offering: str) -> str:
    return m.Eligibility.objects.get(program__slug=program, offering__slug=offering).status


@pytest.mark.parametrize(("offering", "expected"), HIPAA_SURFACES)
def test_baa_coverage_per_surface_matches_the_source(offering, expected):
    assert status("hipaa", offering) == expected


@pytest.mark.parametrize("feature", HIPAA_ELIGIBLE_FEATURES)
def test_hipaa_eligible_features_are_eligible(feature):
    assert status("hipaa", feature) == "eligible"


@pytest.mark.parametrize("feature", HIPAA_BLOCKED_FEATURES)
def test_hipaa_blocked_features_are_not_eligible(feature):
    assert status("hipaa", feature) == "not_eligible"


def test_web_search_is_hipaa_eligible_only_without_dynamic_filtering():
    cell = m.Eligibility.objects.get(program__slug="hipaa", offering__slug="web-search")
    assert cell.status == "partial"
    assert "dynamic filtering" in cell.condition.lower()


@pytest.mark.parametrize(("offering", "expected"), ZDR_CELLS)
def test_zdr_eligibility_matches_the_source(offering, expected):
    assert status("zdr", offering) == expected


def test_structured_outputs_zdr_qualification_names_24_hours():
    cell = m.Eligibility.objects.get(program__slug="zdr", offering__slug="structured-outputs")
    assert "24 hours" in cell.condition


@pytest.mark.parametrize(("offering", "expected"), RESIDENCY_CELLS)
def test_data_residency_availability_matches_the_source(offering, expected):
    assert status("data-residency", offering) == expected


def test_every_canonical_slug_is_present():
    assert set(m.Offering.objects.filter(kind="surface").values_list("slug", flat=True)) == set(
        SURFACES
    )
    assert set(m.Offering.objects.filter(kind="feature").values_list("slug", flat=True)) == set(
        FEATURES
    )
    assert set(m.ClaudeModel.objects.values_list("slug", flat=True)) == set(MODELS)
    assert set(m.Certification.objects.values_list("slug", flat=True)) == set(CERTIFICATIONS)


def test_every_feature_belongs_to_the_messages_api():
    assert set(
        m.Offering.objects.filter(kind="feature").values_list("parent__slug", flat=True)
    ) == {"messages-api"}


def test_every_hipaa_and_zdr_cell_exists_for_every_offering():
    for program in ("hipaa", "zdr"):
        offerings = set(
            m.Eligibility.objects.filter(program__slug=program).values_list(
                "offering__slug", flat=True
            )
        )
        assert offerings >= set(SURFACES) | set(FEATURES)


@pytest.mark.parametrize(("slug", "access", "expected"), CLAUDE_CODE_ROUTES)
def test_claude_code_access_routes_carry_their_zdr_status(slug, access, expected):
    route = m.Offering.objects.get(slug=slug)
    assert (route.kind, route.parent.slug, route.access_path) == ("route", "claude-code", access)
    assert status("zdr", slug) == expected


@pytest.mark.parametrize(
    ("slug", "setter"),
    [
        ("messages-api", "anthropic"),
        ("amazon-bedrock", "platform"),
        ("google-vertex-ai", "platform"),
        ("microsoft-foundry", "platform"),
        ("claude-platform-aws", "anthropic"),
        ("claude-code", "anthropic"),
        ("claude-enterprise", ""),
    ],
)
def test_who_sets_covered_model_retention_follows_the_source(slug, setter):
    assert m.Offering.objects.get(slug=slug).covered_model_retention == setter


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("messages-api", "api"),
        ("claude-enterprise", "apps"),
        ("claude-team", "apps"),
        ("claude-pro", "not_stated"),
        ("claude-free", "not_stated"),
        ("amazon-bedrock", "provider"),
        ("third-party-integrations", "provider"),
    ],
)
def test_which_retention_applies_follows_the_source(slug, expected):
    assert m.Offering.objects.get(slug=slug).retention_policy == expected


@pytest.mark.parametrize(
    ("slug", "held"),
    [
        ("soc2-type1", "held"),
        ("soc2-type2", "held"),
        ("iso27001", "held"),
        ("iso42001", "held"),
        ("iso27017", "not_asserted"),
        ("iso27018", "not_asserted"),
        ("fedramp", "not_asserted"),
        ("csa-star", "not_asserted"),
    ],
)
def test_certifications_held_and_deliberately_not_asserted(slug, held):
    assert m.Certification.objects.get(slug=slug).status == held


def test_iso42001_issuer_accreditation_and_announcement_date():
    iso = m.Certification.objects.get(slug="iso42001")
    assert iso.issuer == "Schellman Compliance, LLC"
    assert iso.accreditation == "ANSI National Accreditation Board"
    assert iso.announced_on == dt.date(2025, 1, 13)
    assert iso.name == "ISO/IEC 42001:2023"
    assert m.Certification.objects.get(slug="iso27001").name == "ISO/IEC 27001:2022"


@pytest.mark.parametrize(
    ("slug", "period", "days", "survives"),
    [
        ("api-default", "Auto-deleted within 30 days", 30, False),
        ("apps-conversation-content", "Kept until you delete it", None, False),
        ("apps-deleted-content", "Removed from backend within 30 days", 30, False),
        ("flagged-inputs-outputs", "Up to 2 years", 730, True),
        ("flagged-classification-scores", "Up to 7 years", 2555, True),
        ("feedback-data", "5 years", 1825, True),
    ],
)
def test_retention_periods_and_what_survives_zdr(slug, period, days, survives):
    rule = m.RetentionRule.objects.get(slug=slug)
    assert (rule.period, rule.period_days, rule.survives_zdr) == (period, days, survives)


@pytest.mark.parametrize(
    ("slug", "covered", "geo"),
    [
        ("claude-fable-5", True, True),
        ("claude-mythos-5", True, True),
        ("claude-opus-4-6", False, True),
        ("claude-sonnet-4-6", False, True),
        ("claude-opus-4-5", False, False),
        ("claude-sonnet-4-5", False, False),
        ("claude-haiku-4-5", False, False),
    ],
)
def test_models_covered_flag_and_inference_geo_support(slug, covered, geo):
    model = m.ClaudeModel.objects.get(slug=slug)
    assert (model.is_covered_model, model.supports_inference_geo) == (covered, geo)
    assert model.required_retention_days == (30 if covered else None)


def test_controllers_by_region():
    assert m.DataController.objects.get(slug="eea-uk-ch").entity == "Anthropic Ireland, Limited"
    assert m.DataController.objects.get(slug="rest-of-world").entity == "Anthropic PBC"


def test_residency_options_geos_and_price():
    options = {(o.control, o.value): o for o in m.ResidencyOption.objects.all()}
    assert set(options) == {
        ("inference_geo", "global"),
        ("inference_geo", "us"),
        ("workspace_geo", "us"),
    }
    assert options[("inference_geo", "global")].is_default
    assert options[("inference_geo", "us")].price_multiplier == Decimal("1.10")
    assert options[("workspace_geo", "us")].fixed_at_creation


@pytest.mark.parametrize(
    ("slug", "allowed"),
    [
        ("message-content", "allowed"),
        ("attached-files", "allowed"),
        ("file-names-metadata", "allowed"),
        ("json-schema-definitions", "forbidden"),
        ("workspace-names", "not_expected"),
        ("user-contact-details", "not_expected"),
        ("billing-data", "not_expected"),
        ("support-tickets", "not_expected"),
    ],
)
def test_where_phi_may_and_may_not_appear(slug, allowed):
    assert m.PhiPlacement.objects.get(slug=slug).allowed == allowed


@pytest.mark.parametrize(
    ("slug", "figure"),
    [
        ("gdpr-dsr-deadline", "one calendar month"),
        ("residency-us-price", "1.1x"),
        ("covered-models-retention", "30-day"),
        ("zdr-qualified-meaning", "24 hours"),
        ("zdr-exceptions", "up to 2 years"),
        ("hipaa-blocked-feature-error", "400 invalid_request_error"),
        ("gdpr-subprocessors", "anthropic.com/subprocessors"),
    ],
)
def test_figures_of_the_source_are_recorded(slug, figure):
    fact = m.PolicyFact.objects.get(slug=slug)
    assert fact.value == figure
    assert figure in fact.statement


@pytest.mark.parametrize(
    "slug",
    [
        "training-commercial-default",
        "training-privacy-policy-scope",
        "training-api-retained-data",
        "training-consumer-terms-update",
        "training-opt-in",
        "gdpr-sccs",
        "zdr-no-cors",
        "covered-models-workspace",
        "covered-models-platforms",
        "hipaa-instead-of-zdr",
        "hipaa-organization-level",
        "residency-workspace-geo",
        "residency-inference-geo",
        "residency-availability",
    ],
)
def test_policy_statements_are_present(slug):
    assert m.PolicyFact.objects.filter(slug=slug).exists()


@pytest.mark.parametrize("model", FACT_MODELS, ids=lambda model: model.__name__)
def test_every_fact_row_rests_on_the_source_document_verified_on_its_date(model):
    rows = list(model.objects.select_related("source", "cited_source"))
    assert rows
    for row in rows:
        assert row.source.title == (
            "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)"
        )
        assert row.verified_on == SEED_DATE
        if row.cited_source is not None:
            assert row.cited_source.url is None or row.cited_source.url.startswith("https://")


def test_a_not_stated_cell_cites_the_source_document_alone():
    cells = m.Eligibility.objects.filter(status="not_stated")
    assert cells.exists()
    assert not cells.filter(cited_source__isnull=False).exists()


def test_certifications_cite_the_help_center_list_and_consumer_plans_the_terms_update():
    assert set(m.Certification.objects.values_list("cited_source__slug", flat=True)) == {
        "help-center-certifications"
    }
    for slug in ("claude-free", "claude-pro", "claude-max"):
        offering = m.Offering.objects.get(slug=slug)
        assert offering.cited_source.slug == "consumer-terms-update"
