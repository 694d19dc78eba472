"""factory_boy factories for the register, the accounts and the cases, a trait per state.

The regions are reference data loaded by a migration, so factories look them up rather than
make them. Every identity number is valid: its check digit comes from python-stdnum. A case is
made by ``CaseFactory``, which reaches each state through the real services.
"""

import copy
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
from applications.constants import CaseKind, CaseStatus, ConsentStatus
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


# --- The real process: what a case needs before it can be decided ------------------------------
# The applicant's account verified as the person it applies for, each document checked by a clerk
# against its original, everyone coming along consenting from their own verified account.


def verify(user: User, person=None, *, name: str = "", id_number: str = "") -> User:
    """Record ``user`` as verified at the counter for ``person`` (or the name and number given)."""
    VerifiedIdentity.objects.create(
        user=user,
        name=name or person.name,
        id_number=id_number or person.id_number,
        method=IdentityMethod.COUNTER,
    )
    return user


def account_for(person=None, preferred: User | None = None, *, name: str = "", id_number: str = "") -> User:
    """An applicant account verified as ``person`` (or the name and number given): ``preferred``
    when it is (or can become) theirs, else a new account — one person, one account."""
    name, id_number = name or person.name, id_number or person.id_number
    if preferred is not None:
        identity = VerifiedIdentity.objects.filter(user=preferred).first()
        if identity is None and not VerifiedIdentity.objects.filter(id_number=id_number).exists():
            return verify(preferred, name=name, id_number=id_number)
        if identity is not None and identity.id_number == id_number:
            return preferred
    existing = VerifiedIdentity.objects.filter(id_number=id_number).select_related("user").first()
    if existing is not None:
        return existing.user
    return verify(UserFactory(email_verified=True), name=name, id_number=id_number)


def check_documents(case, clerk) -> None:
    """The clerk finds every uploaded document matching its original."""
    from applications.services import document_check

    for document in case.documents.filter(check_result="unchecked"):
        document_check(document=document, clerk=clerk, passed=True)


def consent_everyone(case) -> None:
    """Each person asked agrees from their own verified account."""
    from applications.services import consent_answer

    for consent in case.consents.filter(status=ConsentStatus.PENDING):
        identity = VerifiedIdentity.objects.filter(id_number=consent.id_number).first()
        user = identity.user if identity else verify(UserFactory(email_verified=True), consent)
        consent_answer(consent=consent, user=user, accept=True)


def complete_and_check(case, clerk) -> None:
    """Every checklist item of the case gets a document, the clerk checks them all, and everyone
    asked consents: the case may then be approved."""
    from applications.selectors import case_checklist

    for line in case_checklist(case):
        if not line.documents and not line.auto_passed and line.promise is None:
            DocumentFactory(case=case, kind=line.item.document)
    check_documents(case, clerk)
    consent_everyone(case)


# --- Cases ------------------------------------------------------------------------------------

READY_DOCUMENTS = ("id_card", "household_booklet", "property_certificate")
SPOUSE_DOCUMENTS = ("marriage_certificate", "kinship_proof")
REFUSAL_CLAUSE = "曲政发〔2015〕82号 第（四）条"
STATES = [
    CaseStatus.DRAFT,
    CaseStatus.SUBMITTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.AWAITING_DOCUMENTS,
    CaseStatus.APPROVED,
    CaseStatus.COMPLETED,
    CaseStatus.REFUSED,
    CaseStatus.WITHDRAWN,
]


def _outside_id_number(n: int) -> str:
    return id_number_for("110108", datetime.date(1986, 1, 1) + datetime.timedelta(days=n), 2 * (n % 499) + 1)


