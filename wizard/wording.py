"""The result in the buyer's words: finding titles, the verdict's headline, answers, the
why-trace's facts and the recommended settings. Pure: plain data in, strings out, no ORM.

Codes, slugs and table names stay in the JSON; nothing here returns one to a page. Every
title says only what the finding's message says (rules.py), and a "not stated" finding
always reads as unknown, never as "no".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from policydata.matrix import STATUS_LABELS, PolicyMatrix
from policydata.rules import REGION_WORDS

from .forms import ACCESS_CHOICES, REGION_LABELS

VERDICT_TITLES = {
    "ready": "Ready",
    "ready_with_conditions": "Ready, with conditions",
    "blocked": "Blocked",
}
SEVERITY_WORDS = {"blocker": "blocker", "warning": "warning", "action": "action", "info": "note"}
ACCESS_LABELS = dict(ACCESS_CHOICES)
# How a Claude Code route reads after the product's name (as the data names the routes).
ACCESS_PHRASES = {
    "api-key": "with your organization's API keys",
    "enterprise": "through Claude Enterprise",
    "team": "through Claude Team",
    "consumer": "through Claude Pro or Max",
}
ANSWER_LABELS = {
    "phi": "Protected health information (PHI)",
    "eu_data_subjects": "Personal data of people in the EEA, UK or Switzerland",
    "zero_retention": "Zero data retention required",
    "surfaces": "Products",
    "claude_code_access": "How developers reach Claude Code",
    "features": "API features",
    "models": "Models",
    "storage_region": "Storage region",
    "inference_region": "Inference region",
    "browser_client": "Browser client calls the API",
    "certifications": "Required certifications",
}
# What an empty list answer means, in words.
EMPTY_ANSWERS = {
    "surfaces": "No product chosen",
    "features": "No API features",
    "models": "No particular model",
    "certifications": "No certification required",
}
NOT_ANSWERED = "Not answered"
LIST_ANSWERS = frozenset(EMPTY_ANSWERS)
REGION_ANSWERS = frozenset({"storage_region", "inference_region"})

# Titles for a buyer. {subject} is the subject's display name, {region} the region asked
# for ("the EU"), {surfaces} and {models} the products and models the finding names.
TITLES: Mapping[str, str] = {
    "baa-not-covered": "{subject} can't be used with PHI under Anthropic's BAA",
    "baa-via-cloud-provider": (
        "PHI on {subject} depends on your agreement with its provider, not on Anthropic's BAA"
    ),
    "baa-required": "Sign Anthropic's BAA and turn on HIPAA readiness for {subject}",
    "hipaa-feature-blocked": "{subject} isn't HIPAA-eligible, so it can't be used with PHI",
    "hipaa-feature-partial": "{subject} is HIPAA-eligible only in part",
    "phi-outside-schemas": "Check where PHI may and may not appear in your API requests",
    "hipaa-instead-of-zdr": "With HIPAA readiness, you don't also need zero data retention",
    "zdr-not-eligible": "{subject} isn't eligible for zero data retention",
    "zdr-conditional": "{subject} is eligible for zero data retention only under conditions",
    "zdr-qualified": "{subject} is eligible for zero data retention, with a qualification",
    "zdr-setup": "Set up zero data retention for every organization you use",
    "zdr-no-cors": "Route your web app's calls to Claude through your own server",
    "zdr-exceptions": "Some data is kept even under zero data retention",
    "covered-model-retention": "Zero data retention isn't available for {subject}",
    "retention-default": "How long your data is kept without zero data retention",
    "storage-region-unavailable": "No setting keeps data at rest in {region}",
    "inference-region-unavailable": "No setting keeps inference in {region}",
    "inference-geo-us": "Set every request to run inference in {region}",
    "inference-geo-unsupported-model": "{subject} can't keep inference in {region}",
    "workspace-geo-us": "Choose {region} as the storage region when you create each workspace",
    "residency-set-by-platform": "On {subject}, Anthropic's region settings don't apply",
    "residency-not-stated": "The source doesn't say where {subject} processes or stores data",
    "baa-not-stated": "The source doesn't say whether Anthropic's BAA covers {subject}",
    "zdr-not-stated": (
        "The source doesn't say whether {subject} is eligible for zero data retention"
    ),
    "covered-model-platform": (
        "On {subject}, the platform, not Anthropic, sets the retention Covered Models require"
    ),
    "gdpr-controller": "What applies to personal data of people in the EEA, UK or Switzerland",
    "gdpr-transfers": "Data at rest is stored outside the EU",
    "certification-not-held": "{subject} isn't in Anthropic's published certifications list",
    "certification-held": "Anthropic's help center lists {subject} as held",
    "training-policy": (
        "By default, Anthropic doesn't train models on data sent under its commercial terms"
    ),
    "consumer-terms": ("{subject} is under the Consumer Terms, not Anthropic's Commercial Terms"),
}
# Variants where the subject's kind (a feature, a model) or its absence changes the words.
FEATURE_TITLES = {
    "baa-not-stated": "The source doesn't say whether {subject} is HIPAA-eligible",
}
MODEL_TITLES = {
    "zdr-not-stated": "The source doesn't say who sets the retention {subject} requires{on}",
}
SUBJECT_TITLES = {
    "storage-region-unavailable": "No setting keeps data at rest in {region} on {subject}",
    "inference-region-unavailable": "No setting keeps inference in {region} on {subject}",
}
# Codes retired from the contract that old saved results may still carry.
RETIRED_TITLES = {
    "residency-unavailable-surface": "{subject} has no data residency controls",
}
# Most decisive first: what rules out the most (any product, a requirement, a whole
# product) before what rules out one model or feature; for warnings, what needs someone
# else's word before what only qualifies an arrangement you already have.
DECISIVE_ORDER = (
    "certification-not-held",
    "storage-region-unavailable",
    "inference-region-unavailable",
    "baa-not-covered",
    "zdr-not-eligible",
    "covered-model-retention",
    "inference-geo-unsupported-model",
    "hipaa-feature-blocked",
    "consumer-terms",
    "baa-via-cloud-provider",
    "baa-not-stated",
    "zdr-conditional",
    "zdr-not-stated",
    "covered-model-platform",
    "residency-set-by-platform",
    "residency-not-stated",
    "hipaa-feature-partial",
    "zdr-qualified",
    "zdr-exceptions",
)
MAX_DECISIVE = 3


# ---- words for values ------------------------------------------------------------------


def names_in_words(items: Iterable[str], conjunction: str = "and") -> str:
    """A list in words: "A", "A and B", "A, B and C"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def display_name(slug: str, names: Mapping[str, str]) -> str:
    """A slug's display name; an unknown one (removed since) in words, not as a slug."""
    if slug in names:
        return names[slug]
    words = slug.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Unnamed"


