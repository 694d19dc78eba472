"""What each event says. Chinese is the source; an account that chose English reads the English
catalogue entry. Placeholders are filled from the context the caller gives (already plain text)."""

from django.utils.translation import gettext_lazy as _

# event: (subject, body, short text for SMS — or None for "subject and link")
EVENTS = {
    "submitted": (
        _("申请已提交：%(reference)s"),
        _("您的申请 %(reference)s 已提交，派出所将在规定时限内受理。可凭受理编号随时查询办理进度：%(link)s"),
        None,
    ),
    "accepted": (
        _("申请已受理：%(reference)s"),
        _("您的申请 %(reference)s 已受理，受理回执编号 %(number)s。查看受理回执：%(link)s"),
        None,
    ),
    "requested": (
        _("请补充材料：%(reference)s"),
        _("办理您的申请 %(reference)s 还需要以下材料（一次性告知）：\n%(items)s\n请登录上传：%(link)s"),
        None,
    ),
    "answered": (
        _("补充材料已收到：%(reference)s"),
        _("申请 %(reference)s 的补充材料已提交，派出所将继续办理。查看：%(link)s"),
        None,
    ),
    "approved": (
        _("申请已准予：%(reference)s"),
        _("您的申请 %(reference)s 已准予办理。准予迁入证明编号 %(number)s，查看并下载：%(link)s"),
        None,
    ),
    "refused": (
        _("申请未予准予：%(reference)s"),
        _(
            "您的申请 %(reference)s 未予准予，决定书编号 %(number)s，查看决定书及理由：%(link)s\n"
            "如不服本决定，可自收到决定书之日起六十日内向县级人民政府申请行政复议，或者六个月内向人民法院提起行政诉讼。"
        ),
        None,
    ),
    "moved_in": (
        _("落户已办结：%(reference)s"),
        _("申请 %(reference)s 的迁入登记已办结，户口已登记在迁入地。欢迎对本次办理进行评价：%(link)s"),
        None,
    ),
    "permit_issued": (
        _("居住证已签发：%(number)s"),
        _("您的居住证 %(number)s 已签发，请按通知到派出所领取。查看：%(link)s"),
        None,
    ),
    "consent_asked": (
        _("请确认是否同意随迁：%(reference)s"),
        _("%(applicant)s 提交的户口迁移申请 %(reference)s 需要您的同意。请登录后在“待我确认”中答复：%(link)s"),
        None,
    ),
    "overdue": (
        _("办理期限提醒：%(count)s 件业务即将到期或已超期"),
        _("以下业务即将到期或已超期，请督促办理：\n\n%(lines)s"),
        None,
    ),
    "password_reset": (
        _("重置密码 · 户籍迁移落户服务平台"),
        _(
            "您（或他人）申请重置户籍迁移落户服务平台账户的密码。如是本人操作，请在 3 天内打开以下链接设置新密码：\n"
            "%(link)s\n如非本人操作，请忽略本邮件，密码不会改变。"
        ),
        None,
    ),
    "sms_code": (
        _("短信验证码"),
        _("【户籍迁移落户服务平台】您的验证码为 %(code)s，%(minutes)s 分钟内有效，请勿告诉他人。"),
        _("【户籍迁移落户服务平台】您的验证码为 %(code)s，%(minutes)s 分钟内有效，请勿告诉他人。"),
    ),
    "email_verify": (
        _("请验证您的电子邮箱 · 户籍迁移落户服务平台"),
        _(
            "%(name)s，您好：\n\n请在三天内打开下面的链接，验证您在户籍迁移落户服务平台注册的电子邮箱：\n\n%(link)s\n\n"
            "如果不是您本人注册，请忽略本邮件。办理户口迁移不收取任何费用。"
        ),
        None,
    ),
    "sign_up_existing": (
        _("注册提醒 · 户籍迁移落户服务平台"),
        _(
            "有人（可能是您本人）用本电子邮箱在户籍迁移落户服务平台注册。本邮箱已有账户，无需再次注册：请直接登录；"
            "忘记密码可在此重置：\n\n%(link)s\n\n如非本人操作，请忽略本邮件。"
        ),
        None,
    ),
    "rating_follow_up": (
        _("差评待回访：%(reference)s"),
        _("申请人对业务 %(reference)s 的评价为“%(rating)s”，请在 %(due)s 前核实并书面答复：%(link)s"),
        None,
    ),
    "rating_reply": (
        _("您的评价已答复：%(reference)s"),
        _("您对业务 %(reference)s 的评价已由派出所核实并答复：\n%(reply)s\n查看：%(link)s"),
        None,
    ),
}
