"""Residence permits: the validity term, the endorsement window and the rights lists become rule-set
parameters, with the clauses they rest on, in every city's rule sets (RULES.md, "Residence
permits"; 居住证暂行条例 第10条). Rule admins change them in a new version, like any parameter."""

from django.db import migrations, models

# Parameter.key's choices are the declared keys (eligibility/parameters.py), frozen here.
PARAMETER_KEYS = [
    "residence.available", "family_reunion.available", "student.available", "military_family.available",
    "rural_return.available", "marriage.available", "talent.available", "newborn.available", "unregistered.available",
    "residence_permit.available", "residence.owned_zones", "residence.rented_zones", "residence.employment_zones",
    "residence.strict_zones", "residence.rental_requires_registration", "residence.rental_requires_owner_consent",
    "residence.strict_min_lease_months", "residence.strict_insurance_kinds", "residence.strict_insurance_all_kinds",
    "residence.strict_insurance_months", "residence.relatives", "residence.strict_relatives",
    "residence.children_unmarried", "family_reunion.zones", "family_reunion.relations",
    "family_reunion.area_standard_m2", "family_reunion.area_exempt_relations",
    "family_reunion.area_exempt_minor_children", "student.requires_hukou_in_city", "student.requires_school_in_city",
    "student.enrolment_destinations", "student.graduate_destinations", "student.service_destinations",
    "student.after_service_destinations", "military_family.home_zones", "rural_return.zones", "rural_return.holdings",
    "talent.kinds", "talent.zones", "talent.relatives", "residence_permit.min_days", "residence_permit.min_months",
    "residence_permit.requires_one_of", "residence_permit.validity_months",
    "residence_permit.endorsement_window_months", "residence_permit.rights_now", "residence_permit.rights_graded",
    "processing.time_limit_working_days", "processing.extension_working_days",
]

ENDORSEMENT = (
    "《居住证暂行条例》（国务院令第663号）第10条",
    "居住证由县级人民政府公安机关签发，每年签注1次。居住证持有人在居住地连续居住的，应当在居住每满1年之日前1个月内，"
    "到居住地公安派出所或者受公安机关委托的社区服务机构办理签注手续。逾期未办理签注手续的，居住证使用功能中止；补办"
    "签注手续的，居住证的使用功能恢复，居住证持有人在居住地的居住年限自补办签注手续之日起连续计算。",
)
_YUNNAN_RIGHTS = (
    "享有与当地户籍人口同等的劳动就业、基本公共教育、基本医疗卫生（服务）、计划生育（服务）、公共文化（服务）、证照办理"
    "服务等权利；以连续居住年限和参加社会保险年限等为条件，逐步享有与当地户籍人口同等的中等职业教育资助、就业援助、"
    "住房保障、养老服务、社会福利、社会救助等权利，同时结合随迁子女在当地连续就学年限等情况，逐步享有随迁子女在当地"
    "参加中考和高考的资格。"
)
RIGHTS_CLAUSES = {
    "qujing": ("曲政发〔2015〕82号 第（十二）条", "以居住证为载体，建立健全与居住年限等条件相挂钩的基本公共服务提供机制。居住证持有人" + _YUNNAN_RIGHTS),
    "lincang": ("临沧市进一步推进户籍制度改革方案 第11条", "以《居住证》为载体，建立健全与居住年限等条件相挂钩的基本公共服务提供机制。《居住证》持有人" + _YUNNAN_RIGHTS),
    "dehong": ("德政办发〔2016〕142号 第（十二）条", "以《居住证》为载体，建立健全与居住年限等条件相挂钩的基本公共服务提供机制。《居住证》持有人" + _YUNNAN_RIGHTS),
    "chenzhou": (
        "郴政发〔2016〕1号 四（二）",
        "……确保居住证持有人享有与当地户籍人口同等的劳动就业、基本公共教育、基本医疗卫生、计划生育、公共文化、证照办理服务"
        "等权利；结合市情制定科学合理的提供机制，逐步放宽条件，使居住证持有人逐步享有与当地户籍人口同等的中等职业教育、"
        "就业扶持、住房保障、养老服务、社会福利、社会救助等权利。",
    ),
    "jilin": (
        "吉市政发〔2015〕5号 第（十五）条、第（十九）条第5项",
        "（十五）……居住证持有人享有与当地户籍人口同等的劳动就业、基本公共教育、基本医疗卫生服务、计划生育服务、公共文化"
        "服务、证照办理服务等权利。以连续居住年限和参加社会保险年限等为条件，逐步享有与当地户籍人口同等的中等职业教育资助、"
        "就业扶持、住房保障、养老服务、社会福利、社会救助等权利，同时随迁子女在当地参加中考和高考的资格依据国家和省的相关"
        "规定执行。（十九）5. ……在城镇连续居住超过两年、满足居住地县级以上政府规定条件的失地农民家庭和农民工家庭，可以申请"
        "享受居住地城市低保待遇。其他进城农村人口，在城镇连续居住和参加社会保险超过两年、满足居住地县级以上政府规定条件的，"
        "逐步享有居住地城市低保待遇。",
    ),
}

