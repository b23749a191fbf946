import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontraccr_clone.settings")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier  # noqa: E402
from django.urls import re_path  # noqa: E402

from ontraccr_clone.accounts.routing import websocket_urlpatterns as live_urlpatterns  # noqa: E402
from workflows.engine.worker import WorkerInWebProcess  # noqa: E402
from workflows.timeline.routing import websocket_urlpatterns  # noqa: E402

application = WorkerInWebProcess(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(
                    URLRouter(
                        [
                            *live_urlpatterns,
                            *websocket_urlpatterns,
                            # Any other path is refused at the handshake (403), not a server error.
                            re_path(r"", WebsocketDenier.as_asgi()),
                        ]
                    )
                )
            ),
        }
    )
)
