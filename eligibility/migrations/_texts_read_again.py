"""The texts, read again (issue 15): frozen data for migration 0008 (the loader skips "_" modules).

Why the version-1 rows are corrected in place rather than by a new published version: the texts
did not change; version 1 misread them. A new version would start on some day in 2026 and leave
the misreading in force for every day from 2015 on, so any earlier day would be judged against
words the text does not have. A decided case keeps the evaluation frozen at its submission
(FactsVersion), so its history does not move. Only the rows that still hold version 1's value are
corrected; a version a rule admin published later is theirs to change.
"""

TOWNS = ["central_urban", "county_town", "designated_town"]
ALL_TOWNS = ["central_urban", "county_town", "designated_town", "township", "industrial_park"]
ALL_ZONES = [*ALL_TOWNS, "rural"]
LINEAL = ["spouse", "child", "parent", "grandparent", "grandchild"]
ALL_LINEAL = [*LINEAL, "great_grandparent", "great_grandchild"]
CITIES = ["qujing", "lincang", "dehong", "chenzhou", "jilin"]

LOCAL_PROCESSING = "第 1 版平台初始设定（文件未给此数字），待规则管理员依公安部、省公安厅规定的审批时限核定"
LOCAL_AREA = "第 1 版平台初始设定（文件未给此数字），待规则管理员依当地住房困难家庭标准核定"

# --- New parameters: every rule set gets them (key -> value per city, clause key per city) ------

NEW_PARAMETERS = {
    "residence.rental_requires_actual_residence": (
        {"qujing": False, "lincang": True, "dehong": True, "chenzhou": False, "jilin": False},
        {c: "residence" for c in CITIES},
    ),
    "residence.collective_zones": (
        {"qujing": ALL_ZONES, "lincang": [], "dehong": [], "chenzhou": [], "jilin": []},
        {"qujing": "collective_household", **{c: "residence" for c in CITIES[1:]}},
    ),
    "residence_permit.zones": (
        {
            "qujing": ALL_ZONES,
            "lincang": ALL_ZONES,
            "dehong": ALL_ZONES,
            "chenzhou": ALL_ZONES,
            "jilin": ["central_urban"],
        },
        {c: "residence_permit" for c in CITIES},
    ),
    "residence_permit.left_hukou_level": (
        {"qujing": "street", "lincang": "county", "dehong": "county", "chenzhou": "county", "jilin": "county"},
        {c: "residence_permit" for c in CITIES},
    ),
}

# --- Version-1 values corrected: (city, key) -> (value in version 1, corrected value) -----------

CORRECTIONS = {
    # 3. Lincang: owners where renters are accepted (第2条 with 第3条).
    ("lincang", "residence.owned_zones"): (["county_town"], TOWNS),
    # 4. 直系亲属 has no generation limit; "……等" is open.
    **{
        (c, k): (LINEAL, ALL_LINEAL)
        for c in ("qujing", "lincang", "dehong", "chenzhou")
        for k in ("residence.relatives", "residence.strict_relatives")
    },
    ("jilin", "residence.relatives"): (LINEAL, ALL_LINEAL),
    ("lincang", "rural_return.holdings"): (["land_contract", "homestead"], ["land_contract", "homestead", "residence"]),
    ("dehong", "rural_return.holdings"): (["land_contract", "homestead"], ["land_contract", "homestead", "residence"]),
}

# 7. Figures no text gives: the rule admin's settings, citing no clause that does not say them.
LOCAL_SETTINGS = {
    **{
        (c, k): (LOCAL_PROCESSING, None)
        for c in CITIES
        for k in ("processing.time_limit_working_days", "processing.extension_working_days")
    },
    ("lincang", "family_reunion.area_standard_m2"): (LOCAL_AREA, "family_reunion"),
    ("dehong", "family_reunion.area_standard_m2"): (LOCAL_AREA, "family_reunion"),
}

# --- Clauses ----------------------------------------------------------------------------------

NATIONAL = "国家规定："
NATIONAL_NEWBORN = (
    NATIONAL + "公安部《户口居民身份证管理工作规范（试行）》（公通字〔2021〕12号）第20条",
    "婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。"
    "出生登记不得附加其他条件。（本市文件无出生登记条款，依国家规定。）",
)
QUJING_DOC = "曲政发〔2015〕82号"

