from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_answers_ok_with_a_database_check(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["centres"] == 5
    assert "no-cache" in response["Cache-Control"]


def test_it_lives_outside_the_language_prefixes(client: Client) -> None:
    assert client.get("/fi/healthz").status_code == 404


def test_it_answers_503_when_the_database_fails(client: Client) -> None:
    with mock.patch("apps.core.views.Centre.objects.count", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "version": "0.1.0"}
    assert b"down" not in response.content


def test_it_rejects_post(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
