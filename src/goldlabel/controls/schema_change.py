"""What a new schema does to the answers stored under the old one, and how they migrate.

A control keeps its name unless the change renames it explicitly; an option, label or ranked
item keeps its name unless renamed explicitly (several old names may be renamed to one: a
merge). Anything else the new schema no longer has is removed from the answers, and an
answer that no longer fits its control (its type changed, a rating range narrowed, a pose
got other points, a ranking other items) is dropped. ``SchemaChange.migrate`` applies that to
one stored result and says what it touched, so the caller can count the annotations each
change affects before anyone confirms it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.registry import type_of
from goldlabel.controls.schema import ProjectSchema

ChangeKind = Literal["control_removed", "control_renamed", "option_removed", "option_renamed", "answer_unfit"]


class SchemaChangeError(ValueError):
    """Renames that do not fit the old and new schemas; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Effect:
    """One change a migration made to a result: ``control`` is the old control's name;
    ``option`` the old option/label (option changes only); ``to`` the new name (renames)."""

    control: str
    change: ChangeKind
    option: str | None = None
    to: str | None = None


@dataclass(frozen=True, slots=True)
class _ControlPlan:
    old: ControlSpec
    new: ControlSpec | None  # None: the control is removed
    names: Mapping[str, str | None]  # old vocabulary name -> new name, or None when removed


class SchemaChange:
    """The migration from ``old`` to ``new``, with explicit control and option renames.

    ``control_renames`` maps old control names to new ones; ``option_renames`` maps, per
    control (by its name in the new schema), old option/label names to new ones.
    """

    def __init__(
        self,
        old: ProjectSchema,
        new: ProjectSchema,
        *,
        control_renames: Mapping[str, str] | None = None,
        option_renames: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        control_renames = dict(control_renames or {})
        option_renames = dict(option_renames or {})
        old_by_name = {c.name: c for c in old.controls}
        new_by_name = {c.name: c for c in new.controls}
        for before, after in control_renames.items():
            if before not in old_by_name:
                raise SchemaChangeError(f"renamed control {before!r} is not in the current schema")
            if after not in new_by_name:
                raise SchemaChangeError(f"control {before!r} is renamed to {after!r}, not in the new schema")
        targets = {name: control_renames.get(name, name) for name in old_by_name}
        claimed = [t for t in targets.values() if t in new_by_name]
        if len(set(claimed)) != len(claimed):
            twice = next(t for t in claimed if claimed.count(t) > 1)
            raise SchemaChangeError(f"two current controls would both become {twice!r}")
        sources = {t: name for name, t in targets.items() if t in new_by_name}
        for control, renames in option_renames.items():
            if control not in sources:
                raise SchemaChangeError(
                    f"options renamed in {control!r}, which is not a control of both schemas"
                )
            old_names = old_by_name[sources[control]].vocabulary()
            new_names = new_by_name[control].vocabulary()
            for before, after in renames.items():
                if before not in old_names or after not in new_names:
                    raise SchemaChangeError(
                        f"{control!r}: {before!r} is renamed to {after!r}; rename a name of the current "
                        f"schema {old_names} to one of the new schema {new_names}"
                    )
        self.renamed = {name: t for name, t in targets.items() if t != name and t in new_by_name}
        self.plans: dict[str, _ControlPlan] = {}
        for name, spec in old_by_name.items():
            target = targets[name]
            new_spec = new_by_name.get(target)
            if new_spec is None or new_spec.type != spec.type:
                self.plans[name] = _ControlPlan(spec, new_spec, {})
                continue
            renames = option_renames.get(target, {})
            kept = set(new_spec.vocabulary())
            names: dict[str, str | None] = {
                o: renames.get(o, o if o in kept else None) for o in spec.vocabulary()
            }
            self.plans[name] = _ControlPlan(spec, new_spec, {o: n for o, n in names.items() if n != o})
        self.new = new

    def touches_answers(self) -> bool:
        """Whether any stored answer may change (else no annotation needs reading)."""
        return any(
            plan.new is None or plan.names or plan.old.name in self.renamed or plan.new != plan.old
            for plan in self.plans.values()
        )

    def migrate(self, result: Mapping[str, Any]) -> tuple[dict[str, Any], set[Effect]]:
        """The stored result under the new schema, and the changes made to it."""
        migrated: dict[str, Any] = {}
        effects: set[Effect] = set()
        for name, value in result.items():
            plan = self.plans.get(name)
            if plan is None:  # not a control of the old schema: stored data we do not own
                migrated[name] = value
                continue
            if plan.new is None:
                effects.add(Effect(name, "control_removed"))
                continue
            if plan.new.type != plan.old.type:
                effects.add(Effect(name, "answer_unfit"))
                continue
            ctype = type_of(plan.new)
            used = [o for o in ctype.names_used(value) if o in plan.names]
            for option in used:
                to = plan.names[option]
                effects.add(
                    Effect(name, "option_removed", option)
                    if to is None
                    else Effect(name, "option_renamed", option, to)
                )
            if used:
                value = ctype.rename(value, plan.names)
            if value is None:
                continue
            if not ctype.fits(plan.new, value):
                effects.add(Effect(name, "answer_unfit"))
                continue
            if plan.new.name != name:
                effects.add(Effect(name, "control_renamed", to=plan.new.name))
            migrated[plan.new.name] = value
        return migrated, effects
