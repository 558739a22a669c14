"""Run with Label Studio's interpreter: create N annotator users in the admin's organisation,
each with an API token, and allow token auth; print the tokens as one JSON list."""

from __future__ import annotations

import json
import os
import sys

import label_studio

# Label Studio's Django apps are top-level packages inside its install folder.
sys.path.insert(0, os.path.dirname(label_studio.__file__))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.label_studio")

import django

django.setup()

from organizations.models import Organization  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from users.models import User  # noqa: E402


def main(n: int) -> None:
    org = Organization.objects.first()
    # 'Authorization: Token ...' (legacy tokens) is off by default in new organisations.
    settings = org.jwt
    settings.legacy_api_tokens_enabled = True
    settings.save()
    tokens = []
    for i in range(n):
        email = f"annotator{i}@bench.local"
        user, _ = User.objects.get_or_create(email=email, defaults={"username": email})
        user.set_password(f"password-{i:04d}")
        user.active_organization = org
        user.save()
        org.add_user(user)
        token, _ = Token.objects.get_or_create(user=user)
        tokens.append(token.key)
    print(json.dumps(tokens))


if __name__ == "__main__":
    main(int(sys.argv[1]))
