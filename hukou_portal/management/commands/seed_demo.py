"""``python manage.py seed_demo``: a small, reproducible register for the five cities, a login
for every role, and in every city a few cases in each state, a residence permit and a finished
batch (hukou_portal/demo.py), so the queue, the batch list and the statistics show a working
station at first look.

Everything is keyed on its natural key (station code, address, register number, identity
number, username) and the people are drawn from ``random.Random(2026)``, so a second run finds
what the first one made and changes nothing. It still prints the logins.
"""

import logging
import random
import unicodedata
from base64 import b32encode
from binascii import unhexlify
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import bulk_create_with_history
from stdnum.cn import ric

from accounts.constants import STAFF_ROLES, Role
from accounts.models import IdentityMethod, User, VerifiedIdentity
from accounts.services import user_create
from registers.constants import City, HouseholdKind, JoinReason, LeaveReason, Relation, Sex, Zone
from registers.history import register_change
from registers.models import Address, Household, Person, PoliceStation, Region
from registers.services import household_create, membership_end, membership_start

DEMO_PASSWORD = "Demo-2026-hukou"
DEMO_APPLICANT_EMAIL = "applicant@hukou.example.cn"
# Staff sign in with a second factor, so every demo staff account has an authenticator with this
# public key (TOTP: SHA-1, 30 seconds, 6 digits). Add it to an authenticator app, or print the
# current code with ``python manage.py demo_otp USERNAME``.
DEMO_TOTP_KEY = "68756b6f752d64656d6f2d746f74702d32303236"  # b"hukou-demo-totp-2026", hex as django-otp keeps it
DEMO_TOTP_KEY_BASE32 = b32encode(unhexlify(DEMO_TOTP_KEY)).decode()  # as authenticator apps take it
SEED = 2026
# The demo's "today", so that the people drawn do not depend on the day the command runs.
REFERENCE_DATE = date(2025, 12, 31)
FAMILIES_PER_PLACE = 2


@dataclass(frozen=True)
class PlaceSpec:
    zone: str
    locality: str  # 街道 / 镇 / 乡
    community: str  # 社区 / 村


@dataclass(frozen=True)
class StationSpec:
    code: str
    region_code: str
    name: str
    places: tuple[PlaceSpec, ...]


def _station(code: str, name: str, *places: tuple[str, str, str]) -> StationSpec:
    return StationSpec(code, code[:6], name, tuple(PlaceSpec(*place) for place in places))


_C, _T, _D, _S, _P, _R = (
    Zone.CENTRAL_URBAN,
    Zone.COUNTY_TOWN,
    Zone.DESIGNATED_TOWN,
    Zone.TOWNSHIP,
    Zone.INDUSTRIAL_PARK,
    Zone.RURAL,
)

