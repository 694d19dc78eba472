"""The facts of the eligibility contract: one strict schema for every way in, and the plain,
immutable records the engine reads.

Every fact is optional (None = not given); the engine reports a needed fact that is None as
missing, never as false or zero.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from registers.constants import City, Zone

from .constants import (
    CITY_REGION_PREFIX,
    HOUSING_KINDS,
    HUKOU_CITY_OTHER,
    HUKOU_KINDS,
    MILITARY_RELATIONS,
    ORIGIN_HOLDINGS,
    RURAL_RETURN_REASONS,
    SETTLE_INTO,
    STUDENT_DESTINATIONS,
    STUDENT_STAGES,
    TALENT_KINDS,
    UNREGISTERED_REASONS,
    KinRelation,
    Pathway,
)

# --- The records the engine reads ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Housing:
    kind: str | None = None
    lease_registered: bool | None = None
    lease_since: datetime.date | None = None
    owner_consent: bool | None = None
    area_m2: Decimal | None = None
    occupants: int | None = None


@dataclass(frozen=True, slots=True)
class Insurance:
    pension: int | None = None
    medical: int | None = None
    unemployment: int | None = None


@dataclass(frozen=True, slots=True)
class Joining:
    relation: str | None = None
    co_resident: bool | None = None


@dataclass(frozen=True, slots=True)
class Military:
    relation: str | None = None
    meets_suijun: bool | None = None
    wants_suijun: bool | None = None
    lives_with_serviceman_elders: bool | None = None
    lives_in_serviceman_home: bool | None = None


@dataclass(frozen=True, slots=True)
class RuralReturn:
    settled_in_town: bool | None = None
    reason: str | None = None
    origin_holdings: tuple[str, ...] | None = None
    lives_at_origin: bool | None = None


@dataclass(frozen=True, slots=True)
class Student:
    stage: str | None = None
    school_city: str | None = None
    destination: str | None = None


@dataclass(frozen=True, slots=True)
class Marriage:
    applicant_hukou: str | None = None
    spouse_hukou: str | None = None
    couple_lives_at_destination: bool | None = None


@dataclass(frozen=True, slots=True)
class Unregistered:
    reason: str | None = None
    born_in_china: bool | None = None


@dataclass(frozen=True, slots=True)
class Newborn:
    born_in_china: bool | None = None
    has_birth_permit: bool | None = None


@dataclass(frozen=True, slots=True)
class Applicant:
    birth_date: datetime.date | None = None
    hukou_city: str | None = None
    hukou_county: str | None = None
    settle_into: str = "address"
    housing: Housing = field(default_factory=Housing)
    employment_stable: bool | None = None
    insurance: Insurance = field(default_factory=Insurance)
    residence_since: datetime.date | None = None
    studying: bool | None = None
    talent: tuple[str, ...] | None = None
    joining: Joining = field(default_factory=Joining)
    military: Military = field(default_factory=Military)
    rural_return: RuralReturn = field(default_factory=RuralReturn)
    student: Student = field(default_factory=Student)
    marriage: Marriage = field(default_factory=Marriage)
    unregistered: Unregistered = field(default_factory=Unregistered)
    keeps_rural_rights: bool | None = None
    newborn: Newborn | None = None


@dataclass(frozen=True, slots=True)
class Relative:
    relation: str
    minor: bool | None = None
    married: bool | None = None
    co_resident: bool | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    city: str
    as_of: datetime.date
    zone: str | None = None
    county: str | None = None
    pathway: str | None = None
    applicant: Applicant = field(default_factory=Applicant)
    relatives: tuple[Relative, ...] = ()


# --- The schema (DRF serializers: the API's input, documented in the OpenAPI schema) -------


class StrictBooleanField(serializers.BooleanField):
    """true or false only: "yes", 1 or "0" are wrong types, not booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | Decimal):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """ISO dates only (YYYY-MM-DD), as strings or as dates already parsed from YAML."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["iso-8601"])
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):
            self.fail("datetime")
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class RegionCodeField(serializers.CharField):
    """A GB/T 2260 code of a county-level area: six digits, as a string ("530302"), not ending in 00
    (that would be a province or a prefecture)."""

    default_error_messages = {"code": _('应为县级行政区划代码（6 位数字字符串，如 "530302"）。')}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[1-9][0-9]{3}(?!00)[0-9]{2}", data):
            self.fail("code")
        return data


def _bool(help_text):
    return StrictBooleanField(required=False, allow_null=True, help_text=help_text)


def _choice(choices, help_text, **kwargs):
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_null", True)
    return serializers.ChoiceField(choices=choices, help_text=help_text, **kwargs)


def _date(help_text):
    return StrictDateField(required=False, allow_null=True, help_text=help_text)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a misspelt fact is an error, not a silent omission."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("未知字段。")] for name in unknown})
        return super().to_internal_value(data)


CITY_CHOICES = [c.value for c in City]
HUKOU_CITY_CHOICES = [*CITY_CHOICES, HUKOU_CITY_OTHER]


class HousingSerializer(StrictSerializer):
    kind = _choice(HOUSING_KINDS, "owned | rented | none")
    lease_registered = _bool("租赁登记备案 (rented)")
    lease_since = _date("the day the lease at this residence began (rented)")
    owner_consent = _bool("产权人同意落户 (rented)")
    area_m2 = StrictDecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        allow_null=True,
        help_text="floor area in m²",
        coerce_to_string=False,
    )
    occupants = StrictIntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True, help_text="people living there after the move"
    )


class EmploymentSerializer(StrictSerializer):
    stable = _bool("legal stable employment at the destination")


class InsuranceSerializer(StrictSerializer):
    pension = StrictIntegerField(min_value=0, max_value=1200, required=False, allow_null=True)
    medical = StrictIntegerField(min_value=0, max_value=1200, required=False, allow_null=True)
    unemployment = StrictIntegerField(min_value=0, max_value=1200, required=False, allow_null=True)


class JoiningSerializer(StrictSerializer):
    relation = _choice(KinRelation.choices, "what the APPLICANT is to the relative joined")
    co_resident = _bool("lives with that relative")


class MilitarySerializer(StrictSerializer):
    relation = _choice(MILITARY_RELATIONS, "what the applicant is to the serviceman")
    meets_suijun = _bool("meets the national 随军 conditions")
    wants_suijun = _bool("wants 随军")
    lives_with_serviceman_elders = _bool("co-resides with the serviceman's parents or grandparents")
    lives_in_serviceman_home = _bool("lives in town housing the serviceman bought")


class RuralReturnSerializer(StrictSerializer):
    settled_in_town = _bool("has settled in a town earlier")
    reason = _choice(RURAL_RETURN_REASONS, "farming | business | none")
    origin_holdings = serializers.ListField(
        child=serializers.ChoiceField(choices=ORIGIN_HOLDINGS), required=False, allow_null=True, max_length=3
    )
    lives_at_origin = _bool("actually lives at the place of origin")


class StudentSerializer(StrictSerializer):
    stage = _choice(STUDENT_STAGES, "enrolling | graduated | in_grassroots_service | service_ended")
    school_city = _choice(HUKOU_CITY_CHOICES, "where the school is")
    destination = _choice(STUDENT_DESTINATIONS, "where the hukou should go")


class MarriageSerializer(StrictSerializer):
    applicant_hukou = _choice(HUKOU_KINDS, "urban | rural")
    spouse_hukou = _choice(HUKOU_KINDS, "urban | rural")
    couple_lives_at_destination = _bool("the couple actually lives at the destination")


class UnregisteredSerializer(StrictSerializer):
    reason = _choice(UNREGISTERED_REASONS, "why the person has no hukou")
    born_in_china = _bool("born in China")


class NewbornSerializer(StrictSerializer):
    born_in_china = _bool("born in China")
    has_birth_permit = _bool("has a birth permit (never required)")


class ApplicantSerializer(StrictSerializer):
    birth_date = _date("date of birth")
    hukou_city = _choice(HUKOU_CITY_CHOICES, "where the hukou is now")
    hukou_county = RegionCodeField(help_text="GB/T 2260 code of the county-level area of the current hukou")
    settle_into = _choice(
        SETTLE_INTO,
        "address: at the residence (default) | community_collective: the collective household of the "
        "community or village committee where the residence lies",
    )
    housing = HousingSerializer(required=False, allow_null=True)
    employment = EmploymentSerializer(required=False, allow_null=True)
    social_insurance_months = InsuranceSerializer(required=False, allow_null=True)
    residence_since = _date("the day they began living at the destination")
    studying = _bool("in continuous study at the destination")
    talent = serializers.ListField(
        child=serializers.ChoiceField(choices=TALENT_KINDS), required=False, allow_null=True, max_length=6
    )
    joining = JoiningSerializer(required=False, allow_null=True)
    military = MilitarySerializer(required=False, allow_null=True)
    rural_return = RuralReturnSerializer(required=False, allow_null=True)
    student = StudentSerializer(required=False, allow_null=True)
    marriage = MarriageSerializer(required=False, allow_null=True)
    unregistered = UnregisteredSerializer(required=False, allow_null=True)
    keeps_rural_rights = _bool("still holds rural land/homestead/collective income rights (never changes an answer)")
    newborn = NewbornSerializer(required=False, allow_null=True)


class RelativeSerializer(StrictSerializer):
    relation = serializers.ChoiceField(choices=KinRelation.choices, help_text="what the relative is to the applicant")
    minor = _bool("under 18")
    married = _bool("married")
    co_resident = _bool("lives with the applicant")


class FactsSerializer(StrictSerializer):
    city = serializers.ChoiceField(choices=City.choices)
    zone = _choice(Zone.values, "where the applicant wants to settle")
    county = RegionCodeField(help_text="GB/T 2260 code of the destination county-level area")
    as_of = _date("the day whose rules apply (default: today)")
    pathway = _choice(Pathway.values, "evaluate only this pathway")
    applicant = ApplicantSerializer(required=False, allow_null=True)
    relatives = RelativeSerializer(many=True, required=False, allow_null=True, max_length=30)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("请求体应为 JSON 对象。")]})
        return super().to_internal_value(data)

    def validate(self, data):
        """A county must lie in the city it is given with: the destination's in `city`, the hukou's
        in `applicant.hukou_city` (one of the five cities, or none of them for `other`)."""
        errors = {}
        county = data.get("county")
        if county and county[:4] != CITY_REGION_PREFIX[data["city"]]:
            errors["county"] = [_("该行政区划代码不属于所选城市。")]
        applicant = data.get("applicant") or {}
        hukou_city, hukou_county = applicant.get("hukou_city"), applicant.get("hukou_county")
        if hukou_city and hukou_county:
            prefix = CITY_REGION_PREFIX.get(hukou_city)
            inside_five = hukou_county[:4] in CITY_REGION_PREFIX.values()
            if (prefix and hukou_county[:4] != prefix) or (prefix is None and inside_five):
                errors["applicant"] = {"hukou_county": [_("该行政区划代码与现户籍所在城市不符。")]}
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def validate_relatives(self, relatives):
        # With many=True, allow_null lets each item be null too (DRF passes it to the child); the
        # list may be null, a relative in it may not.
        if relatives and any(r is None for r in relatives):
            raise serializers.ValidationError(_("每位亲属应为一个对象，不能为 null。"))
        return relatives


class FactsError(ValueError):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def parse_facts(data) -> Facts:
    """Validate raw facts (a dict from JSON or YAML) and build the engine's record."""
    serializer = FactsSerializer(data=data)
    if not serializer.is_valid():
        raise FactsError(serializer.errors)
    return facts_from_validated(serializer.validated_data)


