import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from registers.identity import mask_id_number, validate_id_number
from tests.factories import id_number_for

BORN = datetime.date(1990, 5, 17)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refusal(number: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(number, **kwargs)
    assert CHINESE.search(caught.value.messages[0]), caught.value.messages
    return caught.value


@pytest.mark.parametrize(
    "number",
    [
        id_number_for("530302", BORN, 123),  # 麒麟区, a man
        id_number_for("431002", datetime.date(2001, 12, 31), 88),  # 北湖区, a woman
        id_number_for("220221", datetime.date(1948, 2, 29), 5),  # 永吉县, a leap day
        "360426199101010071",  # the example in python-stdnum's documentation
    ],
)
def test_it_accepts_a_valid_number(number):
    assert validate_id_number(number) == number


def test_it_accepts_a_number_whose_check_digit_is_x_in_lower_case_and_returns_it_in_upper_case():
    number = next(n for s in range(1, 999) if (n := id_number_for("533102", BORN, s)).endswith("X"))

    assert validate_id_number(number.lower()) == number


def test_it_accepts_a_number_that_matches_the_birth_date_given():
    number = id_number_for("530921", BORN)

    assert validate_id_number(number, birth_date=BORN) == number


def test_it_accepts_a_qilin_district_number_for_someone_born_before_the_district_existed():
    # 麒麟区 (530302) dates from 1997; the number is assigned at registration, not at birth.
    number = id_number_for("530302", datetime.date(1990, 1, 1))

    assert validate_id_number(number, birth_date=datetime.date(1990, 1, 1)) == number
    assert not ric.is_valid(number)  # which is why the validator does not call stdnum's validate()


def test_it_refuses_a_wrong_check_digit():
    number = id_number_for("530302", BORN)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")

    error = refusal(wrong)

    assert error.code == "checksum"
    assert number[-1] in error.messages[0]


def test_it_refuses_an_impossible_birth_date():
    number17 = "530302" + "19900230" + "123"  # 30 February

    error = refusal(number17 + ric.calc_check_digit(number17 + "0"))

    assert error.code == "birth_date"
    assert "19900230" in error.messages[0]


def test_it_refuses_a_birth_date_in_the_future():
    error = refusal(id_number_for("530302", datetime.date.today() + datetime.timedelta(days=1)))

    assert error.code == "birth_date"


def test_it_refuses_a_number_whose_birth_date_disagrees_with_the_birth_date_given():
    error = refusal(id_number_for("530302", BORN), birth_date=datetime.date(1990, 5, 18))

    assert error.code == "birth_date_mismatch"
    assert "1990-05-18" in error.messages[0] and "1990-05-17" in error.messages[0]


def test_it_refuses_an_unknown_region_code():
    error = refusal(id_number_for("999999", BORN))

    assert error.code == "region"
    assert "999999" in error.messages[0]


def test_it_refuses_a_17_digit_number():
    error = refusal(id_number_for("530302", BORN)[:17])

    assert error.code == "length"
    assert "17" in error.messages[0]


@pytest.mark.parametrize("number", ["5303021990051712AB", "53030219900517X123", "ABCDEFGHIJKLMNOPQR"])
def test_it_refuses_letters(number):
    assert refusal(number).code == "format"


def test_mask_id_number_hides_the_middle():
    assert mask_id_number("530302199005171234") == "530302********1234"


@pytest.mark.parametrize("value", ["", None, "12345"])
def test_mask_id_number_hides_everything_of_a_short_value(value):
    assert set(mask_id_number(value)) <= {"*"}
