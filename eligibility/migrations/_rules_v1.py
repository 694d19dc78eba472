"""Version 1 of each city's rule set, as the texts in shared/policy/seeds/ give it.

Frozen data for migration 0003 (the migration loader skips modules whose name starts with "_").
Later changes are new versions made in the admin, never edits here.
"""

TOWNS = ["central_urban", "county_town", "designated_town"]
ALL_TOWNS = ["central_urban", "county_town", "designated_town", "township", "industrial_park"]
LINEAL = ["spouse", "child", "parent", "grandparent", "grandchild"]

BASE = {
    "residence.available": True,
    "family_reunion.available": True,
    "student.available": True,
    "military_family.available": True,
    "rural_return.available": True,
    "marriage.available": True,
    "talent.available": False,
    "newborn.available": True,
    "unregistered.available": True,
    "residence_permit.available": True,
    "residence.owned_zones": [],
    "residence.rented_zones": [],
    "residence.employment_zones": [],
    "residence.strict_zones": [],
    "residence.rental_requires_registration": False,
    "residence.rental_requires_owner_consent": False,
    "residence.strict_min_lease_months": 0,
    "residence.strict_insurance_kinds": [],
    "residence.strict_insurance_all_kinds": True,
    "residence.strict_insurance_months": 0,
    "residence.relatives": LINEAL,
    "residence.strict_relatives": LINEAL,
    "residence.children_unmarried": False,
    "family_reunion.zones": TOWNS,
    "family_reunion.relations": LINEAL,
    "family_reunion.area_standard_m2": None,
    "family_reunion.area_exempt_relations": ["spouse", "parent"],
    "family_reunion.area_exempt_minor_children": True,
    "student.requires_hukou_in_city": False,
    "student.requires_school_in_city": False,
    "student.enrolment_destinations": ["school"],
    "student.graduate_destinations": ["employer", "own_residence", "pre_enrolment_hukou"],
    "student.service_destinations": ["pre_enrolment_hukou", "talent_agency"],
    "student.after_service_destinations": ["actual_residence"],
    "military_family.home_zones": ALL_TOWNS,
    "rural_return.zones": ["township", "rural"],
    "rural_return.holdings": ["land_contract", "homestead"],
    "talent.kinds": ["graduate", "skilled", "returned_overseas", "professional_title"],
    "talent.zones": TOWNS,
    "talent.relatives": ["spouse", "child", "parent"],
    "residence_permit.min_days": 0,
    "residence_permit.min_months": 6,
    "residence_permit.requires_one_of": True,
    "processing.time_limit_working_days": 7,
    "processing.extension_working_days": 3,
}

# Which clause each parameter rests on (clause keys below).
PARAMETER_CLAUSES = {
    "residence.strict_": "residence_strict",
    "residence.": "residence",
    "family_reunion.": "family_reunion",
    "student.": "student",
    "military_family.": "military_family",
    "rural_return.": "rural_return",
    "talent.": "talent",
    "residence_permit.": "residence_permit",
    "marriage.": "marriage",
    "newborn.": "newborn",
    "unregistered.": "unregistered",
    "processing.": "processing",
}

NATIONAL_NEWBORN = (
    "公安部《户口居民身份证管理工作规范（试行）》（公通字〔2021〕12号）第20条",
    "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。"
    "出生登记不得附加其他条件。",
)
NATIONAL_UNREGISTERED = (
    "《国务院办公厅关于解决无户口人员登记户口问题的意见》（国办发〔2015〕96号）",
    "依法登记户口是公民的一项基本权利。禁止设立不符合户口登记规定的任何前置条件，解决无户口人员登记户口问题。",
)
NATIONAL_PERMIT = (
    "《居住证暂行条例》（国务院令第663号）第2条",
    "公民离开常住户口所在地，到其他城市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，"
    "可以依照本条例的规定申领居住证。",
)

QUJING_DOC = "曲政发〔2015〕82号"
LINCANG_DOC = "临沧市进一步推进户籍制度改革方案"
DEHONG_DOC = "德政办发〔2016〕142号"
CHENZHOU_DOC = "郴政发〔2016〕1号"
JILIN_DOC = "吉市政发〔2015〕5号"

