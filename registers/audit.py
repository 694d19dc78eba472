"""Recording who looked at or changed whose personal data (shown to auditors)."""

from collections.abc import Iterable

from common.client_address import client_ip

from .models import DataAccess, Person


def record_access(
    *, request, action: str, id_number: str, subject: str, detail: str = "", person: Person | None = None
) -> DataAccess:
    return DataAccess.objects.create(
        user=request.user,
        action=action,
        id_number=id_number,
        subject=subject[:64],
        detail=detail[:200],
        person=person,
        ip=client_ip(request) or None,
    )


def record_people_access(
    *, request, action: str, people: Iterable[tuple[str, Person | None]], subject: str, detail: str = ""
) -> None:
    """One record per person shown — (identity number, register entry if any) — in one INSERT."""
    DataAccess.objects.bulk_create(
        DataAccess(
            user=request.user,
            action=action,
            id_number=number,
            person=person,
            subject=subject[:64],
            detail=detail[:200],
            ip=client_ip(request) or None,
        )
        for number, person in people
    )


def record_case_access(*, request, case, action: str = DataAccess.Action.VIEW, detail: str = "") -> None:
    """One record per person on the case: the applicant and each relative."""
    people = [(case.id_number, case.person)] + [(r.id_number, r.person) for r in case.relatives.all()]
    record_people_access(request=request, action=action, people=people, subject=f"业务 {case.reference}", detail=detail)
