"""The policy data: every fact the assessment rests on, each with its source and verified date.

Shape: a normalised matrix. `Program` (HIPAA/BAA, ZDR, data residency) x `Offering`
(a product surface or an API feature) -> `Eligibility` with a status from a fixed
vocabulary. The other fact families (certifications, models, retention, controllers,
residency options, PHI placement, single statements) have a table each, because their
columns differ. Every fact row carries `source` and `verified_on` (see `FactRow`).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """A document a fact is taken from: the source document, or a page it cites."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    # Null where the source gives no address: an honest "no link" beats a guessed one.
    url = models.URLField(max_length=500, unique=True, null=True, blank=True)
    publisher = models.CharField(max_length=200, default="Anthropic")
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    """Rows verified before this date are stale (POLICY_STALE_AFTER_DAYS before today)."""
    return (today or timezone.localdate()) - dt.timedelta(days=settings.POLICY_STALE_AFTER_DAYS)


class FactRow(models.Model):
    """Columns every fact row shares: where it comes from and when it was last checked."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The primary source: the document this row was checked against.",
    )
    cited_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="An Anthropic page the primary source attributes the fact to. Shown as "
        "\u201ccited by the source\u201d, never as independently verified.",
    )
    verified_on = models.DateField(
        help_text="The date this row was last checked against its primary source."
    )
    note = models.TextField(
        "public note (shown to buyers)",
        blank=True,
        help_text="Shown to buyers next to the fact, on the matrix, in results and in the "
        "change log. Internal remarks go in the private note.",
    )
    private_note = models.TextField(
        blank=True,
        help_text="Staff only (tickets, who checked what): never published, never shown to buyers.",
    )
    # Digest of the values load_policy last wrote; a row whose values no longer match
    # it was edited by staff, and load_policy leaves it alone unless --force.
    seed_digest = models.CharField(max_length=64, blank=True, editable=False)

    # The fields whose change needs fresh evidence (a new verified date and a reason).
    evidence_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        from .evidence import evidence_errors, is_restoring_published

        names = ("verified_on", *self.evidence_fields)
        before = type(self).objects.filter(pk=self.pk).values(*names).first() if self.pk else None
        errors = evidence_errors(
            before=before,
            after={name: getattr(self, name) for name in names},
            evidence_fields=self.evidence_fields,
            reason=getattr(self, "_change_reason", None) or "",
            today=timezone.localdate(),
            restoring=is_restoring_published(),
        )
        if errors:
            raise ValidationError(errors)

    def is_stale(self, today: dt.date | None = None) -> bool:
        return self.verified_on < stale_cutoff(today)


class Status(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    QUALIFIED = "qualified", "Eligible (qualified)"
    PARTIAL = "partial", "Eligible in part"
    CONDITIONAL = "conditional", "Eligible with conditions"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    NOT_AVAILABLE = "not_available", "Not available"
    NOT_STATED = "not_stated", "Not stated"
    # Not Anthropic's control: the cloud platform (endpoint, inference profile, own BAA)
    # decides, and the buyer must look at that platform's terms.
    SET_BY_PLATFORM = "set_by_platform", "Set by the platform"


class Program(FactRow):
    """A compliance program a buyer can require: HIPAA/BAA, zero data retention, data residency."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    summary = models.TextField()
    how_to_enable = models.TextField(help_text="How a customer turns the program on.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Offering(FactRow):
    """A product surface (an app, an API, a platform) or an API feature of a surface."""

    class Kind(models.TextChoices):
        SURFACE = "surface", "Product surface"
        ROUTE = "route", "Access route"
        FEATURE = "feature", "API feature"

    class Group(models.TextChoices):
        API_PLATFORM = "api-platform", "API and platforms"
        CLAUDE_APPS = "claude-apps", "Claude apps"
        CLOUD = "cloud", "Cloud marketplaces"
        BETA = "beta", "Beta and integrations"
        CORE = "core", "Core API capabilities"
        TOOLS = "tools", "Tools"
        CONTEXT = "context", "Context and caching"
        STATEFUL = "stateful", "Stored data and agents"

    class Processor(models.TextChoices):
        ANTHROPIC = "anthropic", "Anthropic"
        CLOUD_PROVIDER = "cloud-provider", "The cloud provider"
        THIRD_PARTY = "third-party", "A third party"

    class Terms(models.TextChoices):
        COMMERCIAL = "commercial", "Commercial Terms"
        CONSUMER = "consumer", "Consumer Terms"

    class RetentionPolicy(models.TextChoices):
        API = "api", "Anthropic's API retention"
        APPS = "apps", "Claude for Work retention"
        PROVIDER = "provider", "The provider's own terms"
        NOT_STATED = "not_stated", "Not stated by the source"

    class CoveredModelRetention(models.TextChoices):
        NOT_APPLICABLE = "", "No model choice here"
        ANTHROPIC = "anthropic", "Set by Anthropic"
        PLATFORM = "platform", "Set by the platform"
        NOT_STATED = "not_stated", "Not stated by the source"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    group = models.CharField(max_length=20, choices=Group.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="features",
        help_text="For an API feature or an access route: the surface it belongs to.",
        limit_choices_to={"kind": "surface"},
    )
    description = models.TextField(blank=True)
    processor = models.CharField(
        max_length=20,
        choices=Processor.choices,
        default=Processor.ANTHROPIC,
        help_text="Who operates the surface and processes the data: whose controls apply "
        "there, and whom a buyer asks where the source is silent.",
    )
    terms = models.CharField(max_length=12, choices=Terms.choices, default=Terms.COMMERCIAL)
    offers_api_features = models.BooleanField(
        default=False,
        help_text="Buyers call this surface from their own code and choose Claude models.",
    )
    retention_policy = models.CharField(
        max_length=12,
        choices=RetentionPolicy.choices,
        default=RetentionPolicy.NOT_STATED,
        help_text="Which retention periods apply to a product surface when ZDR is not in place.",
    )
    covered_model_retention = models.CharField(
        max_length=12,
        choices=CoveredModelRetention.choices,
        default=CoveredModelRetention.NOT_APPLICABLE,
        blank=True,
        help_text="Who sets the retention Covered Models require on this surface.",
    )
    access_path = models.CharField(
        max_length=20,
        blank=True,
        help_text="For an access route: the answer that selects it (api-key, enterprise, "
        "team, consumer).",
    )
    is_beta = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-kind", "order", "name"]  # surfaces first
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="surface", parent__isnull=True)
                | Q(kind__in=["feature", "route"], parent__isnull=False),
                name="surface_has_no_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Eligibility(FactRow):
    """One cell of a matrix: the status of an offering under a program."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="eligibilities")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="eligibilities")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STATED)
    condition = models.TextField(
        blank=True, help_text="The condition, the part excluded, or what is still retained."
    )
    activation = models.TextField(blank=True, help_text="How the customer activates it here.")
    history = HistoricalRecords()
    evidence_fields = ("status", "condition")

    class Meta:
        ordering = ["program__order", "-offering__kind", "offering__order"]
        verbose_name_plural = "eligibilities"
        constraints = [
            models.UniqueConstraint(fields=["program", "offering"], name="one_status_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.offering} under {self.program}: {self.get_status_display()}"


class Certification(FactRow):
    """A certification or attestation: held, or deliberately not asserted by the source."""

    class Held(models.TextChoices):
        HELD = "held", "Held"
        NOT_ASSERTED = "not_asserted", "Not asserted (not listed)"

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Held.choices)
    scope = models.CharField(max_length=200, blank=True)
    issuer = models.CharField(max_length=200, blank=True)
    accreditation = models.CharField(max_length=200, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    report_access = models.CharField(
        max_length=300, blank=True, help_text="Where a customer gets the report or certificate."
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()
    evidence_fields = ("status",)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ClaudeModel(FactRow):
    """A Claude model and the policy facts attached to it."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    is_covered_model = models.BooleanField(
        default=False, help_text="Covered Models require limited data retention; ZDR unavailable."
    )
    required_retention_days = models.PositiveSmallIntegerField(null=True, blank=True)
    supports_inference_geo = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "Claude model"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_covered_model=False) | Q(required_retention_days__isnull=False),
                name="covered_model_has_retention_days",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RetentionRule(FactRow):
    """How long a kind of data is kept, and whether the period survives ZDR."""

    class AppliesTo(models.TextChoices):
        API = "api", "API"
        APPS = "apps", "Claude apps (Claude for Work)"
        ALL = "all", "Every surface under Anthropic's commercial retention"
        ZDR = "zdr", "Kept under ZDR (no default period)"

    slug = models.SlugField(max_length=60, unique=True)
    data_type = models.CharField(max_length=200)
    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices)
    period = models.CharField(max_length=100, help_text="As the source words it.")
    period_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="The period in days, when the source states one."
    )
    survives_zdr = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.data_type}: {self.period}"


