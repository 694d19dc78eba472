"""Every form where a 公民身份号码 is typed says in the reader's language what is wrong with it: one
message for a wrong length (never Django's "Ensure this value has at least 18 characters"), and the
check digit still checked."""

import pytest
from django.utils import translation

from accounts.forms import IdentityForm
from applications.forms import ApplicantForm, CounterIdentityForm, DeathForm, DestinationForm, RelativeEntryForm
from registers.admin import PersonAdminForm
from residence_permits.forms import RegistrationForm

pytestmark = pytest.mark.django_db

# (form, the field that takes the number)
FORMS = [
    (IdentityForm, "id_number"),
    (CounterIdentityForm, "id_number"),
    (ApplicantForm, "id_number"),
    (DestinationForm, "head_id_number"),
    (RelativeEntryForm, "id_number"),
    (DeathForm, "deceased_id_number"),
    (RegistrationForm, "id_number"),
    (PersonAdminForm, "id_number"),
]
VALID = "530302199001011232"  # a real check digit (GB 11643)


def error_of(form_class, field, value, language):
    with translation.override(language):
        kwargs = {"city": "qujing"} if form_class is DestinationForm else {}
        form = form_class(data={field: value}, **kwargs)
        form.is_valid()
        return [str(message) for message in form.errors.get(field, [])]


@pytest.mark.parametrize(("form_class", "field"), FORMS, ids=lambda f: getattr(f, "__name__", f))
@pytest.mark.parametrize(("typed", "length"), [("5303021990", 10), ("5303021990010112345", 19)])
def test_a_number_of_the_wrong_length_gets_one_clear_message(form_class, field, typed, length):
    assert error_of(form_class, field, typed, "zh-hans") == [f"公民身份号码应为18位，现为{length}位。"]
    assert error_of(form_class, field, typed, "en") == [
        f"A citizen identity number has 18 characters; this one has {length}."
    ]


@pytest.mark.parametrize(("form_class", "field"), FORMS, ids=lambda f: getattr(f, "__name__", f))
def test_the_check_digit_is_still_checked(form_class, field):
    wrong = VALID[:-1] + "1"
    (message,) = error_of(form_class, field, wrong, "zh-hans")
    assert "校验位错误" in message
    assert error_of(form_class, field, VALID, "zh-hans") == []


def test_the_input_does_not_cut_a_long_paste_silently():
    html = str(IdentityForm()["id_number"])
    assert "maxlength" not in html and "minlength" not in html
