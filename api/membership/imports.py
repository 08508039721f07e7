"""API endpoints for register imports: upload a spreadsheet to get every problem by row and
column (nothing imported), then commit a clean upload, all or nothing (secretary)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors
from membership.forms.imports import ImportUploadForm
from membership.models import ImportBatch
from membership.services.imports import ImportProblemsError, import_commit, import_preview

# --- serializers -------------------------------------------------------------------------


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True,
        help_text="The row as the spreadsheet numbers it (the header is row 1); null for a "
        "problem with the whole file.",
    )
    column = serializers.CharField(allow_null=True, help_text="The column, or null.")
    message = serializers.CharField(help_text="What is wrong, naming the rule.")


class ImportBatchSerializer(serializers.ModelSerializer):
    status = EnumChoiceField(ImportBatch.Status.choices, enum_name="ImportStatusEnum")
    problems = ImportProblemSerializer(many=True, help_text="Every problem found; empty if none.")
    problem_count = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = (
            "id",
            "filename",
            "status",
            "row_count",
            "problem_count",
            "problems",
            "created_at",
            "committed_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_problem_count(self, batch: ImportBatch) -> int:
        return len(batch.problems)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The register as CSV (UTF-8) or Excel .xlsx: a header row naming the "
        "columns, then one row per member and share class."
    )


class ImportCommitResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = EnumChoiceField(ImportBatch.Status.choices, enum_name="ImportStatusEnum")
    imported = serializers.IntegerField(help_text="How many members were added.")


# --- views -------------------------------------------------------------------------------


def _batch(view: OrganisationView, pk: int) -> ImportBatch:
    return found(selectors.import_batch_get(view.organisation, pk))


@extend_schema(tags=["imports"])
class ImportUploadView(OrganisationView):
    policy = {"POST": permissions.can_import_members}
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        summary="Upload a register spreadsheet and check it (secretary)",
        description="Nothing is imported: the answer lists every problem by row and column. "
        "Commit the upload once it has no problems. A file that is not .csv or .xlsx, or is "
        "empty, answers 400 under `file`.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        form = ImportUploadForm(data={}, files=request.FILES)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        upload = form.cleaned_data["file"]
        batch = import_preview(
            organisation=self.organisation,
            filename=upload.name,
            content=upload.read(),
            actor=signed_in(request),
        )
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["imports"])
class ImportDetailView(OrganisationView):
    policy = {"GET": permissions.can_import_members}

    @extend_schema(
        summary="One upload, with its problems (secretary)",
        responses={200: ImportBatchSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(ImportBatchSerializer(_batch(self, pk)).data)


@extend_schema(tags=["imports"])
class ImportCommitView(OrganisationView):
    policy = {"POST": permissions.can_import_members}

    @extend_schema(
        summary="Import a checked upload into the register, all or nothing (secretary)",
        description="The file is checked again against the register as it is now. If it has "
        "any problem nothing is imported and the answer is 400 with `problems`; an upload "
        "already imported answers 400 under `status`.",
        request=None,
        responses={
            200: ImportCommitResultSerializer,
            **error_responses(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        batch = _batch(self, pk)
        try:
            imported = import_commit(batch=batch, actor=signed_in(request))
        except ImportProblemsError as exc:
            return Response(
                {
                    "file": exc.messages,
                    "problems": [problem.as_dict() for problem in exc.problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"id": batch.pk, "status": ImportBatch.Status.COMMITTED, "imported": imported}
        )


ORG = "organisations/<slug:slug>/"

urlpatterns: list[URLPattern] = [
    path(ORG + "imports/", ImportUploadView.as_view(), name="imports"),
    path(ORG + "imports/<int:pk>/", ImportDetailView.as_view(), name="import"),
    path(ORG + "imports/<int:pk>/commit/", ImportCommitView.as_view(), name="import-commit"),
]
