"""Verification codes: the one generator for every paper the portal issues (certificates, receipts,
notices, decisions) and for residence permit cards."""

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over a counter
LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