# Per city: a station for each urban district chosen, and for a county-level city or a county
# one at the seat (县城) and one for a town, a township and a village. A station's code starts
# with its district's or county's GB/T 2260 code. The first station of a city gets its demo clerk.
STATIONS: dict[str, tuple[StationSpec, ...]] = {
    City.QUJING: (
        _station("530302001", "麒麟区南宁派出所", (_C, "南宁街道", "潇湘社区"), (_C, "南宁街道", "南关社区")),
        _station("530302002", "麒麟区翠峰派出所", (_C, "翠峰街道", "西关社区"), (_P, "翠峰街道", "三宝社区")),
        _station("530303001", "沾益区西平派出所", (_C, "西平街道", "龙华社区")),
        _station("530304001", "马龙区通泉派出所", (_C, "通泉街道", "东门社区")),
        _station("530381001", "宣威市宛水派出所", (_T, "宛水街道", "东屯社区")),
        _station(
            "530381002",
            "宣威市田坝派出所",
            (_D, "田坝镇", "田坝社区"),
            (_S, "杨柳乡", "杨柳社区"),
            (_R, "田坝镇", "龙潭村"),
        ),
        _station("530322001", "陆良县中枢派出所", (_T, "中枢街道", "同乐社区")),
        _station(
            "530322002",
            "陆良县马街派出所",
            (_D, "马街镇", "马街社区"),
            (_S, "活水乡", "活水社区"),
            (_R, "马街镇", "中所村"),
        ),
    ),
    City.LINCANG: (
        _station("530902001", "临翔区凤翔派出所", (_C, "凤翔街道", "南屏社区")),
        _station("530902002", "临翔区忙畔派出所", (_C, "忙畔街道", "忙畔社区")),
        _station("530921001", "凤庆县凤山派出所", (_T, "凤山镇", "安石社区")),
        _station(
            "530921002",
            "凤庆县勐佑派出所",
            (_D, "勐佑镇", "勐佑社区"),
            (_S, "郭大寨彝族白族乡", "郭大寨社区"),
            (_R, "勐佑镇", "新华村"),
        ),
    ),
    City.DEHONG: (
        _station("533103001", "芒市勐焕派出所", (_T, "勐焕街道", "团结社区")),
        _station(
            "533103002",
            "芒市遮放派出所",
            (_D, "遮放镇", "遮放社区"),
            (_S, "中山乡", "中山社区"),
            (_R, "遮放镇", "拱岭村"),
        ),
        _station("533102001", "瑞丽市勐卯派出所", (_T, "勐卯街道", "姐岗社区")),
        _station("533123001", "盈江县平原派出所", (_T, "平原镇", "允燕社区")),
        _station(
            "533123002",
            "盈江县旧城派出所",
            (_D, "旧城镇", "旧城社区"),
            (_S, "芒章乡", "芒章社区"),
            (_R, "旧城镇", "大寨村"),
        ),
    ),
    City.CHENZHOU: (
        _station("431002001", "北湖区人民路派出所", (_C, "人民路街道", "燕泉社区")),
        _station("431003001", "苏仙区王仙岭派出所", (_C, "王仙岭街道", "王仙岭社区")),
        _station("431081001", "资兴市唐洞派出所", (_T, "唐洞街道", "东江社区")),
        _station(
            "431081002",
            "资兴市三都派出所",
            (_D, "三都镇", "三都社区"),
            (_S, "团结瑶族乡", "团结社区"),
            (_R, "三都镇", "辰冈岭村"),
        ),
        _station("431021001", "桂阳县龙潭派出所", (_T, "龙潭街道", "蒙泉社区")),
        _station(
            "431021002",
            "桂阳县太和派出所",
            (_D, "太和镇", "太和社区"),
            (_S, "白水瑶族乡", "白水社区"),
            (_R, "太和镇", "长乐村"),
        ),
    ),
    City.JILIN: (
        _station("220202001", "昌邑区延安派出所", (_C, "延安街道", "延安社区")),
        _station("220203001", "龙潭区新安派出所", (_C, "新安街道", "新安社区")),
        _station("220204001", "船营区北京路派出所", (_C, "北京路街道", "北京路社区")),
        _station("220211001", "丰满区江南派出所", (_C, "江南街道", "江南社区")),
        _station("220281001", "蛟河市民主派出所", (_T, "民主街道", "民主社区")),
        _station(
            "220281002",
            "蛟河市天岗派出所",
            (_D, "天岗镇", "天岗社区"),
            (_S, "乌林朝鲜族乡", "乌林社区"),
            (_R, "天岗镇", "天北村"),
        ),
        _station("220221001", "永吉县口前派出所", (_T, "口前镇", "永吉社区")),
        _station(
            "220221002",
            "永吉县岔路河派出所",
            (_D, "岔路河镇", "岔路河社区"),
            (_S, "金家满族乡", "金家社区"),
            (_R, "岔路河镇", "新立村"),
        ),
    ),
}

