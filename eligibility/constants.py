from django.db import models
from django.utils.translation import gettext_lazy as _


class Pathway(models.TextChoices):
    """The contract's stable pathway ids."""

    RESIDENCE = "residence", _("合法稳定住所/就业落户")
    FAMILY_REUNION = "family_reunion", _("直系亲属投靠落户")
    STUDENT = "student", _("大中专（技校）学生落户")
    MILITARY_FAMILY = "military_family", _("现役军人家属投靠落户")
    RURAL_RETURN = "rural_return", _("返农村原籍地落户")
    MARRIAGE = "marriage", _("城乡婚姻夫妻落户")
    TALENT = "talent", _("人才落户")
    NEWBORN = "newborn", _("出生登记")
    UNREGISTERED = "unregistered", _("无户口人员登记户口")
    RESIDENCE_PERMIT = "residence_permit", _("申领居住证")


class KinRelation(models.TextChoices):
    """What one person is to another (the contract's relation words)."""

    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDPARENT = "grandparent", _("祖父母/外祖父母")
    GRANDCHILD = "grandchild", _("孙子女/外孙子女")
    GREAT_GRANDPARENT = "great_grandparent", _("曾祖父母")
    GREAT_GRANDCHILD = "great_grandchild", _("曾孙子女")
    SIBLING = "sibling", _("兄弟姐妹")
    OTHER = "other", _("其他")


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    HOUSEHOLD_BOOKLET = "household_booklet", _("居民户口簿")
    PROPERTY_CERTIFICATE = "property_certificate", _("不动产权证书")
    REGISTERED_LEASE = "registered_lease", _("租赁登记备案证明")
    OWNER_CONSENT = "owner_consent", _("房屋产权人同意落户书面意见")
    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    SOCIAL_INSURANCE_RECORD = "social_insurance_record", _("社会保险缴费记录")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("结婚证")
    KINSHIP_PROOF = "kinship_proof", _("亲属关系证明")
    MEDICAL_BIRTH_CERTIFICATE = "medical_birth_certificate", _("出生医学证明")
    DIPLOMA = "diploma", _("毕业证书")
    REPORT_CARD = "report_card", _("报到证")
    ADMISSION_NOTICE = "admission_notice", _("录取通知书")
    TALENT_PROOF = "talent_proof", _("人才条件证明")
    MILITARY_PROOF = "military_proof", _("军官证及政治机关批准文件")
    DEATH_CERTIFICATE = "death_certificate", _("死亡医学证明或法院宣告死亡判决")
    CREMATION_CERTIFICATE = "cremation_certificate", _("火化证明")
    RESIDENCE_PROOF = "residence_proof", _("实际居住证明")
    POWER_OF_ATTORNEY = "power_of_attorney", _("授权委托书（本人签字）")
    GUARDIANSHIP_PROOF = "guardianship_proof", _("监护关系证明")
    OTHER = "other", _("其他材料")


class ChecklistWhen(models.TextChoices):
    """When a checklist item applies, from the case's facts."""

    ALWAYS = "always", _("总是需要")
    OWNED = "owned", _("自有住房时")
    RENTED = "rented", _("租赁住房时")
    EMPLOYED = "employed", _("有稳定就业时")
    INSURED = "insured", _("须社会保险时")
    WITH_SPOUSE = "with_spouse", _("配偶随迁时")
    WITH_RELATIVES = "with_relatives", _("有亲属随迁时")


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


HUKOU_CITY_OTHER = "other"
SETTLE_INTO = ("address", "community_collective")
# The first four digits of the GB/T 2260 codes of each city's county-level areas.
CITY_REGION_PREFIX = {"qujing": "5303", "lincang": "5309", "dehong": "5331", "chenzhou": "4310", "jilin": "2202"}
PERMIT_LEFT_LEVELS = ("street", "county")
HOUSING_KINDS = ("owned", "rented", "none")
INSURANCE_KINDS = ("pension", "medical", "unemployment")
TALENT_KINDS = ("graduate", "skilled", "returned_overseas", "professional_title", "honour", "model_migrant_worker")
MILITARY_RELATIONS = ("spouse", "child", "other_lineal")
RURAL_RETURN_REASONS = ("farming", "business", "none")
ORIGIN_HOLDINGS = ("land_contract", "homestead", "residence")
STUDENT_STAGES = ("enrolling", "graduated", "in_grassroots_service", "service_ended")
STUDENT_DESTINATIONS = (
    "school",
    "employer",
    "own_residence",
    "parents_hukou",
    "pre_enrolment_hukou",
    "talent_agency",
    "actual_residence",
)
HUKOU_KINDS = ("urban", "rural")
UNREGISTERED_REASONS = (
    "outside_policy_birth",
    "out_of_wedlock",
    "adopted",
    "foundling",
    "migrant",
    "cross_border_child",
    "other",
)


class CalendarSource(models.TextChoices):
    """Where a calendar day comes from: the holiday library (refreshed by `calendar_load`), or an
    admin (a local day, or a correction), which a refresh never overwrites."""

    LIBRARY = "library", _("节假日库")
    ADMIN = "admin", _("管理员录入")
