"""What the real process needs before a case can be decided. The helpers live beside CaseFactory
in tests/factories.py, the one way tests make cases; this module keeps their old import path."""

from tests.factories import account_for, check_documents, complete_and_check, consent_everyone, verify

__all__ = ["account_for", "check_documents", "complete_and_check", "consent_everyone", "verify"]
