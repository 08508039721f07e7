"""Top-level URL configuration: pages, the API and its documentation."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from coop import hub, views
from coop.core import views as core_views
from membership import urls as membership_urls

#: The membership pages, with the organisation's home page, which links to every app and so
#: is served from this layer (`coop.hub`) under its name in membership's namespace.
membership_patterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", hub.organisation_hub, name="organisation"),
    *membership_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", core_views.language_switch, name="language_switch"),
    path("accounts/sign-in/", core_views.LoginView.as_view(), name="login"),
    path("accounts/sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", core_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        core_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("o/<slug:slug>/bids/", include("tendering.urls")),
    path("o/<slug:slug>/", include("governance.urls")),
    path("o/<slug:slug>/ballots/", include("voting.urls")),
    path("o/", include((membership_patterns, membership_urls.app_name))),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Split view plus a template without inline style: the docs work under the strict CSP.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="core/swagger_ui.html"
        ),
        name="api-docs",
    ),
]

handler400 = "coop.views.bad_request"
handler403 = "coop.views.permission_denied"
handler404 = "coop.views.page_not_found"
handler500 = "coop.views.server_error"