CLAUSES = {
    # 5. Qujing's own basis for newborns: （九） and the annex's （七）.
    ("qujing", "newborn"): (
        f"{QUJING_DOC} 第（九）条、附件第（七）条",
        "凡具备中华人民共和国国籍的公民（除现役军人外），都有权利和义务登记户口，任何地方政府、机关、团体、企事业单位"
        "和个人都不得私设“门槛”限制落户，公安机关应严格按照有关规定解决好“无户口人员”的户口问题，依法保障公民户口登记"
        "的基本权利。（附件（七））……不得私设“门槛”，限制违反计划生育、非婚生育、领（捡）养等群体落户。",
    ),
    ("lincang", "newborn"): NATIONAL_NEWBORN,
    ("dehong", "newborn"): NATIONAL_NEWBORN,
    ("jilin", "newborn"): NATIONAL_NEWBORN,
    # 5. Jilin's text does not cite 国办发〔2015〕96号: it is the national rule.
    ("jilin", "unregistered"): (
        NATIONAL + "《国务院办公厅关于解决无户口人员登记户口问题的意见》（国办发〔2015〕96号）",
        "依法登记户口是公民的一项基本权利。禁止设立不符合户口登记规定的任何前置条件，解决无户口人员登记户口问题。"
        "（吉市政发〔2015〕5号无此条款，依国家规定。）",
    ),
    # 5. Chenzhou's permit rests on the national regulation, named as such.
    ("chenzhou", "residence_permit"): (
        "郴政发〔2016〕1号 四（二）；" + NATIONAL + "《居住证暂行条例》第2条",
        "继续大力实施居住证制度。（国家规定，国务院令第663号第2条：）公民离开常住户口所在地，到其他城市居住半年以上，"
        "符合有合法稳定就业、合法稳定住所、连续就读条件之一的，可以依照本条例的规定申领居住证。",
    ),
    # 5. Chenzhou 七（五）, in the text's own words.
    ("chenzhou", "processing"): (
        "郴政发〔2016〕1号 七（五）",
        "要坚持公开、公平、公正，坚持依法行政，简化审批手续，自觉接受监督，为推进我市户籍制度改革营造良好的社会环境。",
    ),
    # 6. Qujing's collective households.
    ("qujing", "collective_household"): (
        f"{QUJING_DOC} 第（十一）条",
        "完善集体户的管理制度。每个社区（村、居委会）都应向辖区派出所申请设立集体户，专门解决辖区内租房人员及其家属的"
        "落户问题，并指定专人协助公安机关做好相关工作，同时将已落户人员纳入日常社会服务管理。",
    ),
}
# The national endorsement rule is named as national in every city.
ENDORSEMENT_CITATION = NATIONAL + "《居住证暂行条例》（国务院令第663号）第10条"

# Clauses whose quoted words are not the text's: removed (no parameter rests on them any more).
# Dehong （十三） has no procedure for cross-border children (the quoted one is Lincang 13's): its
# own （十三） clause, "unregistered", already names 跨境婚姻生育子女. Lincang 第2条, Dehong （四） and
# Jilin （二十一） say nothing about processing or its time limits.
REMOVED_CLAUSES = [
    ("dehong", "cross_border"),
    ("lincang", "processing"),
    ("dehong", "processing"),
    ("jilin", "processing"),
]

# --- Reading notes, beside the parameters: (city, key) -> the words it rests on and the reading -----