RIGHTS_NOW = ["employment", "basic_education", "basic_health", "family_planning", "public_culture", "certificates"]
GRADED = ["vocational_education_aid", "employment_aid", "housing_support", "elderly_care", "social_welfare",
          "social_assistance"]


def _graded(right, residence_years=None, insurance_years=None, strictly_more=False, note=""):
    return {"right": right, "residence_years": residence_years, "insurance_years": insurance_years,
            "strictly_more": strictly_more, "note": note}


_CHILDREN_YUNNAN = _graded("children_exams", note="结合随迁子女在当地连续就学年限等情况")
RIGHTS_GRADED = {
    "qujing": [*map(_graded, GRADED), _CHILDREN_YUNNAN],
    "lincang": [*map(_graded, GRADED), _CHILDREN_YUNNAN],
    "dehong": [*map(_graded, GRADED), _CHILDREN_YUNNAN],
    "chenzhou": [*map(_graded, GRADED)],
    "jilin": [
        *map(_graded, GRADED),
        _graded("children_exams", note="依据国家和省的相关规定执行"),
        _graded("city_minimum_allowance", 2, strictly_more=True,
                note="失地农民家庭和农民工家庭；并须满足居住地县级以上政府规定的条件"),
        _graded("city_minimum_allowance", 2, 2, strictly_more=True,
                note="其他进城农村人口；并须满足居住地县级以上政府规定的条件"),
    ],
}


def parameters_for(city):
    return {
        "residence_permit.validity_months": (12, "residence_permit_endorsement"),
        "residence_permit.endorsement_window_months": (1, "residence_permit_endorsement"),
        "residence_permit.rights_now": (RIGHTS_NOW, "residence_permit_rights"),
        "residence_permit.rights_graded": (RIGHTS_GRADED[city], "residence_permit_rights"),
    }


def load(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    Clause = apps.get_model("eligibility", "Clause")
    Parameter = apps.get_model("eligibility", "Parameter")
    for rule_set in RuleSet.objects.all():
        clauses = {}
        for key, (citation, text) in (("residence_permit_endorsement", ENDORSEMENT),
                                      ("residence_permit_rights", RIGHTS_CLAUSES[rule_set.city])):
            clauses[key], _ = Clause.objects.get_or_create(
                rule_set=rule_set, key=key, defaults={"citation": citation, "text": text}
            )
        for key, (value, clause_key) in parameters_for(rule_set.city).items():
            Parameter.objects.get_or_create(
                rule_set=rule_set, key=key, defaults={"value": value, "clause": clauses[clause_key]}
            )


def unload(apps, schema_editor):
    apps.get_model("eligibility", "Parameter").objects.filter(
        key__in=list(parameters_for("qujing"))
    ).delete()
    apps.get_model("eligibility", "Clause").objects.filter(
        key__in=["residence_permit_endorsement", "residence_permit_rights"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0005_checklists_v1")]
    operations = [
        migrations.AlterField(
            model_name="parameter",
            name="key",
            field=models.CharField(choices=[(k, k) for k in PARAMETER_KEYS], max_length=64, verbose_name="参数"),
        ),
        migrations.RunPython(load, unload),
    ]
