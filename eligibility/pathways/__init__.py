"""One function per pathway. Each reads the facts listed beside it (so the self-check form asks
for exactly those) and the rule book's parameters, records its conditions in the trace, and
returns one three-valued condition: eligible, not eligible, or undecided for missing facts."""

from collections.abc import Callable
from dataclasses import dataclass

from ..explain import Cond
from .family import family_reunion, marriage, military_family, rural_return
from .registration import newborn, residence_permit, student, unregistered
from .settlement import relatives_coming_along, residence, talent


@dataclass(frozen=True)
class PathwayDef:
    evaluate: Callable[..., Cond]
    facts: tuple[str, ...]
    takes_relatives: bool = False
    # Whether an untold zone is always worth asking while the verdict is open. False: only when it
    # would change the verdict (a city that confines the pathway to some zones).
    zone_always_missing: bool = True


_HOME = ("applicant.housing.kind", "applicant.housing.lease_registered", "applicant.housing.owner_consent")

PATHWAYS: dict[str, PathwayDef] = {
    "residence": PathwayDef(
        residence,
        (
            "zone",
            "applicant.settle_into",
            *_HOME,
            "applicant.housing.lease_since",
            "applicant.residence_since",
            "applicant.employment.stable",
            "applicant.social_insurance_months.pension",
            "applicant.social_insurance_months.medical",
            "applicant.social_insurance_months.unemployment",
        ),
        takes_relatives=True,
    ),
    "family_reunion": PathwayDef(
        family_reunion,
        (
            "zone",
            "applicant.joining.relation",
            "applicant.joining.co_resident",
            "applicant.birth_date",
            "applicant.housing.area_m2",
            "applicant.housing.occupants",
        ),
    ),
    "student": PathwayDef(
        student,
        (
            "applicant.student.stage",
            "applicant.student.destination",
            "applicant.student.school_city",
            "applicant.hukou_city",
            "applicant.housing.kind",
            "applicant.housing.lease_registered",
            "applicant.housing.owner_consent",
            "applicant.residence_since",
        ),
    ),
    "military_family": PathwayDef(
        military_family,
        (
            "zone",
            "applicant.military.relation",
            "applicant.military.meets_suijun",
            "applicant.military.wants_suijun",
            "applicant.military.lives_with_serviceman_elders",
            "applicant.military.lives_in_serviceman_home",
        ),
    ),
    "rural_return": PathwayDef(
        rural_return,
        (
            "zone",
            "applicant.rural_return.settled_in_town",
            "applicant.rural_return.reason",
            "applicant.rural_return.origin_holdings",
            "applicant.rural_return.lives_at_origin",
        ),
    ),
    "marriage": PathwayDef(
        marriage,
        (
            "applicant.marriage.applicant_hukou",
            "applicant.marriage.spouse_hukou",
            "applicant.marriage.couple_lives_at_destination",
        ),
    ),
    "talent": PathwayDef(talent, ("zone", "applicant.talent"), takes_relatives=True),
    "newborn": PathwayDef(newborn, ("applicant.newborn.born_in_china", "applicant.newborn.has_birth_permit")),
    "unregistered": PathwayDef(unregistered, ("applicant.unregistered.reason", "applicant.unregistered.born_in_china")),
    "residence_permit": PathwayDef(
        residence_permit,
        (
            "zone",
            "county",
            "applicant.hukou_city",
            "applicant.hukou_county",
            "applicant.residence_since",
            "applicant.employment.stable",
            "applicant.housing.kind",
            "applicant.studying",
        ),
        zone_always_missing=False,
    ),
}

__all__ = ["PATHWAYS", "PathwayDef", "relatives_coming_along"]
