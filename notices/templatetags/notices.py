from django import template

from ..forms import PreferenceForm
from ..services import phone_verified, preference_of

register = template.Library()


@register.inclusion_tag("notices/preferences.html", takes_context=True)
def notice_preferences(context):
    """The 通知设置 section of 账户安全."""
    user = context["request"].user
    preference = preference_of(user)
    form = PreferenceForm(initial={"language": preference.language, "email": preference.email, "sms": preference.sms})
    return {"form": form, "user": user, "phone_verified": phone_verified(user), "csrf_token": context.get("csrf_token")}
