"""Print credentials for a sandbox company, like Intuit's OAuth playground."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from integrations.qbo_sandbox import selectors, services


class Command(BaseCommand):
    help = (
        "Print JSON with client_id, client_secret, realm_id, a fresh refresh_token, "
        "discovery_url and api_url for a sandbox company."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--realm-id", help="A sandbox company (default: the first one).")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the product is served (default: http://127.0.0.1:8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        realm_id = options["realm_id"] or services.sandbox_default_realm_id()
        if selectors.company_by_realm(realm_id) is None:
            raise CommandError(f"No sandbox company has the realm id {realm_id}.")
        client_id, client_secret = services.sandbox_app_credentials()
        base_url = options["base_url"].rstrip("/")
        credentials = {
            "client_id": client_id,
            "client_secret": client_secret,
            "realm_id": realm_id,
            "refresh_token": services.sandbox_refresh_token_issue(realm_id=realm_id),
            "discovery_url": base_url + services.sandbox_discovery_path(),
            "api_url": base_url + services.sandbox_api_path(),
        }
        self.stdout.write(json.dumps(credentials, indent=2))
