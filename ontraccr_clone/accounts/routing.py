from django.urls import path

from ontraccr_clone.accounts.live import LiveNoticeConsumer

websocket_urlpatterns = [
    path("ws/live/", LiveNoticeConsumer.as_asgi()),
]
