"""API endpoints for register imports (preview, then commit)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
