"""The buyer's wizard: short views that validate, call the domain and render."""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    condition,
    require_GET,
    require_http_methods,
    require_POST,
)
from django.views.decorators.vary import vary_on_cookie, vary_on_headers
from django_htmx.http import push_url

from config.ratelimit import rate_limited
from policydata.api import error_response, read_json_body
from policydata.matrix import PolicyMatrix, current_matrix
from policydata.remedies import apply_changes
from policydata.service import assess_answers, assess_normalised

from . import flow
from .assessments import (
    DIGEST_INPUT_MAX,
    compare_results,
    digest_groups,
    is_full_digest,
    normalise_digest,
    sealed_assessment,
)
from .comparison import build_comparison
from .drafts import merge_answers, read_draft
from .forms import ASKED_ELSEWHERE, STEP_FORMS, SaveForm, choice_groups, initial_from_answers
from .models import Draft, SavedAssessment, new_token
from .pdf import PDF_LAYOUT_VERSION, render_pdf
from .summary import build_document, build_summary, describe_answers, slug_names

# The browser's draft in progress, so the home page can offer to continue it.
DRAFT_COOKIE = "draft"
JUST_SAVED = "just-saved"  # the tag of the message a save leaves for the saved page


class DraftNotFound(Http404):
    """A draft link that is unknown or has expired."""


def _draft(token: str) -> tuple[Draft, PolicyMatrix]:
    """The live draft for a token and the published policy (read together); an expired or
    unknown draft is a 404."""
    draft, latest_number = read_draft(token)
    if draft is None:
        raise DraftNotFound("No such draft, or it has expired.")
    return draft, current_matrix(latest_number)


# A step's URL is built on every wizard request, up to three times: from the route's
# prefix, reversed once per script prefix, rather than through the resolver each time.
_SAMPLE_TOKEN = "A" * 43


@functools.cache
def _steps_prefix(script_prefix: str) -> str:
    sample = reverse("wizard-step", args=[_SAMPLE_TOKEN, "data"])
    return sample[: sample.index(_SAMPLE_TOKEN)]


def _step_url(draft: Draft, step: str, return_to_review: bool = False) -> str:
    url = f"{_steps_prefix(get_script_prefix())}{draft.token}/{step}/"
    return url + "?return=review" if return_to_review else url


