"""The domain error: a step that cannot be taken now, with a message for the user (in Chinese,
translated). Services raise it and nothing else for what a user did or asked; views show its
message, the API answers it with 409 (common.api.exception_handler), tasks do not retry it
(applications/tasks.py), and whatever escapes a view is shown on a page, never a server error
(common.middleware)."""

from __future__ import annotations

from contextlib import ContextDecorator

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A step that cannot be taken now; the message is for the user."""


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


class domain_errors(ContextDecorator):
    """Around a service: a Django ``ValidationError`` (a model's rule, a register service's check)
    leaves it as the domain error, with the same messages."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None and issubclass(exc_type, ValidationError):
            raise DomainError(messages_of(exc)) from None
        return False
