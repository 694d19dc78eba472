"""Every endpoint that sends a message counts per client address and per account or address."""

from django.utils.translation import gettext as _

from common.client_address import client_ip
from common.throttle import over_limits

SEND_LIMIT = 5  # messages per window, per client address and per account or address
SEND_WINDOW = 15 * 60


def send_throttled(request, scope: str, key: str = "") -> bool:
    """True when this request must not send: too many from this address, or to this account."""
    checks = [(f"send:{scope}:ip", client_ip(request), 4 * SEND_LIMIT)]
    if key:
        checks.append((f"send:{scope}:key", key.lower(), SEND_LIMIT))
    return over_limits(checks, window=SEND_WINDOW)


def throttled_message() -> str:
    return _("发送过于频繁，请 15 分钟后再试。")
