"""Token sign-in for API clients: tokens are stored hashed (django-rest-knox) and expire."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from api.serializers import DateTimeInSaneYears, error_responses
from coop.core.audit import audit
from coop.core.models import User


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = DateTimeInSaneYears()


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "full_name", "preferred_language")
        read_only_fields = fields


class TokenView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={201: TokenSerializer, **error_responses(400, 429)},
        summary="Sign in and get an API token",
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if user is None:
            return Response(
                {"non_field_errors": [str(_("Enter a correct email address and password."))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        instance, token = AuthToken.objects.create(user)
        audit(
            actor=user,
            action="api_token.create",
            obj=user,
            after={"token_key": instance.token_key, "expiry": instance.expiry},
        )
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None, **error_responses(401)},
        summary="Sign out: revoke this token",
    )
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated or not isinstance(request.auth, AuthToken):
            raise exceptions.NotAuthenticated
        audit(
            actor=request.user,
            action="api_token.revoke",
            obj=request.user,
            before={"token_key": request.auth.token_key},
        )
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_authenticators(self) -> list[BaseAuthentication]:
        if self.request is not None and self.request.method == "DELETE":
            return [TokenAuthentication()]
        return []


class MeView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={200: UserSerializer, **error_responses(401)}, summary="The signed-in user"
    )
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)
