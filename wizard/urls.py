from django.urls import path, re_path

from . import views
from .models import TOKEN_PATTERN

T = f"(?P<token>{TOKEN_PATTERN})"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="wizard-start"),
    re_path(rf"^d/{T}/result/$", views.result_view, name="wizard-result"),
    re_path(rf"^d/{T}/save/$", views.save_view, name="wizard-save"),
    re_path(rf"^d/{T}/try/$", views.try_draft_remedy, name="wizard-try"),
    re_path(rf"^d/{T}/(?P<step>[a-z]+)/$", views.step_view, name="wizard-step"),
    re_path(rf"^a/{T}/$", views.saved_view, name="saved"),
    re_path(rf"^a/{T}\.json$", views.saved_json, name="saved-json"),
    re_path(rf"^a/{T}\.pdf$", views.saved_pdf, name="saved-pdf"),
    re_path(rf"^a/{T}/copy/$", views.copy_view, name="saved-copy"),
    re_path(rf"^a/{T}/print/$", views.print_view, name="saved-print"),
    re_path(rf"^a/{T}/try/$", views.try_saved_remedy, name="saved-try"),
    re_path(rf"^a/{T}/rerun/$", views.rerun_view, name="saved-rerun"),
    re_path(
        rf"^compare/(?P<first>{TOKEN_PATTERN})/(?P<second>{TOKEN_PATTERN})/$",
        views.compare_view,
        name="compare",
    ),
    path("verify/", views.verify_view, name="verify"),
    path("verify.json", views.verify_json, name="verify-json"),
    path("api/assessments", views.api_assessments, name="api-assessments"),
]
