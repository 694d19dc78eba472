"""The personal-data export: what the portal holds about one person, as one JSON document.

It reads the register, the cases and the residence permits, so it lives here, in the composition
root, above all three (issue 16's layers).

Two audiences. An auditor exports a person of the register: their entries and household history,
every case with them as applicant or relative, the documents' records, certificates, residence
registrations and permits, and every access record about them. An applicant downloads what their
own account holds: its cases, documents' records, certificates, residence registrations and
permits, and who (by role) looked at those cases and permits — the relatives' numbers masked and
the staff unnamed, as on their pages.

Every export is itself an access record (``DataAccess.Action.EXPORT``), written on the primary
once the data is read (from the replica where there is one: common/replica.py); an export
whose record cannot be written is not given out.
"""

from __future__ import annotations

import datetime

from django.http import JsonResponse
from django.utils import timezone

from applications.selectors import cases_about_person, cases_of_account
from common.replica import read_from_replica
from registers.identity import mask_id_number
from registers.models import DataAccess, Person
from registers.selectors import accesses_about_person, accesses_about_subjects, memberships_of_person
from residence_permits.selectors import residence_about_person, residence_of_account

FORMAT = "hukou-portal/personal-data/1"


@read_from_replica()
def person_data_export(*, person: Person, actor, ip: str | None = None) -> dict:
    """Everything about one person of the register, for an auditor; the export is recorded."""
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "exported_by": actor.get_username(),
        "person": _person(person),
        "memberships": [_membership(m) for m in memberships_of_person(person)],
        "cases": [_case(c, staff=True, about=person) for c in cases_about_person(person)],
        **_residence(*residence_about_person(person), staff=True),
        "access_records": [_access(a, staff=True) for a in accesses_about_person(person)],
    }
    DataAccess.objects.create(
        user=actor,
        action=DataAccess.Action.EXPORT,
        person=person,
        id_number=person.id_number,
        subject=f"{Person._meta.verbose_name} {person}"[:64],
        detail="个人数据导出（JSON）",
        ip=ip or None,
    )
    return data


@read_from_replica()
def account_data_export(*, user, ip: str | None = None) -> dict:
    """What an applicant's own account holds, for the applicant; recorded once per identity
    number it discloses (or once for the account, when it holds none)."""
    cases = list(cases_of_account(user))
    registrations, permits = residence_of_account(user)
    registrations, permits = list(registrations), list(permits)
    subjects = [f"业务 {c.reference}" for c in cases if c.reference] + [f"居住证 {p.number}" for p in permits]
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "phone": user.phone,
            "email_verified": user.email_verified,
            "date_joined": _when(user.date_joined),
        },
        "cases": [_case(c, staff=False) for c in cases],
        **_residence(registrations, permits, staff=False),
        "access_records": [_access(a, staff=False) for a in accesses_about_subjects(subjects)],
    }
    _record_account_export(user, ip, [*cases, *registrations, *permits])
    return data


def _record_account_export(user, ip, records) -> None:
    people: dict[str, int | None] = {}  # identity number -> the register's person, if known
    for record in records:
        if record.id_number:
            people[record.id_number] = people.get(record.id_number) or record.person_id
    subject = f"账户 {user.get_username()}"[:64]
    DataAccess.objects.bulk_create(
        DataAccess(
            user=user,
            action=DataAccess.Action.EXPORT,
            person_id=person_id,
            id_number=number,
            subject=subject,
            detail="本人下载个人数据（JSON）",
            ip=ip or None,
        )
        for number, person_id in (people or {"": None}).items()
    )


def personal_data_response(data: dict, *, filename: str) -> JsonResponse:
    """The export as a download, kept out of every cache."""
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Shapes -----------------------------------------------------------------------------------


def _when(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person) -> dict:
    return {
        "id_number": person.id_number,
        "name": person.name,
        "sex": person.get_sex_display(),
        "birth_date": _when(person.birth_date),
        "ethnicity": person.ethnicity,
        "converted_before_2016": person.converted_before_2016,
        "death_date": _when(person.death_date),
    }


def _membership(membership) -> dict:
    household = membership.household
    return {
        "household": household.register_number,
        "household_kind": household.get_kind_display(),
        "household_name": household.name,
        "address": str(household.address),
        "station": str(household.station),
        "relation": membership.get_relation_display(),
        "since": _when(membership.since),
        "joined_by": membership.get_joined_by_display(),
        "until": _when(membership.until),
        "left_by": membership.get_left_by_display() if membership.left_by else "",
        "note": membership.note,
        "current": membership.is_current,
    }


