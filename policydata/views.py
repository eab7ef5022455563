from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .matrix import STATUS_LABELS, current_matrix
from .models import stale_cutoff
from .public import KINDS, STATUS_LEGEND, clean_filter, matrix_json, matrix_page_data


@require_GET
@vary_on_headers("HX-Request")
def matrix_page(request: HttpRequest) -> HttpResponse:
    matrix = current_matrix()
    flt, errors = clean_filter(matrix, request.GET.dict())
    cutoff = stale_cutoff()
    context = {
        "matrix": matrix,
        "filter": flt,
        "errors": errors,
        "page": matrix_page_data(matrix, flt, cutoff),
        "statuses": STATUS_LABELS,
        "legend": STATUS_LEGEND,
        "kinds": KINDS,
        "stale_cutoff": cutoff,
    }
    template = "policydata/matrix.html#results" if request.htmx else "policydata/matrix.html"
    return render(request, template, context, status=400 if errors else 200)


@require_GET
def matrix_data(request: HttpRequest) -> JsonResponse:
    return JsonResponse(matrix_json(current_matrix()), json_dumps_params={"indent": 2})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    from .models import PolicyVersion

    PolicyVersion.objects.exists()  # proves the database answers
    return HttpResponse("ok", content_type="text/plain")


def _since(value: str) -> int:
    """The `since` of /changes/?since=v3 (or since=3): show the versions after it."""
    value = value.strip().lower().removeprefix("v")
    return int(value) if value.isdigit() else 0


@require_GET
def changes_page(request: HttpRequest) -> HttpResponse:
    from .models import PolicyVersion
    from .publishing import version_changes

    since = _since(request.GET.get("since", ""))
    versions = PolicyVersion.objects.filter(number__gt=since).order_by("-number")
    entries = [(v, version_changes(v)) for v in versions]
    return render(request, "policydata/changes.html", {"entries": entries, "since": since})


@require_GET
def version_changes_page(request: HttpRequest, number: int) -> HttpResponse:
    """Every change a version made, grouped by offering: the full list behind a summary."""
    from django.shortcuts import get_object_or_404

    from .models import PolicyVersion
    from .publishing import version_changes

    version = get_object_or_404(PolicyVersion, number=number)
    changes = version_changes(version)
    return render(
        request, "policydata/version_changes.html", {"version": version, "changes": changes}
    )
