"""The policy matrix in memory: frozen, ORM-free, built by one loader and cached per version."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "eligible": "Eligible",
        "qualified": "Eligible (qualified)",
        "partial": "Eligible in part",
        "conditional": "Eligible with conditions",
        "not_eligible": "Not eligible",
        "not_available": "Not available",
        "not_stated": "Not stated",
        "set_by_platform": "Set by the platform",
    }
)
# What each status means to the rules: usable (perhaps with a finding), ruled out, not
# known from the source, or decided by the cloud platform rather than by Anthropic.
POSITIVE_STATUSES = frozenset({"eligible", "qualified", "partial", "conditional"})
NEGATIVE_STATUSES = frozenset({"not_eligible", "not_available"})
UNKNOWN_STATUSES = frozenset({"not_stated"})
PLATFORM_STATUSES = frozenset({"set_by_platform"})


@dataclass(frozen=True, slots=True)
class SourceRef:
    title: str
    url: str | None
    publisher: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """Provenance shared by every row: its source, what that source cites, date and note."""

    source: SourceRef
    verified_on: dt.date
    note: str = ""
    cited: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class ProgramInfo:
    slug: str
    name: str
    summary: str
    how_to_enable: str
    fact: Fact


@dataclass(frozen=True, slots=True)
class OfferingInfo:
    slug: str
    name: str
    kind: str  # "surface" | "route" | "feature"
    group: str
    group_label: str
    parent: str | None
    processor: str  # "anthropic" | "cloud-provider" | "third-party"
    terms: str  # "commercial" | "consumer"
    offers_api_features: bool
    is_beta: bool
    description: str
    fact: Fact
    retention_policy: str = "not_stated"  # "api" | "apps" | "provider" | "not_stated"
    covered_model_retention: str = ""  # "" | "anthropic" | "platform" | "not_stated"
    access_path: str = ""


@dataclass(frozen=True, slots=True)
class Cell:
    program: str
    offering: str
    status: str
    condition: str
    activation: str
    fact: Fact

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class CertificationInfo:
    slug: str
    name: str
    held: bool
    scope: str
    issuer: str
    accreditation: str
    announced_on: dt.date | None
    report_access: str
    fact: Fact


@dataclass(frozen=True, slots=True)
class ModelInfo:
    slug: str
    name: str
    is_covered_model: bool
    required_retention_days: int | None
    supports_inference_geo: bool
    fact: Fact


@dataclass(frozen=True, slots=True)
class RetentionInfo:
    slug: str
    data_type: str
    applies_to: str  # "api" | "apps" | "all"
    period: str
    period_days: int | None
    survives_zdr: bool
    fact: Fact


@dataclass(frozen=True, slots=True)
class ControllerInfo:
    slug: str
    region: str
    entity: str
    gdpr_applies: bool
    fact: Fact


@dataclass(frozen=True, slots=True)
class ResidencyInfo:
    control: str  # "inference_geo" | "workspace_geo"
    value: str
    is_default: bool
    price_multiplier: Decimal
    fixed_at_creation: bool
    fact: Fact


@dataclass(frozen=True, slots=True)
class PhiPlacementInfo:
    slug: str
    location: str
    allowed: str  # "allowed" | "forbidden" | "not_expected"
    reason: str
    fact: Fact

    @property
    def allowed_label(self) -> str:
        return {
            "allowed": "PHI allowed",
            "forbidden": "PHI must never appear",
            "not_expected": "Not expected to contain PHI",
        }.get(self.allowed, self.allowed)


@dataclass(frozen=True, slots=True)
class StatementInfo:
    slug: str
    topic: str
    statement: str
    value: str
    fact: Fact


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


@dataclass(frozen=True)
class PolicyMatrix:
    """Every policy fact, keyed by canonical slug; what the rules engine reads."""

    version: str
    programs: Mapping[str, ProgramInfo]
    offerings: Mapping[str, OfferingInfo]
    cells: Mapping[tuple[str, str], Cell]
    certifications: Mapping[str, CertificationInfo]
    models: Mapping[str, ModelInfo]
    retention: tuple[RetentionInfo, ...]
    controllers: tuple[ControllerInfo, ...]
    residency: tuple[ResidencyInfo, ...]
    phi_placements: tuple[PhiPlacementInfo, ...]
    statements: Mapping[str, StatementInfo]
    surfaces: tuple[str, ...] = field(init=False)
    features: tuple[str, ...] = field(init=False)
    routes: tuple[str, ...] = field(init=False)
    _route_index: dict = field(init=False, compare=False, repr=False)
    # Per-matrix memo for the engine: findings about one slug depend only on the matrix
    # and that slug, so they are built once per published version. `kept` uses it too.
    memo: dict = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        kinds: dict[str, list[str]] = {"surface": [], "feature": [], "route": []}
        for slug, offering in self.offerings.items():
            kinds.setdefault(offering.kind, []).append(slug)
        object.__setattr__(self, "surfaces", tuple(kinds["surface"]))
        object.__setattr__(self, "features", tuple(kinds["feature"]))
        object.__setattr__(self, "routes", tuple(kinds["route"]))
        object.__setattr__(
            self,
            "_route_index",
            {
                (self.offerings[r].parent, self.offerings[r].access_path): self.offerings[r]
                for r in reversed(kinds["route"])  # the first in order wins
            },
        )

    def cell(self, program: str, offering: str) -> Cell | None:
        """The matrix cell, or None where the data has no row (treated as not stated)."""
        return self.cells.get((program, offering))

    def status(self, program: str, offering: str) -> str:
        """The status of an offering under a program; a missing row is "not_stated"."""
        cell = self.cells.get((program, offering))
        return cell.status if cell else "not_stated"

    def route(self, surface: str, access_path: str) -> OfferingInfo | None:
        """The access route of a surface that an answer selects, if the data has one."""
        return self._route_index.get((surface, access_path))

    def routes_of(self, surface: str) -> tuple[OfferingInfo, ...]:
        """Every access route of a surface, in the matrix's order."""
        return tuple(self.offerings[s] for s in self.routes if self.offerings[s].parent == surface)

    def residency_values(self, control: str) -> tuple[ResidencyInfo, ...]:
        """The available values of one residency control."""
        return tuple(option for option in self.residency if option.control == control)

    def kept(self, name: str, key: Hashable, build: Callable[[], Any], limit: int) -> Any:
        """`build()` for what depends only on this version and `key`, built once and kept
        in the memo under `name`: at most `limit` keys, the oldest dropped first."""
        store = self.memo.setdefault(("kept", name), {})
        found = store.get(key)
        if found is None:
            found = build()
            if len(store) >= limit:
                store.pop(next(iter(store)), None)
            store[key] = found
        return found


