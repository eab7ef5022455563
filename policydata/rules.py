"""The assessment engine: buyer's answers + policy matrix -> verdict, findings, configuration.

Pure: frozen dataclasses in, a frozen result out, no ORM. Every status, period, flag and
figure is read from the `PolicyMatrix`; nothing here knows that the Batch API is not
HIPAA-eligible, only how to judge an offering that is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .matrix import (
    POSITIVE_STATUSES,
    STATUS_LABELS,
    Fact,
    OfferingInfo,
    PolicyMatrix,
    SourceRef,
    StatementInfo,
)

SEVERITIES = ("blocker", "warning", "action", "info")
REGIONS = ("any", "us", "eu")
# Under HIPAA or ZDR, these statuses still let the offering be used (with a finding).
NEGATIVE_STATUSES = frozenset({"not_eligible", "not_available"})


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
    def sources(self) -> tuple[tuple[SourceRef, dt.date], ...]:
        """Distinct sources of the rows behind the finding, with their verified dates."""
        seen: dict[str, tuple[SourceRef, dt.date]] = {}
        for row in self.because.rows:
            known = seen.get(row.source.url)
            if known is None or row.verified_on < known[1]:
                seen[row.source.url] = (row.source, row.verified_on)
        return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class Configuration:
    hipaa_organization: bool
    zero_data_retention: bool
    inference_geo: str
    workspace_geo: str
    features_to_avoid: tuple[str, ...]
    surfaces_to_avoid: tuple[str, ...]
    models_to_avoid: tuple[str, ...]
    baa_activation: tuple[tuple[str, str], ...]
    covered_model_workspace: tuple[tuple[str, object], ...] | None
    backend_proxy_required: bool
    inference_price_multiplier: str
    data_controller: str | None


@dataclass(frozen=True, slots=True)
class Assessment:
    verdict: str
    findings: tuple[Finding, ...]
    configuration: Configuration
    policy_version: str


# ---- helpers -------------------------------------------------------------------------


def _row(table: str, subject: str, status: str, fact: Fact, **extra: str | None) -> RowRef:
    return RowRef(table, subject, status, fact.source, fact.verified_on, **extra)


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
    return " ".join(part for part in parts if part)


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

    Safe because a rule's findings depend only on the matrix and the key (a slug and the
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


# ---- the rules -------------------------------------------------------------------------


def _hipaa_surface(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "hipaa", offering)
    answers = (("phi", True), ("surfaces", slug))
    status = STATUS_LABELS[row.status].lower()
    if row.status in POSITIVE_STATUSES:
        cell = m.cell("hipaa", slug)
        how = cell.activation or _how_to_enable(m, "hipaa")
        org_text, org_rows = _statement(m, "hipaa-organization-level")
        out.add(
            "baa-required",
            "action",
            slug,
            _join(
                f"{offering.name} can carry PHI under Anthropic's BAA once it is signed and "
                f"HIPAA readiness is enabled for it: {how}",
                # Only a qualified status has a condition the buyer must read.
                row.detail if row.status != "eligible" else "",
                org_text,
            ),
            answers,
            (row, *org_rows),
        )
    elif offering.processor == "cloud-provider":
        out.add(
            "baa-via-cloud-provider",
            "warning",
            slug,
            _join(
                f"Anthropic's BAA does not apply to {offering.name}: the cloud provider is the "
                f"data processor. Sign the provider's own BAA and check that the service and "
                f"region you use are on its HIPAA-eligible list.",
                row.detail,
            ),
            answers,
            (row,),
        )
    else:
        out.add(
            "baa-not-covered",
            "blocker",
            slug,
            _join(
                f"{offering.name} is not covered by Anthropic's BAA (HIPAA status: {status}).",
                row.detail,
                "Do not send PHI through it; use a covered surface such as the first-party "
                "Claude API or Claude Enterprise with HIPAA enabled.",
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
            f"{offering.name} is HIPAA-eligible only in part: {row.detail} Use only the "
            f"eligible part with PHI; the rest is blocked in a HIPAA-enabled organization.",
            answers,
            (row,),
        )
    elif row.status not in POSITIVE_STATUSES:
        out.add(
            "hipaa-feature-blocked",
            "blocker",
            slug,
            f"{offering.name} is not HIPAA-eligible "
            f"({STATUS_LABELS[row.status].lower()}). In a HIPAA-enabled organization "
            f"the API answers 400 invalid_request_error naming {slug}; remove it from "
            f"any workload that carries PHI, or run that workload in a separate "
            f"organization without PHI.",
            answers,
            (row, *_statement(m, "hipaa-blocked-feature-error")[1]),
        )


def _phi_placement(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    api = [s for s in a.surfaces if m.offerings[s].offers_api_features]
    if not (api or a.features):
        return
    forbidden = [p for p in m.phi_placements if p.allowed == "forbidden"]
    not_expected = [p for p in m.phi_placements if p.allowed == "not_expected"]
    allowed = [p for p in m.phi_placements if p.allowed == "allowed"]
    message = _join(
        "Put PHI only in " + ", ".join(p.location.lower() for p in allowed) + "."
        if allowed
        else "",
        "Never put PHI in "
        + "; ".join(
            f"{p.location} ({p.reason.rstrip('.')})" if p.reason else p.location for p in forbidden
        )
        + "."
        if forbidden
        else "",
        "Keep it out of " + ", ".join(p.location.lower() for p in not_expected) + "."
        if not_expected
        else "",
    )
    out.add(
        "phi-outside-schemas",
        "action",
        None,
        message
        or "Put PHI only in message content and attached files, never in JSON schema "
        "definitions, workspace names, contact details, billing data or support tickets.",
        (("phi", True), *(("surfaces", s) for s in api), *(("features", f) for f in a.features)),
        tuple(_row("phi_placement", p.slug, p.allowed, p.fact) for p in m.phi_placements),
    )


def _zdr_offering(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "zdr", offering)
    key = "surfaces" if offering.kind == "surface" else "features"
    answers = (("zero_retention", True), (key, slug))
    if row.status in NEGATIVE_STATUSES:
        out.add(
            "zdr-not-eligible",
            "blocker",
            slug,
            _join(
                f"{offering.name} is not eligible for zero data retention: data sent "
                f"through it is stored beyond the API response even with a ZDR agreement.",
                row.detail,
                "Leave it out of workloads that require ZDR.",
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
            _join(f"{offering.name} is ZDR-eligible with a qualification: {row.detail}", text),
            answers,
            (row, *rows),
        )
    elif row.status == "not_stated":
        out.add(
            "zdr-conditional",
            "warning",
            slug,
            f"The source does not state whether {offering.name} is ZDR-eligible. Get it "
            f"listed in your ZDR agreement before relying on it; until then assume data "
            f"sent through it may be retained.",
            answers,
            (row,),
        )
    elif row.status != "eligible":
        out.add(
            "zdr-conditional",
            "warning",
            slug,
            f"{offering.name} is ZDR-eligible only under conditions: {row.detail}",
            answers,
            (row,),
        )


def _zdr_terms(m: PolicyMatrix, browser_client: bool, phi: bool, out: _Collector) -> None:
    out.add(
        "zdr-setup",
        "action",
        None,
        _join(
            "Ask Anthropic sales for zero data retention.",
            _how_to_enable(m, "zdr"),
            "Confirm ZDR is on for every organization you use, including ones created later.",
        ),
        (("zero_retention", True),),
        _program_rows(m, "zdr"),
    )
    if browser_client:
        text, rows = _statement(m, "zdr-no-cors")
        out.add(
            "zdr-no-cors",
            "action",
            None,
            _join(
                text,
                "Route your web app's calls through your own backend proxy; never ship an API "
                "key to the browser.",
            ),
            (("zero_retention", True), ("browser_client", True)),
            rows,
        )
    kept = [r for r in m.retention if r.survives_zdr]
    text, rows = _statement(m, "zdr-exceptions")
    out.add(
        "zdr-exceptions",
        "info",
        None,
        _join(
            text,
            "Kept even under ZDR: "
            + "; ".join(f"{r.data_type.lower()}: {r.period.lower()}" for r in kept)
            + "."
            if kept
            else "",
        )
        or "ZDR does not remove what Anthropic must keep to comply with law or combat misuse.",
        (("zero_retention", True),),
        (*rows, *(_row("retention", r.slug, r.period, r.fact) for r in kept)),
    )
    if phi:
        text, rows = _statement(m, "hipaa-instead-of-zdr")
        out.add(
            "hipaa-instead-of-zdr",
            "info",
            None,
            text or "HIPAA readiness does not also require ZDR.",
            (("phi", True), ("zero_retention", True)),
            rows,
        )


def _covered_model(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    model = m.models[slug]
    if not model.is_covered_model:
        return
    workaround, workaround_rows = _statement(m, "covered-models-workspace")
    out.add(
        "covered-model-retention",
        "blocker",
        slug,
        _join(
            f"{model.name} is a Covered Model: it requires {model.required_retention_days}-"
            f"day data retention, so ZDR is not available for it. A request from an "
            f"organization whose retention does not meet this returns 400 "
            f"invalid_request_error.",
            "Way out: " + workaround if workaround else "",
        ),
        (("zero_retention", True), ("models", slug)),
        (_row("model", slug, "covered", model.fact), *workaround_rows),
    )


def _retention_default(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    offerings = [m.offerings[s] for s in a.surfaces]
    applies = {"all"}
    # Anthropic's API retention applies where Anthropic processes the data, not on clouds
    # where the provider is the processor.
    applies |= {
        "api"
        for o in offerings
        if (o.offers_api_features or o.group == "api-platform") and o.processor == "anthropic"
    }
    applies |= {"api" for _ in a.features[:1]}
    applies |= {"apps" for o in offerings if o.group == "claude-apps"}
    rules = [r for r in m.retention if r.applies_to in applies and r.period_days is not None]
    if not rules:
        return
    out.add(
        "retention-default",
        "info",
        None,
        "Without ZDR, the default retention applies: "
        + "; ".join(f"{r.data_type}: {r.period.lower()}" for r in rules)
        + ".",
        (
            ("zero_retention", False),
            *(("surfaces", s) for s in a.surfaces),
            *(("features", f) for f in a.features),
        ),
        tuple(_row("retention", r.slug, r.period, r.fact) for r in rules),
    )


def _region_control(m: PolicyMatrix, control: str, region: str, out: _Collector) -> None:
    options = {o.value: o for o in m.residency_values(control)}
    statement = (
        "residency-workspace-geo" if control == "workspace_geo" else "residency-inference-geo"
    )
    rows = (
        *(_row("residency", f"{control}={v}", "available", o.fact) for v, o in options.items()),
        *_statement(m, statement)[1],
    )
    option = options.get(region)
    if control == "workspace_geo":
        answers = (("storage_region", region),)
        if option is None:
            out.add(
                "storage-region-unavailable",
                "blocker",
                None,
                f"No workspace geo stores data at rest in \u201c{region}\u201d: the "
                f"only workspace geo available is {', '.join(map(repr, options)) or 'none'}. "
                f"There is currently no way to keep stored data in that region.",
                answers,
                rows,
            )
        else:
            out.add(
                "workspace-geo-us",
                "action",
                None,
                f"Create the workspace with workspace geo \u201c{option.value}\u201d. It is "
                f"set at workspace creation and cannot be changed afterward, so existing "
                f"workspaces with another geo must be replaced.",
                answers,
                rows,
            )
        return
    answers = (("inference_region", region),)
    if option is None:
        out.add(
            "inference-region-unavailable",
            "blocker",
            None,
            f"Inference cannot be pinned to \u201c{region}\u201d: inference_geo "
            f"accepts only {', '.join(map(repr, options)) or 'nothing'}.",
            answers,
            rows,
        )
    else:
        out.add(
            "inference-geo-us",
            "action",
            None,
            f"Set inference_geo=\u201c{option.value}\u201d on every request (or as the "
            f"workspace default). Inference pinned this way is priced at "
            f"{_multiplier(option.price_multiplier)}x the standard rate on supported models.",
            answers,
            rows,
        )


def _inference_geo_model(m: PolicyMatrix, slug: str, region: str, out: _Collector) -> None:
    model = m.models[slug]
    if model.supports_inference_geo:
        return
    out.add(
        "inference-geo-unsupported-model",
        "blocker",
        slug,
        f"{model.name} does not support inference_geo: a request that sets it "
        f"returns a 400 error. Use a model that supports it (Opus 4.6, Sonnet 4.6 "
        f"or later) for work that must stay in region.",
        (("inference_region", region), ("models", slug)),
        (_row("model", slug, "no inference_geo", model.fact),),
    )


def _residency_surface(m: PolicyMatrix, slug: str, region_answers: tuple, out: _Collector) -> None:
    offering = m.offerings[slug]
    row = _cell_row(m, "data-residency", offering)
    if row.status == "eligible":
        return
    if row.status in POSITIVE_STATUSES:
        out.add(
            "residency-set-by-platform",
            "warning",
            slug,
            f"On {offering.name} the region is not set by Anthropic's residency controls: "
            f"{row.detail} Choose a regional endpoint or inference profile that matches "
            f"your requirement.",
            (*region_answers, ("surfaces", slug)),
            (row,),
        )
    else:
        out.add(
            "residency-unavailable-surface",
            "blocker",
            slug,
            f"{offering.name} has no data residency controls "
            f"({STATUS_LABELS[row.status].lower()}): you cannot pin where its data is "
            f"processed or stored. Use the first-party Claude API or Claude Platform on AWS "
            f"for work with a region requirement.",
            (*region_answers, ("surfaces", slug)),
            (row,),
        )


def _residency(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    if a.storage_region != "any":
        region = a.storage_region
        _once(
            m,
            out,
            ("storage", region),
            lambda sub: _region_control(m, "workspace_geo", region, sub),
        )
    if a.inference_region != "any":
        region = a.inference_region
        _once(
            m,
            out,
            ("inference", region),
            lambda sub: _region_control(m, "inference_geo", region, sub),
        )
        if region in {o.value for o in m.residency_values("inference_geo")}:
            for slug in a.models:
                _once(
                    m,
                    out,
                    ("geo-model", slug, region),
                    lambda sub, slug=slug: _inference_geo_model(m, slug, region, sub),
                )
    if a.storage_region == "any" and a.inference_region == "any":
        return
    region_answers = tuple(
        (key, value)
        for key, value in (
            ("storage_region", a.storage_region),
            ("inference_region", a.inference_region),
        )
        if value != "any"
    )
    for slug in a.surfaces:
        _once(
            m,
            out,
            ("residency", slug, region_answers),
            lambda sub, slug=slug: _residency_surface(m, slug, region_answers, sub),
        )


def _multiplier(value: object) -> str:
    return format(value, "f").rstrip("0").rstrip(".")


def _gdpr(m: PolicyMatrix, out: _Collector) -> None:
    controllers = [c for c in m.controllers if c.gdpr_applies]
    parts = [
        f"For people in the {c.region}, the data controller is {c.entity}." for c in controllers
    ]
    rows = [_row("controller", c.slug, c.entity, c.fact) for c in controllers]
    for slug in ("gdpr-dsr-deadline", "gdpr-sccs", "gdpr-subprocessors"):
        text, stmt_rows = _statement(m, slug)
        parts.append(text)
        rows.extend(stmt_rows)
    out.add(
        "gdpr-controller",
        "info",
        None,
        _join(*parts),
        (("eu_data_subjects", True),),
        rows,
    )


def _certification(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    cert = m.certifications[slug]
    row = _row("certification", slug, "held" if cert.held else "not_asserted", cert.fact)
    if cert.held:
        issued = f" Issued by {cert.issuer}." if cert.issuer else ""
        out.add(
            "certification-held",
            "info",
            slug,
            f"Anthropic holds {cert.name} (scope: {cert.scope or 'not stated'}).{issued} "
            f"{cert.report_access}".strip(),
            (("certifications", slug),),
            (row,),
        )
    else:
        out.add(
            "certification-not-held",
            "blocker",
            slug,
            f"{cert.name} is not held or not listed by Anthropic: it is not in the "
            f"published certifications list, so it cannot be asserted. If your policy "
            f"requires it, ask Anthropic for written confirmation or an equivalent control "
            f"mapping before proceeding.",
            (("certifications", slug),),
            (row,),
        )


def _consumer_terms(m: PolicyMatrix, slug: str, out: _Collector) -> None:
    offering = m.offerings[slug]
    if offering.terms != "consumer":
        return
    out.add(
        "consumer-terms",
        "warning",
        slug,
        f"{offering.name} is a consumer plan: it is not under the Commercial Terms, so the "
        f"commercial protections (no training by default, BAA, ZDR) do not apply. Use a "
        f"Team or Enterprise plan or the API for company data.",
        (("surfaces", slug),),
        (_row("offering", slug, "consumer", offering.fact),),
    )


def _training(a: Answers, m: PolicyMatrix, out: _Collector) -> None:
    commercial = [s for s in a.surfaces if m.offerings[s].terms == "commercial"]
    if not commercial:
        return
    texts, rows = [], []
    for slug in ("training-commercial-default", "training-api-retained-data", "training-opt-in"):
        text, stmt_rows = _statement(m, slug)
        texts.append(text)
        rows.extend(stmt_rows)
    out.add(
        "training-policy",
        "info",
        None,
        _join(*texts) or "No training on your data by default under the Commercial Terms.",
        tuple(("surfaces", s) for s in commercial),
        rows,
    )


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
        _phi_placement(a, m, out)
    if a.zero_retention:
        for slug in (*a.surfaces, *a.features):
            _once(m, out, ("zdr", slug), lambda sub, s=slug: _zdr_offering(m, s, sub))
        _once(
            m,
            out,
            ("zdr-terms", a.browser_client, a.phi),
            lambda sub: _zdr_terms(m, a.browser_client, a.phi, sub),
        )
        for slug in a.models:
            _once(m, out, ("covered", slug), lambda sub, s=slug: _covered_model(m, s, sub))
    elif a.surfaces or a.features:
        _retention_default(a, m, out)
    _residency(a, m, out)
    if a.eu_data_subjects:
        _once(m, out, ("gdpr",), lambda sub: _gdpr(m, sub))
    for slug in a.certifications:
        _once(m, out, ("certification", slug), lambda sub, s=slug: _certification(m, s, sub))
    _training(a, m, out)
    for slug in a.surfaces:
        _once(m, out, ("consumer", slug), lambda sub, s=slug: _consumer_terms(m, s, sub))

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
    return Assessment(verdict, findings, _configuration(answers, matrix, findings), matrix.version)


def _configuration(a: Answers, m: PolicyMatrix, findings: tuple[Finding, ...]) -> Configuration:
    blocked = {f.subject for f in findings if f.severity == "blocker" and f.subject}
    workspace_default = next(
        (o.value for o in m.residency_values("workspace_geo") if o.is_default), "us"
    )
    inference = {o.value: o for o in m.residency_values("inference_geo")}
    inference_geo = a.inference_region if a.inference_region in inference else "global"
    chosen_inference = inference.get(inference_geo)
    covered = [s for s in a.models if m.models[s].is_covered_model]
    workaround = m.statements.get("covered-models-workspace")
    baa = tuple(
        (f.subject, m.cell("hipaa", f.subject).activation or _how_to_enable(m, "hipaa"))
        for f in findings
        if f.code == "baa-required"
    )
    return Configuration(
        hipaa_organization=a.phi,
        zero_data_retention=a.zero_retention,
        inference_geo=inference_geo,
        workspace_geo=a.storage_region
        if a.storage_region in {o.value for o in m.residency_values("workspace_geo")}
        else workspace_default,
        features_to_avoid=tuple(s for s in a.features if s in blocked),
        surfaces_to_avoid=tuple(s for s in a.surfaces if s in blocked),
        models_to_avoid=tuple(
            f.subject for f in findings if f.code == "inference-geo-unsupported-model"
        ),
        baa_activation=baa,
        covered_model_workspace=(
            (
                ("models", tuple(covered)),
                ("retention_days", max(m.models[s].required_retention_days or 0 for s in covered)),
                ("where", workaround.value if workaround else ""),
            )
            if a.zero_retention and covered
            else None
        ),
        backend_proxy_required=a.zero_retention and a.browser_client,
        inference_price_multiplier=_multiplier(
            chosen_inference.price_multiplier if chosen_inference else 1
        ),
        data_controller=next((c.entity for c in m.controllers if c.gdpr_applies), None)
        if a.eu_data_subjects
        else None,
    )
