"""Pages of the kernel: sign-in, language switch, and error pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coop.core.forms import GovukForm
from coop.core.services import user_set_language


class InvalidFormStatusMixin:
    """A form that fails validation is answered 400 Bad Request (and writes nothing)."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginForm(GovukForm, auth_views.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. If you have forgotten your "
            "password, reset it."
        ),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["password"].label = _("Password")


class LoginView(InvalidFormStatusMixin, auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: forms.Form) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()  # type: ignore[attr-defined]
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
        return response


class PasswordResetForm(GovukForm, auth_views.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")


class SetPasswordForm(GovukForm, auth_views.SetPasswordForm):
    pass


class PasswordResetView(InvalidFormStatusMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(InvalidFormStatusMixin, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm


class LanguageForm(GovukForm, forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        error_messages={
            "invalid_choice": _("Choose a language from the list: English or Cymraeg."),
            "required": _("Choose a language: English or Cymraeg."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and on the user's account."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return render(request, "core/language_error.html", {"form": form}, status=400)
    language = form.cleaned_data["language"]
    target = form.cleaned_data["next"] or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language, actor=request.user)  # type: ignore[arg-type]
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def lockout(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "registration/locked_out.html", status=429)
