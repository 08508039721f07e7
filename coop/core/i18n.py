"""The interface language: whether a page is read in Welsh, and the one place that writes the
language cookie."""

from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation

SameSite = Literal["Lax", "Strict", "None", False] | None


def is_welsh() -> bool:
    """Whether the page is being read in Welsh (the active language is `cy`)."""
    return (translation.get_language() or "").split("-")[0] == "cy"


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
