"""Small helpers the pathway functions share: facts turned into three-valued conditions."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from registers.constants import Zone

from ..explain import Cond, Trace

ZONE_ORDER = tuple(Zone.values)
ZONE_NAMES = {z.value: str(z.label) for z in Zone}
TOWN_ZONES = frozenset({"central_urban", "county_town", "designated_town", "industrial_park", "township"})


def is_true(value: bool | None, fact: str) -> Cond:
    """A yes/no fact that must be yes."""
    return Cond(None, (fact,)) if value is None else Cond(value is True)


def is_false(value: bool | None, fact: str) -> Cond:
    return Cond(None, (fact,)) if value is None else Cond(value is False)


def zone_names(zones) -> str:
    return gettext("、").join(gettext(ZONE_NAMES[z]) for z in ZONE_ORDER if z in zones) or gettext("无")


def check_zone(t: Trace, clause: str, zone: str | None, zones: frozenset) -> Cond:
    if zone is None:
        return t.check(clause, "zone", Cond(None, ("zone",)), "")
    if not t.explain:
        return Cond(zone in zones)
    return t.check(
        clause,
        "zone",
        Cond(zone in zones),
        _("落户区域为%(zone)s；本途径开放的区域：%(open)s"),
        zone=gettext(ZONE_NAMES[zone]),
        open=zone_names(zones),
    )


def check_flag(t: Trace, clause: str, key: str, value: bool | None, fact: str, yes: str, no: str) -> Cond:
    """A yes/no fact that must be yes, recorded with a message for each answer."""
    cond = is_true(value, fact)
    return t.check(clause, key, cond, yes if cond.met else no)