def _case(case, *, staff: bool, about: Person | None = None) -> dict:
    """A case with its records. ``about``: the person exported, who may be a relative on it; the
    applicant's facts are theirs only when they are the applicant."""
    is_applicant = about is None or case.person_id == about.pk or case.id_number == about.id_number
    certificate = getattr(case, "certificate", None)
    return {
        "reference": case.reference,
        "role": "applicant" if is_applicant else "relative",
        "kind": case.get_kind_display(),
        "pathway": case.get_pathway_display() if case.pathway else "",
        "status": case.get_status_display(),
        "applicant_name": case.name,
        "applicant_id_number": case.id_number if staff or is_applicant else mask_id_number(case.id_number),
        "filed_by_account": case.applicant.get_username() if staff else None,
        "city": case.get_city_display(),
        "station": str(case.station) if case.station else "",
        "created_at": _when(case.created_at),
        "submitted_at": _when(case.submitted_at),
        "due_date": _when(case.due_date),
        "decided_at": _when(case.decided_at),
        "decision_clause": case.decision_clause,
        "decision_text": case.decision_text,
        "facts": case.facts if is_applicant else None,
        "relatives": [_relative(r, staff=staff, about=about) for r in case.relatives.all()],
        "documents": [_document(d) for d in case.documents.all()],
        "document_requests": [
            {"requested_at": _when(r.requested_at), "message": r.message, "answered_at": _when(r.answered_at)}
            for r in case.document_requests.all()
        ],
        "certificate": _certificate(certificate) if certificate else None,
        "events": [_event(e, staff=staff) for e in case.events.all()],
    }


def _relative(relative, *, staff: bool, about: Person | None) -> dict:
    is_them = about is not None and (relative.person_id == about.pk or relative.id_number == about.id_number)
    return {
        "name": relative.name,
        "id_number": relative.id_number if staff or is_them else mask_id_number(relative.id_number),
        "relation": relative.get_relation_display(),
        "co_resident": relative.co_resident,
        "married": relative.married,
        "minor": relative.minor,
        "eligible": relative.eligible,
    }


def _document(document) -> dict:
    """The record of a document, never its content."""
    return {
        "kind": document.get_kind_display(),
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "uploaded_at": _when(document.uploaded_at),
        "file_deleted_at": _when(document.purged_at),
    }


def _certificate(certificate) -> dict:
    return {
        "number": certificate.number,
        "title": certificate.title,
        "issued_at": _when(certificate.issued_at),
        "destination": certificate.destination,
        "holders": certificate.holders,
        "verification_code": certificate.code,
    }


def _event(event, *, staff: bool) -> dict:
    return {
        "at": _when(event.at),
        "kind": event.get_kind_display(),
        "actor_role": event.actor_role,
        "actor": (event.actor.get_username() if event.actor else None) if staff else None,
        "station": str(event.station) if event.station else "",
        "message": event.message,
    }


def _residence(registrations, permits, *, staff: bool) -> dict:
    return {
        "residence_registrations": [
            {
                "name": r.name,
                "id_number": r.id_number,
                "city": r.get_city_display(),
                "address": str(r.address),
                "station": str(r.station),
                "since": _when(r.since),
                "registered_on": _when(r.registered_on),
                "reason": r.get_reason_display(),
                "channel": r.get_channel_display(),
                "ended_on": _when(r.ended_on),
            }
            for r in registrations
        ],
        "residence_permits": [_permit(p, staff=staff) for p in permits],
    }


def _permit(permit, *, staff: bool) -> dict:
    return {
        "number": permit.number,
        "name": permit.name,
        "id_number": permit.id_number,
        "city": permit.get_city_display(),
        "address": str(permit.address),
        "station": str(permit.station),
        "application": permit.case.reference,
        "residence_since": _when(permit.residence_since),
        "issued_on": _when(permit.issued_on),
        "valid_until": _when(permit.valid_until),
        "cancelled_on": _when(permit.cancelled_on),
        "cancel_reason": permit.get_cancel_reason_display() if permit.cancel_reason else "",
        "endorsements": [
            {
                "case": e.case.reference,
                "endorsed_on": _when(e.endorsed_on),
                "late": e.late,
                "valid_until_after": _when(e.valid_until_after),
            }
            for e in permit.endorsements.all()
        ],
        "history": [
            {"on": _when(e.on), "kind": e.get_kind_display(), "message": e.message} for e in permit.events.all()
        ],
    }


def _access(access: DataAccess, *, staff: bool) -> dict:
    """An auditor sees who and from where; the person sees the accessor's role, as on the case's
    timeline, and no staff names or addresses."""
    record = {
        "at": _when(access.at),
        "action": access.get_action_display(),
        "by_role": access.user.get_role_display(),
        "subject": access.subject,
        "detail": access.detail,
    }
    if staff:
        record.update(user=access.user.get_username(), id_number=access.id_number, ip=access.ip)
    return record