def _record(cls, data, **overrides):
    return cls(**{**(data or {}), **overrides}) if data else cls(**overrides)


def facts_from_validated(v: dict) -> Facts:
    a = v.get("applicant") or {}
    rural = a.get("rural_return") or {}
    holdings = rural.get("origin_holdings")
    talent = a.get("talent")
    applicant = Applicant(
        birth_date=a.get("birth_date"),
        hukou_city=a.get("hukou_city"),
        hukou_county=a.get("hukou_county"),
        settle_into=a.get("settle_into") or "address",
        housing=_record(Housing, a.get("housing")),
        employment_stable=(a.get("employment") or {}).get("stable"),
        insurance=_record(Insurance, a.get("social_insurance_months")),
        residence_since=a.get("residence_since"),
        studying=a.get("studying"),
        talent=tuple(talent) if talent is not None else None,
        joining=_record(Joining, a.get("joining")),
        military=_record(Military, a.get("military")),
        rural_return=_record(
            RuralReturn, {**rural, "origin_holdings": tuple(holdings) if holdings is not None else None}
        ),
        student=_record(Student, a.get("student")),
        marriage=_record(Marriage, a.get("marriage")),
        unregistered=_record(Unregistered, a.get("unregistered")),
        keeps_rural_rights=a.get("keeps_rural_rights"),
        newborn=_record(Newborn, a.get("newborn")) if a.get("newborn") is not None else None,
    )
    return Facts(
        city=v["city"],
        as_of=v.get("as_of") or timezone.localdate(),
        zone=v.get("zone"),
        county=v.get("county"),
        pathway=v.get("pathway"),
        applicant=applicant,
        relatives=tuple(Relative(**r) for r in (v.get("relatives") or ())),
    )


