from django.urls import path

from membership import views

app_name = "membership"

urlpatterns = [
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/audit/", views.audit_log, name="audit_log"),
]
