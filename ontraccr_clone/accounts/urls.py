from django.urls import path

from ontraccr_clone.accounts import api

urlpatterns = [
    path("auth/session/", api.SessionApi.as_view(), name="session"),
    path("users/", api.UserListApi.as_view(), name="user-list"),
]
