"""How the read API is described and guarded: it is read-only; its schema is valid
OpenAPI 3 and its docs page loads Swagger UI from our own static files; with
REQUIRE_LOGIN on, an anonymous request gets a 401, a token issued in admin reads until
it is revoked, a session reads and a user without a role does not; anonymous requests
are rate limited, and a new X-Forwarded-For header each time does not dodge the limit.

What each endpoint returns is in test_api_endpoints.py; the `corpus` fixture is in
tests/tracker/conftest.py.
"""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_api_is_read_only(client, corpus, admin_client):
    assert client.post("/api/articles/", {}).status_code in (401, 403)
    assert admin_client.delete(f"/api/articles/{corpus.pk}/").status_code == 403


# --- the schema and the docs page ---


def test_the_schema_is_valid_openapi_3(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    spec = json.loads(response.content)

    validate(spec)  # raises on any error
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/articles/",
        "/api/articles/{id}/",
        "/api/initiatives/",
        "/api/initiatives/{slug}/",
        "/api/districts/",
        "/api/matrix/",
    } <= set(spec["paths"])
    names = [p["name"] for p in spec["paths"]["/api/articles/"]["get"]["parameters"]]
    assert {"district", "role", "kind", "stage", "q", "review", "cursor"} <= set(names)


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    assert client.get("/api/")["Location"] == "/api/docs/"
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


# --- REQUIRE_LOGIN: a session or a token, and anonymous requests are throttled ---


@pytest.fixture
def analyst(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="analyst"))
    return user


def test_with_require_login_anonymous_requests_get_401(client, corpus, settings):
    settings.REQUIRE_LOGIN = True

    response = client.get("/api/articles/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_with_require_login_a_token_an_admin_issued_reads_until_revoked(
    client, corpus, settings, analyst
):
    settings.REQUIRE_LOGIN = True
    token = Token.objects.create(user=analyst)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    assert client.get("/api/articles/", **auth).status_code == 200
    token.delete()
    assert client.get("/api/articles/", **auth).status_code == 401


def test_with_require_login_a_session_reads_and_a_user_without_a_role_does_not(
    client, corpus, settings, analyst
):
    settings.REQUIRE_LOGIN = True
    client.force_login(analyst)
    assert client.get("/api/articles/").status_code == 200

    client.force_login(UserFactory(username="nobody"))
    assert client.get("/api/articles/").status_code == 403


def test_anonymous_requests_are_rate_limited(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [client.get("/api/districts/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_new_forwarded_for_header_each_time_does_not_dodge_the_limit(
    client, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    codes = [
        client.get("/api/districts/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]


def test_tokens_are_issued_and_revoked_in_admin(admin_client, analyst):
    response = admin_client.post(
        reverse("admin:authtoken_tokenproxy_add"), {"user": analyst.pk}
    )

    assert response.status_code == 302
    assert Token.objects.filter(user=analyst).exists()
