"""The local QuickBooks Online sandbox: Intuit's OAuth 2.0 and Accounting API v3, emulated.

intuit-oauth and python-quickbooks run against it unmodified:

    client_id, client_secret = services.sandbox_app_credentials()
    auth = AuthClient(client_id, client_secret, redirect_uri, base_url + sandbox_discovery_path())
    qb = QuickBooks(auth_client=auth, refresh_token=..., company_id=realm_id, minorversion=75)
    qb.api_url_v3 = base_url + sandbox_api_path()

Over plain http, requests-oauthlib needs OAUTHLIB_INSECURE_TRANSPORT=1 in the environment.

URLs under /qbo-sandbox/:
    .well-known/openid_configuration     discovery document
    connect/oauth2                       consent page (authorization endpoint)
    oauth2/v1/tokens/bearer              token endpoint
    oauth2/v1/tokens/revoke              revocation endpoint
    v1/openid_connect/userinfo, oauth2/v1/certs, op/v1   userinfo, JWKS, issuer
    v3/company/<realmId>/...             Accounting API
    faults/<realmId>                     fault injection (HTTP Basic with app credentials)
    companies/<realmId>/                 page of a company's records and settings (POST
                                         .../preferences/ changes the settings)
    companies/<realmId>/purchase-orders/<id>/   one purchase order (POST .../close/ closes it)

Purchase order changes are sent as Intuit's signed webhooks to the connected app (tasks.py).
"""
