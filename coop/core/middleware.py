"""Request middleware of the kernel."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from coop.core.i18n import set_language_cookie


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's; the cookie follows it.

    Django's LocaleMiddleware has already chosen from the cookie or Accept-Language; this
    runs after authentication so the choice a user saved follows them to any device.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        saved: str | None = None
        if user is not None and user.is_authenticated:
            saved = getattr(user, "preferred_language", None) or None
            if saved:
                translation.activate(saved)
                request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # A view that set the cookie itself (the language switch, sign-in) has the last word;
        # the switch also saves the new choice on the user, so read it again.
        if saved and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            current = getattr(user, "preferred_language", saved) or saved
            if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != current:
                set_language_cookie(response, current)
        return response


class PermissionsPolicyMiddleware:
    """Send `Permissions-Policy` on every response: no page of Cyd uses the camera,
    microphone, location, payment or device APIs, so none may, and no framed or injected
    script can ask a member for them (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": []}` → `camera=()`; an allowed origin list such as `["self"]` →
    `fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())