_Q, _L, _D, _C, _J = "曲靖（四）", "临沧 第2条、第3条", "德宏（四）（五）", "郴州 三（一）（二）", "吉林（十一）"
_LINEAL_NOTE = (
    "“本人及其共同居住生活的直系亲属”：文件未设代数限制（投靠条款才说“三代以内”），直系亲属包括曾祖父母、"
    "曾孙子女；配偶依各市文件的用法列入。兄弟姐妹和其他亲属不是直系亲属。"
)
_ETC_NOTE = (
    "“本人及其共同居住生活的配偶、未婚子女、父母等”：“等”为等外，列举之外同类的共同居住直系亲属（祖父母、孙子女、"
    "曾祖父母、曾孙子女）也可随迁；“未婚子女”是明示的限定，已婚子女不因“等”而列入。规则管理员可按当地做法扩充。"
)
_THREE_GENERATIONS = "“三代以内……直系亲属”：配偶、子女、父母、祖父母、孙子女；曾祖父母、曾孙子女是第四代，不在其内。"
_HOLDINGS_OPEN = (
    "“土地承包经营权、宅基地使用权等基本生产生活资料”：“等”为等外；原籍地的合法稳定住所同属基本生活资料（曲靖（八）"
    "同一句即把“合法稳定住所”列在其中），故列入。规则管理员可按同类扩充。"
)
_NO_ACTUAL = "不要求实际居住：文件只说“有合法稳定住所（含租赁）”。"
_ACTUAL = (
    "“实际居住在城镇范围内租赁性质的合法稳定住所且办理合法手续的，本人及其共同居住的直系亲属可以申请……落户”："
    "以租赁住所落户须已实际居住（applicant.residence_since 不晚于判断日）；未告知居住起始日即为缺少事实。"
)
_PERMIT_ALL_ZONES = "文件未限定申领居住证的区域：所有区域。"
_PERMIT_COUNTY = (
    "户籍在外市即已离开户籍所在地；户籍在本市的，须户籍所在县级行政区域（applicant.hukou_county）与居住地（county）"
    "不同。需要而未告知时为缺少事实。"
)
_NO_COLLECTIVE = "本市文件没有租房人员落入社区集体户的条款：不开放（只有曲靖（十一）有）。"
_PROCESSING_NONE = "本市文件未规定办理时限：此数字为本地规定，非文件原文，不引用文件条款。"
_PROCESSING_QUJING = (
    "曲靖（十四）只要求“严格按照公安部、省公安厅规定的户口审批权限、审批流程、审批时限、审批手续办理”，未给天数："
    "此数字为本地规定，非文件原文，不引用文件条款。"
)

