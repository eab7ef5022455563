"""The assessment engine: buyer's answers + policy matrix -> verdict, findings, configuration.

Pure: frozen dataclasses in, a frozen result out, no ORM. Every status, period, flag and
figure is read from the `PolicyMatrix`; nothing here knows that the Batch API is not
HIPAA-eligible, only how to judge an offering that is not.

Contract v2 (shared/PRODUCT.md): a control applies only where its owner operates (the
surface's `processor`, a cell "set by the platform", `covered_model_retention`); a cell the
source does not state is unknown, never "no"; messages say what the source says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .matrix import (
    NEGATIVE_STATUSES,
    PLATFORM_STATUSES,
    POSITIVE_STATUSES,
    STATUS_LABELS,
    UNKNOWN_STATUSES,
    Fact,
    OfferingInfo,
    PolicyMatrix,
    SourceRef,
    StatementInfo,
)

SEVERITIES = ("blocker", "warning", "action", "info")
REGIONS = ("any", "us", "eu")
REGION_WORDS = {"us": "the US", "eu": "the EU"}
CLAUDE_CODE_ACCESS = ("api-key", "enterprise", "team", "consumer", "unsure")
CONTRACT_VERSION = 2


@dataclass(frozen=True, slots=True)
class Answers:
    """What the buyer told us (the contract's answers, validated)."""

    phi: bool = False
    zero_retention: bool = False
    eu_data_subjects: bool = False
    storage_region: str = "any"
    inference_region: str = "any"
    browser_client: bool = False
    surfaces: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    claude_code_access: str = "unsure"


@dataclass(frozen=True, slots=True)
class RowRef:
    """One policy row a finding rests on: the why-trace's evidence."""

    table: str
    subject: str
    status: str
    source: SourceRef
    verified_on: dt.date
    program: str | None = None
    detail: str = ""
    cited: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """A source behind a finding: the primary source (with its verified date) or a page it
    cites (no date: it was not checked independently)."""

    source: SourceRef
    kind: str  # "primary" | "cited"
    verified_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Because:
    answers: tuple[tuple[str, object], ...]
    rows: tuple[RowRef, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    subject: str | None
    message: str
    because: Because

    @property
    def sources(self) -> tuple[Citation, ...]:
        """Distinct primary sources (oldest verified date), then the pages they cite."""
        primary: dict[tuple, Citation] = {}
        cited: dict[tuple, Citation] = {}
        for row in self.because.rows:
            key = (row.source.title, row.source.url)
            known = primary.get(key)
            if known is None or (known.verified_on and row.verified_on < known.verified_on):
                primary[key] = Citation(row.source, "primary", row.verified_on)
            if row.cited is not None:
                cited.setdefault(
                    (row.cited.title, row.cited.url), Citation(row.cited, "cited", None)
                )
        return (*primary.values(), *cited.values())


@dataclass(frozen=True, slots=True)
class Configuration:
    hipaa_organization: bool
    zero_data_retention: bool
    inference_geo: str | None
    workspace_geo: str | None
    features_to_avoid: tuple[str, ...]
    surfaces_to_avoid: tuple[str, ...]
    models_to_avoid: tuple[str, ...]
    baa_activation: tuple[tuple[str, str], ...]
    covered_model_workspace: tuple[tuple[str, object], ...] | None
    backend_proxy_required: bool
    inference_price_multiplier: str | None
    data_controller: str | None


@dataclass(frozen=True, slots=True)
class Assessment:
    verdict: str
    findings: tuple[Finding, ...]
    configuration: Configuration
    policy_version: str


# ---- helpers -------------------------------------------------------------------------


def _row(table: str, subject: str, status: str, fact: Fact, **extra: str | None) -> RowRef:
    return RowRef(table, subject, status, fact.source, fact.verified_on, cited=fact.cited, **extra)


def _statement(matrix: PolicyMatrix, slug: str) -> tuple[str, tuple[RowRef, ...]]:
    """A sourced statement's text and its row; empty if staff removed it."""
    stmt: StatementInfo | None = matrix.statements.get(slug)
    if stmt is None:
        return "", ()
    return stmt.statement, (_row("statement", slug, stmt.value or "stated", stmt.fact),)


def _cell_row(matrix: PolicyMatrix, program: str, offering: OfferingInfo) -> RowRef:
    cell = matrix.cell(program, offering.slug)
    if cell is None:  # no row at all: the offering's own provenance, status not stated
        return _row("eligibility", offering.slug, "not_stated", offering.fact, program=program)
    return _row(
        "eligibility", offering.slug, cell.status, cell.fact, program=program, detail=cell.condition
    )


def _join(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def names_in_words(items: Iterable[str]) -> str:
    """A list in words: "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _lower_first(text: str) -> str:
    """ "Message content" -> "message content", but "JSON schema" stays: for mid-sentence use."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _whom(offering: OfferingInfo) -> str:
    """Whom a buyer asks about a surface the source is silent on: its operator."""
    if offering.processor == "cloud-provider":
        return "the cloud provider"
    if offering.processor == "third-party":
        return "the third party that runs it"
    return "Anthropic"


@dataclass
class _Collector:
    findings: list[Finding] = field(default_factory=list)
    seen: set[tuple[str, str | None]] = field(default_factory=set)

    def put(self, finding: Finding) -> None:
        # One finding per code and subject: the first reason wins.
        if (finding.code, finding.subject) not in self.seen:
            self.seen.add((finding.code, finding.subject))
            self.findings.append(finding)

    def add(
        self,
        code: str,
        severity: str,
        subject: str | None,
        message: str,
        answers: Iterable[tuple[str, object]],
        rows: Iterable[RowRef],
    ) -> None:
        self.put(Finding(code, severity, subject, message, Because(tuple(answers), tuple(rows))))


def _once(m: PolicyMatrix, out: _Collector, key: tuple, build) -> None:
    """Run a rule once per matrix and key, then replay its findings.

    Safe because a rule's findings depend only on the matrix and the key (the slugs and
    answers it reads); the property tests check that invariant.
    """
    cached = m.memo.get(key)
    if cached is None:
        sub = _Collector()
        build(sub)
        cached = m.memo[key] = tuple(sub.findings)
    for finding in cached:
        out.put(finding)


def _how_to_enable(m: PolicyMatrix, program: str) -> str:
    info = m.programs.get(program)
    return info.how_to_enable if info else ""


def _program_rows(m: PolicyMatrix, program: str) -> tuple[RowRef, ...]:
    info = m.programs.get(program)
    return (_row("program", program, "stated", info.fact),) if info else ()


def _positive(m: PolicyMatrix, program: str) -> frozenset[str]:
    """The offerings with a positive status under a program (once per matrix)."""
    key = ("positive", program)
    found = m.memo.get(key)
    if found is None:
        found = m.memo[key] = frozenset(
            slug for slug in m.offerings if m.status(program, slug) in POSITIVE_STATUSES
        )
    return found


def _baa_covered(m: PolicyMatrix, surfaces: Iterable[str]) -> list[str]:
    """The surfaces whose HIPAA cell says Anthropic's BAA can cover them."""
    covered = _positive(m, "hipaa")
    return [s for s in surfaces if s in covered]


def _zdr_offering_for(m: PolicyMatrix, slug: str, access: str) -> OfferingInfo:
    """What decides ZDR for a chosen surface: the access route the buyer named, if any."""
    route = m.route(slug, access)
    if route is not None and m.status("zdr", route.slug) not in UNKNOWN_STATUSES:
        return route
    return m.offerings[slug]


def _zdr_capable(m: PolicyMatrix, a: Answers) -> list[str]:
    """The chosen surfaces where Anthropic's ZDR arrangement can apply."""
    eligible = _positive(m, "zdr")
    return [s for s in a.surfaces if _zdr_offering_for(m, s, a.claude_code_access).slug in eligible]


def _residency_controlled(m: PolicyMatrix, surfaces: Iterable[str]) -> list[str]:
    """The chosen surfaces where Anthropic's residency controls (inference_geo, workspace
    geo) exist."""
    controlled = _positive(m, "data-residency")
    return [s for s in surfaces if s in controlled]


def _covered_hipaa_names(m: PolicyMatrix) -> str:
    return names_in_words(m.offerings[s].name for s in _baa_covered(m, m.surfaces))


# ---- HIPAA and the BAA ---------------------------------------------------------------


def _hipaa_surface(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "hipaa", offering)
    answers = (("phi", True), ("surfaces", slug))
    if row.status in POSITIVE_STATUSES:
        how = m.cell("hipaa", slug).activation or _how_to_enable(m, "hipaa")
        org_text, org_rows = _statement(m, "hipaa-organization-level")
        truth_text, truth_rows = _statement(m, "baa-source-of-truth")
        out.add(
            "baa-required",
            "action",
            slug,
            _join(
                f"Sign Anthropic's BAA and enable HIPAA readiness for {offering.name} before "
                f"you send PHI: {_lower_first(_sentence(how))}",
                # Only a qualified status has a condition the buyer must read.
                _sentence(row.detail) if row.status != "eligible" else "",
                org_text,
                truth_text,
            ),
            answers,
            (row, *org_rows, *truth_rows),
        )
    elif row.status in PLATFORM_STATUSES:
        out.add(
            "baa-via-cloud-provider",
            "warning",
            slug,
            _join(
                f"Anthropic's BAA does not cover {offering.name}.",
                _sentence(row.detail),
                f"Whether you may send PHI through {offering.name} depends on your agreement "
                f"with its provider, not on Anthropic's BAA: confirm it with "
                f"{_whom(offering)} in writing.",
            ),
            answers,
            (row,),
        )
    elif row.status in UNKNOWN_STATUSES:
        truth_text, truth_rows = _statement(m, "baa-source-of-truth")
        out.add(
            "baa-not-stated",
            "warning",
            slug,
            _join(
                f"The source does not say whether Anthropic's BAA covers {offering.name}.",
                truth_text,
                "Before you send PHI through it, confirm in writing that your signed BAA "
                "covers it (ask Anthropic"
                + (
                    f", and ask {_whom(offering)} what its own terms say about PHI)."
                    if offering.processor == "third-party"
                    else ")."
                ),
            ),
            answers,
            (row, *truth_rows),
        )
    else:
        covered = _covered_hipaa_names(m)
        out.add(
            "baa-not-covered",
            "blocker",
            slug,
            _join(
                f"Anthropic's BAA does not cover {offering.name}.",
                _sentence(row.detail),
                f"Do not send PHI through {offering.name}.",
                f"The BAA covers {covered}." if covered else "",
            ),
            answers,
            (row,),
        )


def _hipaa_feature(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "hipaa", offering)
    answers = (("phi", True), ("features", slug))
    if row.status in ("partial", "conditional"):
        out.add(
            "hipaa-feature-partial",
            "warning",
            slug,
            _join(
                f"{offering.name} is HIPAA-eligible only in part.",
                _sentence(row.detail),
                "In a HIPAA-enabled organization, use only the eligible part with PHI.",
            ),
            answers,
            (row,),
        )
    elif row.status in UNKNOWN_STATUSES | PLATFORM_STATUSES:
        truth_text, truth_rows = _statement(m, "baa-source-of-truth")
        out.add(
            "baa-not-stated",
            "warning",
            slug,
            _join(
                f"The source does not say whether {offering.name} is HIPAA-eligible.",
                truth_text,
                "Confirm in writing that your signed BAA covers it before you use it with PHI.",
            ),
            answers,
            (row, *truth_rows),
        )
    elif row.status not in POSITIVE_STATUSES:
        error_text, error_rows = _statement(m, "hipaa-blocked-feature-error")
        out.add(
            "hipaa-feature-blocked",
            "blocker",
            slug,
            _join(
                f"{offering.name} is not HIPAA-eligible.",
                _sentence(row.detail),
                "A HIPAA-enabled organization blocks it: the API rejects a request that uses "
                "it with an error naming the feature."
                if error_text
                else "",
                "Leave it out of any work that carries PHI.",
            ),
            answers,
            (row, *error_rows),
        )


def _phi_placement(a: Answers, m: PolicyMatrix, covered_api: list[str], out: _Collector) -> None:
    allowed = [p for p in m.phi_placements if p.allowed == "allowed"]
    forbidden = [p for p in m.phi_placements if p.allowed == "forbidden"]
    not_expected = [p for p in m.phi_placements if p.allowed == "not_expected"]
    message = _join(
        "Put PHI only in " + names_in_words(_lower_first(p.location) for p in allowed) + "."
        if allowed
        else "",
        "Never put it in "
        + "; ".join(
            f"{_lower_first(p.location)}, because {_lower_first(p.reason).rstrip('.')}"
            if p.reason
            else _lower_first(p.location)
            for p in forbidden
        )
        + "."
        if forbidden
        else "",
        names_in_words(
            p.location if i == 0 else _lower_first(p.location) for i, p in enumerate(not_expected)
        )
        + " are not expected to contain PHI under the BAA: keep PHI out of them."
        if not_expected
        else "",
    )
    out.add(
        "phi-outside-schemas",
        "action",
        None,
        message or "Follow your signed BAA on where PHI may appear in API requests.",
        (("phi", True), *(("surfaces", s) for s in covered_api)),
        tuple(_row("phi_placement", p.slug, p.allowed, p.fact) for p in m.phi_placements),
    )


# ---- zero data retention -------------------------------------------------------------


def _zdr_offering(m: PolicyMatrix, slug: str, judged: OfferingInfo, out: _Collector) -> None:
    """ZDR for one chosen offering (subject `slug`), judged by `judged`: the offering
    itself, or the access route the buyer named."""
    subject = m.offerings[slug]
    row = _cell_row(m, "zdr", judged)
    key = "surfaces" if subject.kind == "surface" else "features"
    answers = (("zero_retention", True), (key, slug))
    if judged.slug != slug:
        answers += (("claude_code_access", judged.access_path),)
    name = judged.name
    if row.status in NEGATIVE_STATUSES:
        out.add(
            "zdr-not-eligible",
            "blocker",
            slug,
            _join(
                f"{name} is not eligible for zero data retention.",
                _sentence(row.detail),
                "Leave it out of any work that requires ZDR.",
            ),
            answers,
            (row,),
        )
    elif row.status == "qualified":
        text, rows = _statement(m, "zdr-qualified-meaning")
        out.add(
            "zdr-qualified",
            "warning",
            slug,
            _join(
                f"{name} is ZDR-eligible with a qualification.",
                _sentence(row.detail) or text,
            ),
            answers,
            (row, *rows),
        )
    elif row.status in UNKNOWN_STATUSES | PLATFORM_STATUSES:
        if subject.processor == "anthropic":
            ask = (
                f"Ask Anthropic to confirm in writing, in your ZDR agreement, whether it "
                f"covers {name}, and do not rely on zero retention there until it does."
            )
        else:
            ask = (
                f"Anthropic's ZDR arrangement is made with Anthropic; on {name} ask "
                f"{_whom(subject)} in writing what it retains, and for how long."
            )
        out.add(
            "zdr-not-stated",
            "warning",
            slug,
            _join(
                f"The source does not say whether {name} is eligible for zero data retention.",
                _sentence(row.detail) if row.status in PLATFORM_STATUSES else "",
                ask,
            ),
            answers,
            (row,),
        )
    elif row.status != "eligible":
        routes = m.routes_of(slug) if judged.slug == slug else ()
        route_rows = tuple(_cell_row(m, "zdr", r) for r in routes)
        out.add(
            "zdr-conditional",
            "warning",
            slug,
            _join(
                f"{name} is ZDR-eligible only under conditions.",
                _sentence(row.detail),
                "It depends on how it is reached: "
                + "; ".join(
                    f"{r.name}, {STATUS_LABELS[r_row.status].lower()}"
                    + (
                        f" ({r_row.detail[0].lower()}{r_row.detail[1:].rstrip('.')})"
                        if r_row.detail
                        else ""
                    )
                    for r, r_row in zip(routes, route_rows, strict=True)
                )
                + ". Say how your developers reach it for a definite answer."
                if routes
                else "",
            ),
            answers,
            (row, *route_rows),
        )


def _zdr_terms(m: PolicyMatrix, a: Answers, capable: list[str], out: _Collector) -> None:
    text, rows = _statement(m, "zdr-exceptions")
    kept = [r for r in m.retention if r.survives_zdr and r.period_days is not None]
    program = m.programs.get("zdr")
    out.add(
        "zdr-exceptions",
        "warning",
        None,
        _join(
            "Zero data retention is not absolute.",
            _sentence(program.summary) if program else "",
            text,
            "Kept regardless of arrangement: "
            + "; ".join(f"{_lower_first(r.data_type)}, {_period(r)}" for r in kept)
            + "."
            if kept
            else "",
        ),
        (("zero_retention", True),),
        (
            *_program_rows(m, "zdr"),
            *rows,
            *(_row("retention", r.slug, r.period, r.fact) for r in kept),
        ),
    )
    if a.phi and _baa_covered(m, a.surfaces):  # the memo key in assess() mirrors this test
        text, rows = _statement(m, "hipaa-instead-of-zdr")
        if text:
            out.add(
                "hipaa-instead-of-zdr",
                "info",
                None,
                text,
                (("phi", True), ("zero_retention", True)),
                rows,
            )
    if not capable:
        return
    activations = []
    activation_rows = []
    for slug in capable:
        judged = _zdr_offering_for(m, slug, a.claude_code_access)
        cell = m.cell("zdr", judged.slug)
        if cell is not None and cell.activation:
            activations.append(f"For {judged.name}: {_lower_first(_sentence(cell.activation))}")
            activation_rows.append(_cell_row(m, "zdr", judged))
    out.add(
        "zdr-setup",
        "action",
        None,
        _join(
            # The program's how-to reads "Request it through ...": name what "it" is.
            f"To get zero data retention: {_lower_first(_sentence(how))}"
            if (how := _how_to_enable(m, "zdr"))
            else "Ask Anthropic sales for zero data retention.",
            "Confirm it is enabled for every organization you use, including ones created later.",
            *activations,
        ),
        (("zero_retention", True), *(("surfaces", s) for s in capable)),
        (*_program_rows(m, "zdr"), *activation_rows),
    )
    if a.browser_client:
        text, rows = _statement(m, "zdr-no-cors")
        out.add(
            "zdr-no-cors",
            "action",
            None,
            _join(
                text or "Browser apps of a ZDR organization must call through a backend proxy.",
                "Route your web app's calls to Claude through your own server.",
            ),
            (("zero_retention", True), ("browser_client", True)),
            rows,
        )


def _covered_models(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    covered = [s for s in a.models if m.models[s].is_covered_model]
    if not covered:
        return
    by_setter: dict[str, list[str]] = {}
    for slug in a.surfaces:
        setter = m.offerings[slug].covered_model_retention
        if setter:
            by_setter.setdefault(setter, []).append(slug)
    if "anthropic" in by_setter:
        for model in covered:
            _once(m, out, ("covered", model), lambda sub, s=model: _covered_model(m, s, sub))
    for surface in by_setter.get("platform", ()):
        key = ("covered-platform", surface, tuple(covered))
        _once(m, out, key, lambda sub, s=surface: _covered_platform(m, s, covered, sub))
    unknown = tuple(by_setter.get("not_stated", ()))
    for model in covered if unknown else ():
        key = ("covered-unknown", model, unknown)
        _once(m, out, key, lambda sub, s=model: _covered_unknown(m, s, unknown, sub))


def _covered_model(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    model = m.models[slug]
    workaround, workaround_rows = _statement(m, "covered-models-workspace")
    out.add(
        "covered-model-retention",
        "blocker",
        slug,
        _join(
            f"{model.name} is a Covered Model: it requires {model.required_retention_days}-day "
            f"data retention, so zero data retention is not available for it. A request to "
            f"it from an organization whose retention does not meet the requirement is "
            f"rejected with an error.",
            "The way out: " + workaround[0].lower() + workaround[1:] if workaround else "",
        ),
        (("zero_retention", True), ("models", slug)),
        (_row("model", slug, "covered", model.fact), *workaround_rows),
    )


def _covered_platform(m: PolicyMatrix, surface: str, covered: list[str], out: _Collector) -> None:
    offering = m.offerings[surface]
    names = names_in_words(m.models[s].name for s in covered)
    text, rows = _statement(m, "covered-models-platforms")
    out.add(
        "covered-model-platform",
        "warning",
        surface,
        _join(
            f"On {offering.name}, the retention that Covered Models ({names}) require is set "
            f"by the platform, not by Anthropic.",
            f"Ask {_whom(offering)} what it retains for them before relying on zero "
            f"retention there.",
        ),
        (("zero_retention", True), ("surfaces", surface), *(("models", s) for s in covered)),
        (*(_row("model", s, "covered", m.models[s].fact) for s in covered), *rows),
    )


def _covered_unknown(
    m: PolicyMatrix, model_slug: str, surfaces: tuple[str, ...], out: _Collector
) -> None:
    model = m.models[model_slug]
    where = names_in_words(m.offerings[s].name for s in surfaces)
    out.add(
        "zdr-not-stated",
        "warning",
        model_slug,
        _join(
            f"{model.name} is a Covered Model: it requires {model.required_retention_days}-day "
            f"data retention. The source does not say who sets that retention on {where}.",
            f"Ask {_whom(m.offerings[surfaces[0]])} in writing before relying on zero "
            f"retention with {model.name} there.",
        ),
        (("zero_retention", True), ("models", model_slug), *(("surfaces", s) for s in surfaces)),
        (
            _row("model", model_slug, "covered", model.fact),
            *(_row("offering", s, "not_stated", m.offerings[s].fact) for s in surfaces),
        ),
    )


def _retention_rules(m: PolicyMatrix, applies_to: str) -> tuple[str, tuple[RowRef, ...]]:
    """The retention periods of one kind of surface, in words, with their rows (memoised)."""
    key = ("retention-rules", applies_to)
    found = m.memo.get(key)
    if found is None:
        rules = [r for r in m.retention if r.applies_to == applies_to]
        first = (lambda t: t) if applies_to != "all" else _lower_first
        found = m.memo[key] = (
            "; ".join(f"{first(r.data_type)}, {_period(r)}" for r in rules) + ".",
            tuple(_row("retention", r.slug, r.period, r.fact) for r in rules),
        )
    return found


def _retention_default(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    by_policy: dict[str, list[OfferingInfo]] = {}
    for slug in a.surfaces:
        offering = m.offerings[slug]
        by_policy.setdefault(offering.retention_policy, []).append(offering)
    parts: list[str] = []
    rows: list[RowRef] = []
    for policy in ("api", "apps"):
        offerings = by_policy.get(policy, [])
        text, rule_rows = _retention_rules(m, policy)
        if offerings and rule_rows:
            parts.append(f"{names_in_words(o.name for o in offerings)}: {_lower_first(text)}")
            rows.extend(rule_rows)
    if any(by_policy.get(p) for p in ("api", "apps")):
        text, rule_rows = _retention_rules(m, "all")
        if rule_rows:
            parts.append(f"Kept longer on these, regardless of arrangement: {text}")
            rows.extend(rule_rows)
    unknown = by_policy.get("not_stated", [])
    if unknown:
        parts.append(
            f"{names_in_words(o.name for o in unknown)}: the source gives no retention period; ask "
            f"Anthropic how long data is kept."
        )
        rows.extend(_row("offering", o.slug, "not_stated", o.fact) for o in unknown)
    provider = by_policy.get("provider", [])
    if provider:
        parts.append(
            f"{names_in_words(o.name for o in provider)}: retention follows the provider's own "
            f"terms, not Anthropic's periods; check them with the provider."
        )
        rows.extend(_row("offering", o.slug, "provider", o.fact) for o in provider)
    out.add(
        "retention-default",
        "info",
        None,
        _join("Without zero data retention, how long data is kept depends on the product.", *parts),
        (("zero_retention", False), *(("surfaces", s) for s in a.surfaces)),
        rows,
    )


# ---- data residency ------------------------------------------------------------------


def _period(rule) -> str:
    """ "Up to 2 years" -> "up to 2 years": a period read inside a sentence."""
    return rule.period[:1].lower() + rule.period[1:]


def _quoted(values: Iterable[str]) -> str:
    return names_in_words(f'"{v}"' for v in values) or "none"


def _control_options(m: PolicyMatrix, control: str, statement: str):
    """A residency control's values by name, its statement, and the rows both rest on."""
    options = {o.value: o for o in m.residency_values(control)}
    text, stmt_rows = _statement(m, statement)
    rows = (
        *(_row("residency", f"{control}={v}", "available", o.fact) for v, o in options.items()),
        *stmt_rows,
    )
    return options, text, rows


def _region_controls(m: PolicyMatrix, a: Answers, controlled: tuple[str, ...], out: _Collector):
    names = names_in_words(m.offerings[s].name for s in controlled)
    surface_answers = tuple(("surfaces", s) for s in controlled)
    if a.storage_region != "any":
        options, text, rows = _control_options(m, "workspace_geo", "residency-workspace-geo")
        answers = (("storage_region", a.storage_region), *surface_answers)
        option = options.get(a.storage_region)
        if option is None:
            out.add(
                "storage-region-unavailable",
                "blocker",
                None,
                f"No setting keeps data at rest in {REGION_WORDS[a.storage_region]} on "
                f"{names}: workspace geo sets where data is stored at rest, and "
                f"{_quoted(options)} is currently the only workspace geo available.",
                answers,
                rows,
            )
        else:
            out.add(
                "workspace-geo-us",
                "action",
                None,
                _join(
                    f"Create the workspaces you use on {names} with workspace geo "
                    f'"{option.value}".',
                    "Workspace geo controls where data is stored at rest and where endpoint "
                    "processing happens."
                    if text
                    else "",
                    "It is set when the workspace is created and cannot be changed afterward."
                    if option.fixed_at_creation
                    else "",
                ),
                answers,
                rows,
            )
    if a.inference_region != "any":
        options, _text, rows = _control_options(m, "inference_geo", "residency-inference-geo")
        answers = (("inference_region", a.inference_region), *surface_answers)
        option = options.get(a.inference_region)
        if option is None:
            out.add(
                "inference-region-unavailable",
                "blocker",
                None,
                f"Inference cannot be kept in {REGION_WORDS[a.inference_region]} on {names}: "
                f"inference_geo, which sets where inference runs, accepts only "
                f"{_quoted(options)}.",
                answers,
                rows,
            )
            return
        supported = [x.name for x in m.models.values() if x.supports_inference_geo]
        out.add(
            "inference-geo-us",
            "action",
            None,
            _join(
                f'Set inference_geo: "{option.value}" on every request to {names}.',
                f"Inference pinned this way is priced at {_multiplier(option.price_multiplier)}x "
                f"the standard rate on supported models."
                if option.price_multiplier != 1
                else "",
                f"It is supported on {names_in_words(supported)}." if supported else "",
            ),
            answers,
            rows,
        )
        for slug in a.models:
            model = m.models[slug]
            if model.supports_inference_geo:
                continue
            out.add(
                "inference-geo-unsupported-model",
                "blocker",
                slug,
                _join(
                    f"{model.name} does not support inference_geo: a request that sets it is "
                    f"rejected with an error, so it cannot keep inference in "
                    f"{REGION_WORDS[a.inference_region]}.",
                    f"Use a model that supports it ({names_in_words(supported)}) for this work."
                    if supported
                    else "",
                ),
                (("inference_region", a.inference_region), ("models", slug)),
                (
                    _row("model", slug, "no inference_geo", model.fact),
                    *_statement(m, "residency-inference-geo")[1],
                ),
            )


def _residency_surface(m: PolicyMatrix, slug: str, a: Answers, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "data-residency", offering)
    wanted = [
        (key, value)
        for key, value in (
            ("storage_region", a.storage_region),
            ("inference_region", a.inference_region),
        )
        if value != "any"
    ]
    need = names_in_words(
        f"data stored at rest in {REGION_WORDS[v]}"
        if k == "storage_region"
        else f"inference run in {REGION_WORDS[v]}"
        for k, v in wanted
    )
    answers = (*wanted, ("surfaces", slug))
    if row.status in PLATFORM_STATUSES:
        out.add(
            "residency-set-by-platform",
            "warning",
            slug,
            _join(
                f"On {offering.name}, Anthropic's residency controls (inference_geo and "
                f"workspace geo) do not apply.",
                _sentence(row.detail),
                f"You need {need}: choose the endpoint or inference profile accordingly, and "
                f"confirm with {_whom(offering)} where data is processed and stored.",
            ),
            answers,
            (row,),
        )
    elif row.status in UNKNOWN_STATUSES:
        out.add(
            "residency-not-stated",
            "warning",
            slug,
            f"The source names no data residency control for {offering.name}: it does not "
            f"say where {offering.name} processes or stores data. You need {need}: get that "
            f"confirmed in writing by {_whom(offering)} before relying on it.",
            answers,
            (row,),
        )
    elif row.status in NEGATIVE_STATUSES:
        for key, value in wanted:
            code = (
                "storage-region-unavailable"
                if key == "storage_region"
                else ("inference-region-unavailable")
            )
            out.add(
                code,
                "blocker",
                slug,
                _join(
                    f"{offering.name} has no data residency controls, so no setting keeps "
                    f"its data in {REGION_WORDS[value]}.",
                    _sentence(row.detail),
                ),
                ((key, value), ("surfaces", slug)),
                (row,),
            )


def _residency(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    if a.storage_region == "any" and a.inference_region == "any":
        return
    regions = (a.storage_region, a.inference_region)
    controlled = tuple(_residency_controlled(m, a.surfaces))
    if controlled:
        key = ("region-controls", regions, controlled, a.models)
        _once(m, out, key, lambda sub: _region_controls(m, a, controlled, sub))
    for slug in a.surfaces:
        if slug not in controlled:
            _once(
                m,
                out,
                ("residency", slug, regions),
                lambda sub, s=slug: _residency_surface(m, s, a, sub),
            )


def _multiplier(value: object) -> str:
    return format(value, "f").rstrip("0").rstrip(".")


# ---- GDPR, certifications, terms -------------------------------------------------------


def _gdpr(m: PolicyMatrix, consumer: tuple[str, ...], access: str, out: _Collector) -> None:
    scope, scope_rows = _statement(m, "training-privacy-policy-scope")
    controllers = list(m.controllers)
    rows = [*scope_rows, *(_row("controller", c.slug, c.entity, c.fact) for c in controllers)]
    parts = [scope]
    if controllers:
        parts.append(
            "For what the Privacy Policy does cover, it names the data controller: "
            + "; ".join(f"{c.entity} for people in the {c.region}" for c in controllers)
            + "."
        )
    if consumer:
        parts.append(
            f"{names_in_words((m.route(s, access) or m.offerings[s]).name for s in consumer)} "
            f"{'is a consumer plan' if len(consumer) == 1 else 'are consumer plans'}: for "
            f"{'it' if len(consumer) == 1 else 'them'} the Privacy Policy's controller applies."
        )
    for slug in ("gdpr-dsr-deadline", "gdpr-sccs", "gdpr-subprocessors"):
        text, stmt_rows = _statement(m, slug)
        parts.append(text)
        rows.extend(stmt_rows)
    out.add(
        "gdpr-controller",
        "info",
        None,
        _join(*parts),
        (("eu_data_subjects", True), *(("surfaces", s) for s in consumer)),
        rows,
    )


def _gdpr_transfers(m: PolicyMatrix, controlled: tuple[str, ...], out: _Collector) -> None:
    geos = [o for o in m.residency_values("workspace_geo")]
    # Only while no workspace geo keeps data in the EU (the answers' "eu").
    if not geos or any(o.value == "eu" for o in geos):
        return
    sccs, scc_rows = _statement(m, "gdpr-sccs")
    out.add(
        "gdpr-transfers",
        "info",
        None,
        _join(
            f"On {names_in_words(m.offerings[s].name for s in controlled)}, data at rest is stored "
            f"where the workspace geo says, and the workspace "
            f"{'geo' if len(geos) == 1 else 'geos'} available today "
            f"({_quoted(o.value for o in geos)}) {'is' if len(geos) == 1 else 'are'} not "
            f"in the EU: personal data of people in the EEA, UK or Switzerland is stored "
            f"outside it.",
            sccs,
        ),
        (("eu_data_subjects", True), *(("surfaces", s) for s in controlled)),
        (
            *(_row("residency", f"workspace_geo={o.value}", "available", o.fact) for o in geos),
            *scc_rows,
        ),
    )


def _certification(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    cert = m.certifications[slug]
    row = _row("certification", slug, "held" if cert.held else "not_asserted", cert.fact)
    if cert.held:
        issued = ""
        if cert.issuer:
            issued = f"Issued by {cert.issuer}" + (
                f", accredited by the {cert.accreditation}." if cert.accreditation else "."
            )
        out.add(
            "certification-held",
            "info",
            slug,
            _join(
                f"Anthropic's help center lists {cert.name} as held"
                + (f" (scope: {cert.scope})." if cert.scope else "."),
                issued,
                cert.report_access,
            ),
            (("certifications", slug),),
            (row,),
        )
    else:
        out.add(
            "certification-not-held",
            "blocker",
            slug,
            f"{cert.name} is not in Anthropic's published certifications list, so this "
            f"assessment cannot assert it. If your policy requires it, ask Anthropic for "
            f"written evidence before you proceed.",
            (("certifications", slug),),
            (row,),
        )


def _consumer_terms(m: PolicyMatrix, slug: str, judged: OfferingInfo, out: _Collector) -> None:
    update, update_rows = _statement(m, "training-consumer-terms-update")
    # The update's own words, as the source quotes them.
    quote = update[update.find("\u201c") : update.find("\u201d") + 1] if "\u201c" in update else ""
    out.add(
        "consumer-terms",
        "warning",
        slug,
        _join(
            f"{judged.name} is a consumer plan, not a service under Anthropic's Commercial Terms.",
            f"Anthropic's consumer-terms update says its data-use changes {quote}; this "
            f"plan is not one of those services. The source's statement that Anthropic does "
            f"not train on your data by default is made for services under the Commercial "
            f"Terms, not for this plan."
            if quote
            else "",
            "For company data, use a service under the Commercial Terms.",
        ),
        (("surfaces", slug),)
        + ((("claude_code_access", judged.access_path),) if judged.slug != slug else ()),
        (_row("offering", judged.slug, "consumer", judged.fact), *update_rows),
    )


def _training(m: PolicyMatrix, commercial: tuple[str, ...], out: _Collector) -> None:
    found = m.memo.get(("training-text",))
    if found is None:
        texts, rows = [], []
        for slug in (
            "training-commercial-default",
            "training-api-retained-data",
            "training-consumer-terms-update",
            "training-opt-in",
        ):
            text, stmt_rows = _statement(m, slug)
            texts.append(text)
            rows.extend(stmt_rows)
        found = m.memo[("training-text",)] = (_join(*texts), tuple(rows))
    text, rows = found
    if rows:
        out.add("training-policy", "info", None, text, (("surfaces", s) for s in commercial), rows)


# ---- the entry point -----------------------------------------------------------------


def assess(answers: Answers, matrix: PolicyMatrix) -> Assessment:
    """Judge the answers against the matrix: the verdict, findings and configuration."""
    out = _Collector()
    m = matrix
    a = answers
    if a.phi:
        for slug in a.surfaces:
            _once(m, out, ("hipaa-surface", slug), lambda sub, s=slug: _hipaa_surface(m, s, sub))
        for slug in a.features:
            _once(m, out, ("hipaa-feature", slug), lambda sub, s=slug: _hipaa_feature(m, s, sub))
        covered_api = [s for s in _baa_covered(m, a.surfaces) if m.offerings[s].offers_api_features]
        if covered_api:
            _once(
                m,
                out,
                ("phi-placement", tuple(covered_api)),
                lambda sub: _phi_placement(a, m, covered_api, sub),
            )
    capable = _zdr_capable(m, a)
    if a.zero_retention:
        for slug in a.surfaces:
            judged = _zdr_offering_for(m, slug, a.claude_code_access)
            _once(
                m,
                out,
                ("zdr", slug, judged.slug),
                lambda sub, s=slug, j=judged: _zdr_offering(m, s, j, sub),
            )
        for slug in a.features:
            _once(
                m,
                out,
                ("zdr", slug, slug),
                lambda sub, s=slug: _zdr_offering(m, s, m.offerings[s], sub),
            )
        _once(
            m,
            out,
            # What _zdr_terms reads: the surfaces only through `capable` and whether one
            # is BAA-covered.
            (
                "zdr-terms",
                tuple(capable),
                a.claude_code_access,
                a.browser_client,
                a.phi and bool(_baa_covered(m, a.surfaces)),
            ),
            lambda sub: _zdr_terms(m, a, capable, sub),
        )
        _covered_models(a, m, out)
    elif a.surfaces:
        _retention_default(a, m, out)
    _residency(a, m, out)
    controlled = tuple(_residency_controlled(m, a.surfaces))
    # A named access route decides the terms (Claude Code through Pro or Max is consumer).
    terms = {s: (m.route(s, a.claude_code_access) or m.offerings[s]).terms for s in a.surfaces}
    consumer = tuple(s for s in a.surfaces if terms[s] == "consumer")
    if a.eu_data_subjects:
        _once(
            m,
            out,
            ("gdpr", consumer, a.claude_code_access),
            lambda sub: _gdpr(m, consumer, a.claude_code_access, sub),
        )
        if controlled and a.storage_region != "eu":
            _once(
                m,
                out,
                ("gdpr-transfers", controlled),
                lambda sub: _gdpr_transfers(m, controlled, sub),
            )
    for slug in a.certifications:
        _once(m, out, ("certification", slug), lambda sub, s=slug: _certification(m, s, sub))
    commercial = tuple(
        s
        for s in a.surfaces
        if terms[s] == "commercial" and m.offerings[s].processor != "third-party"
    )
    if commercial:
        _training(m, commercial, out)
    for slug in consumer:
        judged = m.route(slug, a.claude_code_access) or m.offerings[slug]
        _once(
            m,
            out,
            ("consumer", slug, judged.slug),
            lambda sub, s=slug, j=judged: _consumer_terms(m, s, j, sub),
        )

    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    findings = tuple(sorted(out.findings, key=lambda f: order[f.severity]))
    severities = {f.severity for f in findings}
    verdict = (
        "blocked"
        if "blocker" in severities
        else "ready_with_conditions"
        if "warning" in severities
        else "ready"
    )
    configuration = _configuration(a, m, findings, capable, controlled, consumer)
    return Assessment(verdict, findings, configuration, matrix.version)


def _configuration(
    a: Answers,
    m: PolicyMatrix,
    findings: tuple[Finding, ...],
    capable: list[str],
    controlled: tuple[str, ...],
    consumer: tuple[str, ...],
) -> Configuration:
    blocked = {f.subject for f in findings if f.severity == "blocker" and f.subject}
    inference_geo = workspace_geo = multiplier = None
    if controlled:
        inference = {o.value: o for o in m.residency_values("inference_geo")}
        default = next((o.value for o in inference.values() if o.is_default), None)
        inference_geo = a.inference_region if a.inference_region in inference else default
        if inference_geo is not None:
            multiplier = _multiplier(inference[inference_geo].price_multiplier)
        workspace = {o.value: o for o in m.residency_values("workspace_geo")}
        workspace_geo = (
            a.storage_region
            if a.storage_region in workspace
            else next((o.value for o in workspace.values() if o.is_default), None)
        )
    workaround = m.statements.get("covered-models-workspace")
    kept_models = [f.subject for f in findings if f.code == "covered-model-retention"]
    zero_data_retention = a.zero_retention and bool(capable)
    return Configuration(
        hipaa_organization=a.phi and bool(_baa_covered(m, a.surfaces)),
        zero_data_retention=zero_data_retention,
        inference_geo=inference_geo,
        workspace_geo=workspace_geo,
        features_to_avoid=tuple(s for s in a.features if s in blocked),
        surfaces_to_avoid=tuple(s for s in a.surfaces if s in blocked),
        models_to_avoid=tuple(
            f.subject for f in findings if f.code == "inference-geo-unsupported-model"
        ),
        baa_activation=tuple(
            (f.subject, m.cell("hipaa", f.subject).activation or _how_to_enable(m, "hipaa"))
            for f in findings
            if f.code == "baa-required"
        ),
        covered_model_workspace=(
            (
                ("models", tuple(kept_models)),
                (
                    "retention_days",
                    max(m.models[s].required_retention_days or 0 for s in kept_models),
                ),
                ("where", workaround.value if workaround else ""),
            )
            # The workaround is a workspace of a ZDR organization: only with ZDR in place.
            if kept_models and zero_data_retention
            else None
        ),
        backend_proxy_required=zero_data_retention and a.browser_client,
        inference_price_multiplier=multiplier,
        data_controller=next((c.entity for c in m.controllers if c.gdpr_applies), None)
        if a.eu_data_subjects and consumer
        else None,
    )
