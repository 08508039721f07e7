"""What `OPTIONS` answers on every API endpoint.

DRF's `SimpleMetadata` describes a view's fields through `get_serializer()`, which asserts
when a view declares no `serializer_class`, as Cyd's views do (each method names its own
input and output serializers in the schema). OPTIONS answers what is true of every view —
its name, what it renders and parses, the methods it allows (also in the `Allow` header) —
and points at the OpenAPI schema for fields, which documents every operation in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.views import APIView


class Metadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "allowed_methods": list(view.allowed_methods),
            "schema": request.build_absolute_uri(reverse("api-schema")),
        }
