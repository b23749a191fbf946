from django.urls import path

from ontraccr_clone.accounts import api

urlpatterns = [
    path("auth/session/", api.SessionApi.as_view(), name="session"),
    path("auth/password-reset/", api.PasswordResetApi.as_view(), name="password-reset"),
    path("auth/password-set/", api.PasswordSetApi.as_view(), name="password-set"),
    path("account/", api.AccountApi.as_view(), name="account"),
    path("account/password/", api.AccountPasswordApi.as_view(), name="account-password"),
    path("users/", api.UserListApi.as_view(), name="user-list"),
    path("people/", api.PersonListApi.as_view(), name="person-list"),
    path("people/<int:pk>/role/", api.PersonRoleApi.as_view(), name="person-role"),
    path(
        "people/<int:pk>/deactivate/", api.PersonDeactivateApi.as_view(), name="person-deactivate"
    ),
    path(
        "people/<int:pk>/reactivate/", api.PersonReactivateApi.as_view(), name="person-reactivate"
    ),
    path(
        "people/<int:pk>/invitation/", api.PersonInvitationApi.as_view(), name="person-invitation"
    ),
]