NOTES = {
    # 1. 实际居住 for rentals
    ("qujing", "residence.rental_requires_actual_residence"): "曲靖（四）" + _NO_ACTUAL,
    ("lincang", "residence.rental_requires_actual_residence"): "临沧 第3条" + _ACTUAL,
    ("dehong", "residence.rental_requires_actual_residence"): "德宏（五）" + _ACTUAL,
    ("chenzhou", "residence.rental_requires_actual_residence"): "郴州 三（一）（二）" + _NO_ACTUAL,
    ("jilin", "residence.rental_requires_actual_residence"): (
        "吉林（十一）（十二）不要求实际居住：只说“有合法稳定住所（含租赁房屋）”，市区为“含租赁房屋两年以上”"
        "（见 residence.strict_min_lease_months）。"
    ),
    # 2. Residence permits: where, and what "left" means
    ("qujing", "residence_permit.left_hukou_level"): (
        "曲靖（十二）“公民离开户籍所在地到其它街道、乡镇居住三十日以上的”：层级是街道、乡镇，比合同的事实（只到县级："
        "applicant.hukou_county、county）更细。户籍在外市或另一县即已离开；同一县内是否另一街道、乡镇由派出所依居住登记"
        "核实，引擎不据此拒绝，也不据此缺少事实。"
    ),
    ("lincang", "residence_permit.left_hukou_level"): (
        "临沧 第10条“公民离开户籍所在地进入我市或者在我市内跨县级以上行政区域居住的”：" + _PERMIT_COUNTY
    ),
    ("dehong", "residence_permit.left_hukou_level"): (
        "德宏（十二）“离开常住户口所在地，到另一县级行政区域居住半年以上”：" + _PERMIT_COUNTY
    ),
    ("chenzhou", "residence_permit.left_hukou_level"): (
        "郴州 四（二）只说“继续大力实施居住证制度”，条件依国家规定《居住证暂行条例》第2条“离开常住户口所在地，到其他"
        "城市居住半年以上”。本市文件未定层级，按县级行政区域读（市辖区、县级市、县各为一地），与德宏同："
        + _PERMIT_COUNTY
    ),
    ("jilin", "residence_permit.left_hukou_level"): (
        "吉林（十五）“对公民离开常住户口所在地，到吉林市城市居住半年以上”：常住户口所在地按县级行政区域读（永吉县、"
        "蛟河市等地户籍到市区居住即已离开）。" + _PERMIT_COUNTY
    ),
    ("qujing", "residence_permit.zones"): "曲靖（十二）“到其它街道、乡镇居住”：" + _PERMIT_ALL_ZONES,
    ("lincang", "residence_permit.zones"): "临沧 第10条“进入我市或者在我市内……居住的”：" + _PERMIT_ALL_ZONES,
    ("dehong", "residence_permit.zones"): "德宏（十二）“到另一县级行政区域居住”：" + _PERMIT_ALL_ZONES,
    ("chenzhou", "residence_permit.zones"): "国家规定“到其他城市居住”，本市文件未限定：" + _PERMIT_ALL_ZONES,
    ("jilin", "residence_permit.zones"): (
        "吉林（十五）“到吉林市城市居住半年以上”，附件二（六）“到吉林市市区居住半年以上”：只在市区（central_urban）"
        "申领；五县（市）城区、建制镇、乡、村不在此条之内。"
    ),
    # 3. Same words, different zones
    ("qujing", "military_family.home_zones"): (
        "曲靖（七）“现役军人在城镇购买的合法稳定住所”。曲靖所称城镇见（四）：“全面放开城市（县城镇）和建制镇（含乡）的"
        "落户限制。在各县（市、区）城区、产业园区、建制镇（含乡）……”——本市文件的城镇包括乡和产业园区，与（四）（五）同读。"
    ),
    ("lincang", "military_family.home_zones"): (
        "临沧 第7条“现役军人在城镇购买的合法稳定住所”：城镇与第3条“城镇范围内”同读——市辖区、县城、建制镇；本市文件"
        "未把乡、产业园区列为城镇。"
    ),
    ("dehong", "military_family.home_zones"): (
        "德宏（九）“现役军人在城镇购买的合法稳定住所”：城镇与（四）“全州所有城镇”同读——市辖区、县城、建制镇；本州文件"
        "未把乡、产业园区列为城镇。"
    ),
    (
        "qujing",
        "residence.owned_zones",
    ): "曲靖（四）“在各县（市、区）城区、产业园区、建制镇（含乡）”：除村以外的所有区域。",
    ("qujing", "residence.rented_zones"): "曲靖（四）“合法稳定住所（含租赁）”，区域同自有住房：除村以外的所有区域。",
    ("qujing", "residence.employment_zones"): "曲靖（四）“或有合法稳定就业”，区域同住所：除村以外的所有区域。",
    ("lincang", "residence.owned_zones"): (
        "临沧 第2条“全面放开县城落户限制。在县城有合法稳定住所（含租赁）的人员”；第3条“放宽城镇租赁性质的合法稳定住所"
        "落户条件……实际居住在城镇范围内租赁性质的合法稳定住所……可以申请……落户”。第3条在城镇范围内放开租赁住所；自有"
        "住所是更稳固的合法稳定住所，举轻以明重，城镇范围内的自有住所同样可以落户（否则市辖区的房主被拒而租客获准）。"
        "读作：自有与租赁同为市辖区、县城、建制镇。"
    ),
    ("lincang", "residence.rented_zones"): (
        "临沧 第3条“城镇范围内”：市辖区、县城、建制镇；须登记备案、征得产权人同意并已实际居住（第3条）。"
    ),
    (
        "dehong",
        "residence.owned_zones",
    ): "德宏（四）“全面放开全州所有城镇落户限制。在城镇有合法稳定住所（含租赁）”：县城、建制镇（德宏无市辖区）。",
    (
        "dehong",
        "residence.rented_zones",
    ): "德宏（四）（五）“城镇范围内”：同自有住房；须登记备案、征得产权人同意并已实际居住。",
    # 4. 直系亲属 and "……等"
    ("qujing", "residence.relatives"): _Q + _LINEAL_NOTE,
    ("qujing", "residence.strict_relatives"): "本市无市区另行规定：同 residence.relatives。" + _Q + _LINEAL_NOTE,
    ("lincang", "residence.relatives"): _L + _LINEAL_NOTE,
    ("lincang", "residence.strict_relatives"): "本市无市区另行规定：同 residence.relatives。" + _L + _LINEAL_NOTE,
    ("dehong", "residence.relatives"): _D + _LINEAL_NOTE,
    ("dehong", "residence.strict_relatives"): "本州无市区另行规定：同 residence.relatives。" + _D + _LINEAL_NOTE,
    ("chenzhou", "residence.relatives"): "郴州 三（二）" + _ETC_NOTE,
    ("chenzhou", "residence.strict_relatives"): "郴州 三（一）" + _ETC_NOTE,
    ("jilin", "residence.relatives"): _J + _ETC_NOTE,
    ("jilin", "residence.strict_relatives"): (
        "吉林（十二）“本人及其共同居住生活的配偶、未婚子女、父母，准予落户”：没有“等”，为封闭列举（与（十一）不同）。"
    ),
    ("qujing", "family_reunion.relations"): "曲靖（五）" + _THREE_GENERATIONS,
    ("lincang", "family_reunion.relations"): "临沧 第5条" + _THREE_GENERATIONS,
    ("dehong", "family_reunion.relations"): "德宏（七）" + _THREE_GENERATIONS,
    ("qujing", "rural_return.holdings"): (
        "曲靖（八）“土地承包经营权、合法稳定住所或宅基地使用权等基本生产生活资料”：“等”为等外，规则管理员可按同类扩充。"
    ),
    ("lincang", "rural_return.holdings"): "临沧 第4条" + _HOLDINGS_OPEN,
    ("dehong", "rural_return.holdings"): "德宏（六）" + _HOLDINGS_OPEN,
    ("jilin", "talent.kinds"): (
        "吉林（十三）“大中专和职业院校毕业生、技术和技能人才、留学回国人员等各类人才……凭毕（结）业证书或相关专业证书即可"
        "办理落户手续”：“等各类人才”为等外，以能出示毕（结）业证书或相关专业证书为限，故列入取得专业技术资格者；荣誉称号、"
        "优秀农民工不凭专业证书，未列入，规则管理员可扩充。"
    ),
    # 6. Collective households
    ("qujing", "residence.collective_zones"): (
        "曲靖（十一）“每个社区（村、居委会）都应向辖区派出所申请设立集体户，专门解决辖区内租房人员及其家属的落户问题”："
        "租房人员及其家属可落入所租住所所在社区（村、居委会）的集体户，无须房屋产权人同意（集体户属社区，不属房主）。"
        "（十一）把“村”与社区、居委会并列，说的是“辖区内租房人员”，故村里的租房人员也可落入该村委会的集体户；（四）的区域"
        "清单管在住所落户，不管集体户。"
    ),
    **{(c, "residence.collective_zones"): _NO_COLLECTIVE for c in CITIES[1:]},
    # 7. Figures no text gives
    ("qujing", "processing.time_limit_working_days"): _PROCESSING_QUJING,
    ("qujing", "processing.extension_working_days"): _PROCESSING_QUJING,
    **{
        (c, k): _PROCESSING_NONE
        for c in CITIES[1:]
        for k in ("processing.time_limit_working_days", "processing.extension_working_days")
    },
    ("lincang", "family_reunion.area_standard_m2"): (
        "临沧 第5条“需满足人均住房面积不低于当地对住房困难家庭规定的标准”："
        "文件未给数字；15 平方米/人为本地规定，非文件原文。"
    ),
    ("dehong", "family_reunion.area_standard_m2"): (
        "德宏（七）“需满足人均住房面积不低于当地对住房困难家庭规定的标准”："
        "文件未给数字；15 平方米/人为本地规定，非文件原文。"
    ),
    **{
        (c, "family_reunion.area_standard_m2"): "本市文件无人均住房面积条件：null（无此条件）。"
        for c in ("qujing", "chenzhou", "jilin")
    },
}

