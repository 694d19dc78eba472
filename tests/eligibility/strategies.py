"""Hypothesis strategies for facts: every field optional, values across their whole range."""

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import strategies as st

from eligibility import constants as c
from eligibility.facts import (
    Applicant,
    Facts,
    Housing,
    Insurance,
    Joining,
    Marriage,
    Military,
    Newborn,
    Relative,
    RuralReturn,
    Student,
    Unregistered,
)
from registers.constants import City, Zone

CITIES = [x.value for x in City]
# Two county-level areas of each city, and one outside the five (GB/T 2260).
COUNTIES = [
    "530302",
    "530381",
    "530902",
    "530921",
    "533102",
    "533103",
    "431002",
    "431021",
    "220204",
    "220221",
    "110105",
]


def maybe(strategy):
    return st.none() | strategy


dates = st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))
bools = maybe(st.booleans())
months = maybe(st.integers(0, 200))
subsets = lambda values: maybe(st.lists(st.sampled_from(values), max_size=3, unique=True).map(tuple))  # noqa: E731

housing = st.builds(
    Housing,
    kind=maybe(st.sampled_from(c.HOUSING_KINDS)),
    lease_registered=bools,
    lease_since=maybe(dates),
    owner_consent=bools,
    area_m2=maybe(st.decimals(Decimal("5"), Decimal("400"), places=2)),
    occupants=maybe(st.integers(1, 12)),
)
applicant = st.builds(
    Applicant,
    birth_date=maybe(st.dates(datetime.date(1940, 1, 1), datetime.date(2026, 1, 1))),
    hukou_city=maybe(st.sampled_from([*CITIES, "other"])),
    hukou_county=maybe(st.sampled_from(COUNTIES)),
    settle_into=st.sampled_from(c.SETTLE_INTO),
    housing=housing,
    employment_stable=bools,
    insurance=st.builds(Insurance, pension=months, medical=months, unemployment=months),
    residence_since=maybe(dates),
    studying=bools,
    talent=subsets(c.TALENT_KINDS),
    joining=st.builds(Joining, relation=maybe(st.sampled_from(c.KinRelation.values)), co_resident=bools),
    military=st.builds(
        Military,
        relation=maybe(st.sampled_from(c.MILITARY_RELATIONS)),
        meets_suijun=bools,
        wants_suijun=bools,
        lives_with_serviceman_elders=bools,
        lives_in_serviceman_home=bools,
    ),
    rural_return=st.builds(
        RuralReturn,
        settled_in_town=bools,
        reason=maybe(st.sampled_from(c.RURAL_RETURN_REASONS)),
        origin_holdings=subsets(c.ORIGIN_HOLDINGS),
        lives_at_origin=bools,
    ),
    student=st.builds(
        Student,
        stage=maybe(st.sampled_from(c.STUDENT_STAGES)),
        school_city=maybe(st.sampled_from([*CITIES, "other"])),
        destination=maybe(st.sampled_from(c.STUDENT_DESTINATIONS)),
    ),
    marriage=st.builds(
        Marriage,
        applicant_hukou=maybe(st.sampled_from(c.HUKOU_KINDS)),
        spouse_hukou=maybe(st.sampled_from(c.HUKOU_KINDS)),
        couple_lives_at_destination=bools,
    ),
    unregistered=st.builds(Unregistered, reason=maybe(st.sampled_from(c.UNREGISTERED_REASONS)), born_in_china=bools),
    keeps_rural_rights=bools,
    newborn=maybe(st.builds(Newborn, born_in_china=bools, has_birth_permit=bools)),
)
relatives = st.lists(
    st.builds(Relative, relation=st.sampled_from(c.KinRelation.values), minor=bools, married=bools, co_resident=bools),
    max_size=4,
).map(tuple)
facts = st.builds(
    Facts,
    city=st.sampled_from(CITIES),
    as_of=st.dates(datetime.date(2017, 1, 1), datetime.date(2030, 12, 31)),
    zone=maybe(st.sampled_from(Zone.values)),
    county=maybe(st.sampled_from(COUNTIES)),
    pathway=st.none(),
    applicant=applicant,
    relatives=relatives,
)


def with_applicant(f: Facts, **changes) -> Facts:
    return replace(f, applicant=replace(f.applicant, **changes))
