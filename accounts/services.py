import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from common.errors import DomainError
from notices.services import notice_send
from registers.models import PoliceStation

from .constants import STAFF_ROLES, Role
from .identity import IdentityError, identity_backend
from .models import EnrolmentCode, IdentityMethod, User, VerifiedIdentity
from .selectors import may_issue_enrolment_code, second_factor_required, totp_device_confirmed


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


class SignUpError(DomainError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@transaction.atomic
def applicant_sign_up(*, email: str, password: str, name: str = "", phone: str | None = None) -> User:
    """Open an applicant account; it may apply once the e-mail address is verified. Two sign-ups
    with one address (or mobile number) at once: the second is told, as if it came a moment later."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            user = user_create(username=email, password=password, email=email, phone=phone or None, first_name=name)
    except (IntegrityError, ValidationError):
        if User.objects.filter(Q(username=email) | Q(email__iexact=email)).exists():
            raise SignUpError("email", gettext("该电子邮箱已注册，请直接登录。")) from None
        if phone and User.objects.filter(phone=phone).exists():
            raise SignUpError("phone", gettext("该手机号码已注册，请直接登录。")) from None
        raise
    verification_email_send(user=user)  # written with the account, sent once it commits
    return user


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT)


def verification_email_send(*, user: User) -> None:
    """The verification link, through the outbox (links use the request's address when serving one)."""
    link = reverse("accounts:verify", args=[verification_token(user)])
    notice_send("email_verify", email=user.email, context={"name": user.first_name}, link=link)


def sign_up_existing_notify(*, email: str) -> None:
    """A sign-up with an address that already has an account: its owner is told by e-mail, and the
    page answers as for a new account, so the form does not tell which addresses are registered."""
    notice_send("sign_up_existing", email=email, link=reverse("accounts:password_reset"))


def account_for_sms_reset(phone: str) -> User | None:
    """The active account whose verified mobile number this is, or None."""
    from notices.services import phone_verified

    user = User.objects.filter(phone=phone, is_active=True).first()
    return user if user is not None and phone_verified(user) else None


def password_reset_sms_send(*, phone: str) -> None:
    """A reset code to the number if it is an account's verified number; nothing otherwise (the
    page says the same either way)."""
    from notices.models import CodePurpose
    from notices.services import sms_code_send

    user = account_for_sms_reset(phone)
    if user is not None:
        sms_code_send(user=user, purpose=CodePurpose.RESET)


def password_reset_sms_check(*, user: User, code: str) -> bool:
    from notices.models import CodePurpose
    from notices.services import sms_code_check

    return sms_code_check(user=user, purpose=CodePurpose.RESET, code=code)


class VerificationError(DomainError):
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


# --- Second factor (TOTP) -------------------------------------------------------------------
# The code checks below are deliberately not wrapped in one transaction with what follows: a
# wrong code must leave its mark (django-otp's throttle counter, saved by verify_token) even
# though the step then fails.

TOTP_DEVICE_NAME = "authenticator"


class TwoFactorError(DomainError):
    pass


def _code_check(device: TOTPDevice, token: str) -> None:
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise TwoFactorError(gettext("动态口令错误次数过多，请稍候片刻再试。"))
    if verify_token(device.user, device.persistent_id, token.strip()) is None:
        raise TwoFactorError(gettext("动态口令不正确或已过期，请输入验证器当前显示的 6 位数字。"))


def sign_in_code_check(*, user: User, token: str) -> TOTPDevice:
    """The second step of signing in: the code from the user's confirmed device."""
    device = totp_device_confirmed(user)
    if device is None:
        raise TwoFactorError(gettext("该账号尚未设置动态口令。"))
    _code_check(device, token)
    return device


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device whose key the set-up page shows: the same one until it is confirmed,
    so reloading the page does not invalidate what the user already scanned."""
    if totp_device_confirmed(user) is not None:
        raise TwoFactorError(gettext("该账号已开启动态口令。"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str, enrolment: EnrolmentCode | None = None) -> TOTPDevice:
    """Confirm a new device with its first code (and, for staff, use up their enrolment code).

    From then on a password alone no longer signs the user in, so the account's API tokens, which
    stand for a password, are revoked (accounts/api.py refuses new ones)."""
    if enrolment is None and second_factor_required(device.user):
        raise TwoFactorError(gettext("工作人员设置动态口令须先输入管理员签发的设置码。"))
    _code_check(device, token)
    with transaction.atomic():
        if enrolment is not None:
            # Once: of two set-ups racing with one code, only the first to get here goes on.
            used = EnrolmentCode.objects.filter(
                pk=enrolment.pk, user=device.user, used_at__isnull=True, expires_at__gt=timezone.now()
            ).update(used_at=timezone.now())
            if not used:
                raise TwoFactorError(gettext("设置码无效、已过期或已使用，请联系管理员或审核主管重新签发。"))
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        Token.objects.filter(user=device.user).delete()
    device.confirmed = True
    return device


def totp_device_remove(*, user: User, token: str) -> None:
    """An applicant turns the code off again, proving it with a current code; staff cannot."""
    if second_factor_required(user):
        raise TwoFactorError(gettext("工作人员账号必须使用动态口令，不能关闭。"))
    device = totp_device_confirmed(user)
    if device is None:
        return
    _code_check(device, token)
    TOTPDevice.objects.filter(user=user).delete()


def _identity_record(*, user: User, name: str, id_number: str, method: str, **fields) -> VerifiedIdentity:
    """Keep the account's verified person. One person, one account: a number already verified for
    another account is refused; an account verified once is not verified again as someone else."""
    from registers.identity import validate_id_number

    if user.role != Role.APPLICANT:
        raise IdentityError(gettext("只有申请人账户需要实名核验。"))
    try:
        id_number = validate_id_number(id_number)
    except ValidationError as error:
        raise IdentityError(" ".join(error.messages)) from None
    name = name.strip()
    if not name:
        raise IdentityError(gettext("请填写姓名。"))
    current = VerifiedIdentity.objects.filter(user=user).first()
    if current is not None:
        if current.id_number == id_number:
            return current
        raise IdentityError(gettext("本账户已实名核验为另一人，不能更改。如有错误，请到派出所窗口办理。"))
    if VerifiedIdentity.objects.filter(id_number=id_number).exists():
        raise IdentityError(
            gettext("该公民身份号码已由另一账户实名核验。一人只能有一个账户；如非本人操作，请到派出所窗口反映。")
        )
    try:
        with transaction.atomic():
            return VerifiedIdentity.objects.create(user=user, name=name, id_number=id_number, method=method, **fields)
    except IntegrityError:  # the same number verified at the same moment for another account
        raise IdentityError(gettext("该公民身份号码已由另一账户实名核验。")) from None


@transaction.atomic
def identity_verify_online(*, user: User, name: str, id_number: str) -> VerifiedIdentity:
    """Verify through the configured identity-verification service (IDENTITY_BACKEND)."""
    User.objects.select_for_update().get(pk=user.pk)
    backend = identity_backend()
    reference = backend.verify(name=name.strip(), id_number=(id_number or "").strip().upper())
    return _identity_record(
        user=user,
        name=name,
        id_number=id_number,
        method=IdentityMethod.ONLINE,
        backend=backend.name,
        reference=reference,
    )


@transaction.atomic
def identity_verify_at_counter(*, user: User, clerk: User, name: str, id_number: str) -> VerifiedIdentity:
    """A clerk who has seen the applicant's ID card records who the account belongs to."""
    if clerk.role not in (Role.CLERK, Role.SUPERVISOR):
        raise IdentityError(gettext("只有户籍民警可以在窗口核验身份。"))
    User.objects.select_for_update().get(pk=user.pk)
    return _identity_record(user=user, name=name, id_number=id_number, method=IdentityMethod.COUNTER, verified_by=clerk)


# --- Enrolment of staff authenticators ------------------------------------------------------
# A password alone must not let anyone set up an authenticator on a staff account: whoever knew
# the password would get in. So setting one up takes an enrolment code, issued by an administrator
# or the staff member's supervisor and handed over in person, shown once and kept only as a digest.

ENROLMENT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over a counter


def _digest(code: str) -> str:
    normalized = "".join(code.split()).upper().replace("-", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


@transaction.atomic
def enrolment_code_issue(*, user: User, issued_by: User | None) -> tuple[str, EnrolmentCode]:
    """A new enrolment code for ``user`` (the plain code is returned once and never stored).

    Issuing one also resets the account's authenticator: a lost or replaced phone is dealt with by
    issuing a new code, after which the old device no longer signs anyone in. ``issued_by`` is None
    only from the command line (the first administrator: whoever runs it holds the server)."""
    if issued_by is not None and not may_issue_enrolment_code(issued_by, user):
        raise TwoFactorError(gettext("您无权为该账号签发设置码。"))
    if not second_factor_required(user):
        raise TwoFactorError(gettext("只有工作人员账号需要设置码。"))
    TOTPDevice.objects.filter(user=user).delete()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(16))
    hours = settings.ENROLMENT_CODE_HOURS
    record = EnrolmentCode.objects.create(
        user=user,
        digest=_digest(code),
        issued_by=issued_by,
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )
    return "-".join(code[i : i + 4] for i in range(0, 16, 4)), record


def enrolment_code_check(*, user: User, code: str) -> EnrolmentCode:
    """The unused, unexpired enrolment code of ``user`` that ``code`` is, or TwoFactorError."""
    record = EnrolmentCode.objects.filter(
        user=user, digest=_digest(code), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if record is None:
        raise TwoFactorError(gettext("设置码无效、已过期或已使用，请联系管理员或审核主管重新签发。"))
    return record
