import math

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ontraccr_clone.accounts import services
from ontraccr_clone.accounts.authentication import SessionAuthentication
from ontraccr_clone.accounts.models import User
from ontraccr_clone.accounts.selectors import person_get, person_list, user_list
from ontraccr_clone.accounts.serializers import (
    SessionUserSerializer,
    TeamPersonSerializer,
    UserSerializer,
)
from ontraccr_clone.accounts.throttling import PasswordResetRequest, SignInAttempt
from ontraccr_clone.api import (
    ActiveFilterField,
    CompanyApiView,
    IsCompanyAdmin,
    Pagination,
    SearchFilterField,
    query_filters,
)


def _site_url(request: Request) -> str:
    """The app's address as the person asking sees it, for links in emails."""
    return request.build_absolute_uri("/")


def _too_many(reason: str, retry_after: int) -> Response:
    minutes = math.ceil(retry_after / 60)
    return Response(
        {"detail": f"{reason} Try again in {minutes} minute{'s' if minutes != 1 else ''}."},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(retry_after)},
    )


@method_decorator(ensure_csrf_cookie, name="dispatch")
class SessionApi(APIView):
    """The signed-in user (GET), sign in (POST) and sign out (DELETE)."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    @extend_schema(
        responses={
            200: SessionUserSerializer,
            401: inline_serializer("Unauthenticated", {"detail": serializers.CharField()}),
        }
    )
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            return Response({"detail": "Not signed in."}, status=status.HTTP_401_UNAUTHORIZED)
        return Response(SessionUserSerializer(request.user).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: SessionUserSerializer,
            429: inline_serializer("TooManySignIns", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request: Request) -> Response:
        # Signed-out requests skip DRF's CSRF check; signing in checks it so that another site
        # cannot sign a visitor into an account of its choosing.
        SessionAuthentication().enforce_csrf(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].lower()
        attempt = SignInAttempt.from_request(request, email=email)
        retry_after = attempt.retry_after()
        if retry_after is not None:
            return _too_many("Too many failed sign-ins.", retry_after)
        user = authenticate(request, email=email, password=serializer.validated_data["password"])
        if user is None:
            attempt.record_failure()
            return Response(
                {"non_field_errors": ["Email or password is incorrect."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        login(request, user)
        response = Response(SessionUserSerializer(user).data)
        attempt.remember_browser(response)
        return response

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserListApi(CompanyApiView):
    """The company's people, for pickers such as 'choose one or more: users'."""

    pagination_class = Pagination

    class FilterSerializer(serializers.Serializer):
        search = SearchFilterField(help_text="Part of a name or email.")

    @extend_schema(parameters=[FilterSerializer], responses={200: UserSerializer(many=True)})
    def get(self, request: Request) -> Response:
        users = user_list(company=self.company, **query_filters(request, self.FilterSerializer))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(users, request, view=self)
        return paginator.get_paginated_response(UserSerializer(page, many=True).data)


class AccountApi(CompanyApiView):
    """The signed-in person changes their own name."""

    class AccountInputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=200, allow_blank=True)

    @extend_schema(request=AccountInputSerializer, responses=SessionUserSerializer)
    def patch(self, request: Request) -> Response:
        serializer = self.AccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.profile_update(actor=self.actor, name=serializer.validated_data["name"])
        return Response(SessionUserSerializer(user).data)


class AccountPasswordApi(CompanyApiView):
    """The signed-in person changes their own password; this session stays signed in."""

    class PasswordChangeInputSerializer(serializers.Serializer):
        current_password = serializers.CharField(trim_whitespace=False)
        new_password = serializers.CharField(trim_whitespace=False, max_length=128)

    @extend_schema(request=PasswordChangeInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = self.PasswordChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.password_change(actor=self.actor, **serializer.validated_data)
        update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetApi(APIView):
    """Ask for an email with a link to set a new password (the answer is the same for any
    address, so that it tells nobody who has an account)."""

    permission_classes = [AllowAny]

    class PasswordResetInputSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(
        request=PasswordResetInputSerializer,
        responses={
            204: None,
            429: inline_serializer("TooManyResetRequests", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request: Request) -> Response:
        SessionAuthentication().enforce_csrf(request)
        serializer = self.PasswordResetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"]
        reset = PasswordResetRequest.from_request(request, email=email)
        retry_after = reset.retry_after()
        if retry_after is not None:
            return _too_many("Too many password reset requests.", retry_after)
        if reset.may_email():
            services.password_reset_request(email=email, site_url=_site_url(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordSetApi(APIView):
    """Set a password from the link of an invitation or a reset email."""

    permission_classes = [AllowAny]

    class PasswordSetInputSerializer(serializers.Serializer):
        uid = serializers.CharField(max_length=64)
        token = serializers.CharField(max_length=128)
        password = serializers.CharField(trim_whitespace=False, max_length=128)

    @extend_schema(request=PasswordSetInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        SessionAuthentication().enforce_csrf(request)
        serializer = self.PasswordSetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_set_with_link(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonListApi(CompanyApiView):
    """Settings > People: the company's people (admins only), and inviting one."""

    permission_classes = [IsCompanyAdmin]
    pagination_class = Pagination

    class PersonFilterSerializer(serializers.Serializer):
        active = ActiveFilterField()
        search = SearchFilterField(help_text="Part of a name or email.")

    class PersonInviteInputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        name = serializers.CharField(max_length=200, allow_blank=True, default="")
        role = serializers.ChoiceField(choices=User.Role.choices)

    @extend_schema(
        parameters=[PersonFilterSerializer], responses={200: TeamPersonSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        filters = query_filters(request, self.PersonFilterSerializer)
        people = person_list(company=self.company, **filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(people, request, view=self)
        return paginator.get_paginated_response(TeamPersonSerializer(page, many=True).data)

    class InvitationSentSerializer(serializers.Serializer):
        email = serializers.EmailField()

    @extend_schema(
        request=PersonInviteInputSerializer,
        responses={202: InvitationSentSerializer},
        description="The answer is the same whether or not the email has an account in another "
        "company (its owner is told by email); someone already in the company answers 400.",
    )
    def post(self, request: Request) -> Response:
        serializer = self.PersonInviteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.person_invite(
            actor=self.actor, site_url=_site_url(request), **serializer.validated_data
        )
        sent = self.InvitationSentSerializer({"email": serializer.validated_data["email"]})
        return Response(sent.data, status=status.HTTP_202_ACCEPTED)


class PersonRoleApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    class PersonRoleInputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=User.Role.choices)

    @extend_schema(request=PersonRoleInputSerializer, responses=TeamPersonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(company=self.company, pk=pk)
        serializer = self.PersonRoleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = services.person_role_change(
            actor=self.actor, person=person, role=serializer.validated_data["role"]
        )
        return Response(TeamPersonSerializer(person).data)


class PersonDeactivateApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=None, responses=TeamPersonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(company=self.company, pk=pk)
        person = services.person_deactivate(actor=self.actor, person=person)
        return Response(TeamPersonSerializer(person).data)


class PersonReactivateApi(CompanyApiView):
    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=None, responses=TeamPersonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(company=self.company, pk=pk)
        person = services.person_reactivate(actor=self.actor, person=person)
        return Response(TeamPersonSerializer(person).data)


class PersonInvitationApi(CompanyApiView):
    """Send an invited person a new link."""

    permission_classes = [IsCompanyAdmin]

    @extend_schema(request=None, responses=TeamPersonSerializer)
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(company=self.company, pk=pk)
        person = services.person_invitation_resend(
            actor=self.actor, person=person, site_url=_site_url(request)
        )
        return Response(TeamPersonSerializer(person).data)
