"""What admins do to accounts: list, create, grant or take rights, deactivate, reset passwords;
and the project-creation right every project creation checks.

Deactivating an account deletes its sessions and API tokens in the same transaction, so it is
locked out at once (and every credential lookup also refuses inactive accounts). An admin cannot
deactivate or demote their own account: there is always someone left to undo a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import ErrorCode, Forbidden, NotFound
from goldlabel.core.passwords import generate_password
from goldlabel.db.models import ApiToken, User
from goldlabel.services import auth
from goldlabel.services.access import Actor, may_create_projects
from goldlabel.services.views import AccountView, NewAccount


def account_view(user: User) -> AccountView:
    return AccountView(
        id=user.id,
        email=user.email,
        is_admin=user.is_admin,
        is_active=user.is_active,
        can_create_projects=user.is_admin or user.can_create_projects,
        created_at=user.created_at,
    )


def list_accounts(db: Session) -> list[AccountView]:
    return [account_view(u) for u in db.scalars(select(User).order_by(User.id))]


@dataclass(frozen=True, slots=True)
class AccountPassword:
    """An account's new password, checked and hashed (``auth.NewPassword``), with the generated
    text to show once (None when it was given)."""

    new: auth.NewPassword
    shown: str | None


def account_password(email: str, given: str | None = None) -> AccountPassword:
    """The given password (the policy applies) or a generated one, hashed: tens of milliseconds,
    so the server makes it on a worker thread, before the write transaction that stores it."""
    secret = generate_password() if given is None else given
    new = auth.NewPassword.of(secret, email=auth.normalise_email(email))
    return AccountPassword(new, None if given else secret)


def create_account(
    db: Session,
    email: str,
    password: AccountPassword,
    *,
    is_admin: bool = False,
    can_create_projects: bool = False,
) -> NewAccount:
    """Create an account; the answer shows a generated password once."""
    view = auth.create_user(
        db, email, password.new, is_admin=is_admin, can_create_projects=can_create_projects
    )
    return NewAccount(user=account_view(_get(db, view.id)), password=password.shown)


def account_email(db: Session, user_id: int) -> str:
    """The account's email (a new password is checked against it); 404 if there is no such account."""
    return _get(db, user_id).email


def update_account(
    db: Session,
    actor: Actor,
    user_id: int,
    *,
    is_admin: bool | None = None,
    can_create_projects: bool | None = None,
    is_active: bool | None = None,
) -> AccountView:
    """Change an account's rights or state; None leaves a field as it is."""
    user = _get(db, user_id)
    if user.id == actor.id and (is_admin is False or is_active is False):
        raise Forbidden("you cannot demote or deactivate your own account; ask another admin")
    if is_admin is not None:
        user.is_admin = is_admin
    if can_create_projects is not None:
        user.can_create_projects = can_create_projects
    if is_active is False:
        deactivate(db, user)
    elif is_active:
        user.is_active = True
    return account_view(user)


def deactivate(db: Session, user: User) -> None:
    """Refuse the account from now on: its sessions and tokens are deleted with the flag."""
    user.is_active = False
    auth.end_sessions(db, user.id)
    db.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def reset_password(db: Session, user_id: int, password: AccountPassword) -> NewAccount:
    """Set a new password (a generated one is in the answer, once); ends all the user's sessions."""
    user = _get(db, user_id)
    auth.set_password(db, user, password.new)
    return NewAccount(user=account_view(user), password=password.shown)


def require_project_creation(db: Session, actor: Actor) -> None:
    """Creating a project makes its creator a manager: a right admins hold and grant."""
    granted = select(User.can_create_projects).where(User.id == actor.id, User.is_active.is_(True))
    if not may_create_projects(actor, lambda: bool(db.scalar(granted))):
        raise Forbidden(
            "creating projects needs a right an admin grants; ask an admin",
            code=ErrorCode.PROJECT_CREATION_REQUIRED,
        )


def _get(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("user not found")
    return user
