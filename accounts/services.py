from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from registers.models import PoliceStation

from .constants import STAFF_ROLES, Role
from .models import User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str = Role.APPLICANT,
    station: PoliceStation | None = None,
    city: str = "",
    email: str = "",
    phone: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email_verified: bool = False,
) -> User:
    """Create a user in their role's group; staff get the admin site, clerks their station's city."""
    if role == Role.CLERK and station is not None and not city:
        city = station.region.city
    user = User(
        username=username,
        role=role,
        station=station,
        city=city,
        email=email,
        phone=phone,
        first_name=first_name,
        last_name=last_name,
        email_verified=email_verified,
        is_staff=role in STAFF_ROLES,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def roles_sync() -> None:
    """Make each role's group carry exactly its permissions (run after every migrate)."""
    from functools import reduce
    from operator import or_

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from .constants import ROLE_PERMISSIONS

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        matches = [Q(content_type__app_label=p.split(".")[0], codename=p.split(".")[1]) for p in perms]
        group.permissions.set(Permission.objects.filter(reduce(or_, matches)) if matches else [])


VERIFY_SALT = "accounts.email-verification"
VERIFY_MAX_AGE = 3 * 24 * 3600  # three days


@transaction.atomic
def applicant_sign_up(*, email: str, password: str, name: str = "", phone: str | None = None) -> User:
    """Open an applicant account; it may apply once the e-mail address is verified."""
    email = email.strip().lower()
    user = user_create(username=email, password=password, email=email, phone=phone or None, first_name=name)
    transaction.on_commit(lambda: verification_email_send(user=user))
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def verification_email_send(*, user: User) -> None:
    link = settings.PORTAL_BASE_URL + reverse("accounts:verify", args=[verification_token(user)])
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=gettext("请验证您的电子邮箱 · 户籍迁移落户服务平台"),
            message=render_to_string("accounts/email_verify.txt", {"user": user, "link": link}),
            from_email=None,
            recipient_list=[user.email],
        )


class VerificationError(Exception):
    pass


def applicant_verify_email(*, token: str) -> User:
    """Mark the address verified; a token is good for three days and for the address it was sent to."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationError(gettext("验证链接已过期，请重新发送验证邮件。")) from exc
    except signing.BadSignature as exc:
        raise VerificationError(gettext("验证链接无效。")) from exc
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise VerificationError(gettext("验证链接无效。"))
    if not user.email_verified:
        User.objects.filter(pk=user.pk).update(email_verified=True)
        user.email_verified = True
    return user
