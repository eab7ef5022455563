"""The JSON door: POST /api/assess and GET /api/schema."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from config.ratelimit import rate_limited

from .contract import AnswerError, json_schema
from .matrix import current_matrix
from .service import assess_json, decode_json


def error_response(errors: list[AnswerError], status: int = 400) -> JsonResponse:
    return JsonResponse({"errors": [e.as_dict() for e in errors]}, status=status)


def read_json_body(request: HttpRequest) -> tuple[object, JsonResponse | None]:
    """The request's JSON body, or the 4xx response that explains why it cannot be read."""
    limit = settings.API_MAX_BODY_BYTES
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None, error_response(
            [AnswerError("", f"The body is {length} bytes; at most {limit} are accepted.")], 413
        )
    content_type = request.content_type or ""
    if content_type != "application/json":
        return None, error_response(
            [AnswerError("", "Send the answers as JSON with Content-Type: application/json.")],
            415,
        )
    body = request.body
    if len(body) > limit:
        return None, error_response(
            [AnswerError("", f"The body is over {limit} bytes; at most {limit} are accepted.")],
            413,
        )
    data, errors = decode_json(body)
    if errors:
        return None, error_response(errors)
    return data, None


# A pure function of its input with no side effects and no cookies: CSRF has nothing to protect.
@csrf_exempt
@require_POST
@rate_limited("assess")
def assess_view(request: HttpRequest) -> HttpResponse:
    data, problem = read_json_body(request)
    if problem:
        return problem
    body, errors = assess_json(data)
    if errors:
        return error_response(errors)
    return HttpResponse(body, content_type="application/json")


@require_GET
def schema_view(request: HttpRequest) -> JsonResponse:
    return JsonResponse(json_schema(current_matrix()))
