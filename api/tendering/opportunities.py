"""Opportunities the consortium tracks (the lead's): the list, entering one by hand with its
lots, award criteria (weights adding up to 100), questions, documents and addenda, and
importing one from a buyer's OCDS release (at most 10 MB)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import signed_in
from api.serializers import error_responses
from api.tendering.base import (
    TAGS,
    ConsortiumView,
    OpportunityView,
    invalid,
    lots_numbered,
    questions_numbered,
    valid,
)
from api.tendering.opportunity_serializers import (
    CriteriaSerializer,
    CriteriaSetSerializer,
    DocumentCreateSerializer,
    LotCreateSerializer,
    OcdsUploadSerializer,
    OpportunityCreateSerializer,
    OpportunityDetailSerializer,
    OpportunityRowSerializer,
    QuestionCreateSerializer,
    TenderDocumentSerializer,
    TenderLotSerializer,
    TenderQuestionSerializer,
)
from coop.core.spreadsheets import MAX_IMPORT_BYTES, check_upload_size
from tendering import permissions, selectors, services
from tendering.models import Opportunity
from tendering.selectors import OpportunityDetail

ACTION_ERRORS = error_responses(400, 401, 403, 404)
READ_ERRORS = error_responses(401, 404)

# --- views -------------------------------------------------------------------------------


def detail(opportunity: Opportunity) -> dict[str, Any]:
    found: OpportunityDetail = selectors.opportunity_detail(opportunity)
    return dict(OpportunityDetailSerializer(found).data)


@extend_schema(tags=TAGS)
class OpportunityListView(ConsortiumView):
    policy = {"GET": permissions.can_lead_bids, "POST": permissions.can_lead_bids}

    @extend_schema(
        summary="The opportunities the consortium tracks, soonest deadline first (lead)",
        responses={200: OpportunityRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.paginated(selectors.opportunity_list(self.consortium), OpportunityRowSerializer)

    @extend_schema(
        summary="Enter an opportunity by hand (lead)",
        description="Deadlines are UK time; clarifications close before submission. Add its "
        "lots, award criteria, questions and documents next.",
        request=OpportunityCreateSerializer,
        responses={201: OpportunityDetailSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = valid(OpportunityCreateSerializer, request.data)
        opportunity = services.opportunity_create(
            organisation=self.consortium, actor=signed_in(request), **data
        )
        return Response(detail(opportunity), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class OpportunityImportView(ConsortiumView):
    policy = {"POST": permissions.can_lead_bids}
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    @extend_schema(
        summary="Import an opportunity from a buyer's OCDS release (lead)",
        description="Send the release (or a package of one release) as the JSON body, or as "
        "the file `file` of a multipart form (at most 10 MB). A release that does not follow "
        "the OCDS 1.1.5 "
        "schema with the bids, lots and subcontracting extensions is refused with every "
        "schema error under `file`, and nothing is written.",
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": OcdsUploadSerializer,
        },
        responses={201: OpportunityDetailSerializer, **ACTION_ERRORS},
        examples=[
            OpenApiExample(
                "Refused",
                value={"file": ["The release does not follow the OCDS schema:", "ocid: …"]},
                response_only=True,
                status_codes=["400"],
            )
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        upload = request.FILES.get("file")
        if upload is not None:
            check_upload_size("file", upload.size, MAX_IMPORT_BYTES)
            content: bytes | str = upload.read()
        elif request.content_type.startswith("application/json") and request.data:
            content = json.dumps(request.data)
        else:
            raise invalid("file", _("Send the OCDS release as the JSON body or as the file."))
        opportunity = services.opportunity_import(
            organisation=self.consortium, content=content, actor=signed_in(request)
        )
        return Response(detail(opportunity), status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class OpportunityDetailView(OpportunityView):
    policy = {"GET": permissions.can_manage_opportunity}

    @extend_schema(
        summary="One opportunity: its lots, award criteria, questions and documents (lead)",
        responses={200: OpportunityDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        return Response(detail(self.opportunity))


@extend_schema(tags=TAGS)
class LotListView(OpportunityView):
    policy = {"POST": permissions.can_manage_opportunity}

    @extend_schema(
        summary="Add a lot: a zone and a role, the buyer's estimate and ceilings (lead)",
        request=LotCreateSerializer,
        responses={201: TenderLotSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(LotCreateSerializer, request.data)
        lot = services.lot_add(opportunity=self.opportunity, actor=signed_in(request), **data)
        return Response(TenderLotSerializer(lot).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class CriteriaView(OpportunityView):
    policy = {"PUT": permissions.can_manage_opportunity}

    @extend_schema(
        summary="Replace the award criteria; their weights must add up to 100 (lead)",
        request=CriteriaSetSerializer,
        responses={200: CriteriaSerializer, **ACTION_ERRORS},
    )
    def put(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(CriteriaSetSerializer, request.data)
        made = services.criteria_set(
            opportunity=self.opportunity,
            criteria=[(c["kind"], c["name"], c["weight"]) for c in data["criteria"]],
            actor=signed_in(request),
        )
        body = {"criteria": made, "total": sum(c.weight for c in made)}
        return Response(CriteriaSerializer(body).data)


@extend_schema(tags=TAGS)
class QuestionListView(OpportunityView):
    policy = {"POST": permissions.can_manage_opportunity}

    @extend_schema(
        summary="Add a question with its limit, weight and who answers it (lead)",
        request=QuestionCreateSerializer,
        responses={201: TenderQuestionSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(QuestionCreateSerializer, request.data)
        data["lots"] = lots_numbered(self.opportunity, data.get("lots", []), "lots")
        question = services.question_add(
            opportunity=self.opportunity, actor=signed_in(request), **data
        )
        return Response(TenderQuestionSerializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class DocumentListView(OpportunityView):
    policy = {"POST": permissions.can_manage_opportunity}

    @extend_schema(
        summary="Add a tender document or an addendum (lead)",
        description="An addendum reopens, in every open bid not yet submitted, the answers to "
        "the questions it changes, invalidates every sign-off, and sends a bid in review, "
        "final sign-off or ready back to drafting.",
        request=DocumentCreateSerializer,
        responses={201: TenderDocumentSerializer, **ACTION_ERRORS},
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        data = valid(DocumentCreateSerializer, request.data)
        data["affects"] = questions_numbered(self.opportunity, data.get("affects", []), "affects")
        document = services.document_add(
            opportunity=self.opportunity, actor=signed_in(request), **data
        )
        return Response(TenderDocumentSerializer(document).data, status=status.HTTP_201_CREATED)
