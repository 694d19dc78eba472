"""The document checklist of each city's version 1, as real stations list them (RULES.md,
"Typical documents by category"). Lincang and Dehong also ask for the owner's written consent."""

from django.db import migrations

COMMON = [("id_card", "always", True), ("household_booklet", "always", True)]
CHECKLISTS = {
    "residence": [
        *COMMON,
        ("property_certificate", "owned", True),
        ("registered_lease", "rented", True),
        ("labour_contract", "employed", True),
        ("social_insurance_record", "insured", True),
        ("marriage_certificate", "with_spouse", True),
        ("kinship_proof", "with_relatives", True),
    ],
    "family_reunion": [*COMMON, ("kinship_proof", "always", True), ("residence_proof", "always", True)],
    "student": [*COMMON, ("admission_notice", "always", False), ("diploma", "always", False),
                ("report_card", "always", False)],
    "military_family": [*COMMON, ("military_proof", "always", True), ("kinship_proof", "always", True)],
    "rural_return": [*COMMON, ("residence_proof", "always", True)],
    "marriage": [*COMMON, ("marriage_certificate", "always", True), ("residence_proof", "always", True)],
    "talent": [*COMMON, ("diploma", "always", False), ("talent_proof", "always", False)],
    "newborn": [("medical_birth_certificate", "always", True), ("household_booklet", "always", True),
                ("id_card", "always", True)],
    "unregistered": [("kinship_proof", "always", False), ("medical_birth_certificate", "always", False),
                     ("other", "always", False)],
    "residence_permit": [("id_card", "always", True), ("residence_proof", "always", True)],
    "death": [("death_certificate", "always", True), ("household_booklet", "always", True),
              ("cremation_certificate", "always", False)],
    "correction": [("id_card", "always", True), ("other", "always", True)],
}
OWNER_CONSENT_CITIES = {"lincang", "dehong"}


def load(apps, schema_editor):
    RuleSet = apps.get_model("eligibility", "RuleSet")
    ChecklistItem = apps.get_model("eligibility", "ChecklistItem")
    for rule_set in RuleSet.objects.filter(version=1):
        items = []
        for pathway, documents in CHECKLISTS.items():
            if pathway == "residence" and rule_set.city in OWNER_CONSENT_CITIES:
                documents = [*documents, ("owner_consent", "rented", True)]
            for position, (document, when, required) in enumerate(documents):
                items.append(ChecklistItem(rule_set=rule_set, pathway=pathway, document=document, when=when,
                                           required=required, position=position))
        ChecklistItem.objects.bulk_create(items)


def unload(apps, schema_editor):
    apps.get_model("eligibility", "ChecklistItem").objects.filter(rule_set__version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0004_calendarday_checklistitem")]
    operations = [migrations.RunPython(load, unload)]
