from django.contrib import admin
from django.urls import include, path

from policydata import views as policy_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("matrix/", policy_views.matrix_page, name="matrix"),
    path("matrix.json", policy_views.matrix_data, name="matrix-json"),
    path("healthz", policy_views.healthz, name="healthz"),
    path("", include("wizard.urls")),
]
