"""factory_boy factories for the register and the accounts, a trait per state.

The regions are reference data loaded by a migration, so factories look them up rather than
make them. Every identity number is valid: its check digit comes from python-stdnum.
"""

import datetime

import factory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory, Password
from stdnum.cn import ric

from accounts.constants import Role
from accounts.models import IdentityMethod, User, VerifiedIdentity
from applications.constants import CaseKind, CaseStatus
from applications.models import Case, Document
from common.middleware import staff_session_start
from eligibility.dates import add_months
from registers.constants import HouseholdKind, JoinReason, LeaveReason, Relation, Sex, Zone
from registers.models import Address, Household, Membership, Person, PoliceStation, Region
from residence_permits.models import ResidencePermit, ResidenceRegistration

PASSWORD = "Demo-2026-hukou"
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞"]


def id_number_for(region_code: str, birth_date: datetime.date, sequence: int = 1) -> str:
    """A valid 公民身份号码: an odd ``sequence`` makes a man's number, an even one a woman's."""
    number17 = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return number17 + ric.calc_check_digit(number17 + "0")  # stdnum wants a placeholder last character


class PoliceStationFactory(DjangoModelFactory):
    class Meta:
        model = PoliceStation

    region = factory.LazyFunction(lambda: Region.objects.get(code="530302"))  # 麒麟区
    code = factory.LazyAttributeSequence(lambda station, n: f"{station.region.code}9{n:03d}")
    name = factory.LazyAttributeSequence(lambda station, n: f"{station.region.name}测试{n}派出所")


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    class Params:
        rural = factory.Trait(zone=Zone.RURAL, locality="马街镇", community="中所村")

    station = factory.SubFactory(PoliceStationFactory)
    region = factory.SelfAttribute("station.region")
    zone = Zone.CENTRAL_URBAN
    locality = "南宁街道"
    community = "潇湘社区"
    detail = factory.Sequence(lambda n: f"人民路{n + 1}号")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        region_code = "530302"
        female = factory.Trait(sex=Sex.FEMALE)
        deceased = factory.Trait(death_date=datetime.date(2024, 3, 1))

    name = factory.Iterator(NAMES)
    sex = Sex.MALE
    birth_date = factory.Sequence(lambda n: datetime.date(1980, 1, 1) + datetime.timedelta(days=n))
    id_number = factory.LazyAttributeSequence(
        lambda person, n: id_number_for(
            person.region_code, person.birth_date, 2 * (n % 499) + (1 if person.sex == Sex.MALE else 2)
        )
    )


class HouseholdFactory(DjangoModelFactory):
    """A family household whose head is already its member, as registers.services makes them."""

    class Meta:
        model = Household
        skip_postgeneration_save = True

    class Params:
        collective = factory.Trait(
            kind=HouseholdKind.COLLECTIVE, head=None, name=factory.Sequence(lambda n: f"测试社区{n}集体户")
        )

    register_number = factory.Sequence(lambda n: f"T{n:08d}")
    kind = HouseholdKind.FAMILY
    address = factory.SubFactory(AddressFactory)
    station = factory.SelfAttribute("address.station")
    head = factory.SubFactory(PersonFactory)
    created_on = datetime.date(2010, 5, 1)

    @factory.post_generation
    def head_membership(household, create, extracted, **kwargs):
        if create and household.head and extracted is not False:
            Membership.objects.create(
                person=household.head,
                household=household,
                relation=Relation.HEAD,
                since=household.created_on,
                joined_by=JoinReason.MOVE_IN,
            )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    class Params:
        ended = factory.Trait(until=datetime.date(2020, 6, 30), left_by=LeaveReason.MOVE_OUT)

    person = factory.SubFactory(PersonFactory)
    household = factory.SubFactory(HouseholdFactory)
    relation = Relation.CHILD
    since = datetime.date(2010, 5, 1)
    joined_by = JoinReason.MOVE_IN


class UserFactory(DjangoModelFactory):
    """A user straight into the table; accounts.services.user_create is what also sets the group."""

    class Meta:
        model = User

    class Params:
        clerk = factory.Trait(
            role=Role.CLERK,
            is_staff=True,
            station=factory.SubFactory(PoliceStationFactory),
            city=factory.SelfAttribute("station.region.city"),
        )
        supervisor = factory.Trait(role=Role.SUPERVISOR, is_staff=True, city="qujing")

    username = factory.Sequence(lambda n: f"user{n}")
    password = Password(PASSWORD)
    role = Role.APPLICANT


class TOTPDeviceFactory(DjangoModelFactory):
    """An authenticator app (django-otp TOTP) with a random key; confirmed unless told otherwise."""

    class Meta:
        model = TOTPDevice

    class Params:
        unconfirmed = factory.Trait(confirmed=False)

    user = factory.SubFactory(UserFactory)
    name = "authenticator"
    confirmed = True


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the device's authenticator app shows now (or ``steps_ahead`` periods from now: a code
    is good once, so a second sign-in within the same 30 seconds needs the next one)."""
    t0 = device.t0 - steps_ahead * device.step
    code = totp(device.bin_key, step=device.step, t0=t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def sign_in_verified(client, user):
    """``client.force_login(user)`` past the second factor too: the session carries the device that
    verified it, as django_otp.login leaves it. Staff pages, the staff API and the admin need this."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if user.is_staff:
        staff_session_start(session)  # as accounts.views._sign_in does
    session.save()
    return client


