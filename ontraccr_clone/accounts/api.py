import math

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ontraccr_clone.accounts.authentication import SessionAuthentication
from ontraccr_clone.accounts.selectors import user_list
from ontraccr_clone.accounts.serializers import UserSerializer
from ontraccr_clone.accounts.sign_in_throttle import SignInAttempt
from ontraccr_clone.api import CompanyApiView, Pagination, SearchFilterField, query_filters


@method_decorator(ensure_csrf_cookie, name="dispatch")
class SessionApi(APIView):
    """The signed-in user (GET), sign in (POST) and sign out (DELETE)."""

    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    @extend_schema(
        responses={
            200: UserSerializer,
            401: inline_serializer("Unauthenticated", {"detail": serializers.CharField()}),
        }
    )
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            return Response({"detail": "Not signed in."}, status=status.HTTP_401_UNAUTHORIZED)
        return Response(UserSerializer(request.user).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: UserSerializer,
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
            minutes = math.ceil(retry_after / 60)
            return Response(
                {
                    "detail": "Too many failed sign-ins. Try again in "
                    f"{minutes} minute{'s' if minutes != 1 else ''}."
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(retry_after)},
            )
        user = authenticate(request, email=email, password=serializer.validated_data["password"])
        if user is None:
            attempt.record_failure()
            return Response(
                {"non_field_errors": ["Email or password is incorrect."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        login(request, user)
        response = Response(UserSerializer(user).data)
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
