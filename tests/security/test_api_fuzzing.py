"""API fuzzing: schemathesis generates requests from the portal's own OpenAPI schema
(``/api/schema/``, drf-spectacular) and sends them to the WSGI application, signed in as a clerk
and as an applicant, a bounded number per operation. No answer may be a server error, and every
answer must be one the schema documents: its status code, its content type and its body.

Both valid requests (which the schema allows) and invalid ones (which it does not) are sent. Most
path ids, addresses and identity numbers are swapped for ones the signed-in user really has, so the
requests reach the services and not only the 404s and 400s. Runs are derandomized (the same
examples every run) so that CI is repeatable; ``API_FUZZ_RANDOM=1`` draws new ones, for looking
further. The number of examples run is printed at the end of the session (conftest.py).
"""

from __future__ import annotations

import os
import secrets
from collections import Counter
from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .world import build_world, client_for

pytestmark = pytest.mark.django_db

# Examples per operation and generation mode (about 30 operations x 2 users x 50 examples, under
# a minute on two cores); API_FUZZ_EXAMPLES=200 looks harder.
PER_MODE = int(os.environ.get("API_FUZZ_EXAMPLES", "0")) or None
EXAMPLES = {GenerationMode.POSITIVE: PER_MODE or 30, GenerationMode.NEGATIVE: PER_MODE or 20}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
STAFF_ONLY = r"^/api/v1/(cases|residence-permits|residence-registrations)/"
APPLICANT_ONLY = r"^/api/v1/my/"

examples_run: Counter = Counter()


@pytest.fixture
def wsgi_in_the_test_transaction():
    """The WSGI application called in-process, on the test's own database connection — as Django's
    test client does it: the request signals must not close that connection mid-test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    """The public API's rate limit counts per address, and every example comes from one."""
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


def session_of(user) -> dict:
    """The cookies and header of a signed-in browser: the session (past the second factor) and
    the CSRF token that unsafe methods need with session authentication."""
    csrf = secrets.token_hex(16)  # any 32 letters and digits: the cookie and the header must agree
    session = client_for(user).cookies["sessionid"].value
    return {"cookies": {"sessionid": session, "csrftoken": csrf}, "headers": {"X-CSRFToken": csrf}}


@dataclass
class Known:
    """What the signed-in user really has: ids for the paths, values for the body's fields."""

    ids: dict[str, list[int]]
    fields: dict[str, object]


def fuzz(app, signed_in: dict, known: Known, *, exclude: str, label: str) -> list[str]:
    """Run every operation of the schema but those matching ``exclude``; return the failures."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app).exclude(path_regex=exclude)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, count in EXAMPLES.items():
            try:
                run_operation(operation, mode, count, signed_in, known, label)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report every operation
                failures.append(f"{label} {operation.label} ({mode.value}):\n{error}")
    return failures


def run_operation(operation, mode, count, signed_in, known: Known, label) -> None:
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        derandomize=os.environ.get("API_FUZZ_RANDOM") != "1",
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def one(case, data):
        steer(case, data, known.ids.get(operation.path, []), known.fields)
        examples_run[label] += 1
        case.call_and_validate(checks=CHECKS, headers=dict(signed_in["headers"]), cookies=signed_in["cookies"])

    one()


def steer(case, data, ids: list[int], fields: dict) -> None:
    """Most of the time, put what the user really has where the schema can only guess (an id, an
    address of the register, a valid identity number), so requests get past the 404s and 400s."""
    if ids and "id" in (case.path_parameters or {}) and data.draw(st.integers(0, 3), label="steer id"):
        case.path_parameters["id"] = data.draw(st.sampled_from(ids), label="id")
    if isinstance(case.body, dict):
        for key, value in fields.items():
            if key in case.body and data.draw(st.integers(0, 2), label=f"steer {key}"):
                case.body[key] = value


@pytest.fixture
def world(db):
    return build_world()


STEPS = ("take", "correct", "request-documents", "approve", "refuse", "extend", "move-in")
MY_STEPS = ("answer", "documents", "submit", "withdraw")


def fields_of(world) -> dict:
    return {
        "address": world.address.pk,
        "id_number": world.person.id_number,
        "city": "qujing",
        "station": world.station.pk,
        "clause": "曲政发〔2015〕82号 第（四）条",
        "path": "applicant.housing.kind",
    }


def test_the_api_answers_a_signed_in_clerk_within_its_schema_and_never_with_a_server_error(
    world, wsgi_in_the_test_transaction, unthrottled
):
    cases = [world.submitted.pk, world.decided.pk]
    ids = {"/api/v1/cases/{id}/": cases, "/api/v1/residence-permits/{id}/": [world.permit.pk]}
    ids.update({f"/api/v1/cases/{{id}}/{step}/": cases for step in STEPS})
    known = Known(ids=ids, fields=fields_of(world))
    failures = fuzz(wsgi_in_the_test_transaction, session_of(world.clerk), known, exclude=APPLICANT_ONLY, label="clerk")
    assert not failures, "\n\n".join(failures)
    assert examples_run["clerk"] >= 100


def test_the_api_answers_a_signed_in_applicant_within_its_schema_and_never_with_a_server_error(
    world, wsgi_in_the_test_transaction, unthrottled
):
    mine = [world.draft.pk, world.submitted.pk, world.decided.pk]
    ids = {"/api/v1/my/cases/{id}/": mine, **{f"/api/v1/my/cases/{{id}}/{step}/": mine for step in MY_STEPS}}
    ids["/api/v1/my/residence-permits/{id}/"] = [world.permit.pk]
    ids["/api/v1/my/residence-registrations/{id}/"] = [world.registration.pk]
    known = Known(ids=ids, fields=fields_of(world))
    signed_in = session_of(world.applicant)
    failures = fuzz(wsgi_in_the_test_transaction, signed_in, known, exclude=STAFF_ONLY, label="applicant")
    assert not failures, "\n\n".join(failures)
    assert examples_run["applicant"] >= 100
