"""Pages of the kernel: sign-in, language switch, and error pages."""

from __future__ import annotations

import logging
from typing import Any

from axes.helpers import get_cool_off
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coop.core.forms import GovukForm
from coop.core.i18n import set_language_cookie
from coop.core.models import User
from coop.core.services import user_set_language

logger = logging.getLogger(__name__)


class InvalidFormStatusMixin:
    """A form that fails validation is answered 400 Bad Request (and writes nothing)."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginForm(GovukForm, auth_forms.AuthenticationForm):
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
    """Sign in by email and password; the interface then speaks the user's saved language."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: auth_forms.AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User):
            set_language_cookie(response, user.preferred_language)
        return response


class PasswordResetForm(GovukForm, auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Send the link in the language the user chose, whatever the page's language."""
        user = context["user"]
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(
            subject, body, from_email, [to_email], headers={"Content-Language": language}
        )
        try:
            message.send()
        except Exception:  # the page must not reveal whether an account exists
            logger.exception("Failed to send the password reset email to user %s", user.pk)


class SetPasswordForm(GovukForm, auth_forms.SetPasswordForm):
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
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        user_set_language(user=user, language=language, actor=user)
    response = HttpResponseRedirect(target)
    set_language_cookie(response, language)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose CSRF token is missing or wrong: explain, save nothing (Django's
    CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def is_api(request: HttpRequest) -> bool:
    """Whether the request is for the API, whose every answer is JSON in its one error shape
    (`{"detail": "…"}`), even where no API view was reached."""
    return request.path_info.startswith("/api/")


def lockout(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer once sign-in is paused: 429 Too Many Requests, with Retry-After;
    JSON in the API's error shape for the token endpoint, the page elsewhere."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = seconds // 60
    response: HttpResponse
    if is_api(request):
        detail = ngettext(
            "You entered a wrong email address or password too many times. For your "
            "security, signing in is paused for %(minutes)s minute.",
            "You entered a wrong email address or password too many times. For your "
            "security, signing in is paused for %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        response = JsonResponse({"detail": detail}, status=429)
    else:
        response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
