"""Every fact of the source document (shared/seed/000_b723e4cd66f054c9.txt), as seed rows.

The source document is a summary, verified by its author on 2026-06-13, of Anthropic's
trust, privacy and developer documentation. Each row cites the Anthropic page the
summary attributes the fact to. Where the document is silent on a matrix cell, the
cell says "not stated": never guessed. `load_policy` writes these rows.

Foreign keys are given by slug: `source`, `program`, `offering`, `parent`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

VERIFIED_ON = dt.date(2026, 6, 13)
SOURCE_DOCUMENT = "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)"

Row = dict[str, Any]

SOURCES: list[Row] = [
    {
        "slug": "trust-center",
        "title": "Anthropic Trust Center (Trust Portal): certifications and reports",
        "url": "https://trust.anthropic.com/",
        "publisher": "Anthropic",
    },
    {
        "slug": "iso42001-announcement",
        "title": "Anthropic achieves ISO 42001 certification for responsible AI",
        "url": "https://www.anthropic.com/news/anthropic-achieves-iso-42001-certification-for-responsible-ai",
        "publisher": "Anthropic",
    },
    {
        "slug": "baa-help-center",
        "title": "Business Associate Agreements (BAA) for commercial customers",
        "url": "https://support.claude.com/en/articles/8114513-business-associate-agreements-baa-for-commercial-customers",
        "publisher": "Anthropic Help Center",
    },
    {
        "slug": "api-data-retention",
        "title": "API and data retention (ZDR and HIPAA readiness, feature eligibility)",
        "url": "https://platform.claude.com/docs/en/manage-claude/api-and-data-retention",
        "publisher": "Claude Developer Platform docs",
    },
    {
        "slug": "zdr-products",
        "title": "I have a zero data retention agreement with Anthropic. What products does it apply to?",
        "url": "https://privacy.claude.com/en/articles/8956058-i-have-a-zero-data-retention-agreement-with-anthropic-what-products-does-it-apply-to",
        "publisher": "Anthropic Privacy Center",
    },
    {
        "slug": "commercial-retention",
        "title": "How long do you store my organization's data? (commercial data retention)",
        "url": "https://privacy.claude.com/en/articles/7996866-how-long-do-you-store-my-organization-s-data",
        "publisher": "Anthropic Privacy Center",
    },
    {
        "slug": "privacy-policy",
        "title": "Anthropic Privacy Policy",
        "url": "https://www.anthropic.com/legal/privacy",
        "publisher": "Anthropic",
    },
    {
        "slug": "consumer-terms-update",
        "title": "Updates to Consumer Terms and Privacy Policy",
        "url": "https://www.anthropic.com/news/updates-to-our-consumer-terms",
        "publisher": "Anthropic",
    },
    {
        "slug": "subprocessors",
        "title": "Anthropic subprocessors",
        "url": "https://www.anthropic.com/subprocessors",
        "publisher": "Anthropic",
    },
    {
        "slug": "data-residency",
        "title": "Data residency (inference_geo and workspace geo)",
        "url": "https://platform.claude.com/docs/en/manage-claude/data-residency",
        "publisher": "Claude Developer Platform docs",
    },
]


def _fact(**row: Any) -> Row:
    row.setdefault("verified_on", VERIFIED_ON)
    row.setdefault("note", "")
    return row


PROGRAMS: list[Row] = [
    _fact(
        slug="hipaa",
        name="HIPAA readiness (BAA)",
        summary=(
            "Anthropic signs a Business Associate Agreement covering its HIPAA-ready services, "
            "such as the first-party API and Enterprise plans. HIPAA readiness is enforced at "
            "the organization level: a dedicated HIPAA-enabled organization automatically "
            "blocks non-eligible features."
        ),
        how_to_enable=(
            "API: an administrator signs the BAA, then contacts sales to enable it. Enterprise: "
            "an admin activates HIPAA compliance in the Claude Enterprise admin settings under "
            "\u201cData & Privacy\u201d and signs the BAA there."
        ),
        order=1,
        source="baa-help-center",
    ),
    _fact(
        slug="zdr",
        name="Zero data retention (ZDR)",
        summary=(
            "Customer data is not stored at rest after the API response is returned, except "
            "where needed to comply with law or combat misuse."
        ),
        how_to_enable=(
            "Requested through Anthropic sales and enabled per organization; it does not carry "
            "over automatically to new organizations under the same account."
        ),
        order=2,
        source="api-data-retention",
    ),
    _fact(
        slug="data-residency",
        name="Data residency",
        summary=(
            "Two independent controls: inference_geo (where inference runs, per request) and "
            "workspace geo (where data is stored at rest, fixed at workspace creation)."
        ),
        how_to_enable=(
            "Set inference_geo on each request; choose the workspace geo when the workspace is "
            "created (it cannot be changed afterward)."
        ),
        order=3,
        source="data-residency",
    ),
]

_SURFACE_DEFAULTS = {"kind": "surface", "parent": None, "processor": "anthropic"}

SURFACES: list[Row] = [
    _fact(
        **_SURFACE_DEFAULTS,
        slug="messages-api",
        name="Claude API (Messages API, first-party)",
        group="api-platform",
        offers_api_features=True,
        order=1,
        description="Anthropic's first-party API, /v1/messages.",
        source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="console-workbench",
        name="Console and Workbench",
        group="api-platform",
        order=2,
        description="The Claude Console and its Workbench, used to try prompts.",
        source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-enterprise",
        name="Claude Enterprise",
        group="claude-apps",
        order=10,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-team",
        name="Claude Team",
        group="claude-apps",
        order=11,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-pro",
        name="Claude Pro",
        group="claude-apps",
        terms="consumer",
        order=12,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-max",
        name="Claude Max",
        group="claude-apps",
        terms="consumer",
        order=13,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-free",
        name="Claude Free",
        group="claude-apps",
        terms="consumer",
        order=14,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-code",
        name="Claude Code",
        group="claude-apps",
        order=15,
        source="zdr-products",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="cowork",
        name="Cowork",
        group="claude-apps",
        order=16,
        source="baa-help-center",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "processor": "cloud-provider"},
        slug="amazon-bedrock",
        name="Amazon Bedrock",
        group="cloud",
        offers_api_features=True,
        order=20,
        description="Claude through AWS; the cloud provider is the data processor.",
        source="api-data-retention",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "processor": "cloud-provider"},
        slug="google-vertex-ai",
        name="Google Cloud Vertex AI",
        group="cloud",
        offers_api_features=True,
        order=21,
        description="Claude through Google Cloud; the cloud provider is the data processor.",
        source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-platform-aws",
        name="Claude Platform on AWS",
        group="cloud",
        offers_api_features=True,
        order=22,
        source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="microsoft-foundry",
        name="Claude in Microsoft Foundry",
        group="cloud",
        offers_api_features=True,
        order=23,
        source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-in-office",
        name="Claude in Office (beta)",
        group="beta",
        is_beta=True,
        order=30,
        source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-design",
        name="Claude Design (beta)",
        group="beta",
        is_beta=True,
        order=31,
        source="baa-help-center",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "processor": "third-party"},
        slug="third-party-integrations",
        name="Third-party integrations",
        group="beta",
        order=32,
        description="Websites, tools or integrations run by third parties.",
        source="zdr-products",
    ),
]

# (slug, name, group, order)
_FEATURES: list[tuple[str, str, str]] = [
    ("token-counting", "Token counting", "core"),
    ("web-search", "Web search", "tools"),
    ("web-search-dynamic-filtering", "Web search with dynamic filtering", "tools"),
    ("prompt-caching", "Prompt caching", "context"),
    ("structured-outputs", "Structured outputs", "core"),
    ("extended-thinking", "Extended and adaptive thinking", "core"),
    ("citations", "Citations", "core"),
    ("context-1m", "1M-token context window", "context"),
    ("pdf-inline", "PDF support (inline)", "core"),
    ("data-residency", "Data residency (inference_geo)", "core"),
    ("effort", "Effort", "core"),
    ("fast-mode", "Fast mode", "core"),
    ("bash-tool", "Bash tool", "tools"),
    ("text-editor-tool", "Text editor tool", "tools"),
    ("memory-tool", "Memory tool", "tools"),
    ("web-fetch", "Web fetch", "tools"),
    ("computer-use", "Computer use", "tools"),
    ("advisor-tool", "Advisor tool", "tools"),
    ("context-management", "Context management (compaction, editing)", "context"),
    ("tool-search", "Tool search", "tools"),
    ("cache-diagnostics", "Cache diagnostics", "context"),
    ("code-execution", "Code execution", "tools"),
    ("programmatic-tool-calling", "Programmatic tool calling", "tools"),
    ("batch-api", "Batch API", "stateful"),
    ("files-api", "Files API", "stateful"),
    ("agent-skills", "Agent Skills", "stateful"),
    ("mcp-connector", "MCP connector", "tools"),
    ("managed-agents", "Claude Managed Agents", "stateful"),
    ("mcp-tunnels", "MCP tunnels", "tools"),
]

FEATURES: list[Row] = [
    _fact(
        slug=slug,
        name=name,
        kind="feature",
        group=group,
        parent="messages-api",
        processor="anthropic",
        order=100 + index,
        source="api-data-retention",
    )
    for index, (slug, name, group) in enumerate(_FEATURES)
]

OFFERINGS: list[Row] = SURFACES + FEATURES

NOT_STATED = "The source document does not state this cell."

# Cells stated by the source: program -> offering -> (status, condition, activation, source)
_HIPAA_API = "Admin signs the BAA, then contacts Anthropic sales to enable HIPAA readiness."
_HIPAA_ENTERPRISE = (
    "An admin activates HIPAA compliance in the Claude Enterprise admin settings under "
    "\u201cData & Privacy\u201d and signs the BAA there."
)
_HIPAA_NOT_ELIGIBLE_FEATURE = (
    "Not HIPAA-eligible: a HIPAA-enabled organization that sends it gets a 400 "
    "invalid_request_error naming the blocked feature."
)
_ZDR_NOT_ELIGIBLE_FEATURE = "Not ZDR-eligible: stores data beyond the API response."

STATED_CELLS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "hipaa": {
        "messages-api": (
            "eligible",
            "Covered as an Eligible Service; the HIPAA-enabled organization blocks "
            "non-eligible features.",
            _HIPAA_API,
            "baa-help-center",
        ),
        "claude-enterprise": (
            "eligible",
            "Covered once an admin activates HIPAA compliance and signs the BAA.",
            _HIPAA_ENTERPRISE,
            "baa-help-center",
        ),
        "console-workbench": ("not_eligible", "", "", "baa-help-center"),
        "claude-free": ("not_eligible", "", "", "baa-help-center"),
        "claude-pro": ("not_eligible", "", "", "baa-help-center"),
        "claude-max": ("not_eligible", "", "", "baa-help-center"),
        "claude-team": ("not_eligible", "", "", "baa-help-center"),
        "cowork": ("not_eligible", "", "", "baa-help-center"),
        "claude-code": (
            "not_eligible",
            "Not covered under HIPAA readiness.",
            "",
            "baa-help-center",
        ),
        "amazon-bedrock": (
            "not_eligible",
            "Not covered by Anthropic's BAA: the cloud provider is the data processor; see "
            "the platform's own HIPAA terms.",
            "",
            "baa-help-center",
        ),
        "google-vertex-ai": (
            "not_eligible",
            "Not covered by Anthropic's BAA: the cloud provider is the data processor; see "
            "the platform's own HIPAA terms.",
            "",
            "baa-help-center",
        ),
        "claude-platform-aws": (
            "not_available",
            "HIPAA readiness not available.",
            "",
            "baa-help-center",
        ),
        "microsoft-foundry": (
            "not_available",
            "HIPAA readiness not available.",
            "",
            "baa-help-center",
        ),
        "claude-in-office": (
            "not_eligible",
            "Beta features are generally not covered unless explicitly listed as eligible.",
            "",
            "baa-help-center",
        ),
        "claude-design": (
            "not_eligible",
            "Beta features are generally not covered unless explicitly listed as eligible.",
            "",
            "baa-help-center",
        ),
        **{
            slug: ("eligible", "", "", "api-data-retention")
            for slug in [
                "token-counting",
                "prompt-caching",
                "structured-outputs",
                "extended-thinking",
                "citations",
                "context-1m",
                "pdf-inline",
                "data-residency",
                "effort",
                "fast-mode",
                "bash-tool",
                "text-editor-tool",
                "memory-tool",
            ]
        },
        "web-search": (
            "partial",
            "Eligible, but dynamic filtering is not eligible.",
            "",
            "api-data-retention",
        ),
        **{
            slug: ("not_eligible", _HIPAA_NOT_ELIGIBLE_FEATURE, "", "api-data-retention")
            for slug in [
                "web-search-dynamic-filtering",
                "web-fetch",
                "computer-use",
                "advisor-tool",
                "context-management",
                "tool-search",
                "cache-diagnostics",
                "code-execution",
                "programmatic-tool-calling",
                "batch-api",
                "files-api",
                "agent-skills",
                "mcp-connector",
                "managed-agents",
                "mcp-tunnels",
            ]
        },
    },
    "zdr": {
        "messages-api": ("eligible", "Messages API.", "", "api-data-retention"),
        "token-counting": ("eligible", "Token Counting API.", "", "api-data-retention"),
        "claude-code": (
            "conditional",
            "Eligible only with Commercial organization API keys, or via Claude Enterprise "
            "with ZDR enabled on the organization.",
            "",
            "zdr-products",
        ),
        "console-workbench": ("not_eligible", "", "", "zdr-products"),
        "claude-team": (
            "not_eligible",
            "Interface not eligible (except Claude Code via Enterprise with ZDR on).",
            "",
            "zdr-products",
        ),
        "claude-enterprise": (
            "not_eligible",
            "Interface not eligible (except Claude Code via Enterprise with ZDR on).",
            "",
            "zdr-products",
        ),
        "claude-free": ("not_eligible", "", "", "zdr-products"),
        "claude-pro": ("not_eligible", "", "", "zdr-products"),
        "claude-max": ("not_eligible", "", "", "zdr-products"),
        "third-party-integrations": ("not_eligible", "", "", "zdr-products"),
        "managed-agents": (
            "not_eligible",
            "Stateful: not eligible; delete transcripts manually.",
            "",
            "api-data-retention",
        ),
        **{
            slug: ("not_eligible", _ZDR_NOT_ELIGIBLE_FEATURE, "", "api-data-retention")
            for slug in [
                "batch-api",
                "files-api",
                "code-execution",
                "agent-skills",
                "mcp-connector",
            ]
        },
        "structured-outputs": (
            "qualified",
            "Anthropic keeps the compiled JSON schema in a cache for up to 24 hours since "
            "last use; not your prompts or Claude's outputs.",
            "",
            "api-data-retention",
        ),
        "cache-diagnostics": (
            "qualified",
            "Anthropic retains a narrow, documented set of technical data, not your prompts "
            "or Claude's outputs.",
            "",
            "api-data-retention",
        ),
    },
    "data-residency": {
        "messages-api": (
            "eligible",
            "inference_geo per request; workspace geo chosen at workspace creation.",
            "Set inference_geo on each request; pick the workspace geo when creating the "
            "workspace.",
            "data-residency",
        ),
        "claude-platform-aws": (
            "eligible",
            "Data residency controls are available.",
            "",
            "data-residency",
        ),
        "amazon-bedrock": (
            "conditional",
            "The region is set by the endpoint or inference profile, not by inference_geo.",
            "Choose a regional endpoint or inference profile.",
            "data-residency",
        ),
        "google-vertex-ai": (
            "conditional",
            "The region is set by the endpoint or inference profile, not by inference_geo.",
            "Choose a regional endpoint.",
            "data-residency",
        ),
    },
}

# Which offerings each program's matrix covers: features have no residency cells of
# their own (residency is a property of the surface).
_PROGRAM_SCOPE = {"hipaa": OFFERINGS, "zdr": OFFERINGS, "data-residency": SURFACES}
_PROGRAM_SOURCE = {
    "hipaa": "baa-help-center",
    "zdr": "api-data-retention",
    "data-residency": "data-residency",
}


def _eligibilities() -> list[Row]:
    rows = []
    for program, offerings in _PROGRAM_SCOPE.items():
        stated = STATED_CELLS[program]
        for offering in offerings:
            slug = offering["slug"]
            status, condition, activation, source = stated.get(
                slug, ("not_stated", NOT_STATED, "", _PROGRAM_SOURCE[program])
            )
            rows.append(
                _fact(
                    program=program,
                    offering=slug,
                    status=status,
                    condition=condition,
                    activation=activation,
                    source=source,
                )
            )
    return rows


ELIGIBILITIES: list[Row] = _eligibilities()

_NOT_LISTED = (
    "The help-center certifications list does not mention it; left out rather than asserted."
)
_REPORTS = "Request the report or certificate from the Trust Portal at trust.anthropic.com."

CERTIFICATIONS: list[Row] = [
    _fact(
        slug="soc2-type1",
        name="SOC 2 Type I",
        status="held",
        scope="Commercial products (Claude for Work, Anthropic API)",
        report_access=_REPORTS,
        order=1,
        source="trust-center",
    ),
    _fact(
        slug="soc2-type2",
        name="SOC 2 Type II",
        status="held",
        scope="Commercial products (Claude for Work, Anthropic API)",
        report_access=_REPORTS,
        order=2,
        source="trust-center",
    ),
    _fact(
        slug="iso27001",
        name="ISO/IEC 27001:2022",
        status="held",
        scope="Information Security Management",
        report_access=_REPORTS,
        order=3,
        source="trust-center",
    ),
    _fact(
        slug="iso42001",
        name="ISO/IEC 42001:2023",
        status="held",
        scope="AI Management Systems",
        issuer="Schellman Compliance, LLC",
        accreditation="ANSI National Accreditation Board",
        announced_on=dt.date(2025, 1, 13),
        report_access=_REPORTS,
        note="Anthropic describes itself as \u201cone of the first frontier AI labs\u201d to achieve it.",
        order=4,
        source="iso42001-announcement",
    ),
    *[
        _fact(
            slug=slug,
            name=name,
            status="not_asserted",
            note=_NOT_LISTED,
            order=order,
            source="trust-center",
        )
        for order, (slug, name) in enumerate(
            [
                ("iso27017", "ISO/IEC 27017"),
                ("iso27018", "ISO/IEC 27018"),
                ("fedramp", "FedRAMP"),
                ("csa-star", "CSA STAR"),
            ],
            start=10,
        )
    ],
]

_COVERED_NOTE = (
    "Designated a Covered Model: requires 30-day data retention; ZDR is not available. "
    "inference_geo support follows from \u201cOpus 4.6, Sonnet 4.6, and later\u201d."
)
_OLDER = "Older model: requests with inference_geo return a 400."

MODELS: list[Row] = [
    _fact(
        slug="claude-fable-5",
        name="Claude Fable 5",
        is_covered_model=True,
        required_retention_days=30,
        supports_inference_geo=True,
        order=1,
        note=_COVERED_NOTE,
        source="api-data-retention",
    ),
    _fact(
        slug="claude-mythos-5",
        name="Claude Mythos 5",
        is_covered_model=True,
        required_retention_days=30,
        supports_inference_geo=True,
        order=2,
        note=_COVERED_NOTE,
        source="api-data-retention",
    ),
    _fact(
        slug="claude-opus-4-6",
        name="Claude Opus 4.6",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=True,
        order=3,
        source="data-residency",
    ),
    _fact(
        slug="claude-sonnet-4-6",
        name="Claude Sonnet 4.6",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=True,
        order=4,
        source="data-residency",
    ),
    _fact(
        slug="claude-opus-4-5",
        name="Claude Opus 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=5,
        note=_OLDER,
        source="data-residency",
    ),
    _fact(
        slug="claude-sonnet-4-5",
        name="Claude Sonnet 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=6,
        note=_OLDER,
        source="data-residency",
    ),
    _fact(
        slug="claude-haiku-4-5",
        name="Claude Haiku 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=7,
        note=_OLDER,
        source="data-residency",
    ),
]

RETENTION_RULES: list[Row] = [
    _fact(
        slug="api-default",
        data_type="API inputs and outputs (default)",
        applies_to="api",
        period="Auto-deleted within 30 days",
        period_days=30,
        survives_zdr=False,
        order=1,
        note="Conversation content is not retained by default for the API; inputs and "
        "outputs are deleted on the backend within 30 days of receipt or generation.",
        source="commercial-retention",
    ),
    _fact(
        slug="apps-deleted-content",
        data_type="Deleted conversation content (Claude for Work)",
        applies_to="apps",
        period="Removed from backend within 30 days",
        period_days=30,
        survives_zdr=False,
        order=2,
        note="In interface products such as Claude for Work, data persists until you delete "
        "it, then is removed from backend storage within 30 days.",
        source="commercial-retention",
    ),
    _fact(
        slug="flagged-inputs-outputs",
        data_type="Inputs and outputs of a chat flagged as a Usage Policy violation",
        applies_to="all",
        period="Up to 2 years",
        period_days=730,
        survives_zdr=True,
        order=3,
        note="Applies even under ZDR (misuse exception).",
        source="commercial-retention",
    ),
    _fact(
        slug="flagged-classification-scores",
        data_type="Trust & safety classification scores (flagged chat)",
        applies_to="all",
        period="Up to 7 years",
        period_days=2555,
        survives_zdr=True,
        order=4,
        source="commercial-retention",
    ),
    _fact(
        slug="feedback-data",
        data_type="Data tied to feedback you submit (thumbs up/down, bug report)",
        applies_to="all",
        period="5 years",
        period_days=1825,
        survives_zdr=True,
        order=5,
        source="commercial-retention",
    ),
    _fact(
        slug="user-safety-classifier-results",
        data_type="User Safety classifier results",
        applies_to="api",
        period="Retained (period not stated)",
        period_days=None,
        survives_zdr=True,
        order=6,
        note="Retained even under ZDR to enforce the Usage Policy.",
        source="zdr-products",
    ),
]

CONTROLLERS: list[Row] = [
    _fact(
        slug="eea-uk-ch",
        region="EEA, UK or Switzerland",
        entity="Anthropic Ireland, Limited",
        gdpr_applies=True,
        source="privacy-policy",
    ),
    _fact(
        slug="rest-of-world",
        region="Everywhere else",
        entity="Anthropic PBC",
        gdpr_applies=False,
        source="privacy-policy",
    ),
]

RESIDENCY_OPTIONS: list[Row] = [
    _fact(
        control="inference_geo",
        value="global",
        is_default=True,
        price_multiplier=Decimal("1.00"),
        fixed_at_creation=False,
        note="Default: inference may run in any available geography.",
        source="data-residency",
    ),
    _fact(
        control="inference_geo",
        value="us",
        is_default=False,
        price_multiplier=Decimal("1.10"),
        fixed_at_creation=False,
        note="US-only inference, priced at 1.1x the standard rate on supported models.",
        source="data-residency",
    ),
    _fact(
        control="workspace_geo",
        value="us",
        is_default=True,
        price_multiplier=Decimal("1.00"),
        fixed_at_creation=True,
        note="Currently the only available workspace geo: no EU-resident storage option at "
        "the workspace level. Set at creation; cannot be changed afterward.",
        source="data-residency",
    ),
]

PHI_PLACEMENTS: list[Row] = [
    _fact(
        slug="message-content",
        location="Message content",
        allowed="allowed",
        order=1,
        source="api-data-retention",
    ),
    _fact(
        slug="attached-files",
        location="Attached files",
        allowed="allowed",
        order=2,
        source="api-data-retention",
    ),
    _fact(
        slug="file-names-metadata",
        location="Related file names and metadata",
        allowed="allowed",
        order=3,
        source="api-data-retention",
    ),
    _fact(
        slug="json-schema-definitions",
        location="JSON schema definitions (property names, enum/const values, pattern regexes)",
        allowed="forbidden",
        order=4,
        reason="Compiled schemas are cached separately and do not receive the same PHI "
        "protections.",
        source="api-data-retention",
    ),
    _fact(
        slug="workspace-names",
        location="Workspace names",
        allowed="not_expected",
        order=5,
        source="api-data-retention",
    ),
    _fact(
        slug="user-contact-details",
        location="User contact details",
        allowed="not_expected",
        order=6,
        source="api-data-retention",
    ),
    _fact(
        slug="billing-data",
        location="Billing data",
        allowed="not_expected",
        order=7,
        source="api-data-retention",
    ),
    _fact(
        slug="support-tickets",
        location="Support tickets",
        allowed="not_expected",
        order=8,
        source="api-data-retention",
    ),
]

POLICY_FACTS: list[Row] = [
    _fact(
        slug="hipaa-ready-configuration",
        topic="certifications",
        order=1,
        value="BAA available",
        statement="HIPAA is listed as a \u201cHIPAA-ready configuration (BAA available)\u201d, "
        "not a certification.",
        source="trust-center",
    ),
    _fact(
        slug="gdpr-ccpa-not-certifications",
        topic="certifications",
        order=2,
        statement="GDPR and CCPA are handled through Anthropic's privacy program and customer "
        "agreements rather than as line-item certifications.",
        source="privacy-policy",
    ),
    _fact(
        slug="contract-controls",
        topic="certifications",
        order=3,
        statement="Eligibility, feature lists and durations change; the signed contract and "
        "the live Trust Center are the controlling sources.",
        source="trust-center",
    ),
    _fact(
        slug="hipaa-organization-level",
        topic="hipaa",
        order=1,
        statement="HIPAA readiness is enforced at the organization level: Anthropic "
        "provisions a dedicated HIPAA-enabled organization that automatically "
        "blocks non-eligible features.",
        source="baa-help-center",
    ),
    _fact(
        slug="hipaa-blocked-feature-error",
        topic="hipaa",
        order=2,
        value="400 invalid_request_error",
        statement="A HIPAA-enabled organization that sends a non-eligible feature gets a 400 "
        "invalid_request_error naming the blocked feature.",
        source="api-data-retention",
    ),
    _fact(
        slug="baa-source-of-truth",
        topic="hipaa",
        order=3,
        statement="Your signed BAA is the official source of truth for what is covered.",
        source="api-data-retention",
    ),
    _fact(
        slug="hipaa-instead-of-zdr",
        topic="hipaa",
        order=4,
        statement="HIPAA readiness is a broader set of safeguards (encryption, access "
        "controls, audit logging) that protects PHI throughout its lifecycle and lets "
        "data be retained with safeguards rather than deleted immediately; you do "
        "not also need ZDR if you have HIPAA readiness.",
        source="api-data-retention",
    ),
    _fact(
        slug="zdr-exceptions",
        topic="zdr",
        order=1,
        value="up to 2 years",
        statement="Even under ZDR, Anthropic retains User Safety classifier results, and may "
        "retain inputs and outputs for up to 2 years if a chat or session is flagged "
        "for a Usage Policy violation.",
        source="zdr-products",
    ),
    _fact(
        slug="zdr-no-cors",
        topic="zdr",
        order=2,
        statement="CORS is not supported for ZDR organizations, so browser apps must call "
        "through a backend proxy.",
        source="api-data-retention",
    ),
    _fact(
        slug="zdr-qualified-meaning",
        topic="zdr",
        order=3,
        value="24 hours",
        statement="\u201cYes (qualified)\u201d features retain a narrow, documented set of "
        "technical data (for example, a cached JSON schema for up to 24 hours since "
        "last use) rather than your prompts or Claude's outputs.",
        source="api-data-retention",
    ),
    _fact(
        slug="covered-models-retention",
        topic="retention",
        order=1,
        value="30-day",
        statement="Covered Models require 30-day data retention. ZDR is not available for "
        "them; a request from an organization whose retention configuration doesn't "
        "meet the requirement returns a 400 invalid_request_error.",
        source="api-data-retention",
    ),
    _fact(
        slug="covered-models-workspace",
        topic="retention",
        order=2,
        value="Console > Settings > Workspaces > Privacy controls",
        statement="Organizations with ZDR can turn on 30-day retention for a single workspace "
        "(Console > Settings > Workspaces > Privacy controls) to use Covered Models "
        "there while keeping ZDR elsewhere.",
        source="api-data-retention",
    ),
    _fact(
        slug="covered-models-platforms",
        topic="retention",
        order=3,
        statement="On Bedrock, Vertex AI and Microsoft Foundry, retention requirements for "
        "Covered Models are set by each platform.",
        source="api-data-retention",
    ),
    _fact(
        slug="apps-retention",
        topic="retention",
        order=4,
        statement="For interface products such as Claude for Work, data persists until you "
        "delete it, after which it is removed from backend storage within 30 days.",
        source="commercial-retention",
    ),
    _fact(
        slug="training-commercial-default",
        topic="training",
        order=1,
        statement="By default Anthropic does not train models on data sent under its "
        "commercial terms.",
        source="privacy-policy",
    ),
    _fact(
        slug="training-privacy-policy-scope",
        topic="training",
        order=2,
        statement="Anthropic's Privacy Policy does not apply to content processed on behalf "
        "of business customers; that data is governed by the customer agreement.",
        source="privacy-policy",
    ),
    _fact(
        slug="training-api-retained-data",
        topic="training",
        order=3,
        statement="For the API, retained data is never used for model training without your "
        "express permission.",
        source="api-data-retention",
    ),
    _fact(
        slug="training-consumer-terms-update",
        topic="training",
        order=4,
        statement="The consumer data-use changes \u201cdo not apply to services under our "
        "Commercial Terms\u201d, including Claude for Work, Claude for Government, "
        "Claude for Education, and API use (including via Amazon Bedrock and Google "
        "Cloud's Vertex AI).",
        source="consumer-terms-update",
    ),
    _fact(
        slug="training-opt-in",
        topic="training",
        order=5,
        statement="Training on commercial data happens only if a customer explicitly opts in "
        "(for example, the Development Partner Program).",
        source="privacy-policy",
    ),
    _fact(
        slug="gdpr-dsr-deadline",
        topic="gdpr",
        order=1,
        value="one calendar month",
        statement="Where the EU or UK GDPR applies, Anthropic responds to verifiable "
        "data-subject requests within one calendar month.",
        source="privacy-policy",
    ),
    _fact(
        slug="gdpr-sccs",
        topic="gdpr",
        order=2,
        statement="For transfers to countries without an adequacy decision, Anthropic relies "
        "on standard contractual clauses.",
        source="privacy-policy",
    ),
    _fact(
        slug="gdpr-subprocessors",
        topic="gdpr",
        order=3,
        value="anthropic.com/subprocessors",
        statement="Anthropic publishes its subprocessors at anthropic.com/subprocessors.",
        source="subprocessors",
    ),
    _fact(
        slug="gdpr-rights-regardless",
        topic="gdpr",
        order=4,
        statement="EU/UK data-subject rights and standard contractual clauses apply "
        "regardless of storage region; no EU storage-residency option is offered at "
        "the workspace level.",
        source="data-residency",
    ),
    _fact(
        slug="residency-inference-geo",
        topic="residency",
        order=1,
        value='"global" (default) or "us"',
        statement="inference_geo sets where inference runs per request; values are "
        '"global" (default) or "us"; supported on Claude Opus 4.6, Sonnet 4.6 '
        "and later (older models return a 400).",
        source="data-residency",
    ),
    _fact(
        slug="residency-workspace-geo",
        topic="residency",
        order=2,
        value='"us" only',
        statement="Workspace geo controls where data is stored at rest and where endpoint "
        "processing happens; it is set at workspace creation and cannot be changed "
        'afterward. "us" is currently the only available workspace geo.',
        source="data-residency",
    ),
    _fact(
        slug="residency-us-price",
        topic="residency",
        order=3,
        value="1.1x",
        statement="US-only inference is priced at 1.1x the standard rate on supported models.",
        source="data-residency",
    ),
    _fact(
        slug="residency-availability",
        topic="residency",
        order=4,
        statement="Data residency is available on the Claude API (first-party) and Claude "
        "Platform on AWS; on Bedrock and Vertex AI the region is set by the endpoint "
        "or inference profile.",
        source="data-residency",
    ),
]

# Load order matters: foreign keys point backwards.
TABLES: list[tuple[str, list[Row], tuple[str, ...]]] = [
    ("Program", PROGRAMS, ("slug",)),
    ("Offering", SURFACES, ("slug",)),
    ("Offering", FEATURES, ("slug",)),
    ("Eligibility", ELIGIBILITIES, ("program", "offering")),
    ("Certification", CERTIFICATIONS, ("slug",)),
    ("ClaudeModel", MODELS, ("slug",)),
    ("RetentionRule", RETENTION_RULES, ("slug",)),
    ("DataController", CONTROLLERS, ("slug",)),
    ("ResidencyOption", RESIDENCY_OPTIONS, ("control", "value")),
    ("PhiPlacement", PHI_PLACEMENTS, ("slug",)),
    ("PolicyFact", POLICY_FACTS, ("slug",)),
]
