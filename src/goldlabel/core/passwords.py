"""The password policy: long enough, not on the common-passwords list, not the account's email.

The list is Django's (19,640 common passwords compiled by Royce Williams, BSD-licensed; see
``data/COMMON-PASSWORDS-NOTICE.txt``), shipped inside the package so the check works offline.
A length rule alone lets ``password123`` and ``qwertyuiop`` through; the list refuses them.
"""

from __future__ import annotations

import gzip
import secrets
from functools import cache
from importlib.resources import files

from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.core.limits import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

GENERATED_PASSWORD_BYTES = 15  # 20 URL-safe characters


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list, lowercased (read once per process)."""
    raw = files("goldlabel.core").joinpath("data/common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(raw).decode().splitlines() if line.strip())


def check_password(password: str, *, email: str = "") -> None:
    """Raise InvalidInput(code=weak_password) saying what to change, or return."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _weak(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise _weak(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise _weak("this password is on a list of common passwords; choose a less guessable one")
    email = email.strip().lower()
    if email and folded in {email, email.partition("@")[0]}:
        raise _weak("the password must not be the email address")


def generate_password() -> str:
    """A random password for a new or reset account (shown once)."""
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def _weak(message: str) -> InvalidInput:
    return InvalidInput(message, code=ErrorCode.WEAK_PASSWORD)
