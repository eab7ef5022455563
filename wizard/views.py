"""The buyer's wizard: short views that validate, call the domain and render."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    condition,
    require_GET,
    require_http_methods,
    require_POST,
)
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from config.ratelimit import rate_limited
from policydata.api import error_response, read_json_body
from policydata.matrix import PolicyMatrix, current_matrix
from policydata.service import assess_answers, assess_normalised

from . import flow
from .assessments import canonical_json, compare_results, digest_of, policy_rows_used
from .forms import STEP_FORMS, grouped_choices, initial_from_answers
from .models import Draft, SavedAssessment, new_token
from .pdf import PDF_LAYOUT_VERSION, render_pdf
from .summary import build_document, build_summary, describe_answers, slug_names


def _draft(token: str) -> Draft:
    """The live draft for a token; an expired or unknown one is a 404."""
    return get_object_or_404(Draft, token=token, updated_at__gte=Draft.expiry_cutoff())


def _step_url(draft: Draft, step: str) -> str:
    return reverse("wizard-step", args=[draft.token, step])


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "wizard/home.html")


@require_POST
@rate_limited("create")
def start(request: HttpRequest) -> HttpResponse:
    draft = Draft.objects.create(answers={})
    return redirect(_step_url(draft, "data"))


def _step_context(
    request: HttpRequest, draft: Draft, step: flow.Step, matrix: PolicyMatrix, form: Any
) -> dict[str, Any]:
    answers = draft.answers
    steps = flow.visible_steps(answers, matrix)
    slugs = [s.slug for s in steps]
    position = slugs.index(step.slug) + 1 if step.slug in slugs else None
    previous = flow.neighbour(step.slug, answers, matrix, -1)
    context: dict[str, Any] = {
        "draft": draft,
        "step": step,
        "steps": steps,
        "position": position,
        "total": len(steps),
        "form": form,
        "step_url": _step_url(draft, step.slug),
        "previous_url": _step_url(draft, previous) if previous else None,
        "return_to_review": request.GET.get("return") == "review",
        "resume_url": request.build_absolute_uri(_step_url(draft, step.slug)),
    }
    if step.slug == "surfaces":
        context["groups"] = grouped_choices(matrix, "surface")
    elif step.slug == "features":
        context["groups"] = grouped_choices(matrix, "feature")
        context["applies"] = flow.uses_api(answers, matrix)
    elif step.slug == "review":
        effective = flow.effective_answers(draft.answers, matrix)
        result, errors = assess_answers(effective, matrix)
        context["answers"] = describe_answers(
            effective, slug_names(matrix), flow.uses_routes(effective, matrix)
        )
        context["preview"] = result
        context["answer_errors"] = errors
        context["features_apply"] = flow.uses_api(answers, matrix)
    return context


def _selected(form: Any, name: str) -> list[str]:
    """What the checkboxes of a field show: the posted values, else the initial ones."""
    if form.is_bound:
        return form.data.getlist(name)
    return list(form.initial.get(name, []))


def _render_step(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    form = context["form"]
    if form is not None:
        context["selected"] = {name: _selected(form, name) for name in form.fields}
    # A history restore needs the whole page, not a fragment.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "wizard/step.html#step" if partial else "wizard/step.html"
    return render(request, template, context, status=status)


def _unbound_form(step: str, draft: Draft, matrix: PolicyMatrix) -> Any:
    """A step's form showing the saved answers (regions default to no requirement)."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        return None
    initial = {"storage_region": "any", "inference_region": "any"}
    initial.update(initial_from_answers(draft.answers))
    return form_class(initial=initial, matrix=matrix)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def step_view(request: HttpRequest, token: str, step: str) -> HttpResponse:
    draft = _draft(token)
    if step not in flow.STEP_BY_SLUG:
        raise Http404("No such step.")
    current = flow.STEP_BY_SLUG[step]
    matrix = current_matrix()
    form_class = STEP_FORMS.get(step)

    if request.method == "GET":
        form = _unbound_form(step, draft, matrix)
        return _render_step(request, _step_context(request, draft, current, matrix, form))

    if form_class is None:  # the review step has nothing to post
        return redirect("wizard-result", token=draft.token)
    form = form_class(request.POST, matrix=matrix)
    if not form.is_valid():
        context = _step_context(request, draft, current, matrix, form)
        return _render_step(request, context, status=422)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        draft.answers = {**draft.answers, **form.cleaned_data}
        draft.save()
    answers = draft.answers
    if request.GET.get("return") == "review":
        following = "review"
    else:
        following = flow.neighbour(step, answers, matrix, +1) or "review"
    target = _step_url(draft, following)
    if request.htmx:
        following_step = flow.STEP_BY_SLUG[following]
        next_form = _unbound_form(following, draft, matrix)
        response = _render_step(
            request, _step_context(request, draft, following_step, matrix, next_form)
        )
        return push_url(response, target)
    return redirect(target)


def _assess_draft(draft: Draft, matrix: PolicyMatrix):
    return assess_normalised(flow.effective_answers(draft.answers, matrix), matrix)


