"""The regions loaded by migration match the table in RULES.md ("Regions (GB/T 2260 codes)")."""

import pytest

from registers.constants import RegionKind
from registers.models import Region

pytestmark = pytest.mark.django_db

U, C, X = RegionKind.URBAN_DISTRICT, RegionKind.COUNTY_CITY, RegionKind.COUNTY

# city id: (code, name, {code: (name, kind)}) — written out from the table, not from the migration.
EXPECTED = {
    "qujing": (
        "530300",
        "曲靖市",
        {
            "530302": ("麒麟区", U),
            "530303": ("沾益区", U),
            "530304": ("马龙区", U),
            "530381": ("宣威市", C),
            "530322": ("陆良县", X),
            "530323": ("师宗县", X),
            "530324": ("罗平县", X),
            "530325": ("富源县", X),
            "530326": ("会泽县", X),
        },
    ),
    "lincang": (
        "530900",
        "临沧市",
        {
            "530902": ("临翔区", U),
            "530921": ("凤庆县", X),
            "530922": ("云县", X),
            "530923": ("永德县", X),
            "530924": ("镇康县", X),
            "530925": ("双江拉祜族佤族布朗族傣族自治县", X),
            "530926": ("耿马傣族佤族自治县", X),
            "530927": ("沧源佤族自治县", X),
        },
    ),
    "dehong": (
        "533100",
        "德宏傣族景颇族自治州",
        {
            "533102": ("瑞丽市", C),
            "533103": ("芒市", C),
            "533122": ("梁河县", X),
            "533123": ("盈江县", X),
            "533124": ("陇川县", X),
        },
    ),
    "chenzhou": (
        "431000",
        "郴州市",
        {
            "431002": ("北湖区", U),
            "431003": ("苏仙区", U),
            "431081": ("资兴市", C),
            "431021": ("桂阳县", X),
            "431022": ("宜章县", X),
            "431023": ("永兴县", X),
            "431024": ("嘉禾县", X),
            "431025": ("临武县", X),
            "431026": ("汝城县", X),
            "431027": ("桂东县", X),
            "431028": ("安仁县", X),
        },
    ),
    "jilin": (
        "220200",
        "吉林市",
        {
            "220202": ("昌邑区", U),
            "220203": ("龙潭区", U),
            "220204": ("船营区", U),
            "220211": ("丰满区", U),
            "220281": ("蛟河市", C),
            "220282": ("桦甸市", C),
            "220283": ("舒兰市", C),
            "220284": ("磐石市", C),
            "220221": ("永吉县", X),
        },
    ),
}


@pytest.mark.parametrize("city", EXPECTED)
def test_the_city_is_a_prefecture_at_the_top(city):
    code, name, _children = EXPECTED[city]

    region = Region.objects.get(code=code)

    assert (region.name, region.kind, region.city, region.parent) == (name, RegionKind.PREFECTURE, city, None)


@pytest.mark.parametrize("city", EXPECTED)
def test_the_city_has_exactly_the_districts_and_counties_of_the_table(city):
    code, _name, children = EXPECTED[city]

    found = {r.code: (r.name, r.kind) for r in Region.objects.filter(parent__code=code)}

    assert found == children


@pytest.mark.parametrize("city", EXPECTED)
def test_every_district_and_county_belongs_to_its_city(city):
    code, _name, children = EXPECTED[city]

    assert set(Region.objects.filter(city=city).exclude(code=code).values_list("parent__code", flat=True)) == {code}
    assert Region.objects.filter(city=city).count() == 1 + len(children)


def test_there_are_no_other_regions():
    expected_codes = {code for city_code, _name, children in EXPECTED.values() for code in [city_code, *children]}

    assert set(Region.objects.values_list("code", flat=True)) == expected_codes
