"""Case workflows: one function per transition, each one transaction; an invalid step raises
CaseError, which views and endpoints turn into a message."""

from .approval import case_approve, case_complete_move_in, movers_of
from .common import CaseError, engine_facts, evaluate_case
from .consents import consent_answer, consents_for_account
from .drafts import (
    UPLOAD_STATUSES,
    MaterialsMissing,
    case_answer_request,
    case_draft_create,
    case_draft_delete,
    case_draft_update,
    case_submit,
    case_withdraw,
    document_upload,
    draft_missing,
)
from .materials import approval_problems, document_check, promise_sign
from .review import (
    case_correct_fact,
    case_correct_facts,
    case_extend,
    case_prescreen,
    case_refuse,
    case_request_documents,
    case_rescreen,
    case_take,
)

__all__ = [
    "CaseError",
    "MaterialsMissing",
    "UPLOAD_STATUSES",
    "approval_problems",
    "consent_answer",
    "consents_for_account",
    "document_check",
    "draft_missing",
    "promise_sign",
    "case_answer_request",
    "case_approve",
    "case_complete_move_in",
    "case_correct_fact",
    "case_correct_facts",
    "case_draft_create",
    "case_draft_delete",
    "case_draft_update",
    "case_extend",
    "case_prescreen",
    "case_refuse",
    "case_request_documents",
    "case_rescreen",
    "case_submit",
    "case_take",
    "case_withdraw",
    "document_upload",
    "engine_facts",
    "evaluate_case",
    "movers_of",
]
