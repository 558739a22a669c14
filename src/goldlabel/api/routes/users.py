"""Accounts, for global admins: list, create, change rights or state, reset a password."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from goldlabel.api.deps import AdminDep, DatabaseDep, DbId
from goldlabel.core.limits import MAX_PASSWORD_LENGTH
from goldlabel.services import users
from goldlabel.services.views import AccountView, NewAccount

router = APIRouter(prefix="/api/users", tags=["users"])


class AccountIn(BaseModel):
    email: str = Field(max_length=320)
    password: str | None = Field(default=None, max_length=MAX_PASSWORD_LENGTH, description="None: generate")
    is_admin: bool = False
    can_create_projects: bool = False


class AccountPatch(BaseModel):
    is_admin: bool | None = None
    can_create_projects: bool | None = None
    is_active: bool | None = Field(default=None, description="false ends the account's sessions and tokens")


class PasswordResetIn(BaseModel):
    password: str | None = Field(default=None, max_length=MAX_PASSWORD_LENGTH, description="None: generate")


@router.get("")
def list_accounts(_admin: AdminDep, database: DatabaseDep) -> list[AccountView]:
    with database.session() as db:
        return users.list_accounts(db)


@router.post("", status_code=201)
def create_account(body: AccountIn, _admin: AdminDep, database: DatabaseDep) -> NewAccount:
    """``password`` in the answer is the generated one (shown once), or null when it was given."""
    with database.session(write=True) as db:
        return users.create_account(
            db,
            body.email,
            body.password,
            is_admin=body.is_admin,
            can_create_projects=body.can_create_projects,
        )


@router.patch("/{user_id}")
def update_account(user_id: DbId, body: AccountPatch, admin: AdminDep, database: DatabaseDep) -> AccountView:
    with database.session(write=True) as db:
        return users.update_account(
            db,
            admin,
            user_id,
            is_admin=body.is_admin,
            can_create_projects=body.can_create_projects,
            is_active=body.is_active,
        )


@router.post("/{user_id}/password")
def reset_password(
    user_id: DbId, body: PasswordResetIn, _admin: AdminDep, database: DatabaseDep
) -> NewAccount:
    """Ends every session of the user; answers the generated password once (null when given)."""
    with database.session(write=True) as db:
        return users.reset_password(db, user_id, body.password)
