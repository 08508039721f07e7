from django.urls import include, path

from membership.views import organisation

app_name = "membership"

urlpatterns = [
    path("<slug:slug>/", organisation.organisation_detail, name="organisation"),
    path("<slug:slug>/audit/", organisation.audit_log, name="audit_log"),
    path("<slug:slug>/import/", include("membership.urls_imports")),
    path("<slug:slug>/", include("membership.urls_member")),
]