# --- Documents ---------------------------------------------------------------------------------


class DocumentFactory(DjangoModelFactory):
    """A document's row on a case, uploaded by the case's applicant; the file is a name only
    unless a file is given (pass ``file=ContentFile(...)`` to store one)."""

    class Meta:
        model = Document

    kind = "id_card"
    file = factory.LazyAttributeSequence(lambda d, n: f"documents/{d.case.pk}/{n}.pdf")
    original_name = factory.LazyAttribute(lambda d: f"{d.kind}.pdf")
    content_type = "application/pdf"
    extension = ".pdf"
    size = 1
    sha256 = "0" * 64
    uploaded_by = factory.SelfAttribute("case.applicant")


# --- Residence permits ------------------------------------------------------------------------


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class ResidenceRegistrationFactory(DjangoModelFactory):
    """A current online registration, made ``days_ago`` days ago at an address in Qujing."""

    class Meta:
        model = ResidenceRegistration
        skip_postgeneration_save = True

    class Params:
        days_ago = 200
        counter = factory.Trait(
            applicant=None,
            channel="counter",
            filed_by=factory.SubFactory(UserFactory, clerk=True, station=factory.SelfAttribute("..station")),
        )
        ended = factory.Trait(ended_on=factory.LazyFunction(lambda: _days_ago(1)))

    applicant = factory.SubFactory(UserFactory, email_verified=True)
    name = factory.Iterator(NAMES)
    id_number = factory.Sequence(
        lambda n: id_number_for("110105", datetime.date(1990, 1, 1) + datetime.timedelta(days=n), 2 * (n % 499) + 1)
    )
    address = factory.SubFactory(AddressFactory)
    city = factory.SelfAttribute("address.region.city")
    station = factory.SelfAttribute("address.station")
    since = factory.LazyAttribute(lambda r: _days_ago(r.days_ago))
    registered_on = factory.SelfAttribute("since")
    reason = "work"
    channel = "online"
    filed_by = factory.SelfAttribute("applicant")

    @factory.post_generation
    def verified(registration, create, extracted, **kwargs):
        """The applicant's account is verified as the person registered (one person, one account)."""
        if create and registration.applicant_id and extracted is not False:
            verify_identity(registration.applicant, registration.name, registration.id_number)


def verify_identity(user, name: str, id_number: str) -> None:
    """Record ``user`` as verified at the counter for this person, unless it already is someone."""
    if not VerifiedIdentity.objects.filter(user=user).exists():
        VerifiedIdentity.objects.get_or_create(
            id_number=id_number, defaults={"user": user, "name": name, "method": IdentityMethod.COUNTER}
        )


class PermitCaseFactory(DjangoModelFactory):
    """The completed application case a permit was issued on."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    kind = CaseKind.RESIDENCE_PERMIT
    pathway = "residence_permit"
    status = CaseStatus.COMPLETED
    applicant = factory.SubFactory(UserFactory, email_verified=True)
    name = factory.Iterator(NAMES)
    id_number = factory.Sequence(
        lambda n: id_number_for("110106", datetime.date(1988, 1, 1) + datetime.timedelta(days=n), 2 * (n % 499) + 1)
    )
    address = factory.SubFactory(AddressFactory)
    city = factory.SelfAttribute("address.region.city")
    region = factory.SelfAttribute("address.region")
    zone = factory.SelfAttribute("address.zone")
    station = factory.SelfAttribute("address.station")
    reference = factory.Sequence(lambda n: f"T-RP-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    eligible = True
    facts = factory.LazyAttribute(
        lambda c: {"applicant": {"housing": {"kind": "rented"}, "employment": {"stable": True}}}
    )

    @factory.post_generation
    def verified(case, create, extracted, **kwargs):
        if create and extracted is not False:
            verify_identity(case.applicant, case.name, case.id_number)


class ResidencePermitFactory(DjangoModelFactory):
    """A permit issued ``issued_days_ago`` days ago for a year, a trait per state."""

    class Meta:
        model = ResidencePermit

    class Params:
        issued_days_ago = 30
        in_window = factory.Trait(issued_days_ago=350)  # valid for about two more weeks
        suspended = factory.Trait(issued_days_ago=400)  # the year ended about a month ago, no endorsement
        cancelled = factory.Trait(cancelled_on=factory.LazyFunction(lambda: _days_ago(0)), cancel_reason="moved_away")

    case = factory.SubFactory(PermitCaseFactory)
    holder_account = factory.SelfAttribute("case.applicant")
    name = factory.SelfAttribute("case.name")
    id_number = factory.SelfAttribute("case.id_number")
    city = factory.SelfAttribute("case.city")
    address = factory.SelfAttribute("case.address")
    station = factory.SelfAttribute("case.station")
    number = factory.Sequence(lambda n: f"T-JZ-2026-{n:06d}")
    code = factory.Sequence(lambda n: f"TESTCODE{n:04d}")
    issued_on = factory.LazyAttribute(lambda p: _days_ago(p.issued_days_ago))
    valid_until = factory.LazyAttribute(lambda p: add_months(p.issued_on, 12))
    residence_since = factory.LazyAttribute(lambda p: p.issued_on - datetime.timedelta(days=200))
    issued_by = factory.SubFactory(UserFactory, clerk=True, station=factory.SelfAttribute("..station"))