class CaseFactory(factory.Factory):
    """A settlement case under Qujing's residence door (an owner at a central urban address),
    brought to its state by the services a person would use — never by setting its status:

        CaseFactory()                      a draft with its documents uploaded
        CaseFactory(submitted=True)        submitted by the account verified as its applicant,
                                           documents checked by a clerk, pre-screened
        CaseFactory(in_review=True)        taken by ``clerk``
        CaseFactory(awaiting_documents=True)  the clerk asked for one more document
        CaseFactory(completed=True)        approved with everyone's consent: moved in the register
        CaseFactory(approved=True)         a person from outside the register: approved, waiting
                                           for the origin's 迁移证
        CaseFactory(refused=True)          refused on a clause, with its decision letter
        CaseFactory(withdrawn=True)        withdrawn by its applicant after submitting

    ``person`` (a Person) applies, by default the head of a household elsewhere in Qujing;
    ``spouse`` (a Person) comes along with the marriage and kinship papers (asked to consent on
    submission; consenting from the in-review state on); ``spouse_papers`` are the papers that
    come with them (by default the marriage and kinship papers). ``applicant`` is the account to use when
    it is, or can become, the person's; ``clerk`` the station's clerk who acts (one is made).
    ``checked=False`` leaves the documents unchecked, ``screen=False`` skips the pre-screen,
    ``bare=True`` is both with no document uploaded (the submission as it arrives), ``files=True``
    uploads real PDF files through the upload service; ``decidable=True`` (in review) gives every
    checklist item a checked document and everyone's consent, so it may be decided. ``correction`` (``{"field":
    "name", "value": …, "reason": …}``) makes a 户籍信息更正 of the person's entry instead, at the
    station of their household (its clerk acts). ``registration`` (a ResidenceRegistration) makes a
    residence-permit application from it instead, by its applicant through the permit services,
    with ``permit_answers`` (``employment_stable``, ``housing_kind``, ``studying``) if given; its
    documents come when it is decided (``completed=True`` issues the permit). ``applicant_facts``
    replaces the applicant's facts (an owner's home by default), ``city`` Qujing."""

    class Meta:
        model = Case

    class Params:
        submitted = factory.Trait(state=CaseStatus.SUBMITTED)
        in_review = factory.Trait(state=CaseStatus.IN_REVIEW)
        awaiting_documents = factory.Trait(state=CaseStatus.AWAITING_DOCUMENTS)
        approved = factory.Trait(
            state=CaseStatus.APPROVED,
            person=None,
            name="外来人",
            id_number=factory.Sequence(_outside_id_number),
            origin_address="北京市海淀区中关村大街1号",
        )
        completed = factory.Trait(state=CaseStatus.COMPLETED)
        refused = factory.Trait(state=CaseStatus.REFUSED)
        withdrawn = factory.Trait(state=CaseStatus.WITHDRAWN)
        bare = factory.Trait(documents=(), checked=False, screen=False)

    state = CaseStatus.DRAFT
    applicant = None
    person = factory.LazyFunction(lambda: HouseholdFactory(address=AddressFactory(zone=Zone.COUNTY_TOWN)).head)
    name = ""
    id_number = ""
    origin_address = ""  # 迁出地, for a person outside the portal's register
    address = factory.SubFactory(AddressFactory, zone=Zone.CENTRAL_URBAN)
    spouse = None
    spouse_papers = SPOUSE_DOCUMENTS
    relatives = ()  # further entries as the applicant types them ({"name", "id_number", "relation", …})
    clerk = None
    documents = READY_DOCUMENTS
    document_name = "{kind}.pdf"
    checked = True
    screen = True
    files = False
    decidable = False
    correction = None
    registration = None
    permit_answers = None
    city = "qujing"
    applicant_facts = {"housing": {"kind": "owned"}}  # copied for each case

    @classmethod
    def _create(cls, model_class, *, state, **options):
        return _case_in_state(state, **options)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("CaseFactory only creates: a case is made through the services")


def case_with_spouse(applicant, address, *, head, spouse) -> Case:
    """What a clerk opens first in the browser journeys: a submitted case of ``head`` moving with
    their spouse, every paper uploaded with the spouse's kinship proof, nothing checked or
    pre-screened yet."""
    return CaseFactory(
        submitted=True,
        applicant=applicant,
        address=address,
        person=head,
        spouse=spouse,
        spouse_papers=("kinship_proof",),
        files=True,
        checked=False,
        screen=False,
    )


