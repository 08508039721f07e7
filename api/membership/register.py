"""The register as at a date (JSON or streamed CSV), the s.103 duplicate register, register
exports built in the background, and the audit trail."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView
from api.membership.members import HoldingSerializer, holding_rows
from api.mixins import validated
from api.pagination import CountedRows, Pagination
from api.serializers import EnumChoiceField, error_responses
from coop.core.downloads import file_download
from coop.core.i18n import is_welsh
from coop.core.models import AuditEvent
from coop.core.permissions import gate
from membership import permissions, selectors, services
from membership.exports import register_csv_lines
from membership.models import Member, RegisterExport, RegisterInspection
from membership.models.members import LANGUAGE_CHOICES
from membership.selectors import DUPLICATE_REGISTER_PAGE_SIZE, Register, RegisterRow

# --- serializers -------------------------------------------------------------------------


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="The register as at this date (default: today)."
    )

    def validate_as_of(self, value: dt.date) -> dt.date:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The date cannot be in the future."))
        return value


class RegisterQuerySerializer(AsOfSerializer):
    format = EnumChoiceField(
        [("json", "JSON, a page at a time"), ("csv", "CSV, the whole register streamed")],
        enum_name="RegisterFormatEnum",
        required=False,
        help_text="`csv` streams the whole register (or send `Accept: text/csv`).",
    )


class DuplicateRegisterRowSerializer(serializers.Serializer):
    """An entry of the duplicate register as members inspect it (CCBS Act 2014 s.103): no
    holdings, no contact details (`membership.selectors.duplicate_register` says why)."""

    number = serializers.IntegerField()
    name = serializers.CharField()
    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum")
    entered_on = serializers.DateField()
    ceased_on = serializers.DateField(allow_null=True)


class RegisterRowSerializer(serializers.Serializer):
    """An entry of the register as at a date (CCBS Act 2014 s.30), holdings from the ledger."""

    number = serializers.IntegerField()
    name = serializers.CharField()
    kind = EnumChoiceField(Member.Kind.choices, enum_name="MemberKindEnum")
    member_class = serializers.CharField(help_text="The class's name.")
    postal_address = serializers.CharField()
    postcode = serializers.CharField()
    email = serializers.CharField()
    email_purposes = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the email address was given for: notices, ballots, news.",
    )
    entered_on = serializers.DateField()
    ceased_on = serializers.DateField(allow_null=True)
    status = EnumChoiceField(Member.Status.choices, enum_name="MemberStatusEnum")

    holdings = serializers.SerializerMethodField()
    total_shares = serializers.IntegerField()
    total_paid_pence = serializers.IntegerField()

    @extend_schema_field(HoldingSerializer(many=True))
    def get_holdings(self, obj: RegisterRow) -> Any:
        rows = holding_rows(obj.holdings, self.context["share_class_codes"])
        return HoldingSerializer(rows, many=True).data


class RegisterExportSerializer(serializers.ModelSerializer):
    format = EnumChoiceField(RegisterExport.Format.choices, enum_name="ExportFormatEnum")
    language = EnumChoiceField(LANGUAGE_CHOICES, enum_name="LanguageEnum")
    status = EnumChoiceField(RegisterExport.Status.choices, enum_name="ExportStatusEnum")
    requested_by = serializers.EmailField(source="requested_by.email")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RegisterExport
        fields = (
            "id",
            "as_of",
            "format",
            "language",
            "status",
            "progress_percent",
            "error",
            "requested_by",
            "created_at",
            "finished_at",
            "download_url",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, obj: RegisterExport) -> str | None:
        if obj.status != RegisterExport.Status.DONE:
            return None
        return reverse(
            "api:register-export-download",
            kwargs={"slug": self.context["slug"], "pk": obj.pk},
        )


class RegisterExportCreateSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    format = EnumChoiceField(RegisterExport.Format.choices, enum_name="ExportFormatEnum")
    language = EnumChoiceField(
        LANGUAGE_CHOICES, enum_name="LanguageEnum", required=False, default="en-gb"
    )


class AuditEventSerializer(serializers.ModelSerializer):
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "created_at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "reason",
        )
        read_only_fields = fields


# --- views -------------------------------------------------------------------------------


class CSVRenderer(BaseRenderer):
    """Lets clients ask for the register as CSV (`?format=csv` or `Accept: text/csv`); the
    view streams the CSV itself, and errors are answered in JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return JSONRenderer().render(data, accepted_media_type, renderer_context)


def _register_page(view: OrganisationView, register: Register, size: int) -> Response:
    rows = CountedRows(register.rows, size)
    page: list[Any] | None = view.paginate_queryset(rows)  # type: ignore[arg-type]
    assert page is not None
    codes = {share_class.pk: share_class.code for share_class in register.share_classes}
    return view.paginated_page(page, RegisterRowSerializer, {"share_class_codes": codes})