# (username, role, station code, city)
DEMO_USERS: list[tuple[str, str, str | None, str]] = [
    *((f"clerk_{city}", Role.CLERK, stations[0].code, city) for city, stations in STATIONS.items()),
    ("clerk_qujing_luliang", Role.CLERK, "530322001", City.QUJING),
    *((f"supervisor_{city}", Role.SUPERVISOR, None, city) for city in STATIONS),
    ("ruleadmin", Role.RULE_ADMIN, None, ""),
    ("ruleadmin_reviewer", Role.RULE_ADMIN, None, ""),  # 四眼原则: the second rule admin who approves publication
    ("auditor", Role.AUDITOR, None, ""),
    ("applicant", Role.APPLICANT, None, ""),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶段"
GIVEN_NAMES = {
    Sex.MALE: "伟强磊军勇杰涛明超华平刚建国志文斌鹏辉宇浩俊峰成林海波",
    Sex.FEMALE: "芳娜敏静丽艳娟霞秀英慧玲婷雪梅琳兰红燕萍洁颖莉倩瑶佳",
}
# Dai names carry no surname: 岩 for men, 玉 for women.
DAI_PREFIX = {Sex.MALE: "岩", Sex.FEMALE: "玉"}
DAI_NAMES = "温罕香南应叫帕坎旺罗"
STREETS = ("人民路", "建设路", "文化路", "和平路", "胜利路", "团结路")
VILLAGE_GROUPS = "一二三四五六七八"  # 村民小组
ETHNICITIES = {
    City.QUJING: {"汉族": 85, "彝族": 10, "回族": 5},
    City.LINCANG: {"汉族": 60, "佤族": 15, "彝族": 15, "傣族": 10},
    City.DEHONG: {"汉族": 50, "傣族": 30, "景颇族": 20},
    City.CHENZHOU: {"汉族": 95, "瑶族": 5},
    City.JILIN: {"汉族": 85, "满族": 10, "朝鲜族": 5},
}


@dataclass(frozen=True)
class PersonPlan:
    id_number: str
    name: str
    sex: str
    birth_date: date
    ethnicity: str


@dataclass(frozen=True)
class MemberPlan:
    person: PersonPlan
    relation: str
    since: date
    joined_by: str
    until: date | None = None
    left_by: str = ""


@dataclass
class HouseholdPlan:
    register_number: str
    kind: str
    station: StationSpec
    place: PlaceSpec
    detail: str
    created_on: date
    head: PersonPlan | None
    name: str = ""
    members: list[MemberPlan] = field(default_factory=list)  # everyone but the head


class Planner:
    """Draws the demo register from one seeded random generator, without touching the database."""

    def __init__(self, since_years: dict[str, int | None]):
        self.rng = random.Random(SEED)
        self.since_years = since_years
        self.id_numbers: set[str] = set()
        self.addresses: set[tuple[str, str, str, str]] = set()
        self.sequences: Counter[str] = Counter()
        self.households: list[HouseholdPlan] = []

    def plan(self) -> list[HouseholdPlan]:
        for city, stations in STATIONS.items():
            for station in stations:
                for place in station.places:
                    for _i in range(FAMILIES_PER_PLACE):
                        self.family(city, station, place)
                    if city == City.QUJING:
                        self.collective(station, place)
        return self.households

    def family(self, city: str, station: StationSpec, place: PlaceSpec) -> None:
        rng = self.rng
        ethnicity = self.ethnicity(city)
        head_sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
        head = self.person(station, head_sex, self.day_between(date(1950, 1, 1), date(1995, 12, 31)), ethnicity)
        household = self.household(station, place, head, self.created_on(station, head.birth_date))
        father, mother = (head, None) if head_sex == Sex.MALE else (None, head)
        if rng.random() < 0.85:
            spouse = self.person(station, _other(head_sex), self.shifted(head.birth_date, -3, 5), ethnicity)
            household.members.append(MemberPlan(spouse, Relation.SPOUSE, household.created_on, JoinReason.MOVE_IN))
            father, mother = (head, spouse) if head_sex == Sex.MALE else (spouse, head)
        self.children(household, father or mother, mother or father, ethnicity)
        if rng.random() < 0.3:
            self.parents_of_head(household, ethnicity)

    def children(self, household: HouseholdPlan, father: PersonPlan, mother: PersonPlan, ethnicity: str) -> None:
        rng = self.rng
        birth = self.shifted(mother.birth_date, 22, 32)
        for index in range(rng.choices([0, 1, 2, 3], weights=[10, 40, 35, 15])[0]):
            if index:
                birth += timedelta(days=rng.randint(400, 2000))
            if birth > REFERENCE_DATE:
                return
            child = self.person(household.station, rng.choice(Sex.values), birth, ethnicity, surname=father.name[0])
            if birth >= household.created_on:
                member = MemberPlan(child, Relation.CHILD, birth, JoinReason.BIRTH)
            else:
                member = MemberPlan(child, Relation.CHILD, household.created_on, JoinReason.MOVE_IN)
            if index == 0 and (REFERENCE_DATE - birth).days > 24 * 365 and rng.random() < 0.35:
                moved_on = min(max(self.shifted(birth, 22, 28), member.since), REFERENCE_DATE)
                member = replace(member, until=moved_on, left_by=LeaveReason.MOVE_OUT)
                self.moved_out_child(household, child, moved_on, ethnicity)
            household.members.append(member)

    def moved_out_child(self, parents: HouseholdPlan, child: PersonPlan, moved_on: date, ethnicity: str) -> None:
        """A grown child who left the parents' household and opened one nearby: history to show."""
        household = self.household(parents.station, parents.place, child, moved_on)
        if self.rng.random() < 0.6:
            spouse = self.person(parents.station, _other(child.sex), self.shifted(child.birth_date, -3, 3), ethnicity)
            household.members.append(MemberPlan(spouse, Relation.SPOUSE, moved_on, JoinReason.MOVE_IN))
        baby_birth = self.shifted(moved_on, 1, 4)
        if self.rng.random() < 0.5 and baby_birth <= REFERENCE_DATE:
            surname = child.name[0]
            baby = self.person(parents.station, self.rng.choice(Sex.values), baby_birth, ethnicity, surname=surname)
            household.members.append(MemberPlan(baby, Relation.CHILD, baby_birth, JoinReason.BIRTH))

    def parents_of_head(self, household: HouseholdPlan, ethnicity: str) -> None:
        head = household.head
        for sex in self.rng.sample(Sex.values, self.rng.randint(1, 2)):
            birth = self.shifted(head.birth_date, -34, -24)
            if birth.year < 1925:
                continue
            surname = head.name[0] if sex == Sex.MALE else None
            parent = self.person(household.station, sex, birth, ethnicity, surname=surname)
            since = self.day_between(household.created_on, REFERENCE_DATE)
            household.members.append(MemberPlan(parent, Relation.PARENT, since, JoinReason.MOVE_IN))

    def collective(self, station: StationSpec, place: PlaceSpec) -> None:
        """The community's collective household for renters (曲政发〔2015〕82号 第（十一）条)."""
        committee = "居民委员会" if place.community.endswith("社区") else "村民委员会"
        created_on = self.day_between(date(2016, 1, 4), date(2016, 12, 30))
        name = f"{place.locality}{place.community}集体户"
        household = self.household(station, place, None, created_on, name=name, detail=f"{place.community}{committee}")
        for _i in range(self.rng.randint(1, 3)):
            birth = self.day_between(date(1975, 1, 1), date(2003, 12, 31))
            renter = self.person(station, self.rng.choice(Sex.values), birth, "汉族")
            since = self.day_between(created_on, REFERENCE_DATE)
            household.members.append(MemberPlan(renter, Relation.COLLECTIVE_MEMBER, since, JoinReason.MOVE_IN))

    def household(self, station, place, head, created_on, *, name: str = "", detail: str = "") -> HouseholdPlan:
        self.sequences[station.code] += 1
        household = HouseholdPlan(
            register_number=f"{station.code}{self.sequences[station.code]:06d}",
            kind=HouseholdKind.FAMILY if head else HouseholdKind.COLLECTIVE,
            station=station,
            place=place,
            detail=detail or self.new_detail(station, place),
            created_on=created_on,
            head=head,
            name=name,
        )
        self.households.append(household)
        return household

    def new_detail(self, station: StationSpec, place: PlaceSpec) -> str:
        while True:
            if place.zone in (Zone.TOWNSHIP, Zone.RURAL):
                detail = f"{self.rng.choice(VILLAGE_GROUPS)}组{self.rng.randint(1, 60)}号"
            else:
                detail = f"{self.rng.choice(STREETS)}{self.rng.randint(1, 300)}号"
            key = (station.region_code, place.locality, place.community, detail)
            if key not in self.addresses:
                self.addresses.add(key)
                return detail

    def person(self, station, sex: str, birth_date: date, ethnicity: str, *, surname: str = "") -> PersonPlan:
        rng = self.rng
        if ethnicity == "傣族":
            name = DAI_PREFIX[sex] + rng.choice(DAI_NAMES)
        else:
            name = (surname or rng.choice(SURNAMES)) + "".join(rng.choices(GIVEN_NAMES[sex], k=rng.randint(1, 2)))
        while True:
            # The sequence's last digit is odd for men and even for women (GB 11643).
            sequence = 2 * rng.randrange(499) + (1 if sex == Sex.MALE else 2)
            number17 = f"{station.region_code}{birth_date:%Y%m%d}{sequence:03d}"
            id_number = number17 + ric.calc_check_digit(number17 + "0")  # the last character is a placeholder
            if id_number not in self.id_numbers:
                self.id_numbers.add(id_number)
                return PersonPlan(id_number, name, sex, birth_date, ethnicity)

    def ethnicity(self, city: str) -> str:
        weights = ETHNICITIES[city]
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def created_on(self, station: StationSpec, head_birth: date) -> date:
        """Usually when the head was in their twenties, but not before the district existed."""
        created_on = self.shifted(head_birth, 22, 30)
        since_year = self.since_years.get(station.region_code)
        if since_year:
            created_on = max(created_on, date(since_year, 1, 1))
        return min(created_on, REFERENCE_DATE)

    def shifted(self, day: date, min_years: int, max_years: int) -> date:
        """A day some random time (between the two numbers of years) after, or before, ``day``."""
        return day + timedelta(days=self.rng.randint(round(min_years * 365.25), round(max_years * 365.25)))

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))