def _remember(request: HttpRequest, response: HttpResponse, draft: Draft) -> HttpResponse:
    """Keep the draft's token in this browser for as long as the draft lives."""
    response.set_cookie(
        DRAFT_COOKIE,
        draft.token,
        max_age=settings.DRAFT_TTL_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
    return response


def _resume_url(draft: Draft, matrix: PolicyMatrix) -> str:
    """Where a buyer picks a draft up: its first unanswered step, else the review."""
    missing = flow.first_unanswered(draft.answers, matrix)
    return _step_url(draft, missing.slug if missing else "review")


@require_GET
@vary_on_cookie
def home(request: HttpRequest) -> HttpResponse:
    token = request.COOKIES.get(DRAFT_COOKIE, "")
    draft, latest_number = read_draft(token) if token else (None, None)
    context = {
        "continue_url": _resume_url(draft, current_matrix(latest_number)) if draft else None,
        "ttl_days": settings.DRAFT_TTL_DAYS,
    }
    response = render(request, "wizard/home.html", context)
    if token and draft is None:
        response.delete_cookie(DRAFT_COOKIE, samesite="Lax")
    return response


@require_POST
@rate_limited("create")
def start(request: HttpRequest) -> HttpResponse:
    draft = Draft.objects.create(answers={})
    return _remember(request, redirect(_step_url(draft, "data")), draft)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the site's own page; a draft link says that drafts expire."""
    context = {
        "draft_link": isinstance(exception, DraftNotFound),
        "ttl_days": settings.DRAFT_TTL_DAYS,
    }
    return render(request, "404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a plain page that needs no database and no context processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())


@functools.cache
def _kept_step_template(slug: str) -> Any:
    return loader.get_template(f"wizard/steps/{slug}.html")


def _step_template(slug: str) -> Any:
    """A step's questions template: looked up once per process (the include by name went
    through the template loaders on every request); afresh in development, where
    templates reload."""
    if settings.DEBUG:
        return loader.get_template(f"wizard/steps/{slug}.html")
    return _kept_step_template(slug)


def _step_context(
    request: HttpRequest, draft: Draft, step: flow.Step, matrix: PolicyMatrix, form: Any
) -> dict[str, Any]:
    answers = draft.answers
    steps = flow.visible_steps(answers, matrix)
    position = steps.index(step) + 1 if step in steps else None
    previous = flow.neighbour(step.slug, answers, matrix, -1, steps)
    step_url = _step_url(draft, step.slug)
    context: dict[str, Any] = {
        "draft": draft,
        "step": step,
        "step_template": _step_template(step.slug),
        "steps": steps,
        "position": position,
        "total": len(steps),
        "form": form,
        # Named here: looked up on a form in the template, a missing key builds an error.
        "errors": form.errors if form is not None and form.is_bound else None,
        "step_url": step_url,
        "previous_url": _step_url(draft, previous) if previous else None,
        "return_to_review": request.GET.get("return") == "review",
        "resume_url": request.build_absolute_uri(step_url),
    }
    if step.slug == "surfaces":
        context["groups"] = choice_groups(matrix, "surface")
    elif step.slug == "features":
        context["groups"] = choice_groups(matrix, "feature", ASKED_ELSEWHERE)
        context["applies"] = flow.uses_api(answers, matrix)
    elif step.slug == "review":
        context.update(_review_context(draft, matrix))
    return context


def _review_context(draft: Draft, matrix: PolicyMatrix) -> dict[str, Any]:
    """Check your answers: every question asked, "Not answered" for the missing ones, and
    a verdict only once nothing is missing."""
    effective = flow.effective_answers(draft.answers, matrix)
    missing = flow.unanswered_keys(draft.answers, matrix)
    asked = flow.asked_answers(draft.answers, matrix)
    lines = [
        line
        for line in describe_answers(
            effective, slug_names(matrix), flow.uses_routes(effective, matrix), unanswered=missing
        )
        if line.key in asked
    ]
    if draft.answers.get("features_unsure") and not effective["features"]:
        lines = [
            dataclasses.replace(line, value="Not sure yet") if line.key == "features" else line
            for line in lines
        ]
    first_missing = flow.first_unanswered(draft.answers, matrix)
    result, errors = assess_answers(effective, matrix) if not missing else (None, [])
    return {
        "answers": lines,
        "unanswered_count": len(missing),
        "next_url": _step_url(draft, first_missing.slug, True) if first_missing else None,
        "preview": result,
        "answer_errors": errors,
    }


def _render_step(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # A history restore needs the whole page, not a fragment.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "wizard/step.html#step" if partial else "wizard/step.html"
    return render(request, template, context, status=status)


def _hidden(step: flow.Step, draft: Draft, matrix: PolicyMatrix) -> frozenset[str]:
    """The questions of a step this buyer is not asked."""
    return frozenset(step.keys) - set(flow.asked_keys(step, draft.answers, matrix))


def _unbound_form(step: str, draft: Draft, matrix: PolicyMatrix) -> Any:
    """A step's form showing the saved answers (regions default to no requirement)."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        return None
    initial = {"storage_region": "any", "inference_region": "any"}
    initial.update(initial_from_answers(draft.answers))
    hidden = _hidden(flow.STEP_BY_SLUG[step], draft, matrix)
    return form_class(initial=initial, matrix=matrix, hidden=hidden)


def _following(
    step: str, draft: Draft, matrix: PolicyMatrix, from_review: bool
) -> tuple[str, bool]:
    """Where a post goes, and whether that step returns to the review: the next visible
    step; from the review, the first step still to answer (one the change just made
    relevant), else the review."""
    if from_review:
        missing = flow.first_unanswered(draft.answers, matrix)
        return (missing.slug, True) if missing else ("review", False)
    return flow.neighbour(step, draft.answers, matrix, +1) or "review", False


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def step_view(request: HttpRequest, token: str, step: str) -> HttpResponse:
    draft, matrix = _draft(token)
    if step not in flow.STEP_BY_SLUG:
        raise Http404("No such step.")
    current = flow.STEP_BY_SLUG[step]
    form_class = STEP_FORMS.get(step)

    if request.method == "GET":
        form = _unbound_form(step, draft, matrix)
        return _render_step(request, _step_context(request, draft, current, matrix, form))

    if form_class is None:  # the review step has nothing to post
        return redirect("wizard-result", token=draft.token)
    form = form_class(request.POST, matrix=matrix, hidden=_hidden(current, draft, matrix))
    if not form.is_valid():
        context = _step_context(request, draft, current, matrix, form)
        return _render_step(request, context, status=422)
    draft = merge_answers(draft, form.cleaned_data)
    following, back = _following(step, draft, matrix, request.GET.get("return") == "review")
    target = _step_url(draft, following, back)
    if request.htmx:
        next_form = _unbound_form(following, draft, matrix)
        context = _step_context(request, draft, flow.STEP_BY_SLUG[following], matrix, next_form)
        context["return_to_review"] = back
        response = push_url(_render_step(request, context), target)
    else:
        response = redirect(target)
    return _remember(request, response, draft)


def _assess_draft(draft: Draft, matrix: PolicyMatrix):
    return assess_normalised(flow.effective_answers(draft.answers, matrix), matrix)


def _unfinished(draft: Draft, matrix: PolicyMatrix) -> HttpResponse | None:
    """A draft with questions still to answer has no verdict: back to the first of them."""
    missing = flow.first_unanswered(draft.answers, matrix)
    return redirect(_step_url(draft, missing.slug)) if missing else None


@require_GET
def result_view(request: HttpRequest, token: str) -> HttpResponse:
    draft, matrix = _draft(token)
    if unfinished := _unfinished(draft, matrix):
        return unfinished
    answers, result, errors = _assess_draft(draft, matrix)
    if errors:
        context = {"draft": draft, "errors": errors}
        return render(request, "wizard/result_error.html", context, status=409)
    return _render_result(request, draft, answers, result, matrix, SaveForm())


def _render_result(
    request: HttpRequest,
    draft: Draft,
    answers: dict[str, Any],
    result: dict[str, Any],
    matrix: PolicyMatrix,
    save_form: SaveForm,
    status: int = 200,
) -> HttpResponse:
    as_of = timezone.localdate()
    summary = _summary(answers, result, matrix, as_of)
    # The answers and the day determine the summary (the result follows from the answers).
    key = ("result", json.dumps(answers, sort_keys=True), as_of)
    context = {
        "draft": draft,
        "summary": summary,
        "details": _details(matrix, key, summary),
        "review_url": _step_url(draft, "review"),
        "try_url": reverse("wizard-try", args=[draft.token]),
        "save_form": save_form,
    }
    return render(request, "wizard/result.html", context, status=status)


# Rendered details kept per published version: enough for the answers in use on one day.
DETAILS_KEPT = 256


def _details(matrix: PolicyMatrix, key: tuple, summary: Any) -> str:
    """A summary's findings, settings and answers ("#details"): most of a result page's
    rendering, and the same for every request whose `key` (which must determine the
    summary) is the same, so kept in the version's memo."""

    def render_details() -> str:
        return render_to_string("wizard/_summary.html#details", {"summary": summary})

    if settings.DEBUG:  # templates reload in development: render afresh
        return render_details()
    key = (*key, settings.POLICY_STALE_AFTER_DAYS)
    return matrix.kept("wizard-details", key, render_details, DETAILS_KEPT)


def _freeze(
    answers: dict[str, Any],
    result: dict[str, Any],
    based_on: str = "",
    prepared_for: dict[str, str] | None = None,
) -> SavedAssessment:
    saved = sealed_assessment(
        answers,
        result,
        token=new_token(),
        # Microseconds dropped: the timestamp must survive every database round trip unchanged.
        created_at=timezone.now().replace(microsecond=0),
        based_on=based_on,
        prepared_for=prepared_for,
    )
    saved.save(force_insert=True)
    return saved


@require_POST
@rate_limited("create")
def save_view(request: HttpRequest, token: str) -> HttpResponse:
    draft, matrix = _draft(token)
    if unfinished := _unfinished(draft, matrix):
        return unfinished
    answers, result, errors = _assess_draft(draft, matrix)
    if errors:
        context = {"draft": draft, "errors": errors}
        return render(request, "wizard/result_error.html", context, status=409)
    save_form = SaveForm(request.POST)
    if not save_form.is_valid():
        return _render_result(request, draft, answers, result, matrix, save_form, status=400)
    saved = _freeze(answers, result, based_on=draft.based_on, prepared_for=save_form.cleaned_data)
    # Shown once, by the saved page this redirect leads to.
    messages.success(request, "Your assessment is saved.", extra_tags=f"{JUST_SAVED} {saved.token}")
    return redirect("saved", token=saved.token)


def _just_saved(request: HttpRequest, saved: SavedAssessment) -> bool:
    """Whether this request follows the save of this assessment (and consume the note)."""
    return any(
        {JUST_SAVED, saved.token} <= set(m.extra_tags.split())
        for m in messages.get_messages(request)
    )


@require_GET
def saved_view(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    matrix = current_matrix()
    current, errors = assess_answers(saved.answers, matrix)
    diff = compare_results(saved.result, current) if current else None
    summary = _summary(saved.answers, saved.result, matrix, saved.created_at.date())
    context = {
        "saved": saved,
        "summary": summary,
        # The digest covers the answers, the result and the date the summary is built from.
        "details": _details(matrix, ("saved", saved.digest), summary),
        "diff": diff,
        "rerun_errors": errors,
        "share_url": request.build_absolute_uri(reverse("saved", args=[saved.token])),
        "just_saved": _just_saved(request, saved),
        "current_policy_version": matrix.version,
        "try_url": reverse("saved-try", args=[saved.token]),
        "based_on": _based_on(saved),
    }
    return render(request, "wizard/saved.html", context)


def _based_on(saved: SavedAssessment) -> SavedAssessment | None:
    """The saved assessment this one was started from, while it exists."""
    if not saved.based_on:
        return None
    return SavedAssessment.objects.filter(token=saved.based_on).only("token", "created_at").first()


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
    draft = Draft.objects.create(answers=dict(saved.answers), based_on=saved.token)
    return _remember(request, redirect(_step_url(draft, "review")), draft)


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
    summary = build_summary(
        answers, result, matrix, as_of=as_of, stale_after_days=settings.POLICY_STALE_AFTER_DAYS
    )
    # Only the remedies "Try this" can keep: the wizard assesses what it asks.
    remedies = result.get("remedies") or []
    shown = [
        r
        for r in summary.remedies
        if flow.remedy_holds(
            answers, apply_changes(answers, remedies[r["index"]]["changes"]), matrix
        )
    ]
    return dataclasses.replace(summary, remedies=shown)


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


def _look_up_digest(digest: str) -> tuple[SavedAssessment | None, bool]:
    """The assessment with this digest, or the only one whose digest starts with it; and
    whether several do (a short digest that does not tell them apart)."""
    if is_full_digest(digest):
        return SavedAssessment.objects.filter(digest=digest).first(), False
    found = list(SavedAssessment.objects.filter(digest__startswith=digest)[:2])
    return (found[0] if len(found) == 1 else None), len(found) > 1


# The verify page and its JSON share their own rate limit: a short digest is a prefix
# look-up, and nobody should be able to walk the prefixes quickly.
@require_GET
@rate_limited("verify")
def verify_view(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("digest", "")
    # What the buyer typed goes back in the field (escaped by the template), cut short.
    context: dict[str, Any] = {"digest": raw[:DIGEST_INPUT_MAX], "checked": "digest" in request.GET}
    if not context["checked"]:
        return render(request, "wizard/verify.html", context)
    digest, error = normalise_digest(raw)
    if digest is None:
        context["error"] = error
        return render(request, "wizard/verify.html", context, status=400)
    saved, ambiguous = _look_up_digest(digest)
    context.update(query=digest, full=is_full_digest(digest), ambiguous=ambiguous, saved=saved)
    if saved:
        context["groups"] = digest_groups(saved.digest)
        if context["full"]:
            context["summary"] = _summary(
                saved.answers, saved.result, current_matrix(), saved.created_at.date()
            )
    return render(request, "wizard/verify.html", context)


@require_GET
@rate_limited("verify")
def verify_json(request: HttpRequest) -> JsonResponse:
    """The verify page for scripts: whether a digest (or the start of one) is on record."""
    digest, error = normalise_digest(request.GET.get("digest", ""))
    if digest is None:
        return JsonResponse({"match": False, "error": error}, status=400)
    saved, ambiguous = _look_up_digest(digest)
    body: dict[str, Any] = {
        "match": saved is not None,
        # "prefix": the start of a digest was looked up; compare "digest" with the document.
        "query": "full" if is_full_digest(digest) else "prefix",
        "saved_on": saved.created_at.isoformat() if saved else None,
        "verdict": saved.result.get("verdict") if saved else None,
        "policy_version": saved.policy_version if saved else None,
    }
    if saved:
        body["digest"] = saved.digest
    if ambiguous:
        body["ambiguous"] = True
        body["message"] = "More than one saved assessment starts with these characters."
    return JsonResponse(body)


# ---- the way to ready, and comparing two assessments --------------------------------------


def _chosen_remedy(
    request: HttpRequest, answers: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any] | None:
    """The remedy the buyer picked (by its place in the result), if it is one the wizard
    can keep."""
    remedies = result.get("remedies") or []
    offered = {str(index): remedy for index, remedy in enumerate(remedies)}
    remedy = offered.get(request.POST.get("remedy", ""))
    if remedy is None:
        return None
    changed = apply_changes(answers, remedy["changes"])
    return remedy if flow.remedy_holds(answers, changed, current_matrix()) else None


def _no_such_remedy(request: HttpRequest, back_url: str) -> HttpResponse:
    context = {"back_url": back_url}
    return render(request, "wizard/remedy_gone.html", context, status=400)


def _draft_from_remedy(
    request: HttpRequest, answers: dict[str, Any], remedy: dict[str, Any], based_on: str = ""
) -> HttpResponse:
    """A new draft with the remedy's changes applied; its result is the remedy's verdict.

    A question the change makes relevant (how developers reach a product just added) is
    asked, not answered with a default: the buyer goes there first.
    """
    matrix = current_matrix()
    changed = apply_changes(answers, remedy["changes"])
    before = set(flow.asked_answers(answers, matrix))
    for key in set(flow.asked_answers(changed, matrix)) - before:
        changed.pop(key, None)
    draft = Draft.objects.create(answers=changed, based_on=based_on)
    missing = flow.first_unanswered(changed, matrix)
    target = (
        _step_url(draft, missing.slug, return_to_review=True)
        if missing
        else reverse("wizard-result", args=[draft.token])
    )
    return _remember(request, redirect(target), draft)


@require_POST
@rate_limited("create")
def try_draft_remedy(request: HttpRequest, token: str) -> HttpResponse:
    draft, matrix = _draft(token)
    answers, result, errors = _assess_draft(draft, matrix)
    remedy = None if errors else _chosen_remedy(request, answers, result)
    if remedy is None:
        return _no_such_remedy(request, reverse("wizard-result", args=[draft.token]))
    return _draft_from_remedy(request, answers, remedy)


@require_POST
@rate_limited("create")
def try_saved_remedy(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedAssessment, token=token)
    remedy = _chosen_remedy(request, saved.answers, saved.result)
    if remedy is None:
        return _no_such_remedy(request, reverse("saved", args=[saved.token]))
    return _draft_from_remedy(request, saved.answers, remedy, based_on=saved.token)


@require_POST
@rate_limited("create")
def rerun_view(request: HttpRequest, token: str) -> HttpResponse:
    """Save what today's policy says of a saved assessment's answers, and compare the two."""
    saved = get_object_or_404(SavedAssessment, token=token)
    answers, result, errors = assess_normalised(saved.answers)
    if errors:
        return redirect("saved", token=saved.token)  # the saved page explains why
    fresh = _freeze(answers, result, based_on=saved.token)
    return redirect("compare", first=saved.token, second=fresh.token)


@require_GET
def compare_view(request: HttpRequest, first: str, second: str) -> HttpResponse:
    left = get_object_or_404(SavedAssessment, token=first)
    right = get_object_or_404(SavedAssessment, token=second)
    comparison = build_comparison(left, right, current_matrix())
    return render(request, "wizard/compare.html", {"comparison": comparison})
