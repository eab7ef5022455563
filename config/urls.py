from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from policydata import api as policy_api
from policydata import views as policy_views
from policydata.feeds import PolicyChangesFeed

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("matrix/", policy_views.matrix_page, name="matrix"),
    path("matrix.json", policy_views.matrix_data, name="matrix-json"),
    path("healthz", policy_views.healthz, name="healthz"),
    path("changes/", policy_views.changes_page, name="changes"),
    path("changes/v<int:number>/", policy_views.version_changes_page, name="changes-version"),
    path("changes/feed/", PolicyChangesFeed(), name="changes-feed"),
    path("api/assess", policy_api.assess_view, name="api-assess"),
    path("api/schema", policy_api.schema_view, name="api-schema"),
    path("", include("wizard.urls")),
]

# The site's own error pages (only when DEBUG is off).
handler404 = "wizard.views.page_not_found"
handler500 = "wizard.views.server_error"

if settings.BENCH_ENDPOINTS:
    from django.shortcuts import render
    from django.views.decorators.http import require_GET

    @require_GET
    def bare_view(request):
        """The baseline the bench compares against: a small template, nothing else."""
        return render(request, "bench/bare.html", {"title": "bare"})

    urlpatterns.append(path("bench/bare/", bare_view))
