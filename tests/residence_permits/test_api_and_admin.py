"""The residence API (the applicant's own; staff by station) and the admin: scoped, masked, recorded."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.constants import Role
from accounts.services import user_create
from registers.models import DataAccess
from tests.factories import (
    PASSWORD,
    ResidencePermitFactory,
    ResidenceRegistrationFactory,
    id_number_for,
    sign_in_verified,
)

from .helpers import address_in, clerk_of, signed_in

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    """Applicants as DRF's forced user; staff in a session verified with their code, the only way
    the staff API lets them in."""
    api = APIClient()
    if user.is_staff_role:
        return sign_in_verified(api, user)
    api.force_authenticate(user)
    return api


def test_an_applicant_registers_and_lists_their_own_through_the_api(holder):
    ResidenceRegistrationFactory()  # someone else's
    api = api_as(holder)
    number = id_number_for("110105", datetime.date(1992, 4, 5), 21)
    created = api.post(
        "/api/v1/my/residence-registrations/",
        {
            "name": "李娜",
            "id_number": number,
            "address": address_in("jilin").pk,
            "since": timezone.localdate().isoformat(),
            "residence_reason": "study",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["id_number"] != number and created.json()["residence_reason"] == "study"
    listed = api.get("/api/v1/my/residence-registrations/").json()
    assert [r["id"] for r in listed["results"]] == [created.json()["id"]]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    again = api.post(
        "/api/v1/my/residence-registrations/",
        {
            "name": "李娜",
            "id_number": number,
            "address": address_in("jilin").pk,
            "since": tomorrow.isoformat(),
            "residence_reason": "study",
        },
        format="json",
    )
    assert again.status_code == 409 and "不能晚于今天" in again.json()["error"]


def test_a_holder_lists_their_permits_with_state_and_years(holder):
    mine = ResidencePermitFactory(case__applicant=holder, suspended=True)
    ResidencePermitFactory()
    permits = api_as(holder).get("/api/v1/my/residence-permits/").json()["results"]
    assert [(p["number"], p["state"], p["code"]) for p in permits] == [(mine.number, "suspended", mine.code)]
    assert permits[0]["id_number"] == mine.masked_id_number and permits[0]["continuous_years"] == 1


def test_staff_list_their_stations_permits_masked_and_open_one_recorded():
    permit = ResidencePermitFactory()
    ResidencePermitFactory()  # another station's
    clerk = clerk_of(permit.station)
    api = api_as(clerk)
    listed = api.get("/api/v1/residence-permits/").json()["results"]
    assert [(p["number"], p["id_number"]) for p in listed] == [(permit.number, permit.masked_id_number)]
    opened = api.get(f"/api/v1/residence-permits/{permit.pk}/").json()
    assert opened["id_number"] == permit.id_number
    assert DataAccess.objects.filter(user=clerk, id_number=permit.id_number, detail="API").count() == 1


def test_a_supervisor_filters_the_citys_permits_by_station():
    first, second = ResidencePermitFactory(), ResidencePermitFactory()
    supervisor = user_create(username="sup", password=PASSWORD, role=Role.SUPERVISOR, city="qujing")
    api = api_as(supervisor)
    assert len(api.get("/api/v1/residence-permits/").json()["results"]) == 2
    only = api.get("/api/v1/residence-permits/", {"station": second.station_id}).json()["results"]
    assert [p["number"] for p in only] == [second.number]
    assert api.get(f"/api/v1/residence-registrations/?station={first.station_id}").status_code == 200


def test_another_stations_permit_is_not_found_and_applicants_cannot_use_the_staff_api(holder):
    permit = ResidencePermitFactory()
    stranger = clerk_of(address_in("qujing").station)
    assert api_as(stranger).get(f"/api/v1/residence-permits/{permit.pk}/").status_code == 404
    assert api_as(holder).get("/api/v1/residence-permits/").status_code == 403


def test_the_admin_lists_permits_masked_and_records_opening_one():
    permit = ResidencePermitFactory()
    auditor = user_create(username="audit", password=PASSWORD, role=Role.AUDITOR)
    client = signed_in(auditor)
    listing = client.get("/admin/residence_permits/residencepermit/").content.decode()
    assert permit.masked_id_number in listing and permit.id_number not in listing
    assert client.get(f"/admin/residence_permits/residencepermit/{permit.pk}/change/").status_code == 200
    assert DataAccess.objects.filter(user=auditor, id_number=permit.id_number, detail="管理后台").count() == 1
