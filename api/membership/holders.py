"""Who holds and speaks for a membership: joint holders (one designated to vote), the
representatives of a member organisation, and share certificates."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import found, signed_in
from api.membership.base import OrganisationView, OwnAccountView, share_class_named
from api.membership.members import JointHolderSerializer, RepresentativeSerializer
from api.mixins import validated
from api.serializers import EnumChoiceField, error_responses
from membership import permissions, selectors, services
from membership.documents import render_certificate_pdf
from membership.models import Representative, ShareCertificate
from membership.models.text import ADDRESS_MAX_LENGTH

# --- serializers -------------------------------------------------------------------------


class JointHolderCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    postal_address = serializers.CharField(
        max_length=ADDRESS_MAX_LENGTH, required=False, allow_blank=True
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    is_designated_voter = serializers.BooleanField(
        required=False, help_text="Votes for the joint holding (replaces any earlier choice)."
    )


class RepresentativeCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    started_on = serializers.DateField()
    role = EnumChoiceField(
        Representative.Role.choices, enum_name="RepresentativeRoleEnum", required=False
    )
    email = serializers.EmailField(required=False, allow_blank=True)


class RepresentativeEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class CertificateSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member.number", help_text="Member number.")
    share_class = serializers.CharField(source="share_class.code", help_text="Share class code.")

    class Meta:
        model = ShareCertificate
        fields = ("id", "number", "member", "share_class", "shares", "paid_pence", "issued_on")
        read_only_fields = fields


class CertificateIssueSerializer(serializers.Serializer):
    share_class = serializers.SlugField(help_text="The class whose current holding it states.")


PDF_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="The certificate as PDF.")

# --- views -------------------------------------------------------------------------------


def _pdf(certificate: ShareCertificate) -> HttpResponse:
    language = translation.get_language() or "en-gb"
    content = render_certificate_pdf(certificate, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"certificate-{certificate.organisation.slug}-{certificate.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@extend_schema(tags=["members"])
class JointHolderListView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Add a joint holder to a membership (secretary)",
        request=JointHolderCreateSerializer,
        responses={201: JointHolderSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(JointHolderCreateSerializer, request.data)
        holder = services.joint_holder_add(member=member, actor=signed_in(request), **data)
        return Response(JointHolderSerializer(holder).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["members"])
class RepresentativeListView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="Name who votes for a member organisation, or an alternate (secretary)",
        description="A new representative ends the term of the previous one.",
        request=RepresentativeCreateSerializer,
        responses={201: RepresentativeSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(RepresentativeCreateSerializer, request.data)
        rep = services.representative_add(member=member, actor=signed_in(request), **data)
        return Response(RepresentativeSerializer(rep).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["members"])
class RepresentativeEndView(OrganisationView):
    policy = {"POST": permissions.can_manage_register}

    @extend_schema(
        summary="A representative stands down (secretary)",
        request=RepresentativeEndSerializer,
        responses={200: RepresentativeSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        representative = found(selectors.representative_get(self.organisation, pk))
        data = validated(RepresentativeEndSerializer, request.data)
        representative = services.representative_end(
            representative=representative, ended_on=data["ended_on"], actor=signed_in(request)
        )
        return Response(RepresentativeSerializer(representative).data)


@extend_schema(tags=["certificates"])
class CertificateListView(OrganisationView):
    policy = {"GET": permissions.can_view_register, "POST": permissions.can_manage_register}

    @extend_schema(
        summary="A member's share certificates, newest first",
        responses={200: CertificateSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        return self.paginated(selectors.certificate_list(member), CertificateSerializer)

    @extend_schema(
        summary="Issue a numbered certificate for a member's holding of a class (secretary)",
        request=CertificateIssueSerializer,
        responses={201: CertificateSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str, number: int) -> Response:
        member = found(selectors.member_get(self.organisation, number))
        data = validated(CertificateIssueSerializer, request.data)
        certificate = services.certificate_issue(
            member=member,
            share_class=share_class_named(self.organisation, data["share_class"], "share_class"),
            actor=signed_in(request),
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["certificates"])
class CertificatePdfView(OrganisationView):
    policy = {"GET": permissions.can_view_register}

    @extend_schema(
        summary="A share certificate as PDF",
        responses={(200, "application/pdf"): PDF_RESPONSE, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        return _pdf(found(selectors.certificate_get(self.organisation, pk)))


@extend_schema(tags=["my account"])
class AccountCertificateListView(OwnAccountView):
    policy = {"GET": permissions.can_view_own_account}

    @extend_schema(
        summary="Your share certificates",
        responses={200: CertificateSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        own = found(selectors.member_for_user(self.organisation, signed_in(request)))
        return self.paginated(selectors.certificate_list(own), CertificateSerializer)


@extend_schema(tags=["my account"])
class AccountCertificatePdfView(OwnAccountView):
    policy = {"GET": permissions.can_view_own_account}

    @extend_schema(
        summary="One of your share certificates as PDF",
        responses={(200, "application/pdf"): PDF_RESPONSE, **error_responses(401, 404)},
    )
    def get(self, request: Request, slug: str, pk: int) -> HttpResponse:
        own = found(selectors.member_for_user(self.organisation, signed_in(request)))
        return _pdf(found(selectors.certificate_get(self.organisation, pk, member=own)))
