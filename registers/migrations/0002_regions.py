"""The five cities and their districts, county-level cities and counties (GB/T 2260)."""

from django.db import migrations

REGIONS = {
    # city: (code, name, [(code, name, kind, since_year), ...])
    "qujing": ("530300", "曲靖市", [
        ("530302", "麒麟区", "urban_district", 1997),
        ("530303", "沾益区", "urban_district", 2016),
        ("530304", "马龙区", "urban_district", 2018),
        ("530381", "宣威市", "county_city", 1994),
        ("530322", "陆良县", "county", None),
        ("530323", "师宗县", "county", None),
        ("530324", "罗平县", "county", None),
        ("530325", "富源县", "county", None),
        ("530326", "会泽县", "county", None),
    ]),
    "lincang": ("530900", "临沧市", [
        ("530902", "临翔区", "urban_district", 2004),
        ("530921", "凤庆县", "county", None),
        ("530922", "云县", "county", None),
        ("530923", "永德县", "county", None),
        ("530924", "镇康县", "county", None),
        ("530925", "双江拉祜族佤族布朗族傣族自治县", "county", None),
        ("530926", "耿马傣族佤族自治县", "county", None),
        ("530927", "沧源佤族自治县", "county", None),
    ]),
    "dehong": ("533100", "德宏傣族景颇族自治州", [
        ("533102", "瑞丽市", "county_city", 1992),
        ("533103", "芒市", "county_city", 2010),
        ("533122", "梁河县", "county", None),
        ("533123", "盈江县", "county", None),
        ("533124", "陇川县", "county", None),
    ]),
    "chenzhou": ("431000", "郴州市", [
        ("431002", "北湖区", "urban_district", 1995),
        ("431003", "苏仙区", "urban_district", 1995),
        ("431081", "资兴市", "county_city", 1984),
        ("431021", "桂阳县", "county", None),
        ("431022", "宜章县", "county", None),
        ("431023", "永兴县", "county", None),
        ("431024", "嘉禾县", "county", None),
        ("431025", "临武县", "county", None),
        ("431026", "汝城县", "county", None),
        ("431027", "桂东县", "county", None),
        ("431028", "安仁县", "county", None),
    ]),
    "jilin": ("220200", "吉林市", [
        ("220202", "昌邑区", "urban_district", None),
        ("220203", "龙潭区", "urban_district", None),
        ("220204", "船营区", "urban_district", None),
        ("220211", "丰满区", "urban_district", None),
        ("220281", "蛟河市", "county_city", 1989),
        ("220282", "桦甸市", "county_city", 1988),
        ("220283", "舒兰市", "county_city", 1992),
        ("220284", "磐石市", "county_city", 1995),
        ("220221", "永吉县", "county", None),
    ]),
}


def load_regions(apps, schema_editor):
    Region = apps.get_model("registers", "Region")
    for city, (code, name, children) in REGIONS.items():
        parent, _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "prefecture", "city": city}
        )
        for child_code, child_name, kind, since in children:
            Region.objects.update_or_create(
                code=child_code,
                defaults={"name": child_name, "kind": kind, "city": city, "parent": parent, "since_year": since},
            )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("registers", "Region")
    Region.objects.filter(parent__isnull=False).delete()
    Region.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]
    operations = [migrations.RunPython(load_regions, unload_regions)]