@require_GET
def result_view(request: HttpRequest, token: str) -> HttpResponse:
    draft = _draft(token)
    matrix = current_matrix()
    answers, result, errors = _assess_draft(draft, matrix)
    if errors:
        context = {"draft": draft, "errors": errors}
        return render(request, "wizard/result_error.html", context, status=409)
    context = {
        "draft": draft,
        "summary": _summary(answers, result, matrix, timezone.localdate()),
        "review_url": _step_url(draft, "review"),
    }
    return render(request, "wizard/result.html", context)


def _freeze(answers: dict[str, Any], result: dict[str, Any]) -> SavedAssessment:
    token = new_token()
    # Microseconds dropped: the timestamp must survive every database round trip unchanged.
    created_at = timezone.now().replace(microsecond=0)
    rows = policy_rows_used(result)
    canonical = canonical_json(token, created_at.isoformat(), answers, result, rows)
    return SavedAssessment.objects.create(
        token=token,
        created_at=created_at,
        answers=answers,
        result=result,
        policy_rows=rows,
        policy_version=result["policy_version"],
        digest=digest_of(canonical),
    )


@require_POST
@rate_limited("create")
def save_view(request: HttpRequest, token: str) -> HttpResponse:
    draft = _draft(token)
    answers, result, errors = _assess_draft(draft, current_matrix())
    if errors:
        context = {"draft": draft, "errors": errors}
        return render(request, "wizard/result_error.html", context, status=409)
    saved = _freeze(answers, result)
    return redirect("saved", token=saved.token)


@require_GET
def saved_view(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    matrix = current_matrix()
    current, errors = assess_answers(saved.answers, matrix)
    diff = compare_results(saved.result, current) if current else None
    context = {
        "saved": saved,
        "summary": _summary(saved.answers, saved.result, matrix, saved.created_at.date()),
        "diff": diff,
        "rerun_errors": errors,
        "share_url": request.build_absolute_uri(reverse("saved", args=[saved.token])),
    }
    return render(request, "wizard/saved.html", context)


@require_GET
def saved_json(request: HttpRequest, token: str) -> JsonResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    return JsonResponse(
        {
            "id": saved.token,
            "created_at": saved.created_at.isoformat(),
            "answers": saved.answers,
            "result": saved.result,
            "policy_rows": saved.policy_rows,
        }
    )


@require_POST
def copy_view(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    draft = Draft.objects.create(answers=dict(saved.answers))
    return redirect(_step_url(draft, "review"))


# JSON in, a new read-only resource out; no cookie-based state is touched.
@csrf_exempt
@require_POST
@rate_limited("create")
def api_assessments(request: HttpRequest) -> JsonResponse:
    data, problem = read_json_body(request)
    if problem:
        return problem
    answers, result, errors = assess_normalised(data)
    if errors:
        return error_response(errors)
    saved = _freeze(answers, result)
    urls = {
        "url": reverse("saved", args=[saved.token]),
        "json_url": reverse("saved-json", args=[saved.token]),
        "pdf_url": reverse("saved-pdf", args=[saved.token]),
    }
    body = {"id": saved.token, **{k: request.build_absolute_uri(v) for k, v in urls.items()}}
    response = JsonResponse(body, status=201)
    response["Location"] = body["url"]
    return response


def _document(request: HttpRequest, saved: SavedAssessment):
    verify = reverse("verify") + f"?digest={saved.digest}"
    return build_document(
        saved,
        current_matrix(),
        verify_url=request.build_absolute_uri(verify),
        share_url=request.build_absolute_uri(reverse("saved", args=[saved.token])),
        stale_after_days=settings.POLICY_STALE_AFTER_DAYS,
    )


def _summary(answers, result, matrix, as_of):
    return build_summary(
        answers, result, matrix, as_of=as_of, stale_after_days=settings.POLICY_STALE_AFTER_DAYS
    )


@require_GET
def print_view(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    return render(request, "wizard/print.html", {"doc": _document(request, saved)})


def _pdf_etag(request: HttpRequest, token: str) -> str | None:
    digest = SavedAssessment.objects.filter(token=token).values_list("digest", flat=True).first()
    return f"{digest[:32]}-pdf{PDF_LAYOUT_VERSION}" if digest else None


@require_GET
@rate_limited("pdf")
@condition(etag_func=_pdf_etag)
def saved_pdf(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    key = f"pdf:{saved.digest}:{PDF_LAYOUT_VERSION}"
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string("wizard/print.html", {"doc": _document(request, saved)})
        pdf = render_pdf(html, identifier=saved.digest[:32])
        cache.set(key, pdf, timeout=settings.PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") == "1" else "attachment"
    filename = f"claude-compliance-assessment-{saved.created_at:%Y-%m-%d}-{saved.token[:8]}.pdf"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def verify_view(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("digest", "")
    digest = raw.strip().lower()
    context: dict[str, Any] = {"digest": raw[:200], "checked": bool(raw)}
    status = 200
    if raw:
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            context["error"] = "A digest is 64 hexadecimal characters (0-9, a-f)."
            status = 400
        else:
            saved = SavedAssessment.objects.filter(digest=digest).first()
            context["saved"] = saved
            if saved:
                context["summary"] = _summary(
                    saved.answers, saved.result, current_matrix(), saved.created_at.date()
                )
    return render(request, "wizard/verify.html", context, status=status)
