"""Every fact of the source document (shared/seed/000_b723e4cd66f054c9.txt), as seed rows.

The source document is a summary of Anthropic's trust, privacy and developer documentation,
verified by its author on 2026-06-13. It is every row's primary source, and the verified
date is the date it was checked. Where the document attributes a fact to an Anthropic page,
the row names that page as `cited_source`: shown as "cited by the source", never as
independently verified. Where the document is silent on a matrix cell, the cell says
"not stated" and cites the document alone: never guessed. `load_policy` writes these rows;
docs/source-review.md maps each sentence of the document to them.

Foreign keys are given by slug: `source`, `cited_source`, `program`, `offering`, `parent`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

VERIFIED_ON = dt.date(2026, 6, 13)
SOURCE_DOCUMENT = "Claude Enterprise Compliance: BAA, SOC 2, GDPR and Data Policy (2026)"
DOCUMENT = "source-document"

Row = dict[str, Any]

# The document gives the address of only two pages (the Trust Portal and the subprocessor
# list). The other pages it attributes facts to are named, not linked: their `url` stays
# null rather than guessed, and their titles say what the document calls them.
SOURCES: list[Row] = [
    {
        "slug": DOCUMENT,
        "title": SOURCE_DOCUMENT,
        # The document as supplied gives no address of its own.
        "url": None,
        "publisher": "Will, an independent author (not Anthropic); last verified June 13, 2026",
    },
    {
        "slug": "help-center-certifications",
        "title": "Anthropic Help Center: compliance credentials for commercial products",
        "url": None,
        "publisher": "Anthropic Help Center",
    },
    {
        "slug": "trust-center",
        "title": "Anthropic Trust Portal",
        "url": "https://trust.anthropic.com/",
        "publisher": "Anthropic",
    },
    {
        "slug": "iso42001-announcement",
        "title": "Anthropic announcement of ISO/IEC 42001:2023 certification (January 13, 2025)",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "baa-help-center",
        "title": "Anthropic: the Business Associate Agreement for HIPAA-ready services",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "api-data-retention",
        "title": "Anthropic developer documentation: API data retention, ZDR and HIPAA readiness",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "zdr-products",
        "title": "Anthropic documentation: the products zero data retention covers",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "commercial-retention",
        "title": "Anthropic's commercial data retention policy",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "privacy-policy",
        "title": "Anthropic Privacy Policy",
        "url": None,
        "publisher": "Anthropic",
    },
    {
        "slug": "consumer-terms-update",
        "title": "Anthropic's consumer-terms update",
        "url": None,
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
        "title": "Anthropic documentation: data residency",
        "url": None,
        "publisher": "Anthropic",
    },
]


def _fact(**row: Any) -> Row:
    row.setdefault("source", DOCUMENT)
    row.setdefault("cited_source", None)
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
        cited_source="baa-help-center",
    ),
    _fact(
        slug="zdr",
        name="Zero data retention (ZDR)",
        summary=(
            "Customer data is not stored at rest after the API response is returned, except "
            "where needed to comply with law or combat misuse."
        ),
        how_to_enable=(
            "Request it through Anthropic sales. It is enabled per organization and does not "
            "carry over automatically to new organizations under the same account."
        ),
        order=2,
        cited_source="api-data-retention",
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
        cited_source="data-residency",
    ),
]

_SURFACE_DEFAULTS = {
    "kind": "surface",
    "parent": None,
    "processor": "anthropic",
    "retention_policy": "not_stated",
    "covered_model_retention": "",
}
# Cloud platforms: the provider processes the data, sets the region and keeps its own
# terms ("on Bedrock and Vertex AI the region is set by the endpoint or inference profile";
# "on Bedrock, Vertex AI, and Microsoft Foundry, retention requirements for these models are
# set by each platform").
_CLOUD_DEFAULTS = {
    **_SURFACE_DEFAULTS,
    "processor": "cloud-provider",
    "retention_policy": "provider",
    "covered_model_retention": "platform",
    "offers_api_features": True,
    "group": "cloud",
}

SURFACES: list[Row] = [
    _fact(
        **{**_SURFACE_DEFAULTS, "retention_policy": "api", "covered_model_retention": "anthropic"},
        slug="messages-api",
        name="Claude API (Messages API, first-party)",
        group="api-platform",
        offers_api_features=True,
        order=1,
        description="Anthropic's first-party API, /v1/messages, called from your own code.",
        cited_source="api-data-retention",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "covered_model_retention": "anthropic"},
        slug="console-workbench",
        name="Console and Workbench",
        group="api-platform",
        order=2,
        description="The Claude Console and its Workbench, where you try prompts in a browser.",
        cited_source="api-data-retention",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "retention_policy": "apps"},
        slug="claude-enterprise",
        name="Claude Enterprise",
        group="claude-apps",
        order=10,
        description="The Claude app for your organization, on the Enterprise plan.",
        cited_source="baa-help-center",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "retention_policy": "apps"},
        slug="claude-team",
        name="Claude Team",
        group="claude-apps",
        order=11,
        description="The Claude app for teams, on the Team plan.",
        cited_source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-pro",
        name="Claude Pro",
        group="claude-apps",
        terms="consumer",
        order=12,
        description="An individual paid plan under the Consumer Terms.",
        cited_source="consumer-terms-update",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-max",
        name="Claude Max",
        group="claude-apps",
        terms="consumer",
        order=13,
        description="An individual paid plan under the Consumer Terms.",
        cited_source="consumer-terms-update",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-free",
        name="Claude Free",
        group="claude-apps",
        terms="consumer",
        order=14,
        description="The free individual plan under the Consumer Terms.",
        cited_source="consumer-terms-update",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "covered_model_retention": "anthropic"},
        slug="claude-code",
        name="Claude Code",
        group="claude-apps",
        order=15,
        description="Anthropic's coding tool for developers, in the terminal and IDEs.",
        cited_source="zdr-products",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="cowork",
        name="Cowork",
        group="claude-apps",
        order=16,
        description="Claude working on tasks on your computer, from the Claude app.",
        cited_source="baa-help-center",
    ),
    _fact(
        **_CLOUD_DEFAULTS,
        slug="amazon-bedrock",
        name="Amazon Bedrock",
        order=20,
        description="Claude through AWS; the cloud provider is the data processor.",
        cited_source="api-data-retention",
    ),
    _fact(
        **_CLOUD_DEFAULTS,
        slug="google-vertex-ai",
        name="Google Cloud Vertex AI",
        order=21,
        description="Claude through Google Cloud; the cloud provider is the data processor.",
        cited_source="api-data-retention",
    ),
    # "ZDR is not available for these two models" holds wherever Anthropic runs the model;
    # the source's exceptions are Bedrock, Vertex AI and Foundry only.
    _fact(
        **{**_SURFACE_DEFAULTS, "covered_model_retention": "anthropic"},
        slug="claude-platform-aws",
        name="Claude Platform on AWS",
        group="cloud",
        offers_api_features=True,
        order=22,
        description="Claude Platform on AWS, named by the source as a separate surface.",
        cited_source="api-data-retention",
    ),
    _fact(
        **_CLOUD_DEFAULTS,
        slug="microsoft-foundry",
        name="Claude in Microsoft Foundry",
        order=23,
        description="Claude through Microsoft's Foundry platform.",
        cited_source="api-data-retention",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-in-office",
        name="Claude in Office (beta)",
        group="beta",
        is_beta=True,
        order=30,
        description="Claude inside Microsoft Office apps, in beta.",
        cited_source="baa-help-center",
    ),
    _fact(
        **_SURFACE_DEFAULTS,
        slug="claude-design",
        name="Claude Design (beta)",
        group="beta",
        is_beta=True,
        order=31,
        description="Claude for design work, in beta.",
        cited_source="baa-help-center",
    ),
    _fact(
        **{**_SURFACE_DEFAULTS, "processor": "third-party", "retention_policy": "provider"},
        slug="third-party-integrations",
        name="Third-party integrations",
        group="beta",
        order=32,
        description="Websites, tools or integrations run by third parties.",
        cited_source="zdr-products",
    ),
]

# How developers reach Claude Code decides its ZDR eligibility ("Claude Code (Commercial org
# API keys, or via Claude Enterprise with ZDR enabled)"); the answer `claude_code_access`
# selects one route by its `access_path`.
_ROUTE_DEFAULTS = {
    "kind": "route",
    "parent": "claude-code",
    "group": "claude-apps",
    "processor": "anthropic",
    "retention_policy": "not_stated",
    "covered_model_retention": "",
    "cited_source": "zdr-products",
}
ROUTES: list[Row] = [
    _fact(
        **_ROUTE_DEFAULTS,
        slug="claude-code-api-key",
        name="Claude Code with your organization's API keys",
        access_path="api-key",
        order=40,
        description="Developers sign in to Claude Code with commercial organization API keys.",
    ),
    _fact(
        **_ROUTE_DEFAULTS,
        slug="claude-code-enterprise",
        name="Claude Code through Claude Enterprise",
        access_path="enterprise",
        order=41,
        description="Developers use Claude Code with their Claude Enterprise seats.",
    ),
    _fact(
        **_ROUTE_DEFAULTS,
        slug="claude-code-team",
        name="Claude Code through Claude Team",
        access_path="team",
        order=42,
        description="Developers use Claude Code with their Claude Team seats.",
    ),
    _fact(
        **{**_ROUTE_DEFAULTS, "terms": "consumer"},
        slug="claude-code-consumer",
        name="Claude Code through Claude Pro or Max",
        access_path="consumer",
        order=43,
        description="Developers use Claude Code with individual Pro or Max plans.",
    ),
]

# (slug, name, group, description). The description says what the feature does, in a
# buyer's words, for the wizard's features step; what it means for HIPAA or ZDR is in the
# eligibility rows, never here.
_FEATURES: list[tuple[str, str, str, str]] = [
    (
        "token-counting",
        "Token counting",
        "core",
        "Count the tokens in a request before you send it, to estimate its cost and stay "
        "within limits.",
    ),
    (
        "web-search",
        "Web search",
        "tools",
        "Claude searches the web while it answers, for current information, and cites the "
        "pages it used.",
    ),
    (
        "web-search-dynamic-filtering",
        "Web search with dynamic filtering",
        "tools",
        "Web search in which Claude writes and runs code to filter the search results before "
        "reading them.",
    ),
    (
        "prompt-caching",
        "Prompt caching",
        "context",
        "Reuse the unchanged start of a long prompt across requests, so they cost less and "
        "respond faster.",
    ),
    (
        "structured-outputs",
        "Structured outputs",
        "core",
        "Claude's responses, or its tool inputs, always follow a JSON schema you supply.",
    ),
    (
        "extended-thinking",
        "Extended and adaptive thinking",
        "core",
        "Claude reasons step by step before it answers; with adaptive thinking it decides "
        "how much to think.",
    ),
    (
        "citations",
        "Citations",
        "core",
        "Claude points to the passages of your documents that support each part of its answer.",
    ),
    (
        "context-1m",
        "1M-token context window",
        "context",
        "Send up to a million tokens in one request, such as a large codebase or many long "
        "documents.",
    ),
    (
        "pdf-inline",
        "PDF support (inline)",
        "core",
        "Include PDF documents in a request; Claude reads their text, tables and images.",
    ),
    (
        "data-residency",
        "Data residency (inference_geo)",
        "core",
        'Choose where inference runs, request by request (inference_geo "global" or "us").',
    ),
    (
        "effort",
        "Effort",
        "core",
        "Tell Claude how much effort to spend on a response, trading thoroughness against "
        "speed and cost.",
    ),
    (
        "fast-mode",
        "Fast mode",
        "core",
        "Faster output from supported models, at a higher price per token.",
    ),
    (
        "bash-tool",
        "Bash tool",
        "tools",
        "Claude runs shell commands in an environment you provide and control.",
    ),
    (
        "text-editor-tool",
        "Text editor tool",
        "tools",
        "Claude views and edits text files in an environment you provide.",
    ),
    (
        "memory-tool",
        "Memory tool",
        "tools",
        "Claude saves and reads notes across conversations, in storage you provide.",
    ),
    (
        "web-fetch",
        "Web fetch",
        "tools",
        "Claude retrieves the full content of web pages and PDFs at addresses in the conversation.",
    ),
    (
        "computer-use",
        "Computer use",
        "tools",
        "Claude operates a desktop through screenshots, mouse and keyboard, in an environment "
        "you provide.",
    ),
    (
        "advisor-tool",
        "Advisor tool",
        "tools",
        "A faster model consults a more capable Claude model during a task, for a plan or a "
        "course correction.",
    ),
    (
        "context-management",
        "Context management (compaction, editing)",
        "context",
        "Keep long conversations within the context window by summarising earlier turns or "
        "clearing old tool results.",
    ),
    (
        "tool-search",
        "Tool search",
        "tools",
        "Claude finds and loads the tools it needs from a large catalogue instead of "
        "receiving them all up front.",
    ),
    (
        "cache-diagnostics",
        "Cache diagnostics",
        "context",
        "When a request misses the prompt cache, the API tells you what changed since the "
        "previous request.",
    ),
    (
        "code-execution",
        "Code execution",
        "tools",
        "Claude writes and runs code in a sandbox hosted by Anthropic, for example to "
        "analyse data.",
    ),
    (
        "programmatic-tool-calling",
        "Programmatic tool calling",
        "tools",
        "Claude calls your tools from code it runs in the code execution sandbox, rather "
        "than one call at a time.",
    ),
    (
        "batch-api",
        "Batch API",
        "stateful",
        "Send many requests at once and collect the results later, when they are ready.",
    ),
    (
        "files-api",
        "Files API",
        "stateful",
        "Upload a file once and use it in many requests.",
    ),
    (
        "agent-skills",
        "Agent Skills",
        "stateful",
        "Give Claude packaged instructions, scripts and resources (Skills) that it loads "
        "when a task needs them.",
    ),
    (
        "mcp-connector",
        "MCP connector",
        "tools",
        "Connect Claude to remote MCP servers straight from an API request, without an MCP "
        "client of your own.",
    ),
    (
        "managed-agents",
        "Claude Managed Agents",
        "stateful",
        "Anthropic runs your agent for you, with its sessions and their history kept until "
        "you delete them.",
    ),
    (
        "mcp-tunnels",
        "MCP tunnels",
        "tools",
        "Connect Claude to MCP servers inside your private network through an outbound-only "
        "tunnel, without exposing them to the internet.",
    ),
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
        description=description,
        cited_source="api-data-retention",
    )
    for index, (slug, name, group, description) in enumerate(_FEATURES)
]

OFFERINGS: list[Row] = SURFACES + ROUTES + FEATURES

NOT_STATED = "The source document does not state this cell."

# Cells stated by the source: program -> offering -> (status, condition, activation, cited
# source). Conditions quote or closely paraphrase the source; an empty one adds nothing.
_HIPAA_API = "Admin signs the BAA, then contacts Anthropic sales to enable HIPAA readiness."
_HIPAA_ENTERPRISE = (
    "An admin activates HIPAA compliance in the Claude Enterprise admin settings under "
    "\u201cData & Privacy\u201d and signs the BAA there."
)
_HIPAA_NOT_ELIGIBLE_FEATURE = ""
_ZDR_NOT_ELIGIBLE_FEATURE = ""

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
            "set_by_platform",
            "Not covered by Anthropic's BAA: the cloud provider is the data processor (see "
            "the platform's own terms).",
            "",
            "baa-help-center",
        ),
        "google-vertex-ai": (
            "set_by_platform",
            "Not covered by Anthropic's BAA: the cloud provider is the data processor (see "
            "the platform's own terms).",
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
            "Dynamic filtering is not eligible.",
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
        "messages-api": ("eligible", "", "", "api-data-retention"),
        "token-counting": ("eligible", "", "", "api-data-retention"),
        "claude-code": (
            "conditional",
            "Eligible with commercial organization API keys, or via Claude Enterprise with "
            "ZDR enabled.",
            "",
            "zdr-products",
        ),
        "claude-code-api-key": ("eligible", "", "", "zdr-products"),
        "claude-code-enterprise": (
            "eligible",
            "Only with ZDR enabled on the Claude Enterprise organization.",
            "Have ZDR enabled on the Claude Enterprise organization your developers use.",
            "zdr-products",
        ),
        "claude-code-team": (
            "not_eligible",
            "",
            "",
            "zdr-products",
        ),
        "claude-code-consumer": (
            "not_eligible",
            "",
            "",
            "zdr-products",
        ),
        "console-workbench": ("not_eligible", "", "", "zdr-products"),
        "claude-team": (
            "not_eligible",
            "The Claude Team interface is not eligible.",
            "",
            "zdr-products",
        ),
        "claude-enterprise": (
            "not_eligible",
            "The Claude Enterprise interface is not eligible (Claude Code via Enterprise "
            "with ZDR on is).",
            "",
            "zdr-products",
        ),
        "claude-free": ("not_eligible", "", "", "zdr-products"),
        "claude-pro": ("not_eligible", "", "", "zdr-products"),
        "claude-max": ("not_eligible", "", "", "zdr-products"),
        "third-party-integrations": ("not_eligible", "", "", "zdr-products"),
        "managed-agents": (
            "not_eligible",
            "Stateful: delete transcripts manually.",
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
            "Anthropic retains a narrow, documented set of technical data (for example, a "
            "cached JSON schema for up to 24 hours since last use) rather than your prompts "
            "or Claude's outputs.",
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
            "set_by_platform",
            "The region is set by the endpoint or inference profile.",
            "Choose the endpoint or inference profile for your region.",
            "data-residency",
        ),
        "google-vertex-ai": (
            "set_by_platform",
            "The region is set by the endpoint or inference profile.",
            "Choose the endpoint or inference profile for your region.",
            "data-residency",
        ),
    },
}

# Which offerings each program's matrix covers: features have no residency cells of
# their own (residency is a property of the surface).
_PROGRAM_SCOPE = {
    "hipaa": SURFACES + FEATURES,
    "zdr": OFFERINGS,
    "data-residency": SURFACES,
}


def _eligibilities() -> list[Row]:
    rows = []
    for program, offerings in _PROGRAM_SCOPE.items():
        stated = STATED_CELLS[program]
        for offering in offerings:
            slug = offering["slug"]
            # Silence is a fact about the document: a "not stated" cell cites it alone.
            status, condition, activation, cited = stated.get(
                slug, ("not_stated", NOT_STATED, "", None)
            )
            rows.append(
                _fact(
                    program=program,
                    offering=slug,
                    status=status,
                    condition=condition,
                    activation=activation,
                    cited_source=cited,
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
        cited_source="help-center-certifications",
    ),
    _fact(
        slug="soc2-type2",
        name="SOC 2 Type II",
        status="held",
        scope="Commercial products (Claude for Work, Anthropic API)",
        report_access=_REPORTS,
        order=2,
        cited_source="help-center-certifications",
    ),
    _fact(
        slug="iso27001",
        name="ISO/IEC 27001:2022",
        status="held",
        scope="Information Security Management",
        report_access=_REPORTS,
        order=3,
        cited_source="help-center-certifications",
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
        cited_source="help-center-certifications",
    ),
    *[
        _fact(
            slug=slug,
            name=name,
            status="not_asserted",
            note=_NOT_LISTED,
            order=order,
            cited_source="help-center-certifications",
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
        cited_source="api-data-retention",
    ),
    _fact(
        slug="claude-mythos-5",
        name="Claude Mythos 5",
        is_covered_model=True,
        required_retention_days=30,
        supports_inference_geo=True,
        order=2,
        note=_COVERED_NOTE,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="claude-opus-4-6",
        name="Claude Opus 4.6",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=True,
        order=3,
        cited_source="data-residency",
    ),
    _fact(
        slug="claude-sonnet-4-6",
        name="Claude Sonnet 4.6",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=True,
        order=4,
        cited_source="data-residency",
    ),
    _fact(
        slug="claude-opus-4-5",
        name="Claude Opus 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=5,
        note=_OLDER,
        cited_source="data-residency",
    ),
    _fact(
        slug="claude-sonnet-4-5",
        name="Claude Sonnet 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=6,
        note=_OLDER,
        cited_source="data-residency",
    ),
    _fact(
        slug="claude-haiku-4-5",
        name="Claude Haiku 4.5",
        is_covered_model=False,
        required_retention_days=None,
        supports_inference_geo=False,
        order=7,
        note=_OLDER,
        cited_source="data-residency",
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
        cited_source="commercial-retention",
    ),
    _fact(
        slug="apps-conversation-content",
        data_type="Conversation content (Claude for Work)",
        applies_to="apps",
        period="Kept until you delete it",
        period_days=None,
        survives_zdr=False,
        order=2,
        note="For interface products such as Claude for Work, data persists until you delete it.",
        cited_source="commercial-retention",
    ),
    _fact(
        slug="apps-deleted-content",
        data_type="Deleted conversation content (Claude for Work)",
        applies_to="apps",
        period="Removed from backend within 30 days",
        period_days=30,
        survives_zdr=False,
        order=3,
        note="In interface products such as Claude for Work, data persists until you delete "
        "it, then is removed from backend storage within 30 days.",
        cited_source="commercial-retention",
    ),
    _fact(
        slug="flagged-inputs-outputs",
        data_type="Inputs and outputs of a chat flagged as a Usage Policy violation",
        applies_to="all",
        period="Up to 2 years",
        period_days=730,
        survives_zdr=True,
        order=4,
        note="Even under ZDR, inputs and outputs may be retained for up to 2 years if a chat "
        "or session is flagged for a Usage Policy violation.",
        cited_source="commercial-retention",
    ),
    _fact(
        slug="flagged-classification-scores",
        data_type="Trust & safety classification scores (flagged chat)",
        applies_to="all",
        period="Up to 7 years",
        period_days=2555,
        survives_zdr=True,
        order=5,
        cited_source="commercial-retention",
    ),
    _fact(
        slug="feedback-data",
        data_type="Data tied to feedback you submit (thumbs up/down, bug report)",
        applies_to="all",
        period="5 years",
        period_days=1825,
        survives_zdr=True,
        order=6,
        cited_source="commercial-retention",
    ),
    _fact(
        slug="user-safety-classifier-results",
        data_type="User Safety classifier results",
        applies_to="zdr",
        period="Retained (the source gives no period)",
        period_days=None,
        survives_zdr=True,
        order=7,
        note="Even under ZDR, Anthropic retains User Safety classifier results.",
        cited_source="zdr-products",
    ),
]

CONTROLLERS: list[Row] = [
    _fact(
        slug="eea-uk-ch",
        region="EEA, UK or Switzerland",
        entity="Anthropic Ireland, Limited",
        gdpr_applies=True,
        cited_source="privacy-policy",
    ),
    _fact(
        slug="rest-of-world",
        region="rest of the world",
        entity="Anthropic PBC",
        gdpr_applies=False,
        cited_source="privacy-policy",
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
        cited_source="data-residency",
    ),
    _fact(
        control="inference_geo",
        value="us",
        is_default=False,
        price_multiplier=Decimal("1.10"),
        fixed_at_creation=False,
        note="US-only inference, priced at 1.1x the standard rate on supported models.",
        cited_source="data-residency",
    ),
    _fact(
        control="workspace_geo",
        value="us",
        is_default=True,
        price_multiplier=Decimal("1.00"),
        fixed_at_creation=True,
        note="Currently the only available workspace geo: no EU-resident storage option at "
        "the workspace level. Set at creation; cannot be changed afterward.",
        cited_source="data-residency",
    ),
]

PHI_PLACEMENTS: list[Row] = [
    _fact(
        slug="message-content",
        location="Message content",
        allowed="allowed",
        order=1,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="attached-files",
        location="Attached files",
        allowed="allowed",
        order=2,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="file-names-metadata",
        location="Related file names and metadata",
        allowed="allowed",
        order=3,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="json-schema-definitions",
        location="JSON schema definitions (property names, enum/const values, pattern regexes)",
        allowed="forbidden",
        order=4,
        reason="Compiled schemas are cached separately and do not receive the same PHI "
        "protections.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="workspace-names",
        location="Workspace names",
        allowed="not_expected",
        order=5,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="user-contact-details",
        location="User contact details",
        allowed="not_expected",
        order=6,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="billing-data",
        location="Billing data",
        allowed="not_expected",
        order=7,
        cited_source="api-data-retention",
    ),
    _fact(
        slug="support-tickets",
        location="Support tickets",
        allowed="not_expected",
        order=8,
        cited_source="api-data-retention",
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
        cited_source="help-center-certifications",
    ),
    _fact(
        slug="gdpr-ccpa-not-certifications",
        topic="certifications",
        order=2,
        statement="GDPR and CCPA are handled through Anthropic's privacy program and customer "
        "agreements rather than as line-item certifications.",
        cited_source=None,
    ),
    _fact(
        slug="contract-controls",
        topic="certifications",
        order=3,
        statement="Eligibility, feature lists and durations change; the signed contract and "
        "the live Trust Center are the controlling sources.",
        cited_source="trust-center",
    ),
    _fact(
        slug="hipaa-organization-level",
        topic="hipaa",
        order=1,
        statement="HIPAA readiness is enforced at the organization level: Anthropic "
        "provisions a dedicated HIPAA-enabled organization that automatically "
        "blocks non-eligible features.",
        cited_source="baa-help-center",
    ),
    _fact(
        slug="hipaa-blocked-feature-error",
        topic="hipaa",
        order=2,
        value="400 invalid_request_error",
        statement="A HIPAA-enabled organization that sends a non-eligible feature gets a 400 "
        "invalid_request_error naming the blocked feature.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="baa-source-of-truth",
        topic="hipaa",
        order=3,
        statement="Your signed BAA is the official source of truth for what is covered.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="hipaa-instead-of-zdr",
        topic="hipaa",
        order=4,
        statement="HIPAA readiness is a broader set of safeguards (encryption, access "
        "controls, audit logging) that protects PHI throughout its lifecycle and lets "
        "data be retained with safeguards rather than deleted immediately; you do "
        "not also need ZDR if you have HIPAA readiness.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="zdr-exceptions",
        topic="zdr",
        order=1,
        value="up to 2 years",
        statement="Even under ZDR, Anthropic retains User Safety classifier results, and may "
        "retain inputs and outputs for up to 2 years if a chat or session is flagged "
        "for a Usage Policy violation.",
        cited_source="zdr-products",
    ),
    _fact(
        slug="zdr-no-cors",
        topic="zdr",
        order=2,
        statement="CORS is not supported for ZDR organizations, so browser apps must call "
        "through a backend proxy.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="zdr-qualified-meaning",
        topic="zdr",
        order=3,
        value="24 hours",
        statement="\u201cYes (qualified)\u201d features retain a narrow, documented set of "
        "technical data (for example, a cached JSON schema for up to 24 hours since "
        "last use) rather than your prompts or Claude's outputs.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="covered-models-retention",
        topic="retention",
        order=1,
        value="30-day",
        statement="Covered Models require 30-day data retention. ZDR is not available for "
        "them; a request from an organization whose retention configuration doesn't "
        "meet the requirement returns a 400 invalid_request_error.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="covered-models-workspace",
        topic="retention",
        order=2,
        value="Console > Settings > Workspaces > Privacy controls",
        statement="Organizations with ZDR can turn on 30-day retention for a single workspace "
        "(Console > Settings > Workspaces > Privacy controls) to use Covered Models "
        "there while keeping ZDR elsewhere.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="covered-models-platforms",
        topic="retention",
        order=3,
        statement="On Bedrock, Vertex AI and Microsoft Foundry, retention requirements for "
        "Covered Models are set by each platform.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="apps-retention",
        topic="retention",
        order=4,
        statement="For interface products such as Claude for Work, data persists until you "
        "delete it, after which it is removed from backend storage within 30 days.",
        cited_source="commercial-retention",
    ),
    _fact(
        slug="training-commercial-default",
        topic="training",
        order=1,
        statement="By default Anthropic does not train models on data sent under its "
        "commercial terms.",
        cited_source=None,
    ),
    _fact(
        slug="training-privacy-policy-scope",
        topic="training",
        order=2,
        statement="Anthropic's Privacy Policy does not apply to content processed on behalf "
        "of business customers; that data is governed by the customer agreement.",
        cited_source="privacy-policy",
    ),
    _fact(
        slug="training-api-retained-data",
        topic="training",
        order=3,
        statement="For the API, retained data is never used for model training without your "
        "express permission.",
        cited_source="api-data-retention",
    ),
    _fact(
        slug="training-consumer-terms-update",
        topic="training",
        order=4,
        statement="The consumer data-use changes \u201cdo not apply to services under our "
        "Commercial Terms\u201d, including Claude for Work, Claude for Government, "
        "Claude for Education, and API use (including via Amazon Bedrock and Google "
        "Cloud's Vertex AI).",
        cited_source="consumer-terms-update",
    ),
    _fact(
        slug="training-opt-in",
        topic="training",
        order=5,
        statement="Training on commercial data happens only if a customer explicitly opts in "
        "(for example, the Development Partner Program).",
        cited_source=None,
    ),
    _fact(
        slug="gdpr-dsr-deadline",
        topic="gdpr",
        order=1,
        value="one calendar month",
        statement="Where the EU or UK GDPR applies, Anthropic responds to verifiable "
        "data-subject requests within one calendar month.",
        cited_source=None,
    ),
    _fact(
        slug="gdpr-sccs",
        topic="gdpr",
        order=2,
        statement="For transfers to countries without an adequacy decision, Anthropic relies "
        "on standard contractual clauses.",
        cited_source=None,
    ),
    _fact(
        slug="gdpr-subprocessors",
        topic="gdpr",
        order=3,
        value="anthropic.com/subprocessors",
        statement="Anthropic publishes its subprocessors at anthropic.com/subprocessors.",
        cited_source="subprocessors",
    ),
    _fact(
        slug="gdpr-rights-regardless",
        topic="gdpr",
        order=4,
        statement="EU/UK data-subject rights and standard contractual clauses apply "
        "regardless of storage region; no EU storage-residency option is offered at "
        "the workspace level.",
        cited_source="data-residency",
    ),
    _fact(
        slug="residency-inference-geo",
        topic="residency",
        order=1,
        value='"global" (default) or "us"',
        statement="inference_geo sets where inference runs per request; values are "
        '"global" (default) or "us"; supported on Claude Opus 4.6, Sonnet 4.6 '
        "and later (older models return a 400).",
        cited_source="data-residency",
    ),
    _fact(
        slug="residency-workspace-geo",
        topic="residency",
        order=2,
        value='"us" only',
        statement="Workspace geo controls where data is stored at rest and where endpoint "
        "processing happens; it is set at workspace creation and cannot be changed "
        'afterward. "us" is currently the only available workspace geo.',
        cited_source="data-residency",
    ),
    _fact(
        slug="residency-us-price",
        topic="residency",
        order=3,
        value="1.1x",
        statement="US-only inference is priced at 1.1x the standard rate on supported models.",
        cited_source="data-residency",
    ),
    _fact(
        slug="residency-availability",
        topic="residency",
        order=4,
        statement="Data residency is available on the Claude API (first-party) and Claude "
        "Platform on AWS; on Bedrock and Vertex AI the region is set by the endpoint "
        "or inference profile.",
        cited_source="data-residency",
    ),
]

# Load order matters: foreign keys point backwards.
TABLES: list[tuple[str, list[Row], tuple[str, ...]]] = [
    ("Program", PROGRAMS, ("slug",)),
    ("Offering", SURFACES, ("slug",)),
    ("Offering", ROUTES, ("slug",)),
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
