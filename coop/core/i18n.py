"""The interface language: one place that writes the language cookie."""

from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.http import HttpResponse

SameSite = Literal["Lax", "Strict", "None", False] | None


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember `language` in the browser (Django's LocaleMiddleware reads the cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
