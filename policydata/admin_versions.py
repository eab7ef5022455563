"""Published versions in the admin: a readable page per version, a diff, a rollback."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from .importing import ImportRejected, NotAnExport
from .models import PolicyVersion
from .publishing import StaleDraft, latest_version, version_changes
from .versions import find_version, plan_rollback, rollback_draft, version_diff

VIEW = "policydata.view_policyversion"
PUBLISH = "policydata.publish_policyversion"
STALE_ROLLBACK = (
    "The draft changed since this page was shown: nothing was rolled back. "
    "Review what the rollback would change now, then confirm again."
)

View = Callable[..., HttpResponse]


def version_urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The version page, the diff and the rollback, behind the admin's login."""

    def bound(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, **kwargs) -> HttpResponse:
            return view(model_admin, request, **kwargs)

        return model_admin.admin_site.admin_view(inner)

    return [
        path("v<int:number>/", bound(version_page), name="policydata_policyversion_page"),
        path("diff/", bound(diff_page), name="policydata_policyversion_diff"),
        path(
            "v<int:number>/rollback/",
            bound(rollback_page),
            name="policydata_policyversion_rollback",
        ),
    ]


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _version_or_404(number: int) -> PolicyVersion:
    version = find_version(number)
    if version is None:
        raise Http404(f"There is no published version v{number}.")
    return version


def _context(model_admin: admin.ModelAdmin, request: HttpRequest, title: str, **extra) -> dict:
    latest = latest_version()
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "latest": latest,
        "can_publish": request.user.has_perm(PUBLISH),
        **extra,
    }


def version_redirect(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str
) -> HttpResponse:
    """The admin's change URL of a version leads to its readable page."""
    _require(request, VIEW)
    version = model_admin.get_object(request, object_id)
    if version is None:
        raise Http404("No such published version.")
    return redirect("admin:policydata_policyversion_page", number=version.number)


def version_page(model_admin: admin.ModelAdmin, request: HttpRequest, number: int) -> HttpResponse:
    """One version: who published it when, its notes and its changes in words."""
    _require(request, VIEW)
    version = _version_or_404(number)
    context = _context(
        model_admin,
        request,
        f"Policy version {version.label}",
        version=version,
        changes=version_changes(version),
        previous=find_version(version.number - 1),
    )
    return TemplateResponse(request, "admin/policydata/version_page.html", context)


def _number(value: str | None) -> int | None:
    """A version number from "3" or "v3"; None if it is not one."""
    value = (value or "").strip().lower().removeprefix("v")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 10 else None


def diff_page(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """What changed between any two versions (?a=1&b=3), in words."""
    _require(request, VIEW)
    raw = {name: request.GET.get(name, "") for name in ("a", "b")}
    numbers = {name: _number(value) for name, value in raw.items()}
    context = _context(model_admin, request, "Compare two versions", a=numbers["a"], b=numbers["b"])
    bad = [
        f"{which}, \u201c{raw[n]}\u201d, is not a version number"
        if raw[n].strip()
        else f"{which} is missing"
        for n, which in (("a", "the first version"), ("b", "the second version"))
        if numbers[n] is None
    ]
    if bad:
        context["error"] = f"Choose two published versions to compare: {'; '.join(bad)}."
        return TemplateResponse(request, "admin/policydata/version_diff.html", context, status=400)
    versions = {name: find_version(number) for name, number in numbers.items()}
    missing = [f"v{numbers[n]}" for n, v in versions.items() if v is None]
    if missing:
        latest = context["latest"]
        known = (
            "nothing is published yet"
            if latest is None
            else "the only published version is v1"
            if latest.number == 1
            else f"the published versions are v1 to {latest.label}"
        )
        context["error"] = f"There is no {' or '.join(missing)}: {known}."
        return TemplateResponse(request, "admin/policydata/version_diff.html", context, status=404)
    a, b = versions["a"], versions["b"]
    low, high = sorted((a.number, b.number))
    context.update(
        title=f"From {a.label} to {b.label}",
        old=a,
        new=b,
        changes=version_diff(a, b),
        between=PolicyVersion.objects.filter(number__gt=low, number__lte=high)
        .only("number", "published_at", "note")
        .order_by("number"),
    )
    return TemplateResponse(request, "admin/policydata/version_diff.html", context)


def rollback_page(model_admin: admin.ModelAdmin, request: HttpRequest, number: int) -> HttpResponse:
    """GET: what rolling the draft back to vN would change. POST: do it, then go to publish."""
    _require(request, PUBLISH)
    version = _version_or_404(number)
    error, status = "", 200
    if request.method == "POST":
        try:
            report = rollback_draft(
                version, expected_fingerprint=request.POST.get("draft_fingerprint", "")
            )
        except StaleDraft:
            error, status = STALE_ROLLBACK, 409
        except (ImportRejected, NotAnExport):
            status = 409  # the plan below says why
        else:
            text = (
                f"Rolled the draft back to {version.label} ({report.summary}): the draft now "
                f"holds {version.label}\u2019s facts. Nothing has changed for buyers yet: "
                "review the changes below and publish them."
                if report.changes
                else f"The draft already held {version.label}\u2019s facts: nothing changed."
            )
            model_admin.message_user(request, text, messages.SUCCESS)
            return redirect("admin:policydata_policyversion_publish")
    plan = plan_rollback(version)
    if plan.errors and status == 200:
        status = 409
    title = (
        "Discard the draft\u2019s edits"
        if plan.discards_draft_edits
        else f"Roll the draft back to {version.label}"
    )
    context = _context(model_admin, request, title, version=version, plan=plan, error=error)
    return TemplateResponse(
        request, "admin/policydata/version_rollback.html", context, status=status
    )