_DATE_FIELDS = ("birth_date", "residence_since")


def facts_from_stored(data: dict) -> Facts:
    """Facts that were validated when they were stored (a case's frozen facts, as JSON): build
    the engine's record without validating them again — the batch jobs' fast path over many
    cases. Only the JSON's strings are turned back into dates and decimals."""
    applicant = dict(data.get("applicant") or {})
    for name in _DATE_FIELDS:
        if isinstance(applicant.get(name), str):
            applicant[name] = datetime.date.fromisoformat(applicant[name])
    housing = applicant.get("housing")
    if housing:
        housing = applicant["housing"] = dict(housing)
        if isinstance(housing.get("lease_since"), str):
            housing["lease_since"] = datetime.date.fromisoformat(housing["lease_since"])
        if housing.get("area_m2") is not None:
            housing["area_m2"] = Decimal(str(housing["area_m2"]))
    as_of = data.get("as_of")
    return facts_from_validated(
        {
            **data,
            "applicant": applicant,
            "as_of": datetime.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of,
        }
    )


def flatten_errors(errors, prefix: str = "") -> list[tuple[str, str]]:
    """DRF's nested error structure as (field path, message) pairs, e.g. ("applicant.housing.area_m2", "…")."""
    pairs: list[tuple[str, str]] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            pairs += flatten_errors(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
        pairs += [(prefix, str(e)) for e in errors]
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if value:
                pairs += flatten_errors(value, f"{prefix}[{index}]")
    else:
        pairs.append((prefix, str(errors)))
    return pairs
