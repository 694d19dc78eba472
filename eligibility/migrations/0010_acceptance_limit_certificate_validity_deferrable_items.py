"""Issue 10's procedure settings in every city's rule sets, and the checklist flags.

- processing.acceptance_limit_working_days = 5: 《中华人民共和国行政许可法》第32条 — where the materials
  are incomplete, the applicant is told everything to be supplied at once, on the spot or within five
  days. The five cities' texts set no shorter limit; working days follow 第82条 (期限以工作日计算).
- processing.certificate_validity_days = 40: no text of the five cities gives the validity of a
  准予迁入证明; 40 days is the local practice of the 户政 offices, kept as the rule admin's setting
  (本地规定，非文件原文), changeable in a new version.
- Checklist: 居民户口簿 is checked automatically against the portal's register (the register holds
  what the booklet says) when the applicant is in it; 社会保险缴费记录 and 实际居住证明 may be supplied
  later under a signed promise (容缺受理), as the rule admin may set for any item.
"""

from django.db import migrations

ACCEPTANCE = (
    "《中华人民共和国行政许可法》第32条",
    "申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容，逾期不告知的，自收到申请材料"
    "之日起即为受理。",
)
VALIDITY = ("本地规定，非文件原文", "准予迁入证明的有效期由户政管理部门规定；迁入人员应在有效期内办理迁入。")


def load(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    Clause = apps.get_model("eligibility", "Clause")
    Parameter = apps.get_model("eligibility", "Parameter")
    ChecklistItem = apps.get_model("eligibility", "ChecklistItem")
    for rule_set in RuleSet.objects.all():
        for key, (citation, text), param, value in (
            ("processing_acceptance", ACCEPTANCE, "processing.acceptance_limit_working_days", 5),
            ("processing_certificate_validity", VALIDITY, "processing.certificate_validity_days", 40),
        ):
            clause, _ = Clause.objects.get_or_create(
                rule_set=rule_set, key=key, defaults={"citation": citation, "text": text}
            )
            Parameter.objects.get_or_create(rule_set=rule_set, key=param, defaults={"value": value, "clause": clause})
    ChecklistItem.objects.filter(document="household_booklet").update(auto_checked=True)
    ChecklistItem.objects.filter(document__in=["social_insurance_record", "residence_proof"]).update(deferrable=True)


def unload(apps, schema_editor):
    apps.get_model("eligibility", "Parameter").objects.filter(
        key__in=["processing.acceptance_limit_working_days", "processing.certificate_validity_days"]
    ).delete()
    apps.get_model("eligibility", "Clause").objects.filter(
        key__in=["processing_acceptance", "processing_certificate_validity"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0009_checklist_deferrable_auto_checked_new_processing_parameters")]
    operations = [migrations.RunPython(load, unload)]
