"""URLs of the member-facing pages (my account, certificate, duplicate register, join)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
