"""What cancelling a permit at the counter will do, said before it is done (the confirmation page
of applications.views.confirm)."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.consequences import Confirmation

from .constants import CancelReason


def of_cancellation(permit, *, reason: str, on: datetime.date) -> Confirmation:
    return Confirmation(
        title=_("确认注销居住证"),
        button=_("确认注销"),
        effects=[
            _("居住证 %(number)s 自 %(day)s 起注销，不能恢复；如仍需居住证，须重新申领。")
            % {"number": permit.number, "day": date_format(on)},
            _("持证人在本市的居住登记同时结束，居住年限自该日起不再累计。"),
            _("注销记入居住证的办理记录，持证人可以看到。"),
        ],
        details=[
            (_("持证人"), f"{permit.name}（{permit.masked_id_number}）"),
            (_("注销原因"), str(CancelReason(reason).label)),
        ],
    )