def _case_in_state(state, *, clerk, **options) -> Case:
    from applications import services

    case = _draft(**options)
    if state == CaseStatus.DRAFT:
        return case
    acts_later = state not in (CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN)
    if clerk is None and (options["checked"] or acts_later):
        clerk = UserFactory(clerk=True, station=case.station)
    case = _submitted(case, clerk, checked=options["checked"], screen=options["screen"])
    if state == CaseStatus.WITHDRAWN:
        return services.case_withdraw(case=case, actor=case.applicant)
    if state == CaseStatus.SUBMITTED:
        return case
    case = services.case_take(case=case, clerk=clerk)
    if options["decidable"]:
        complete_and_check(case, clerk)
    if state == CaseStatus.AWAITING_DOCUMENTS:
        services.case_request_documents(case=case, clerk=clerk, items=[("other", "请补充原房产的产权变更记录")])
    elif state == CaseStatus.REFUSED:
        services.case_refuse(case=case, clerk=clerk, clause=REFUSAL_CLAUSE, text="所购住房不在本市城区范围内。")
    elif state in (CaseStatus.APPROVED, CaseStatus.COMPLETED):
        complete_and_check(case, clerk)
        services.case_approve(case=case, clerk=clerk)
    case.refresh_from_db()
    assert case.status == state, f"CaseFactory made a {case.status} case, not {state}"
    return case


def _draft(
    *,
    applicant,
    person,
    name,
    id_number,
    origin_address,
    address,
    spouse,
    spouse_papers,
    relatives,
    correction,
    registration,
    permit_answers,
    city,
    applicant_facts,
    **options,
):
    from applications.services import case_draft_create, case_draft_update

    if registration is not None:
        return _permit_draft(registration, permit_answers)
    name, id_number = (person.name, person.id_number) if person is not None else (name, id_number)
    applicant = account_for(preferred=applicant, name=name, id_number=id_number)
    if correction is not None:
        return _correction_draft(applicant, person, correction)
    case = case_draft_create(applicant=applicant, city=city, pathway="residence", name=name, id_number=id_number)
    relatives, documents = list(relatives), options["documents"]
    if spouse is not None:
        relatives.insert(
            0, {"name": spouse.name, "id_number": spouse.id_number, "relation": "spouse", "co_resident": True}
        )
        documents = (*documents, *spouse_papers) if documents else ()
    case = case_draft_update(
        case=case,
        actor=applicant,
        address=address,
        facts={"applicant": copy.deepcopy(applicant_facts)},
        relatives=relatives,
        **({"origin_address": origin_address} if origin_address else {}),
    )
    for kind in documents:
        if options["files"]:
            _upload(case, kind)
        else:
            DocumentFactory(case=case, kind=kind, original_name=options["document_name"].format(kind=kind))
    return case


def _permit_draft(registration, answers: dict | None) -> Case:
    """A residence-permit application from ``registration``, by its applicant."""
    from residence_permits.services import permit_application_start, permit_application_update

    case = permit_application_start(registration=registration, actor=registration.applicant)
    if answers is not None:
        case = permit_application_update(case=case, actor=registration.applicant, **answers)
    return case


def _correction_draft(applicant, person, correction: dict) -> Case:
    """户籍信息更正 of the applicant's own entry in its current household."""
    from applications.services import case_draft_create, case_draft_update

    household = person.memberships.get(until__isnull=True).household
    case = case_draft_create(
        applicant=applicant, kind=CaseKind.CORRECTION, city="qujing", name=person.name, id_number=person.id_number
    )
    return case_draft_update(
        case=case,
        actor=applicant,
        address=household.address,
        target_household=household,
        facts={"correction": {"id_number": person.id_number, **correction}},
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(case, kind) -> Document:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.services import document_upload

    upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
    return document_upload(case=case, actor=case.applicant, kind=kind, upload=upload)


def _submitted(case, clerk, *, checked: bool, screen: bool) -> Case:
    from applications.services import case_prescreen, case_submit

    case = case_submit(case=case, actor=case.applicant, confirm_missing=True)
    if checked:
        check_documents(case, clerk)
    if screen:
        case_prescreen(case_id=case.pk)
        case.refresh_from_db()
    return case
