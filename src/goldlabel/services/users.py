"""What admins do to accounts: list, create, grant or take rights, deactivate, reset passwords;
and the project-creation right every project creation checks.

Deactivating an account deletes its sessions and API tokens in the same transaction, so it is
locked out at once (and every credential lookup also refuses inactive accounts). An admin cannot
deactivate or demote their own account: there is always someone left to undo a mistake.
"""

from __future__ import annotations

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


def create_account(
    db: Session,
    email: str,
    password: str | None = None,
    *,
    is_admin: bool = False,
    can_create_projects: bool = False,
) -> NewAccount:
    """Create an account with the given password, or a generated one returned (shown once)."""
    secret = generate_password() if password is None else password
    view = auth.create_user(db, email, secret, is_admin=is_admin, can_create_projects=can_create_projects)
    return NewAccount(user=account_view(_get(db, view.id)), password=None if password else secret)


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


def reset_password(db: Session, user_id: int, password: str | None = None) -> NewAccount:
    """Set a new password (given, or generated and returned once); ends all the user's sessions."""
    user = _get(db, user_id)
    secret = generate_password() if password is None else password
    auth.set_password(db, user, secret)
    return NewAccount(user=account_view(user), password=None if password else secret)


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
