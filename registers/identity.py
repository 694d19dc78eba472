"""The 公民身份号码 (GB 11643): one validator for every way in (forms, API, imports).

python-stdnum's ``cn.ric`` does the arithmetic and knows the GB/T 2260 region codes. Two of its
habits do not suit a register (see RULES.md): it refuses a region code that did not yet exist in
the birth year — but a number is assigned at registration, not at birth, so a person born in
1990 and first registered in 2020 in 麒麟区 rightly has 530302 — and it raises ``KeyError``
instead of a validation error for some unknown codes. So we call its parts, not ``validate()``.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

_SHAPE = re.compile(r"^\d{17}[\dX]$")
_EARLIEST_BIRTH = datetime.date(1890, 1, 1)


def normalize_id_number(value: str) -> str:
    return ric.compact(value or "")


def region_of(code: str) -> dict[str, str] | None:
    """The GB/T 2260 names for a six-digit code at any time in its history, or None."""
    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return info if info.get("county") else None


def validate_id_number(value: str, *, birth_date: datetime.date | None = None) -> str:
    """Return the normalized number, or raise ValidationError saying what is wrong with it."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(
            _("公民身份号码应为18位，现为%(length)d位。"), code="length", params={"length": len(number)}
        )
    if not _SHAPE.match(number):
        raise ValidationError(_("公民身份号码前17位应为数字，最后一位为数字或X。"), code="format")
    if number[-1] != ric.calc_check_digit(number):
        raise ValidationError(
            _("公民身份号码校验位错误：最后一位应为%(digit)s，请核对号码。"),
            code="checksum",
            params={"digit": ric.calc_check_digit(number)},
        )
    try:
        encoded_birth = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(
            _("公民身份号码中的出生日期%(date)s不存在。"), code="birth_date", params={"date": number[6:14]}
        ) from None
    if not _EARLIEST_BIRTH <= encoded_birth <= datetime.date.today():
        raise ValidationError(
            _("公民身份号码中的出生日期%(date)s不可能（早于1890年或晚于今天）。"),
            code="birth_date",
            params={"date": encoded_birth.isoformat()},
        )
    if birth_date is not None and birth_date != encoded_birth:
        raise ValidationError(
            _("出生日期%(given)s与公民身份号码中的出生日期%(encoded)s不一致。"),
            code="birth_date_mismatch",
            params={"given": birth_date.isoformat(), "encoded": encoded_birth.isoformat()},
        )
    if region_of(number[:6]) is None:
        raise ValidationError(
            _("公民身份号码的前6位%(code)s不是已知的行政区划代码。"), code="region", params={"code": number[:6]}
        )
    return number


def birth_date_of(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def mask_id_number(number: str) -> str:
    """Show only what a list needs: the region and the last four characters."""
    if not number or len(number) < 10:
        return "*" * len(number or "")
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def sex_of(number: str) -> str:
    """The 17th digit: odd for men, even for women."""
    return "male" if int(number[16]) % 2 else "female"


def id_number_assign(*, region_code: str, birth_date: datetime.date, sex: str) -> str:
    """A new 公民身份号码 for a birth registration: region, birth date, the next free order code of
    the right parity (odd men, even women), and the check digit."""
    from .models import Person

    prefix = f"{region_code}{birth_date:%Y%m%d}"
    taken = {n[14:17] for n in Person.objects.filter(id_number__startswith=prefix).values_list("id_number", flat=True)}
    first = 1 if sex == "male" else 2
    for order in range(first, 1000, 2):
        code = f"{order:03d}"
        if code not in taken:
            body = prefix + code
            return body + ric.calc_check_digit(body + "0")
    raise ValidationError(_("该地区该出生日期的顺序码已用完。"), code="exhausted")


class IdNumberField(forms.CharField):
    """A 公民身份号码 as people type it, in every form: one clear message for a wrong length (no
    min_length/max_length, whose Django messages count characters in general words), the shape,
    the check digit and the birth date checked by ``validate_id_number``. No ``maxlength`` on the
    input either: a browser would cut a 19-digit paste to 18 silently, and its check digit then
    fails for a reason nobody can see."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None), kwargs.pop("min_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "characters",
        }

    def clean(self, value):
        value = super().clean(value)
        return validate_id_number(value) if value else value