_Q_RESIDENCE = (
    f"{QUJING_DOC} 第（四）条",
    "全面放开城市（县城镇）和建制镇（含乡）的落户限制。在各县（市、区）城区、产业园区、建制镇（含乡）有合法稳定"
    "住所（含租赁）或有合法稳定就业的人员，本人及其共同居住生活的直系亲属，可以在当地申请登记常住户口。",
)
_Q_RURAL = (
    f"{QUJING_DOC} 第（八）条",
    "对农业转移人口在城镇落户后，因不适应城镇生活已返原籍地务农，或者在城镇积累一定资金、资源、技能后返乡创业的，"
    "如本人或者其家庭成员（含其父母、配偶、子女）在农村原籍地具备土地承包经营权、合法稳定住所或宅基地使用权等基本"
    "生产生活资料且实际居住，可将户口迁回农村原籍地。户籍在城镇的人员与户籍在农村的人员结婚，可在夫妻实际居住地落户。",
)
_L_RURAL = (
    f"{LINCANG_DOC} 第4条",
    "实行来去自由的返农村原籍地落户政策。对农业转移人口在城镇落户后，因不适应城镇生活已返原籍地务农，或者在城镇积累"
    "一定资金、资源、技能后返乡创业的，如本人或其家庭成员（含其父母、配偶、子女）在农村原籍地具备土地承包经营权、"
    "宅基地使用权等基本生产生活资料且实际居住，可将户口迁回农村原籍地。户籍在城镇的人员与户籍在农村的人员结婚，"
    "可在夫妻实际居住地落户。",
)
_D_RURAL = (
    f"{DEHONG_DOC} 第（六）条",
    "实行来去自由的返农村原籍地落户政策。对农业转移人口在城镇落户后，因不适应城镇生活已返原籍地务农，或者在城镇积累"
    "一定资金、资源、技能后返乡创业的，如本人或其家庭成员（含父母、配偶、子女）在农村原籍地具备土地承包经营权、"
    "宅基地使用权等基本生产生活资料且实际居住，可将户口迁回农村原籍地。户籍在城镇的人员与户籍在农村的人员结婚，"
    "可在夫妻实际居住地落户。",
)
_C_CENTRAL = (
    f"{CHENZHOU_DOC} 三（一）",
    "进一步放宽市中心城区的落户条件。在郴州市中心城区有合法稳定就业并有合法稳定住所（含租赁），同时按照国家规定在"
    "当地参加城镇社会保险的人员，本人及其共同居住生活的配偶、未婚子女、父母等，可以在当地申请登记常住户口。",
)
_C_OTHER = (
    f"{CHENZHOU_DOC} 三（二）",
    "全面放开其他城镇的落户限制。在全市其他县级市市区、县人民政府驻地镇和其他建制镇有合法稳定住所（含租赁）的人员，"
    "本人及其共同居住生活的配偶、未婚子女、父母等，均可以在当地申请登记常住户口。",
)
_C_NEWBORN = (
    f"{CHENZHOU_DOC} 四（一）",
    "新生儿户口登记不受附加条件限制，公安机关对于不能提供生育证或社会抚养费征收票据等计生证明的未落户人员，应当依法"
    "为其办理户口登记，再按有关规定通报当地卫生计生部门。",
)
_J_CITY = (
    f"{JILIN_DOC} 第（十二）条",
    "合理确定吉林市落户条件。根据城市综合承载能力，合理控制人口规模。在市内具有合法稳定住所（含租赁房屋两年以上）、"
    "合法稳定职业，并按照国家规定在当地参加社会保险（同时参加养老保险、医疗保险、失业保险）一年以上的人员，本人及其"
    "共同居住生活的配偶、未婚子女、父母，准予落户。",
)
_J_COUNTY = (
    f"{JILIN_DOC} 第（十一）条",
    "全面放开五县（市）和建制镇落户限制。在五县（市）城区、县政府驻地镇和其他建制镇有合法稳定住所（含租赁房屋）的"
    "人员，本人及其共同居住生活的配偶、未婚子女、父母等，可以在当地申请登记常住户口。",
)
_J_TALENT = (
    f"{JILIN_DOC} 第（十三）条",
    "有效解决各类人才落户问题。大中专和职业院校毕业生、技术和技能人才、留学回国人员等各类人才在全市各类城镇落户不受"
    "稳定住所和稳定职业等限制，凭毕（结）业证书或相关专业证书即可办理落户手续。",
)