def _other(sex: str) -> str:
    return Sex.FEMALE if sex == Sex.MALE else Sex.MALE


class Command(BaseCommand):
    help = _("为五个城市填入一份演示户籍数据，并为每个角色创建演示账号；重复运行不会改动已有数据。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=_("在生产环境（DJANGO_ENV=production）中也创建演示数据；演示账号的密码是公开的。"),
        )

    def handle(self, *args, allow_production: bool, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(_("生产环境中不创建演示数据：演示账号的密码是公开的。确有需要请加 --allow-production。"))
        with transaction.atomic():
            regions = {region.code: region for region in Region.objects.all()}
            stations, created = _load_stations(regions)
            plan = Planner({code: region.since_year for code, region in regions.items()}).plan()
            with register_change(actor=None, reason="演示数据"):
                created.update(_load_register(plan, regions, stations))
            created["users"] = _load_users(stations)
            created["devices"] = _load_devices()
            identity = _load_identity()
        created["cases"] = _load_cases()
        if any(created.values()):
            message = _(
                "已创建：派出所 %(stations)d 个，地址 %(addresses)d 个，户 %(households)d 个，"
                "人员 %(people)d 人，账号 %(users)d 个，动态口令设备 %(devices)d 个，演示业务 %(cases)d 件。"
            )
            self.stdout.write(message % created)
        else:
            self.stdout.write(_("演示数据已存在，未作改动。"))
        for line in _logins_table():
            self.stdout.write(line)
        self.stdout.write(_("演示申请人已实名核验为 %(identity)s，可为本人申请迁移。") % {"identity": identity})
        self.stdout.write(
            _(
                "工作人员输入密码后还要输入动态口令：在验证器应用中添加上表的密钥，"
                "或运行 python manage.py demo_otp 用户名 查看当前口令。"
            )
        )


def _load_stations(regions: dict[str, Region]) -> tuple[dict[str, PoliceStation], Counter]:
    stations, created = {}, Counter()
    for specs in STATIONS.values():
        for spec in specs:
            region = regions[spec.region_code]
            stations[spec.code], is_new = PoliceStation.objects.get_or_create(
                code=spec.code,
                defaults={"name": spec.name, "region": region, "address": f"{region.name}{spec.places[0].locality}"},
            )
            created["stations"] += is_new
    return stations, created


def _load_register(plan: list[HouseholdPlan], regions, stations) -> Counter:
    """Create the planned households the database lacks, each with its address and members."""
    created = Counter()
    people, created["people"] = _load_people(plan)
    planned_numbers = [household.register_number for household in plan]
    existing = set(
        Household.objects.filter(register_number__in=planned_numbers).values_list("register_number", flat=True)
    )
    for planned in plan:
        if planned.register_number in existing:
            continue
        address, created_address = Address.objects.get_or_create(
            region=regions[planned.station.region_code],
            locality=planned.place.locality,
            community=planned.place.community,
            detail=planned.detail,
            defaults={"zone": planned.place.zone, "station": stations[planned.station.code]},
        )
        _load_household(planned, address, people)
        created["addresses"] += created_address
        created["households"] += 1
    return created


def _load_household(planned: HouseholdPlan, address: Address, people: dict[str, Person]) -> None:
    """Through the services, as a clerk would: the register's rules hold for the demo too."""
    household = household_create(
        kind=planned.kind,
        address=address,
        head=people[planned.head.id_number] if planned.head else None,
        register_number=planned.register_number,
        created_on=planned.created_on,
        name=planned.name,
    )
    for member in planned.members:
        membership = membership_start(
            person=people[member.person.id_number],
            household=household,
            relation=member.relation,
            since=member.since,
            joined_by=member.joined_by,
        )
        if member.until:
            membership_end(membership=membership, until=member.until, left_by=member.left_by)


def _load_people(plan: list[HouseholdPlan]) -> tuple[dict[str, Person], int]:
    """All the plan's people by identity number, the missing ones inserted in one go (validated first)."""
    planned = {p.id_number: p for h in plan for p in [h.head, *(m.person for m in h.members)] if p is not None}
    existing = Person.objects.in_bulk(list(planned), field_name="id_number")
    new_people = [
        Person(id_number=p.id_number, name=p.name, sex=p.sex, birth_date=p.birth_date, ethnicity=p.ethnicity)
        for number, p in planned.items()
        if number not in existing
    ]
    for person in new_people:
        person.full_clean(validate_unique=False)  # the unique index still guards the identity number
    bulk_create_with_history(new_people, Person, batch_size=500, default_change_reason="演示数据")
    return {**existing, **{person.id_number: person for person in new_people}}, len(new_people)


def _load_users(stations: dict[str, PoliceStation]) -> int:
    existing = set(User.objects.filter(username__in=[row[0] for row in DEMO_USERS]).values_list("username", flat=True))
    for username, role, station_code, city in DEMO_USERS:
        if username not in existing:
            station = stations[station_code] if station_code else None
            # The demo applicant can apply at once: a verified address, and it signs in with it too.
            verified = {"email": DEMO_APPLICANT_EMAIL, "email_verified": True} if role == Role.APPLICANT else {}
            user_create(username=username, password=DEMO_PASSWORD, role=role, station=station, city=city, **verified)
    return len(DEMO_USERS) - len(existing)


def _load_identity() -> VerifiedIdentity:
    """The demo applicant is a real person of the demo register (the head of the first household of
    Qujing), verified at the counter, so it can apply for itself at once."""
    applicant = User.objects.get(username="applicant")
    current = VerifiedIdentity.objects.filter(user=applicant).first()
    if current is not None:
        return current
    head = (
        Household.objects.filter(
            address__region__city="qujing", kind=HouseholdKind.FAMILY, head__death_date__isnull=True
        )
        .exclude(head__id_number__in=VerifiedIdentity.objects.values("id_number"))
        .select_related("head")
        .order_by("register_number")
        .first()
        .head
    )
    return VerifiedIdentity.objects.create(
        user=applicant, name=head.name, id_number=head.id_number, method=IdentityMethod.COUNTER
    )


def _load_cases() -> int:
    """In every city a few cases in each state, a residence permit and a finished batch, through the
    services (hukou_portal.demo). Their notices go to the demo's own outbox, not between the logins."""
    from django.test.utils import override_settings

    from hukou_portal.demo import demo_cases_seed  # the register comes first; the cases build on it

    trace = logging.getLogger("celery.app.trace")  # in-process tasks log a line each
    level, trace.level = trace.level, logging.WARNING
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            return demo_cases_seed()["cases"]
    finally:
        trace.setLevel(level)


def _load_devices() -> int:
    """A confirmed authenticator with the demo key for each demo staff account that has none."""
    staff = User.objects.filter(username__in=[row[0] for row in DEMO_USERS], role__in=STAFF_ROLES)
    without = staff.exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user"))
    devices = [TOTPDevice(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True) for user in without]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


def _logins_table() -> list[str]:
    order = {username: index for index, (username, *_rest) in enumerate(DEMO_USERS)}
    users = sorted(
        User.objects.filter(username__in=order).select_related("station"), key=lambda user: order[user.username]
    )
    demo_keyed = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True, key=DEMO_TOTP_KEY).values_list("user", flat=True)
    )
    rows = [[str(_("用户名")), str(_("密码")), str(_("角色")), str(_("所属")), str(_("动态口令密钥"))]]
    rows += [
        [
            user.username,
            DEMO_PASSWORD,
            str(user.get_role_display()),
            _belongs_to(user),
            DEMO_TOTP_KEY_BASE32 if user.pk in demo_keyed else "—",
        ]
        for user in users
    ]
    widths = [max(_width(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)) for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return [line.rstrip() for line in lines]


def _belongs_to(user: User) -> str:
    if user.station:
        return user.station.name
    return str(user.get_city_display()) if user.city else "—"


def _width(text: str) -> int:
    """Columns a terminal gives the text: two for each Chinese character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
