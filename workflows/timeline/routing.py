from django.urls import path

from workflows.timeline.realtime import SubmissionTimelineConsumer

websocket_urlpatterns = [
    path("ws/submissions/<int:submission_id>/", SubmissionTimelineConsumer.as_asgi()),
]
