"""URLs of the register import pages (preview, then commit)."""

from django.urls import URLPattern, path

from membership.views import imports

urlpatterns: list[URLPattern] = [
    path("", imports.import_start, name="import_start"),
    path("template.csv", imports.import_template, name="import_template"),
    path("<int:pk>/", imports.import_preview, name="import_preview"),
    path("<int:pk>/commit/", imports.import_commit, name="import_commit"),
]
