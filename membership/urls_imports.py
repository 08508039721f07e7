"""URLs of the register import pages (preview, then commit)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