@extend_schema(tags=["register"])
class RegisterView(OrganisationView):
    policy = {"GET": permissions.can_view_register}
    renderer_classes = (JSONRenderer, CSVRenderer)

    @extend_schema(
        summary="The register of members as at a date, derived from the ledger",
        description="Every member entered by then (former members with the date they ceased) "
        "and their holdings. Each request is logged as an inspection of the register.",
        parameters=[RegisterQuerySerializer],
        responses={
            (200, "application/json"): RegisterRowSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The whole CSV."),
            **error_responses(400, 401, 404),
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponseBase:
        query = validated(RegisterQuerySerializer, request.query_params)
        day = query.get("as_of") or timezone.localdate()
        as_csv = request.accepted_renderer.format == "csv"
        if as_csv:
            # The whole register in a file is an export: its own predicate decides.
            gate(
                request.user,
                self.organisation,
                permissions.can_export_register,
                sees=self.policy_sees,
                action=False,
            )
        register = selectors.register_as_of(self.organisation, day, welsh=is_welsh())
        services.inspection_log(
            organisation=self.organisation,
            user=signed_in(request),
            kind=RegisterInspection.Kind.EXPORT if as_csv else RegisterInspection.Kind.FULL,
            as_of=day,
        )
        if as_csv:
            response = StreamingHttpResponse(
                register_csv_lines(register), content_type="text/csv; charset=utf-8"
            )
            name = f"register-{self.organisation.slug}-{day:%Y-%m-%d}.csv"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        size = selectors.register_size(self.organisation, day)
        return _register_page(self, register, size)

    def handle_exception(self, exc: Exception) -> Response:
        # Errors are answered in JSON even when the client asked for CSV.
        if isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class DuplicateRegisterPagination(Pagination):
    """The duplicate register is inspected a page at a time, as on the page: at most
    `DUPLICATE_REGISTER_PAGE_SIZE` entries (no bulk copy; s.103(2))."""

    page_size = DUPLICATE_REGISTER_PAGE_SIZE
    max_page_size = DUPLICATE_REGISTER_PAGE_SIZE


class DuplicateRegisterQuerySerializer(AsOfSerializer):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Keep the entries whose name contains this."
    )


@extend_schema(tags=["register"])
class DuplicateRegisterView(OrganisationView):
    policy = {"GET": permissions.can_inspect_duplicate_register}
    pagination_class = DuplicateRegisterPagination

    @extend_schema(
        summary="The duplicate register: who the members are, without holdings (s.103)",
        description="Each member's number, name, kind and the dates they entered and ceased; "
        "never holdings or contact details. A page at a time (at most "
        f"{DUPLICATE_REGISTER_PAGE_SIZE} entries); each inspection is logged.",
        parameters=[DuplicateRegisterQuerySerializer],
        responses={
            200: DuplicateRegisterRowSerializer(many=True),
            **error_responses(400, 401, 404),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        query = validated(DuplicateRegisterQuerySerializer, request.query_params)
        day = query.get("as_of") or timezone.localdate()
        register = selectors.duplicate_register(self.organisation, day, search=query.get("q", ""))
        user = signed_in(request)
        services.inspection_log(
            organisation=self.organisation,
            user=user,
            kind=RegisterInspection.Kind.DUPLICATE,
            as_of=day,
            member=permissions.own_member(user, self.organisation),
        )
        return self.paginated(register, DuplicateRegisterRowSerializer)


@extend_schema(tags=["exports"])
class RegisterExportListView(OrganisationView):
    policy = {"GET": permissions.can_export_register, "POST": permissions.can_export_register}

    @extend_schema(
        summary="Register exports, newest first",
        responses={200: RegisterExportSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        exports = selectors.register_export_list(self.organisation)
        return self.paginated(exports, RegisterExportSerializer, {"slug": slug})

    @extend_schema(
        summary="Ask for the register as PDF or CSV, built in the background",
        description="Poll the export until its status is `done`, then fetch `download_url`.",
        request=RegisterExportCreateSerializer,
        responses={202: RegisterExportSerializer, **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = validated(RegisterExportCreateSerializer, request.data)
        export = services.register_export_request(
            organisation=self.organisation, actor=signed_in(request), **data
        )
        body = RegisterExportSerializer(export, context={"slug": slug}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["exports"])
class RegisterExportDetailView(OrganisationView):
    policy = {"GET": permissions.can_export_register}

    @extend_schema(
        summary="An export's status and progress",
        responses={200: RegisterExportSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        export = found(selectors.register_export_get(self.organisation, pk))
        return Response(RegisterExportSerializer(export, context={"slug": slug}).data)


@extend_schema(tags=["exports"])
class RegisterExportDownloadView(OrganisationView):
    policy = {"GET": permissions.can_export_register}

    @extend_schema(
        summary="Download a finished export",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404, 409),
        },
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponseBase:
        export = found(selectors.register_export_get(self.organisation, pk))
        if export.status != RegisterExport.Status.DONE or not export.file:
            return Response(
                {
                    "detail": _("This export is not ready yet (%(status)s).")
                    % {"status": export.get_status_display()}
                },
                status=status.HTTP_409_CONFLICT,
            )
        return file_download(
            export.file,
            filename=os.path.basename(export.file.name),
            content_type="application/pdf"
            if export.format == RegisterExport.Format.PDF
            else "text/csv; charset=utf-8",
        )


@extend_schema(tags=["audit"])
class AuditEventListView(OrganisationView):
    policy = {"GET": permissions.can_view_audit}

    @extend_schema(
        summary="The organisation's audit trail, newest first",
        responses={200: AuditEventSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.audit_events(self.organisation), AuditEventSerializer)
