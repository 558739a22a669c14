"""Accounts, for global admins: list, create, change rights or state, reset a password."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

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
async def list_accounts(_admin: AdminDep, database: DatabaseDep) -> list[AccountView]:
    return await database.run(users.list_accounts)


@router.post("", status_code=201)
async def create_account(body: AccountIn, _admin: AdminDep, database: DatabaseDep) -> NewAccount:
    """``password`` in the answer is the generated one (shown once), or null when it was given."""
    # Hashed on a worker thread, before the short write that stores the account.
    password = await run_in_threadpool(users.account_password, body.email, body.password)
    return await database.run(
        lambda db: users.create_account(
            db,
            body.email,
            password,
            is_admin=body.is_admin,
            can_create_projects=body.can_create_projects,
        ),
        write=True,
    )


@router.patch("/{user_id}")
async def update_account(
    user_id: DbId, body: AccountPatch, admin: AdminDep, database: DatabaseDep
) -> AccountView:
    return await database.run(
        lambda db: users.update_account(
            db,
            admin,
            user_id,
            is_admin=body.is_admin,
            can_create_projects=body.can_create_projects,
            is_active=body.is_active,
        ),
        write=True,
    )


@router.post("/{user_id}/password")
async def reset_password(
    user_id: DbId, body: PasswordResetIn, _admin: AdminDep, database: DatabaseDep
) -> NewAccount:
    """Ends every session of the user; answers the generated password once (null when given)."""
    # Checked against the account's email and hashed on a worker thread, between two short
    # transactions.
    email = await database.run(lambda db: users.account_email(db, user_id))
    password = await run_in_threadpool(users.account_password, email, body.password)
    return await database.run(lambda db: users.reset_password(db, user_id, password), write=True)