def answer_text(key: str, value: Any, names: Mapping[str, str]) -> str:
    """One answer as the buyer gave it ("Yes", "European Union", "Claude Fable 5")."""
    if value is None:
        return NOT_ANSWERED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [answer_text(key, item, names) for item in value]
        return names_in_words(items) or EMPTY_ANSWERS.get(key, "Nothing chosen")
    if key == "claude_code_access" and isinstance(value, str):
        return ACCESS_LABELS.get(value, display_name(value, names))
    if key in REGION_ANSWERS and isinstance(value, str):
        return REGION_LABELS.get(value, display_name(value, names))
    if isinstance(value, str):  # a single slug, as v1 results sometimes stored one
        return display_name(value, names) if key in LIST_ANSWERS else value
    if isinstance(value, Mapping):
        return "; ".join(
            f"{answer_text(key, k, names)}: {answer_text(key, v, names)}" for k, v in value.items()
        )
    return str(value)


def answers_sentence(answers: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Answers as one line: "Protected health information (PHI): Yes; Products: Claude Code"."""
    return "; ".join(
        f"{ANSWER_LABELS.get(key, display_name(key, {}))}: {answer_text(key, value, names)}"
        for key, value in answers.items()
    )


def status_text(status: str) -> str:
    """A policy status in words ("Not eligible"); other statuses as the data writes them."""
    if status in STATUS_LABELS:
        return STATUS_LABELS[status]
    return status[:1].upper() + status[1:].replace("_", " ")


def verdict_title(verdict: str) -> str:
    """ "blocked" -> "Blocked"."""
    return VERDICT_TITLES.get(verdict, verdict.replace("_", " ").capitalize())


def severity_word(severity: str | None) -> str:
    """ "info" -> "note": the words the page uses for each kind of finding."""
    return SEVERITY_WORDS.get(severity or "", severity or "")


def _sentence(text: str) -> str:
    """Text ending with a full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _first_sentence(text: str) -> str:
    """A message's first sentence (the title of a code this module does not know)."""
    end = text.find(". ")
    return (text[: end + 1] if end >= 0 else text).strip()


# ---- finding titles ----------------------------------------------------------------------


def has_title(code: str) -> bool:
    """Whether a finding code has a title written for buyers."""
    return code in TITLES or code in RETIRED_TITLES


def _region(key: str, because: Mapping[str, Any], answers: Mapping[str, Any]) -> str:
    """The region a finding is about, in words ("the EU"), from its answers or the buyer's."""
    value = because.get(key, answers.get(key))
    return REGION_WORDS.get(str(value), "the region you asked for")


def _listed(key: str, because: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The display names of a list answer a finding rests on."""
    value = because.get(key, [])
    values = [value] if isinstance(value, str) else list(value or [])
    return [display_name(v, names) for v in values]


def subject_words(finding: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """The subject's display name; a Claude Code route named as the data names it."""
    subject = finding.get("subject")
    if not subject:
        return None
    name = display_name(subject, names)
    because = (finding.get("because") or {}).get("answers") or {}
    access = because.get("claude_code_access")
    if isinstance(access, str) and access in ACCESS_PHRASES:
        return f"{name} {ACCESS_PHRASES[access]}"
    return name


def finding_title(
    finding: Mapping[str, Any],
    names: Mapping[str, str],
    answers: Mapping[str, Any] | None = None,
) -> str:
    """A finding's title for a buyer: "Claude Code can't be used with PHI under ..."."""
    # `answers` (the whole assessment's) fill in what a finding without its why-trace (a
    # change between two results) does not carry, such as the region asked for.
    code = str(finding.get("code", ""))
    because = (finding.get("because") or {}).get("answers") or {}
    answers = answers or {}
    subject = subject_words(finding, names)
    template = TITLES.get(code) or RETIRED_TITLES.get(code)
    if template is None:
        message = str(finding.get("message") or "")
        return _first_sentence(message).rstrip(".") or (
            f"A finding about {subject}" if subject else "A finding"
        )
    features = because.get("features") or []
    models = because.get("models") or []
    subject_slug = finding.get("subject")
    if code in FEATURE_TITLES and subject_slug and subject_slug in features:
        template = FEATURE_TITLES[code]
    elif code in MODEL_TITLES and subject_slug and subject_slug in models:
        template = MODEL_TITLES[code]
    elif code in SUBJECT_TITLES and subject:
        template = SUBJECT_TITLES[code]
    surfaces = _listed("surfaces", because, names)
    if code == "gdpr-transfers" and surfaces:
        template = "On {surfaces}, data at rest is stored outside the EU"
    if code in SUBJECT_TITLES and not subject and surfaces:
        # The products the finding is about, never a claim about every product chosen.
        template = SUBJECT_TITLES[code].replace("{subject}", "{surfaces}")
    storage = code in ("storage-region-unavailable", "workspace-geo-us")
    region_key = "storage_region" if storage else "inference_region"
    return template.format(
        subject=subject or "this product",
        region=_region(region_key, because, answers),
        surfaces=names_in_words(surfaces),
        models=names_in_words(_listed("models", because, names)),
        on=f" on {names_in_words(surfaces)}" if surfaces else " there",
    )


def _lowered(title: str, names: Mapping[str, str]) -> str:
    """A title read after a colon: "no setting ...", but names and acronyms keep capitals."""
    first = title.split(" ", 1)[0]
    keep = (
        any(title.startswith(name) for name in names.values() if name)
        or first.startswith("Anthropic")
        or first.startswith("Claude")
        or any(ch.isupper() for ch in first[1:])
    )
    return title if keep else title[:1].lower() + title[1:]


# ---- the verdict ------------------------------------------------------------------------


def decisive_findings(verdict: str, findings: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """What decides the verdict (blockers, or warnings if none), most decisive first."""
    severity = {"blocked": "blocker", "ready_with_conditions": "warning"}.get(verdict)
    if severity is None:
        return []
    rank = {code: index for index, code in enumerate(DECISIVE_ORDER)}
    chosen = [(index, f) for index, f in enumerate(findings) if f.get("severity") == severity]

    def key(item: tuple[int, Mapping[str, Any]]) -> tuple[int, int, int]:
        """The code's rank, a whole product before a part, then the engine's order."""
        index, f = item
        because = (f.get("because") or {}).get("answers") or {}
        # A whole product before one of its features or models.
        product = f.get("subject") in (because.get("surfaces") or [])
        return (rank.get(str(f.get("code")), len(rank)), 0 if product else 1, index)

    return [f for _, f in sorted(chosen, key=key)]


def headline(
    verdict: str,
    findings: list[Mapping[str, Any]],
    names: Mapping[str, str],
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The verdict naming what decides it ("Blocked: ..., and 2 more blockers")."""
    title = verdict_title(verdict)
    decisive = decisive_findings(verdict, findings)
    if not decisive:
        if verdict == "ready":
            return f"{title}: nothing you asked for stands in the way"
        return title
    first = _lowered(finding_title(decisive[0], names, answers), names)
    more = len(decisive) - 1
    if not more:
        return f"{title}: {first}"
    noun = "blocker" if verdict == "blocked" else "condition"
    return f"{title}: {first}, and {more} more {noun}{'s' if more > 1 else ''}"


def verdict_next_step(verdict: str) -> str:
    """What to do about the verdict, in a sentence or two."""
    if verdict == "blocked":
        return (
            "Each blocker below says what stands in the way and, where there is one, the way out."
        )
    if verdict == "ready_with_conditions":
        return (
            "You can go ahead if you can meet each condition below. Then set Claude up with "
            "the action checklist."
        )
    return "Set Claude up with the action checklist below."


# ---- the why-trace ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Display words for every slug a result or its why-trace can name (from the matrix)."""

    names: Mapping[str, str] = field(default_factory=dict)
    programs: Mapping[str, str] = field(default_factory=dict)
    topics: Mapping[str, str] = field(default_factory=dict)
    retention: Mapping[str, str] = field(default_factory=dict)
    placements: Mapping[str, str] = field(default_factory=dict)
    controllers: Mapping[str, str] = field(default_factory=dict)
    # A statement's own words: only for a result of this very version (a published version
    # never changes, so they are the words the result was computed from).
    statements: Mapping[str, str] = field(default_factory=dict)
    version: str = ""

    def for_version(self, version: str) -> Vocabulary:
        """These words for a result of `version` (no statement texts from another version)."""
        return self if version == self.version else replace(self, statements={})


PROGRAM_WORDS = {
    "hipaa": "HIPAA/BAA",
    "zdr": "Zero data retention",
    "data-residency": "Data residency",
}
TOPIC_WORDS = {
    "certifications": "certifications",
    "gdpr": "GDPR",
    "hipaa": "HIPAA and the BAA",
    "residency": "data residency",
    "retention": "data retention",
    "training": "training on your data",
    "zdr": "zero data retention",
}
PLACEMENT_WORDS = {
    "allowed": "PHI allowed",
    "forbidden": "PHI must never appear",
    "not_expected": "not expected to contain PHI",
}
CONTROL_WORDS = {"workspace_geo": "Workspace geo", "inference_geo": "inference_geo"}


def vocabulary(matrix: PolicyMatrix | None) -> Vocabulary:
    """The display words of a policy matrix (empty without one)."""
    if matrix is None:
        return Vocabulary()
    return Vocabulary(
        names={
            **{slug: o.name for slug, o in matrix.offerings.items()},
            **{slug: m.name for slug, m in matrix.models.items()},
            **{slug: c.name for slug, c in matrix.certifications.items()},
        },
        programs={slug: p.name for slug, p in matrix.programs.items()},
        topics={slug: s.topic for slug, s in matrix.statements.items()},
        retention={r.slug: r.data_type for r in matrix.retention},
        placements={p.slug: p.location for p in matrix.phi_placements},
        controllers={c.slug: c.region for c in matrix.controllers},
        statements={
            **{slug: s.statement for slug, s in matrix.statements.items()},
            # A program's own description, where a finding rests on the program row.
            **{f"program:{slug}": p.summary for slug, p in matrix.programs.items()},
        },
        version=matrix.version,
    )


def _lower(text: str) -> str:
    """ "Up to 2 years" -> "up to 2 years" (but "JSON ..." stays)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def fact_text(row: Mapping[str, Any], words: Vocabulary) -> str:
    """One policy fact behind a finding in words ("Claude Code — HIPAA/BAA: Not eligible")."""
    table = row.get("table")
    subject = str(row.get("subject") or "")
    status = str(row.get("status") or "")
    detail = str(row.get("detail") or "").strip()
    if table == "eligibility":
        program = row.get("program") or ""
        label = words.programs.get(program) or PROGRAM_WORDS.get(program, "Coverage")
        text = f"{display_name(subject, words.names)} — {label}: {status_text(status)}"
        # "Not stated" says it all; the data's note on such a row is for staff.
        return f"{text} ({detail.rstrip('.')})" if detail and status != "not_stated" else text
    if table == "statement":
        if words.statements.get(subject):
            return words.statements[subject].strip().rstrip(".")
        topic = words.topics.get(subject, "")
        return f"What the source says about {TOPIC_WORDS.get(topic, 'this')}"
    if table == "program":
        if words.statements.get(f"program:{subject}"):
            return words.statements[f"program:{subject}"].strip().rstrip(".")
        name = words.programs.get(subject) or PROGRAM_WORDS.get(subject, "this program")
        return f"What the source says {name} is"
    if table == "residency":
        control, _, value = subject.partition("=")
        return f'{CONTROL_WORDS.get(control, "A residency setting")} "{value}" is available'
    if table == "model":
        name = display_name(subject, words.names)
        if status == "covered":
            return f"{name} is a Covered Model"
        if status == "no inference_geo":
            return f"{name} does not support inference_geo"
        return f"{name}: {status_text(status)}"
    if table == "certification":
        name = display_name(subject, words.names)
        if status == "held":
            return f"{name} is listed as held"
        return f"{name} is not in Anthropic's published certifications list"
    if table == "retention":
        data_type = words.retention.get(subject, "Data kept")
        return f"{data_type}: {_lower(status)}"
    if table == "phi_placement":
        location = words.placements.get(subject, "A place in a request")
        return f"{location}: {PLACEMENT_WORDS.get(status, status_text(status).lower())}"
    if table == "controller":
        region = words.controllers.get(subject)
        return (
            f"Data controller for people in the {region}: {status}"
            if region
            else (f"Data controller: {status}")
        )
    if table == "offering":
        name = display_name(subject, words.names)
        return {
            "consumer": f"{name} is under the Consumer Terms",
            "provider": f"{name} keeps data under the terms of whoever operates it",
            "not_stated": f"The source gives no retention period for {name}",
        }.get(status, f"{name}: {status_text(status)}")
    return "A fact in the source"


# ---- the recommended configuration --------------------------------------------------------


@dataclass(frozen=True)
class ConfigLine:
    """One recommended setting: a label and a sentence (`unmet`: no setting does this)."""

    key: str
    label: str
    value: str
    unmet: bool = False


def _of(findings: list[Mapping[str, Any]], code: str) -> list[Mapping[str, Any]]:
    """The findings with a code."""
    return [f for f in findings if f.get("code") == code]


def _where(finding: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """ " on Claude API" for a finding about one product or naming the products it is on."""
    if finding.get("subject"):
        return f" on {display_name(finding['subject'], names)}"
    surfaces = _listed("surfaces", (finding.get("because") or {}).get("answers") or {}, names)
    return f" on {names_in_words(surfaces)}" if surfaces else ""


def configuration_lines(
    configuration: Mapping[str, Any],
    findings: list[Mapping[str, Any]],
    answers: Mapping[str, Any],
    names: Mapping[str, str],
) -> list[ConfigLine]:
    """The settings that apply as sentences, and an honest line where none meets a need."""
    c = configuration
    lines: list[ConfigLine] = []
    if c.get("hipaa_organization"):
        lines.append(
            ConfigLine(
                "hipaa_organization",
                "HIPAA-enabled organization",
                "Do the work that carries PHI in a HIPAA-enabled organization: it blocks the "
                "features that are not HIPAA-eligible.",
            )
        )
    elif answers.get("phi"):
        lines.append(
            ConfigLine(
                "hipaa_organization",
                "HIPAA-enabled organization",
                "There is no Anthropic HIPAA setting to turn on for the products you chose. "
                "The findings above say, product by product, whether Anthropic's BAA does not "
                "cover it, the source does not say, or the cloud platform decides.",
                unmet=bool(_of(findings, "baa-not-covered")),
            )
        )
    for surface, how in (c.get("baa_activation") or {}).items():
        lines.append(
            ConfigLine("baa_activation", f"BAA for {display_name(surface, names)}", _sentence(how))
        )
    if c.get("zero_data_retention"):
        lines.append(
            ConfigLine(
                "zero_data_retention",
                "Zero data retention",
                "Have zero data retention enabled on every organization you use, including "
                "ones created later.",
            )
        )
    elif answers.get("zero_retention"):
        lines.append(
            ConfigLine(
                "zero_data_retention",
                "Zero data retention",
                "There is no Anthropic zero-data-retention setting to turn on for the "
                "products you chose. The findings above say, product by product, whether it "
                "is not eligible, the source does not say, or another party decides.",
                unmet=bool(_of(findings, "zdr-not-eligible")),
            )
        )
    workspace = c.get("covered_model_workspace") or {}
    if workspace:
        models = [display_name(m, names) for m in workspace.get("models") or []]
        days = workspace.get("retention_days")
        where = str(workspace.get("where") or "").strip()
        lines.append(
            ConfigLine(
                "covered_model_workspace",
                "Workspace for Covered Models",
                f"Turn on {days}-day retention for a single workspace"
                + (f" ({where})" if where else "")
                + f" and use {names_in_words(models)} only there; zero data retention stays "
                "on everywhere else.",
            )
        )
    storage_unmet = _of(findings, "storage-region-unavailable")
    for f in storage_unmet:
        region = _region("storage_region", (f.get("because") or {}).get("answers") or {}, answers)
        lines.append(
            ConfigLine(
                "workspace_geo",
                "Storage region",
                f"No setting keeps data at rest in {region}{_where(f, names)}.",
                unmet=True,
            )
        )
    storage = answers.get("storage_region")
    if not storage_unmet and c.get("workspace_geo") and storage == c.get("workspace_geo"):
        lines.append(
            ConfigLine(
                "workspace_geo",
                "Storage region",
                f'Create each workspace with workspace geo "{c["workspace_geo"]}", so data is '
                f"stored at rest in {REGION_WORDS.get(storage, storage)}. Choose it when you "
                "create the workspace.",
            )
        )
    inference_unmet = _of(findings, "inference-region-unavailable")
    for f in inference_unmet:
        region = _region("inference_region", (f.get("because") or {}).get("answers") or {}, answers)
        lines.append(
            ConfigLine(
                "inference_geo",
                "Inference region",
                f"No setting keeps inference in {region}{_where(f, names)}.",
                unmet=True,
            )
        )
    inference = answers.get("inference_region")
    geo = c.get("inference_geo")
    if not inference_unmet and geo and inference == geo:
        multiplier = str(c.get("inference_price_multiplier") or "")
        lines.append(
            ConfigLine(
                "inference_geo",
                "Inference region",
                f'Set inference_geo: "{geo}" on every request, so inference runs in '
                f"{REGION_WORDS.get(inference, inference)}."
                + (
                    f" It is priced at {multiplier}x the standard rate on supported models."
                    if multiplier and multiplier != "1"
                    else ""
                ),
            )
        )
    for f in _of(findings, "residency-set-by-platform"):
        name = display_name(str(f.get("subject")), names)
        lines.append(
            ConfigLine(
                "residency",
                f"Region on {name}",
                "Choose the endpoint or inference profile for the region you need: "
                "Anthropic's region settings don't apply there.",
            )
        )
    unknown = [
        display_name(str(f.get("subject")), names) for f in _of(findings, "residency-not-stated")
    ]
    if unknown:
        lines.append(
            ConfigLine(
                "residency",
                "No known region setting",
                f"The source names no region setting for {names_in_words(unknown)}: get "
                "written confirmation of where data is processed and stored.",
                unmet=True,
            )
        )
    for key, label in (
        ("surfaces_to_avoid", "Products to leave out"),
        ("features_to_avoid", "Features to leave out"),
        ("models_to_avoid", "Models to leave out"),
    ):
        avoid = [display_name(s, names) for s in c.get(key) or []]
        if avoid:
            lines.append(
                ConfigLine(
                    key,
                    label,
                    f"Don't use {names_in_words(avoid, 'or')} for this work: the blockers say why.",
                )
            )
    if c.get("backend_proxy_required"):
        lines.append(
            ConfigLine(
                "backend_proxy_required",
                "Browser calls",
                "Route your web app's calls to Claude through your own server: a zero data "
                "retention organization does not accept calls from the browser (CORS).",
            )
        )
    if c.get("data_controller"):
        lines.append(
            ConfigLine(
                "data_controller",
                "Data controller (consumer plans)",
                "For personal data of people in the EEA, UK or Switzerland on the consumer "
                f"plans you chose, the Privacy Policy names {c['data_controller']} as the data "
                "controller.",
            )
        )
    return lines
