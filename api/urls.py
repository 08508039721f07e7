from django.urls import include, path

from api import auth

app_name = "api"

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("me/", auth.MeView.as_view(), name="me"),
    path("", include("api.membership.imports")),
    path("", include("api.membership.urls")),
    path("", include("api.voting.urls")),
    path("", include("api.governance.urls")),
    path("", include("api.tendering.urls")),
]