# The rule sets' own notes: the effective date each uses and why, and what this reading changed.
EFFECTIVE_DATES = {
    "qujing": "生效日期 2015-11-02：文件落款“曲靖市人民政府 2015年 11月 2日”，未另定施行日期。",
    "lincang": (
        "生效日期 2015-09-30：通知落款“临沧市人民政府 2015 年 9 月 30 日”，"
        "页脚“临沧市人民政府办公室 2015 年 10 月 8日印发”。"
        "取 9 月 30 日：这是市政府成文签发的日期、文件给自己的日期；10 月 8 日是办公室印发的日期。文件未另定施行日期。"
    ),
    "dehong": "生效日期 2016-12-05：通知落款“德宏州人民政府办公室 2016年12月5日”，未另定施行日期。",
    "chenzhou": (
        "生效日期 2016-01-06：文件落款“郴州市人民政府 2016年1月6日”（网页登记日期 2016-01-12 是公开日期），"
        "未另定施行日期。"
    ),
    "jilin": (
        "生效日期 2015-01-01：文件只有文号“吉市政发〔2015〕5号”，正文和落款都没有日。"
        "取该年第一天，即文件最早可能施行的一日："
        "此前引擎答“没有生效的规则”；文本没有更准确的日期可依，另取一日只会改变 2015 年部分日子的答案而无文本依据。"
    ),
}
CORRECTION_NOTE = (
    "第 1 版更正（迁移 0008，“文件再读”）：原文未变，第 1 版误读之处就地更正，新增参数补入；每个参数的依据和解读见其"
    "“解读说明”。"
)