def build_matrix(version: str, rows: Mapping[str, Any]) -> PolicyMatrix:
    """Build the matrix from plain row dicts (the loader's output); pure."""
    return PolicyMatrix(
        version=version,
        programs=_frozen({p.slug: p for p in rows["programs"]}),
        offerings=_frozen({o.slug: o for o in rows["offerings"]}),
        cells=_frozen({(c.program, c.offering): c for c in rows["cells"]}),
        certifications=_frozen({c.slug: c for c in rows["certifications"]}),
        models=_frozen({m.slug: m for m in rows["models"]}),
        retention=tuple(rows["retention"]),
        controllers=tuple(rows["controllers"]),
        residency=tuple(rows["residency"]),
        phi_placements=tuple(rows["phi_placements"]),
        statements=_frozen({s.slug: s for s in rows["statements"]}),
    )


# ---- Loading from the database --------------------------------------------------------


def load_matrix_from_db(version: str) -> PolicyMatrix:
    """Read every policy table (one query each) into a PolicyMatrix."""
    from .snapshot import matrix_from_snapshot, snapshot_from_db

    return matrix_from_snapshot(version, snapshot_from_db())


_cache_lock = threading.Lock()
_cache: dict[str, PolicyMatrix] = {}
EMPTY_SNAPSHOT: dict = {
    "sources": [],
    "programs": [],
    "offerings": [],
    "eligibilities": [],
    "certifications": [],
    "models": [],
    "retention": [],
    "controllers": [],
    "residency": [],
    "phi_placements": [],
    "statements": [],
}


def latest_version_sql() -> str:
    """The statement for the latest published version's number (NULL before the first): a
    caller that reads something else on every request can ask both in one statement."""
    from .models import PolicyVersion

    return f"SELECT MAX(number) FROM {PolicyVersion._meta.db_table}"


_ASK = object()


def current_matrix(latest_number: Any = _ASK) -> PolicyMatrix:
    """The latest published version's matrix: one query when the cache is warm, none when
    the caller passes the latest number it read with `latest_version_sql()`."""
    from django.db import connection

    from .models import PolicyVersion
    from .snapshot import matrix_from_snapshot

    number = latest_number
    if number is _ASK:
        # Asked on every request: plain SQL, as the ORM took several times the query's own
        # time to build it.
        with connection.cursor() as cursor:
            cursor.execute(latest_version_sql())
            (number,) = cursor.fetchone()
    version = f"v{number}" if number else "unpublished"
    matrix = _cache.get("current")
    if matrix is not None and matrix.version == version:
        return matrix
    with _cache_lock:
        snapshot = (
            PolicyVersion.objects.values_list("snapshot", flat=True).get(number=number)
            if number
            else EMPTY_SNAPSHOT
        )
        matrix = matrix_from_snapshot(version, snapshot)
        _cache["current"] = matrix
    return matrix


def clear_cache() -> None:
    """Forget the cached matrix (tests)."""
    _cache.clear()
