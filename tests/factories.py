"""factory_boy factories for the register and the accounts, a trait per state.

The regions are reference data loaded by a migration, so factories look them up rather than
make them. Every identity number is valid: its check digit comes from python-stdnum.
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password
from stdnum.cn import ric

from accounts.constants import Role
from accounts.models import User
from registers.constants import HouseholdKind, JoinReason, LeaveReason, Relation, Sex, Zone
from registers.models import Address, Household, Membership, Person, PoliceStation, Region

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
