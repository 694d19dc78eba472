from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from .constants import Role
from .models import User


def second_factor_required(user: User) -> bool:
    """Staff roles and anyone who may open the Django admin sign in with a code, always."""
    return user.is_staff_role or user.is_staff or user.is_superuser


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_needed(user: User) -> bool:
    """Whether a password alone is not enough: staff, or an applicant who turned the code on."""
    return second_factor_required(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def account_by_login(login: str) -> User | None:
    """The applicant account signed in with this username, e-mail address or mobile number."""
    login = (login or "").strip()
    if not login:
        return None
    matches = User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login), role=Role.APPLICANT)
    found = list(matches[:2])
    return found[0] if len(found) == 1 else None


def may_issue_enrolment_code(issuer: User, user: User) -> bool:
    """An administrator for anyone; a supervisor for the clerks of their city; nobody for themself."""
    from .constants import Role

    if issuer.pk == user.pk:
        return False
    if issuer.is_superuser:
        return True
    if issuer.role != Role.SUPERVISOR or user.role != Role.CLERK or not issuer.city:
        return False
    return issuer.city in (user.city, user.station.region.city if user.station_id else None)


def staff_to_enrol(issuer: User):
    """The accounts ``issuer`` may issue enrolment codes for, with whether each has an authenticator."""
    from django.db.models import Exists, OuterRef

    from .constants import STAFF_ROLES, Role

    accounts = User.objects.filter(is_active=True).exclude(pk=issuer.pk)
    if issuer.is_superuser:
        accounts = accounts.filter(Q(role__in=STAFF_ROLES) | Q(is_staff=True) | Q(is_superuser=True))
    elif issuer.role == Role.SUPERVISOR and issuer.city:
        accounts = accounts.filter(Q(city=issuer.city) | Q(station__region__city=issuer.city), role=Role.CLERK)
    else:
        return User.objects.none()
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return accounts.select_related("station").annotate(has_device=Exists(confirmed)).order_by("username")
