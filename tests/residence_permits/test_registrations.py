"""居住登记: online by the applicant, at the counter by a clerk; one current registration a person."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Case
from residence_permits.constants import Channel
from residence_permits.models import ResidenceRegistration
from residence_permits.services import PermitError, registration_create
from tests.factories import ResidenceRegistrationFactory, UserFactory, id_number_for

from .helpers import address_in, clerk_of, signed_in

pytestmark = pytest.mark.django_db

NUMBER = id_number_for("110105", datetime.date(1992, 4, 5), 21)


def test_an_applicant_registers_online(holder_client, holder):
    address = address_in("dehong")
    since = timezone.localdate() - datetime.timedelta(days=20)
    assert "德宏傣族景颇族自治州" in holder_client.get("/my/residence/registrations/new/").content.decode()
    response = holder_client.post(
        "/my/residence/registrations/new/?city=dehong",
        {"name": "李娜", "id_number": NUMBER, "address": address.pk, "since": since.isoformat(), "reason": "work"},
    )
    assert response.url == "/my/residence/"
    registration = ResidenceRegistration.objects.get()
    assert (registration.applicant, registration.channel, registration.city) == (holder, Channel.ONLINE, "dehong")
    assert (registration.station, registration.since, registration.registered_on) == (
        address.station,
        since,
        timezone.localdate(),
    )
    assert "申领居住证" in holder_client.get("/my/residence/").content.decode()


def test_a_clerk_registers_someone_at_the_counter_and_links_their_account():
    address = address_in("qujing")
    clerk = clerk_of(address.station)
    person = UserFactory(email="li.na@example.cn", email_verified=True)
    response = signed_in(clerk).post(
        "/station/residence/registrations/new/",
        {
            "name": "李娜",
            "id_number": NUMBER,
            "address": address.pk,
            "since": timezone.localdate().isoformat(),
            "reason": "family",
            "account": "LI.NA@example.cn",
        },
    )
    assert response.url == "/station/residence/"
    registration = ResidenceRegistration.objects.get()
    assert (registration.channel, registration.filed_by, registration.applicant) == (Channel.COUNTER, clerk, person)
    assert "申领居住证" in signed_in(person).get("/my/residence/").content.decode()


def test_a_clerk_registers_only_at_addresses_their_station_serves():
    clerk = clerk_of(address_in("qujing").station)
    elsewhere = address_in("qujing")
    with pytest.raises(PermitError, match="本所"):
        registration_create(
            actor=clerk, name="李娜", id_number=NUMBER, address=elsewhere, since=timezone.localdate(), reason="work"
        )


def test_moving_ends_the_old_registration_and_a_future_day_is_refused(holder):
    first = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, id_number=NUMBER)
    today = timezone.localdate()
    with pytest.raises(PermitError, match="不能晚于今天"):
        registration_create(
            actor=holder,
            name="李娜",
            id_number=NUMBER,
            address=address_in("jilin"),
            since=today + datetime.timedelta(days=1),
            reason="work",
        )
    second = registration_create(
        actor=holder, name="李娜", id_number=NUMBER, address=address_in("jilin"), since=today, reason="work"
    )
    first.refresh_from_db()
    assert first.ended_on == today and second.ended_on is None


def test_online_nobody_ends_a_registration_someone_else_made(holder):
    ResidenceRegistrationFactory(id_number=NUMBER)
    with pytest.raises(PermitError, match="窗口"):
        registration_create(
            actor=holder,
            name="李娜",
            id_number=NUMBER,
            address=address_in("qujing"),
            since=timezone.localdate(),
            reason="work",
        )


def test_the_forms_render_for_their_audiences(holder_client, holder):
    registration = ResidenceRegistrationFactory(applicant=holder, filed_by=holder, days_ago=60)
    holder_client.post(f"/my/residence/registrations/{registration.pk}/apply/")
    case = Case.objects.get()
    edit = holder_client.get(f"/my/residence/applications/{case.pk}/")
    assert edit.status_code == 200 and "有合法稳定就业" in edit.content.decode()
    assert holder_client.get(f"/my/cases/{case.pk}/edit/").url == f"/my/residence/applications/{case.pk}/"
    assert "居住证申领" not in holder_client.get("/my/cases/new/").content.decode()  # starts from a registration
    counter = signed_in(clerk_of(registration.station)).get("/station/residence/registrations/new/")
    assert counter.status_code == 200 and str(registration.address.detail) in counter.content.decode()
