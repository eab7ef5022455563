from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .matrix import STATUS_LABELS, current_matrix
from .models import stale_cutoff
from .public import clean_filter, matrix_json, program_tables


@require_GET
@vary_on_headers("HX-Request")
def matrix_page(request: HttpRequest) -> HttpResponse:
    matrix = current_matrix()
    flt, errors = clean_filter(matrix, request.GET.dict())
    context = {
        "matrix": matrix,
        "filter": flt,
        "errors": errors,
        # Called only when the template's fragment cache misses.
        "tables": lambda: program_tables(matrix, flt),
        "statuses": STATUS_LABELS,
        "show_other_facts": not (flt.program or flt.status or flt.kind),
        "stale_cutoff": stale_cutoff(),
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


@require_GET
def changes_page(request: HttpRequest) -> HttpResponse:
    from .models import PolicyVersion
    from .publishing import describe_changes

    try:
        since = int(request.GET.get("since", "0"))
    except ValueError:
        since = 0
    versions = PolicyVersion.objects.filter(number__gt=since).order_by("-number")
    entries = [(v, describe_changes(v.changes, v.snapshot)) for v in versions]
    return render(request, "policydata/changes.html", {"entries": entries, "since": since})