class DataController(FactRow):
    """Which Anthropic entity is the data controller for people in a region."""

    slug = models.SlugField(max_length=40, unique=True)
    region = models.CharField(max_length=120)
    entity = models.CharField(max_length=120)
    gdpr_applies = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-gdpr_applies", "region"]

    def __str__(self) -> str:
        return f"{self.region}: {self.entity}"


class ResidencyOption(FactRow):
    """A value of a data residency control (inference_geo or workspace geo)."""

    class Control(models.TextChoices):
        INFERENCE_GEO = "inference_geo", "inference_geo (where inference runs)"
        WORKSPACE_GEO = "workspace_geo", "Workspace geo (where data is stored at rest)"

    control = models.CharField(max_length=20, choices=Control.choices)
    value = models.CharField(max_length=20)
    is_default = models.BooleanField(default=False)
    price_multiplier = models.DecimalField(max_digits=4, decimal_places=2, default=1)
    fixed_at_creation = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["control", "value"]
        constraints = [
            models.UniqueConstraint(fields=["control", "value"], name="one_row_per_geo_value")
        ]

    def __str__(self) -> str:
        return f"{self.control} = {self.value}"


class PhiPlacement(FactRow):
    """Where protected health information may, and may not, appear under the BAA."""

    class Allowed(models.TextChoices):
        ALLOWED = "allowed", "PHI allowed"
        FORBIDDEN = "forbidden", "PHI must never appear"
        NOT_EXPECTED = "not_expected", "Not expected to contain PHI"

    slug = models.SlugField(max_length=60, unique=True)
    location = models.CharField(max_length=200)
    allowed = models.CharField(max_length=20, choices=Allowed.choices)
    reason = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = "PHI placement rule"

    def __str__(self) -> str:
        return self.location