def _only_residence_relatives(citation_text):
    """For cities without a separate clause: the clause through which relatives come along."""
    citation, text = citation_text
    return (citation, text + "（本市规则无单独条款：此类人员可作为符合条件申请人的共同居住亲属随迁。）")


RULE_SETS = [
    {
        "city": "qujing",
        "document": QUJING_DOC,
        "title": "曲靖市人民政府关于进一步推进户籍制度改革的实施意见",
        "effective_from": "2015-11-02",
        "params": {
            "residence.owned_zones": ALL_TOWNS,
            "residence.rented_zones": ALL_TOWNS,
            "residence.employment_zones": ALL_TOWNS,
            "family_reunion.zones": ALL_TOWNS,
            "student.requires_hukou_in_city": True,
            "student.graduate_destinations": ["employer", "own_residence", "parents_hukou"],
            "rural_return.holdings": ["land_contract", "homestead", "residence"],
            "residence_permit.min_days": 30,
            "residence_permit.min_months": 0,
            "residence_permit.requires_one_of": False,
        },
        "clauses": {
            "residence": _Q_RESIDENCE,
            "residence_strict": _Q_RESIDENCE,
            "family_reunion": (
                f"{QUJING_DOC} 第（五）条",
                "放宽城镇直系亲属投靠落户条件。三代以内共同居住的直系亲属，可在实际居住地投靠落户，不受年龄限制。",
            ),
            "student": (
                f"{QUJING_DOC} 第（六）条",
                "户籍为我市的大中专院校（技校）学生，入学时可自愿选择是否将户口迁入学校。毕业后可将户口迁移至工作单位、本人"
                "合法稳定住所或父母户籍所在地。服务基层“四个项目”的高校毕业生在服务期间，户口可迁至所在县（市、区）人才服务"
                "机构，也可根据自愿原则迁至入学前户籍所在地，聘用期满后可以根据去向，将户口迁至实际居住地。",
            ),
            "military_family": (
                f"{QUJING_DOC} 第（七）条",
                "对现役军人的配偶、子女不具备随军落户条件，或者不愿意随军落户的，如与现役军人父母或（外）祖父母共同居住的，"
                "可以投靠落户。现役军人在城镇购买的合法稳定住所，其实际居住的直系亲属可以申请落户。",
            ),
            "rural_return": _Q_RURAL,
            "marriage": _Q_RURAL,
            "talent": (
                f"{QUJING_DOC} 第（二十一）条",
                "不断提高高校毕业生、技术工人、职业院校毕业生、留学回国人员等常住人口的城镇落户率。（人才为优先落户的重点"
                "群体，不单设落户途径：请按合法稳定住所或就业途径申请。）",
            ),
            "newborn": NATIONAL_NEWBORN,
            "unregistered": (
                f"{QUJING_DOC} 第（九）条",
                "凡具备中华人民共和国国籍的公民（除现役军人外），都有权利和义务登记户口，任何地方政府、机关、团体、企事业单位"
                "和个人都不得私设“门槛”限制落户，公安机关应严格按照有关规定解决好“无户口人员”的户口问题。",
            ),
            "residence_permit": (
                f"{QUJING_DOC} 第（十二）条",
                "公民离开户籍所在地到其它街道、乡镇居住三十日以上的，应当在居住地申领居住证。符合条件的居住证持有人，可以在"
                "居住地申请登记常住户口。",
            ),
            "processing": (
                f"{QUJING_DOC} 第（十四）条",
                "各级公安机关特别是派出所必须严格按照公安部、省公安厅规定的户口审批权限、审批流程、审批时限、审批手续办理户口"
                "迁移落户，凡符合条件、手续齐全的，可直接办理迁移落户手续。……并严禁非法收取有关费用。",
            ),
        },
    },
    {
        "city": "lincang",
        "document": LINCANG_DOC,
        "title": "临沧市人民政府关于印发临沧市进一步推进户籍制度改革方案的通知",
        "effective_from": "2015-09-30",
        "params": {
            "residence.owned_zones": ["county_town"],
            "residence.rented_zones": TOWNS,
            "residence.rental_requires_registration": True,
            "residence.rental_requires_owner_consent": True,
            "family_reunion.area_standard_m2": "15",
            "military_family.home_zones": TOWNS,  # 城镇: as for rentals, 乡 and parks are not
            "student.requires_school_in_city": True,
            "residence_permit.min_months": 0,
            "residence_permit.requires_one_of": False,
        },
        "clauses": {
            "residence": (
                f"{LINCANG_DOC} 第2条、第3条",
                "全面放开县城落户限制。在县城有合法稳定住所（含租赁）的人员，本人及其共同居住生活的直系亲属，可以在当地申请"
                "登记常住户口。租赁性质的合法稳定住所是指在当地房管部门办理租赁登记备案的房屋。实际居住在城镇范围内租赁性质的"
                "合法稳定住所且办理合法手续的，本人及其共同居住的直系亲属可以申请在租赁性质合法稳定住所落户；申请本人及其共同"
                "居住的直系亲属落户时，应当征得房屋产权人同意。",
            ),
            "residence_strict": (f"{LINCANG_DOC} 第2条", "全面放开县城落户限制。"),
            "family_reunion": (
                f"{LINCANG_DOC} 第5条",
                "放宽城镇直系亲属投靠落户条件。三代以内直系亲属相互投靠且共同居住的，可在实际居住地投靠落户，不受年龄限制。"
                "除本人、配偶、未成年子女、父母外，其他直系亲属投靠落户时，需满足人均住房面积不低于当地对住房困难家庭规定的标准。",
            ),
            "student": (
                f"{LINCANG_DOC} 第6条",
                "在我市大中专院校（技校）就读的学生，入学时可自愿选择是否将户口迁入学校。毕业后根据实际情况，可将户口迁移至"
                "工作单位、本人合法稳定住所或入学前户籍所在地。服务基层“四个项目”的高校毕业生在服务期间，户口可迁至所在市、县"
                "（区）劳动就业服务中心，也可根据自愿原则迁至入学前户籍所在地；聘用期满后可根据去向，将户口迁至实际居住地。",
            ),
            "military_family": (
                f"{LINCANG_DOC} 第7条",
                "现役军人配偶随军落户按国家有关政策执行。对现役军人的配偶、子女不具备随军落户条件，或者不愿意随军落户的，如与"
                "现役军人父母或（外）祖父母共同居住的，可根据本人意愿将户口迁移至现役军人父母或（外）祖父母户籍地投靠落户。"
                "现役军人在城镇购买的合法稳定住所，其实际居住的直系亲属可以申请落户。",
            ),
            "rural_return": _L_RURAL,
            "marriage": _L_RURAL,
            "talent": (
                f"{LINCANG_DOC} 第8条",
                "不断提高高校毕业生、技术工人、职业院校毕业生、留学回国人员等常住人口的城镇落户率。（人才为优先落户的重点"
                "群体，不单设落户途径：请按合法稳定住所途径申请。）",
            ),
            "newborn": NATIONAL_NEWBORN,
            "unregistered": (
                f"{LINCANG_DOC} 第12条",
                "积极解决因地方性政策障碍等原因造成的户口登记难问题，妥善处理历史原因形成的计划外生育子女、安置移民、自发移民"
                "等群体落户问题，……依法保障公民户口登记的基本权利。",
            ),
            "cross_border": (
                f"{LINCANG_DOC} 第13条",
                "夫妻一方为中国公民，与涉外边民通婚后，在国内所生子女，具有中国国籍，凭医学出生证明、结婚证到中方父母一方的"
                "户口所在地申报户口；在国外所生子女，要求回中国内地申报落户的，……由申请人提供相关证明材料，通过落户地派出所"
                "调查核实后到申请人户口所在地申报户口。",
            ),
            "residence_permit": (
                f"{LINCANG_DOC} 第10条",
                "公民离开户籍所在地进入我市或者在我市内跨县级以上行政区域居住的，在居住地申领《居住证》。符合条件的《居住证》"
                "持有人，可以在居住地申请登记常住户口。",
            ),
            "processing": (f"{LINCANG_DOC} 第2条", "（办理时限按公安部户口审批时限执行，由规则管理员设定。）"),
        },
    },
    {
        "city": "dehong",
        "document": DEHONG_DOC,
        "title": "德宏州人民政府办公室关于印发德宏州进一步推进户籍制度改革实施方案的通知",
        "effective_from": "2016-12-05",
        "params": {
            "residence.owned_zones": TOWNS,
            "residence.rented_zones": TOWNS,
            "residence.rental_requires_registration": True,
            "residence.rental_requires_owner_consent": True,
            "family_reunion.area_standard_m2": "15",
            "military_family.home_zones": TOWNS,  # 城镇: as for rentals, 乡 and parks are not
        },
        "clauses": {
            "residence": (
                f"{DEHONG_DOC} 第（四）条、第（五）条",
                "全面放开全州所有城镇落户限制。在城镇有合法稳定住所（含租赁）的人员，本人及其共同居住生活的直系亲属，可以申请"
                "将常住户口迁入居住地城镇。租赁性质的合法稳定住所是指在当地房管部门办理了租赁登记备案的房屋。……申请本人和"
                "共同居住的直系亲属落户时，应当征得房屋产权人同意。",
            ),
            "residence_strict": (f"{DEHONG_DOC} 第（四）条", "全面放开全州所有城镇落户限制。"),
            "family_reunion": (
                f"{DEHONG_DOC} 第（七）条",
                "放宽城镇直系亲属投靠落户条件。三代以内直系亲属相互投靠且共同居住的，可在实际居住地投靠落户，不受年龄限制。"
                "除本人、配偶、未成年子女、父母外，其他直系亲属投靠落户时，需满足人均住房面积不低于当地对住房困难家庭规定的标准。",
            ),
            "student": (
                f"{DEHONG_DOC} 第（八）条",
                "在大中专院校（技校）就读的学生，入学时可自愿选择是否将户口迁入学校。毕业后根据实际情况，可将户口迁移至工作"
                "单位、本人合法稳定住所或入学前户籍所在地。服务基层“四个项目”的高校毕业生在服务期间，根据本人意愿，户口可迁至"
                "所在县（市）人才服务机构，也可迁至入学前户籍所在地；聘用期满后可以根据去向，将户口迁至实际居住地。",
            ),
            "military_family": (
                f"{DEHONG_DOC} 第（九）条",
                "现役军人配偶随军落户按国家相关政策执行。对现役军人的配偶、子女不具备随军落户条件，或者不愿意随军落户的，如与"
                "现役军人父母或（外）祖父母共同居住的，可根据本人意愿将户口迁移至现役军人父母或（外）祖父母户籍地投靠落户。"
                "现役军人在城镇购买的合法稳定住所，其实际居住的直系亲属可以申请落户。",
            ),
            "rural_return": _D_RURAL,
            "marriage": _D_RURAL,
            "talent": (
                f"{DEHONG_DOC} 第（十）条",
                "不断提高高校毕业生、技术工人、职业院校毕业生、外来创业人员、留学回国人员等常住人口的城镇落户率。（人才为优先"
                "落户的重点群体，不单设落户途径：请按合法稳定住所途径申请。）",
            ),
            "newborn": NATIONAL_NEWBORN,
            "unregistered": (
                f"{DEHONG_DOC} 第（十三）条",
                "依照《国务院办公厅关于解决无户口人员登记户口问题的意见》，积极解决因地方性政策障碍等原因造成的户口登记难问题，"
                "妥善处理历史原因形成的政策外生育子女、自发移民、跨境婚姻生育子女等群体落户问题，切实维护每个公民依法登记户口"
                "的合法权益。",
            ),
            "cross_border": (
                f"{DEHONG_DOC} 第（十三）条",
                "妥善处理……跨境婚姻生育子女等群体落户问题，切实维护每个公民依法登记户口的合法权益。（境内出生凭医学出生证明、"
                "结婚证申报；境外出生经落户地派出所调查核实后申报。）",
            ),
            "residence_permit": (
                f"{DEHONG_DOC} 第（十二）条",
                "公民离开常住户口所在地，到另一县级行政区域居住半年以上，并符合有合法稳定就业、合法稳定住所、连续就读条件之一"
                "的，可以在居住地申领《居住证》。符合条件的《居住证》持有人，可以在居住地申请登记常住户口。",
            ),
            "processing": (f"{DEHONG_DOC} 第（四）条", "（办理时限按公安部户口审批时限执行，由规则管理员设定。）"),
        },
    },
    {
        "city": "chenzhou",
        "document": CHENZHOU_DOC,
        "title": "郴州市人民政府关于进一步推进户籍制度改革的实施意见",
        "effective_from": "2016-01-06",
        "params": {
            "family_reunion.available": False,
            "student.available": False,
            "military_family.available": False,
            "rural_return.available": False,
            "marriage.available": False,
            "residence.strict_zones": ["central_urban"],
            "residence.owned_zones": ["county_town", "designated_town"],
            "residence.rented_zones": ["county_town", "designated_town"],
            "residence.strict_insurance_kinds": ["pension", "medical", "unemployment"],
            "residence.strict_insurance_all_kinds": False,
            "residence.strict_insurance_months": 1,
            "residence.children_unmarried": True,
        },
        "clauses": {
            "residence": _C_OTHER,
            "residence_strict": _C_CENTRAL,
            "family_reunion": _only_residence_relatives(_C_OTHER),
            "student": _only_residence_relatives(_C_OTHER),
            "military_family": _only_residence_relatives(_C_OTHER),
            "rural_return": (
                f"{CHENZHOU_DOC} 六（一）",
                "现阶段，不得以退出“三权”作为农民进城落户的条件。（本市规则无返农村原籍地落户条款。）",
            ),
            "marriage": _only_residence_relatives(_C_OTHER),
            "talent": (
                f"{CHENZHOU_DOC} 四（一）",
                "不断提高高校和职业院校毕业生、取得专业技术资格人员、技术工人、留学回国人员、获荣誉称号人员、优秀农民工等常住"
                "人口的城镇落户率。（人才为优先落户的重点群体，不单设落户途径：请按合法稳定住所途径申请。）",
            ),
            "newborn": _C_NEWBORN,
            "unregistered": (
                f"{CHENZHOU_DOC} 四（一）",
                "加强出生登记工作，摸清无户口人员底数及主要原因，分类解决无户口人员落户问题，切实保障公民登记户口的合法权益。",
            ),
            "residence_permit": (
                f"{CHENZHOU_DOC} 四（二）；{NATIONAL_PERMIT[0]}",
                "继续大力实施居住证制度。" + NATIONAL_PERMIT[1],
            ),
            "processing": (
                f"{CHENZHOU_DOC} 七（五）",
                "简化审批程序，做到公开、公平、公正。（办理时限由规则管理员设定。）",
            ),
        },
    },
    {
        "city": "jilin",
        "document": JILIN_DOC,
        "title": "吉林市人民政府关于进一步推进户籍制度改革的实施意见",
        "effective_from": "2015-01-01",
        "params": {
            "family_reunion.available": False,
            "student.available": False,
            "military_family.available": False,
            "rural_return.available": False,
            "marriage.available": False,
            "talent.available": True,
            "residence.strict_zones": ["central_urban"],
            "residence.owned_zones": ["county_town", "designated_town"],
            "residence.rented_zones": ["county_town", "designated_town"],
            "residence.strict_min_lease_months": 24,
            "residence.strict_insurance_kinds": ["pension", "medical", "unemployment"],
            "residence.strict_insurance_all_kinds": True,
            "residence.strict_insurance_months": 12,
            "residence.strict_relatives": ["spouse", "child", "parent"],
            "residence.children_unmarried": True,
        },
        "clauses": {
            "residence": _J_COUNTY,
            "residence_strict": _J_CITY,
            "family_reunion": _only_residence_relatives(_J_COUNTY),
            "student": (
                _J_TALENT[0],
                _J_TALENT[1] + "（本市规则无在校学生户口迁移条款；毕业生可按人才落户途径申请。）",
            ),
            "military_family": _only_residence_relatives(_J_COUNTY),
            "rural_return": (
                f"{JILIN_DOC} 第（十八）条",
                "现阶段，不得以退出“三权”作为农民进城落户的条件。（本市规则无返农村原籍地落户条款。）",
            ),
            "marriage": _only_residence_relatives(_J_COUNTY),
            "talent": _J_TALENT,
            "newborn": NATIONAL_NEWBORN,
            "unregistered": NATIONAL_UNREGISTERED,
            "residence_permit": (
                f"{JILIN_DOC} 第（十五）条",
                "按照吉林省居住证管理相关规定，对公民离开常住户口所在地，到吉林市城市居住半年以上，符合稳定就业、稳定住所、"
                "连续就读条件之一的可以在居住地申领居住证。",
            ),
            "processing": (f"{JILIN_DOC} 第（二十一）条", "（办理时限按公安部户口审批时限执行，由规则管理员设定。）"),
        },
    },
]


def parameters_of(rule_set: dict) -> dict:
    return {**BASE, **rule_set["params"]}


def clause_key_of(parameter_key: str) -> str:
    return next(clause for prefix, clause in PARAMETER_CLAUSES.items() if parameter_key.startswith(prefix))
