from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


class AccountsConfig(AppConfig):
    name = "ontraccr_clone.accounts"
    label = "accounts"

    def ready(self) -> None:
        from ontraccr_clone.accounts.realtime import session_sockets_close

        user_logged_out.connect(session_sockets_close, dispatch_uid="session_sockets_close")