class PolicyFact(FactRow):
    """A single sourced statement that is not a matrix cell (training policy, GDPR, ZDR terms)."""

    class Topic(models.TextChoices):
        TRAINING = "training", "Model training"
        GDPR = "gdpr", "GDPR and transfers"
        HIPAA = "hipaa", "HIPAA and the BAA"
        ZDR = "zdr", "Zero data retention"
        RESIDENCY = "residency", "Data residency"
        RETENTION = "retention", "Retention"
        CERTIFICATIONS = "certifications", "Certifications"

    slug = models.SlugField(max_length=60, unique=True)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    statement = models.TextField()
    value = models.CharField(max_length=120, blank=True, help_text="The figure, if any.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic", "order"]

    def __str__(self) -> str:
        return self.slug


FACT_MODELS: tuple[type[FactRow], ...] = (
    Program,
    Offering,
    Eligibility,
    Certification,
    ClaudeModel,
    RetentionRule,
    DataController,
    ResidencyOption,
    PhiPlacement,
    PolicyFact,
)


class PolicyVersionError(Exception):
    """Raised on any attempt to change a published policy version."""


class PolicyVersion(models.Model):
    """A published, numbered, immutable snapshot of the policy data: what buyers see."""

    number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(
        "public note", help_text="What changed and why, in a sentence or two: shown to buyers."
    )
    private_note = models.TextField(
        blank=True, help_text="Staff only (tickets, reviewers): never shown to buyers."
    )
    snapshot = models.JSONField(help_text="Every policy row as published.")
    changes = models.JSONField(
        default=list, help_text="Cell-by-cell diff from the previous version."
    )
    # Four eyes: who asked for this version and who approved it, fixed at creation. Null
    # for a version published directly (the initial load, a script, approval turned off).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    # [{"user_id": 2, "username": "bob", "at": "2026-11-27T10:00:00+00:00"}], in order; the
    # names are kept so the record outlives a deleted account.
    approved_by = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-number"]
        permissions = [("publish_policyversion", "Can publish the policy data")]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        # Integrity: a published version is a record of what buyers were told.
        if not self._state.adding:
            raise PolicyVersionError("A published policy version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PolicyVersionError("A published policy version cannot be deleted.")

    @property
    def label(self) -> str:
        return f"v{self.number}"


class PublishRequest(models.Model):
    """A request to publish the draft exactly as it was when requested (four eyes)."""

    class State(models.TextChoices):
        OPEN = "open", "Waiting for approval"
        PUBLISHED = "published", "Approved and published"
        WITHDRAWN = "withdrawn", "Withdrawn"
        STALE = "stale", "Stale: the draft changed after the request"

    fingerprint = models.CharField(max_length=64, help_text="The requested draft's fingerprint.")
    snapshot = models.JSONField(help_text="The draft as requested: what an approval publishes.")
    # The version the request was compared against: a version published since makes the
    # request's preview wrong, so it goes stale too.
    base = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("public note")
    private_note = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.OneToOneField(
        PolicyVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publish_request",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Publish request #{self.pk}"


class PublishApproval(models.Model):
    """One editor's approval of a publish request."""

    request = models.ForeignKey(PublishRequest, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_approval_per_editor")
        ]

    def __str__(self) -> str:
        return f"{self.user} approved request #{self.request_id}"
