"""Schemathesis over the OpenAPI schema, once per role: no 5xx, every response fits the schema.

A small budget runs in `make test`; `make fuzz` runs the same with a large one
(SCHEMATHESIS_EXAMPLES).
"""

import fcntl
import json
import os
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.api import api
from config.wsgi import application
from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.accounts.services import api_token_create

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
FIGURES = Path(__file__).resolve().parents[1] / "docs" / "reliability" / "api-fuzz.json"
# One id per test run (shared by the xdist workers), so a new run starts the figures afresh.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
TRIED: Counter[str] = Counter()  # operation -> examples tried (each with every identity)
ANSWERS: Counter[str] = Counter()  # status class -> responses

ROLES = {
    "kpu": (Role.KPU_ADMIN, "1807"),
    "pps": (Role.PPS, "1807012001"),
    "auditor": (Role.AUDITOR, "1807"),
}


# Built from the API object itself (no request, so no database is needed at import time);
# the calls then go through the whole WSGI stack, middleware included.
def _schema_without_auth() -> dict[str, Any]:
    """The API's schema minus its security schemes: the test sends each role's real token itself,
    and a generated (invalid) Authorization header would only be overwritten by it."""
    doc: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
    doc.get("components", {}).pop("securitySchemes", None)
    for path in doc["paths"].values():
        for operation in path.values():
            operation.pop("security", None)
    return doc


schema = schemathesis.openapi.from_dict(_schema_without_auth())
schema.app = application
schema.location = "/api/openapi.json"


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose close_old_connections
    closes the test transaction's connection on PostgreSQL (Django's test client disconnects it
    the same way); without this every call answered 500 on PostgreSQL."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(world):
    headers: dict[str, dict[str, str]] = {"anonim": {}}
    for name, (role, area) in ROLES.items():
        user = make_user(f"fuzz_{name}", role, area)
        _, secret = api_token_create(actor=None, user=user, name="fuzz")
        headers[name] = {"Authorization": f"Bearer {secret}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@pytest.mark.django_db
def test_api_never_fails_and_fits_its_schema(case, role_headers):
    TRIED[f"{case.method} {case.path}"] += 1
    for role, headers in role_headers.items():
        response = case.call(headers=headers)
        ANSWERS[f"{response.status_code // 100}xx"] += 1
        assert response.status_code < 500, (
            role,
            case.method,
            case.formatted_path,
            response.text[:500],
        )
        if response.status_code != 401:
            # positive_data_acceptance is left out: a schema-valid multipart upload with an empty
            # file is rightly refused (422, "foto kosong"), which that check counts as a failure.
            case.validate_response(
                response, headers=headers, excluded_checks=[positive_data_acceptance]
            )


@pytest.fixture(scope="module", autouse=True)
def _figures():
    """Adds this worker's counts to docs/reliability/api-fuzz.json when the module ends."""
    yield
    if TRIED:
        write_figures()


def write_figures() -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with open(FIGURES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            doc = json.loads(FIGURES.read_text())
        except (OSError, ValueError):
            doc = {}
        if doc.get("run") != RUN or "tried" not in doc:
            doc = {"run": RUN, "tried": {}, "answers": {}}
        tried, answers = doc["tried"], doc["answers"]
        for op, n in TRIED.items():
            tried[op] = tried.get(op, 0) + n
        for k, n in ANSWERS.items():
            answers[k] = answers.get(k, 0) + n
        identities = ["anonim", *ROLES]
        examples = sum(tried.values())
        declared = {
            f"{m.upper()} {path}"
            for path, ops in api.get_openapi_schema()["paths"].items()
            for m in ops
        }
        in_schema = {op: n for op, n in tried.items() if op in declared}
        FIGURES.write_text(
            json.dumps(
                {
                    "what": "schemathesis over every operation of the OpenAPI schema, each "
                    "example sent once per identity; a 5xx or a response outside the schema "
                    "fails the test",
                    "run": RUN,
                    "examples_per_operation_budget": EXAMPLES,
                    "identities": identities,
                    "operations_in_schema": len(declared),
                    "operations_tried": len(in_schema),
                    "examples_tried": examples,
                    "examples_on_schema_operations": sum(in_schema.values()),
                    "undeclared_method_probes": examples - sum(in_schema.values()),
                    "requests": examples * len(identities),
                    "answers": dict(sorted(answers.items())),
                    "server_errors_5xx": answers.get("5xx", 0),
                    "examples_per_operation": dict(sorted(in_schema.items())),
                    # every method x path tried (with the undeclared-method probes), for merging
                    "tried": dict(sorted(tried.items())),
                },
                indent=2,
            )
            + "\n"
        )
