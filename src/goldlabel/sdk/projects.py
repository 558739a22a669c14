"""Projects and what hangs off one: items, predictions, members, import and export.

``client.projects`` lists, gets, creates, updates and deletes projects; each answer is a
``Project``, a handle holding the project's typed ``info`` and its sub-resources
(``project.items``, ``project.predictions``, ``project.members``). Moving data in and out
(``import_items``, ``export``, ``rows``, ``to_pandas``, ``to_datasets``) is in ``sdk/transfer.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, overload

from goldlabel.sdk import transfer
from goldlabel.sdk.http import Http
from goldlabel.sdk.models import (
    FinalLabel,
    FinalPage,
    ImportResult,
    Item,
    ItemPage,
    ItemSummary,
    Member,
    MemberAdded,
    PredictionPage,
    PredictionsCreated,
    PredictionsDeleted,
    ProjectInfo,
)

if TYPE_CHECKING:
    import datasets
    import pandas

Labels = Literal["final", "annotations", "both"]
LabelsAs = Literal["annotations", "predictions", "gold"]
Role = Literal["annotator", "reviewer", "manager"]
Verdict = Literal["accept", "reject", "fix"]
MyFilter = Literal["unopened", "pending", "accepted", "rejected", "fixed", "reviewed", "unreviewed"]
PAGE_SIZE = 200


class Projects:
    """``client.projects``."""

    def __init__(self, api: Http) -> None:
        self._api = api

    def list(self) -> list[Project]:
        """Every project the caller is a member of (admins: every project)."""
        listed = self._api.typed_list(ProjectInfo, "GET", "/api/projects")
        return [Project(self._api, info) for info in listed]

    def get(self, project_id: int) -> Project:
        return Project(self._api, self._api.typed(ProjectInfo, "GET", f"/api/projects/{project_id}"))

    def create(
        self,
        name: str,
        *,
        schema: Mapping[str, Any] | None = None,
        label_config: str | None = None,
        description: str = "",
    ) -> Project:
        """A schema, or a Label Studio ``label_config`` (XML). Needs the right to create projects."""
        body: dict[str, Any] = {"name": name, "description": description}
        if schema is not None:
            body["schema"] = dict(schema)
        if label_config is not None:
            body["label_config"] = label_config
        return Project(self._api, self._api.typed(ProjectInfo, "POST", "/api/projects", json=body))

    def update(self, project_id: int, **changes: Any) -> Project:
        """``name``, ``description``, ``schema`` (with ``control_renames``, ``renames``, ``force``),
        ``label_config``, ``overlap``, ``order``, ``training``: docs/API.md, PATCH /api/projects/{id}."""
        info = self._api.typed(ProjectInfo, "PATCH", f"/api/projects/{project_id}", json=changes)
        return Project(self._api, info)

    def delete(self, project_id: int, *, confirm: str) -> None:
        """Delete the project with every item, annotation and media file; ``confirm`` is its name
        (the server refuses anything else), so a wrong id cannot delete another project."""
        self._api.call("DELETE", f"/api/projects/{project_id}", json={"confirm": confirm})


class Project:
    """A project handle: ``info`` as last read, and everything done to the project."""

    def __init__(self, api: Http, info: ProjectInfo) -> None:
        self._api = api
        self.info = info
        self.items = Items(api, info.id)
        self.predictions = Predictions(api, info.id)
        self.members = Members(api, info.id)

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def name(self) -> str:
        return self.info.name

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.name!r}: {self.info.item_count} items>"

    def refresh(self) -> Project:
        self.info = self._api.typed(ProjectInfo, "GET", f"/api/projects/{self.id}")
        return self

    def update(self, **changes: Any) -> Project:
        """See ``Projects.update``; this handle's ``info`` becomes the answer."""
        self.info = self._api.typed(ProjectInfo, "PATCH", f"/api/projects/{self.id}", json=changes)
        return self

    def delete(self, *, confirm: str) -> None:
        """See ``Projects.delete``: ``confirm`` is the project's name."""
        Projects(self._api).delete(self.id, confirm=confirm)

    def final_page(self, *, page: int = 1, page_size: int = 50) -> FinalPage:
        """A page of final labels in queue order, with how many items are still ``stale``."""
        params = {"page": page, "page_size": page_size}
        return self._api.typed(FinalPage, "GET", f"/api/projects/{self.id}/final", params=params)

    def final(self) -> Iterator[FinalLabel]:
        """Every final label of the project (managers and reviewers), page by page: one trusted
        answer per production item with its provenance, confidence and agreement."""
        page = 1
        while True:
            listed = self.final_page(page=page, page_size=PAGE_SIZE)
            yield from listed.items
            if page * PAGE_SIZE >= listed.total or not listed.items:
                return
            page += 1

    def adjudicate(self, item_id: int, result: Mapping[str, Any]) -> FinalLabel:
        """Decide an item's final label (provenance ``adjudicated``; reviewers and managers)."""
        path = f"/api/projects/{self.id}/adjudication/{item_id}"
        return self._api.typed(FinalLabel, "POST", path, json={"result": dict(result)})

    def set_priority(self, item_ids: Iterable[int], priority: int) -> int:
        """Managers: the items' queue priority (-1000..1000, higher is served sooner, 0 the
        default); how many of the project's items changed (other projects' ids change nothing)."""
        body = {"item_ids": list(item_ids), "priority": priority}
        return int(self._api.object("POST", f"/api/projects/{self.id}/items/priority", json=body)["updated"])

    # ---- review tiers (docs/API.md, "Review tiers") ----

    def review_next(self, *, tier: int | None = None, skip: Iterable[int] = ()) -> dict[str, Any] | None:
        """The oldest annotation waiting for the caller's review (reviewers: tier 1; managers:
        tier 2 first), with the item's data and earlier verdicts; None when nothing waits.
        ``skip``: annotation ids passed over."""
        params: dict[str, Any] = {"skip": list(skip)}
        if tier is not None:
            params["tier"] = tier
        body = self._api.call("GET", f"/api/projects/{self.id}/review/next", params=params)
        return None if body is None else dict(body)

    def review(
        self,
        annotation_id: int,
        verdict: Verdict,
        *,
        comment: str = "",
        guideline_section: str | None = None,
        result: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """See ``Client.review``."""
        return review_annotation(
            self._api,
            annotation_id,
            verdict,
            comment=comment,
            guideline_section=guideline_section,
            result=result,
        )

    def my_annotations(
        self, *, show: MyFilter | None = None, page: int = 1, page_size: int = 50
    ) -> dict[str, Any]:
        """A page of the caller's own annotations with their review state and latest verdict,
        unopened rejections first: ``{items, total, unopened}``."""
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        if show is not None:
            params["show"] = show
        return self._api.object("GET", f"/api/projects/{self.id}/my/annotations", params=params)

    # ---- time and cost (docs/API.md, "Time and cost"; managers) ----

    def costs(self) -> dict[str, Any]:
        """Per person: submissions, active hours, reviews and their cost; the totals, the cost per
        final label and what overlap and review add."""
        return self._api.object("GET", f"/api/projects/{self.id}/costs")

    def costs_csv(self, path: str | Path) -> Path:
        """The same report as CSV, written to ``path`` (complete, or not at all); that path."""
        target = Path(path)
        with self._api.stream("GET", f"/api/projects/{self.id}/costs.csv") as response:
            data = response.read()
        target.write_bytes(data)
        return target

    def import_items(
        self,
        source: Iterable[Mapping[str, Any]] | pandas.DataFrame | str | Path,
        *,
        format: str | None = None,
        labels_as: LabelsAs = "annotations",
        on_duplicate: Literal["error", "skip"] = "error",
        gold_set: str | None = None,
        progress: bool | None = None,
    ) -> ImportResult:
        """Import rows (dicts as in a JSON import), a DataFrame (its columns as a Parquet file's:
        data, ``external_id``/``id``, ``meta``, a column per control for labels) or a file (any
        format the server reads; ``format`` or its name says which), all or nothing. A file is
        streamed with a progress bar on stderr: ``progress=None`` shows it on a terminal only."""
        return transfer.import_items(
            self._api, self.id, source, format=format, labels_as=labels_as,
            on_duplicate=on_duplicate, gold_set=gold_set, progress=progress,
        )  # fmt: skip

    @overload
    def export(
        self,
        format: str = ...,
        *,
        labels: Labels | None = ...,
        path: None = None,
        include_drafts: bool = ...,
        gold: bool = ...,
    ) -> bytes: ...
    @overload
    def export(
        self,
        format: str = ...,
        *,
        labels: Labels | None = ...,
        path: str | Path,
        include_drafts: bool = ...,
        gold: bool = ...,
    ) -> Path: ...
    @overload
    def export(
        self,
        format: str = ...,
        *,
        labels: Labels | None = ...,
        path: IO[bytes],
        include_drafts: bool = ...,
        gold: bool = ...,
    ) -> None: ...
    def export(
        self,
        format: str = "json",
        *,
        labels: Labels | None = None,
        path: str | Path | IO[bytes] | None = None,
        include_drafts: bool = False,
        gold: bool = False,
    ) -> bytes | Path | None:
        """The export in any format the server writes (``client.formats()``), with ``labels``
        ``final``, ``annotations`` or ``both`` (None: the format's own); ``gold``: the gold items
        instead. Without ``path``: the file's bytes. With a file name: streamed there (complete,
        or not at all) and that path returned. With an open binary file: streamed into it."""
        return transfer.export(
            self._api, self.id, format, labels=labels, path=path, include_drafts=include_drafts, gold=gold
        )

    def rows(self, *, labels: Labels = "annotations", gold: bool = False) -> Iterator[dict[str, Any]]:
        """The export's items one dict at a time, as they stream (JSON Lines underneath)."""
        return transfer.rows(self._api, self.id, labels=labels, gold=gold)

    def to_pandas(self, *, labels: Labels = "final", gold: bool = False) -> pandas.DataFrame:
        """One row per item, a column per data field and per control (the Parquet export)."""
        return transfer.to_pandas(self._api, self.id, labels=labels, gold=gold)

    def to_datasets(self, *, labels: Labels = "final", gold: bool = False) -> datasets.Dataset:
        """The same table as a Hugging Face ``datasets.Dataset`` (needs ``pip install datasets``)."""
        return transfer.to_datasets(self._api, self.id, labels=labels, gold=gold)


class Items:
    """``project.items``: pages of the project's items, every item, or one with its annotations."""

    def __init__(self, api: Http, project_id: int) -> None:
        self._api, self._project_id = api, project_id

    def list(self, *, page: int = 1, page_size: int = 50, **query: Any) -> ItemPage:
        """A page; ``query``: the listing's filters and sort (docs/API.md, GET .../items)."""
        params = {"page": page, "page_size": page_size, **query}
        return self._api.typed(ItemPage, "GET", f"/api/projects/{self._project_id}/items", params=params)

    def __iter__(self) -> Iterator[ItemSummary]:
        page = 1
        while True:
            listed = self.list(page=page, page_size=PAGE_SIZE)
            yield from listed.items
            if page * PAGE_SIZE >= listed.total or not listed.items:
                return
            page += 1

    def get(self, item_id: int) -> Item:
        return self._api.typed(Item, "GET", f"/api/items/{item_id}")


class Predictions:
    """``project.predictions``: a model's suggestions per item and control (managers only)."""

    def __init__(self, api: Http, project_id: int) -> None:
        self._api, self._path = api, f"/api/projects/{project_id}/predictions"

    def create(self, predictions: Iterable[Mapping[str, Any]]) -> int:
        """Store predictions, all or none: each ``{"item_id" or "external_id", "model",
        "model_version", "result": {control: value}, "score"?, "scores"?: {control: score}}``.
        Answers how many were stored (one per control of each entry)."""
        body = [dict(p) for p in predictions]
        return self._api.typed(PredictionsCreated, "POST", self._path, json=body).created

    def list(
        self, *, item_id: int | None = None, model: str | None = None, page: int = 1, page_size: int = 50
    ) -> PredictionPage:
        params: dict[str, Any] = {"page": page, "page_size": page_size}
        params.update({k: v for k, v in (("item_id", item_id), ("model", model)) if v is not None})
        return self._api.typed(PredictionPage, "GET", self._path, params=params)

    def delete(self, *, model: str | None = None, model_version: str | None = None) -> int:
        """Delete a model's predictions (of one version), or all; answers how many went."""
        params = {k: v for k, v in (("model", model), ("model_version", model_version)) if v is not None}
        return self._api.typed(PredictionsDeleted, "DELETE", self._path, params=params).deleted


class Members:
    """``project.members``: who works on the project, in which role."""

    def __init__(self, api: Http, project_id: int) -> None:
        self._api, self._path = api, f"/api/projects/{project_id}/members"

    def list(self) -> list[Member]:
        return self._api.typed_list(Member, "GET", self._path)

    def add(self, email: str, role: Role) -> MemberAdded:
        """Invite an email (``status="invited"``: they join once they accept), or change a
        member's role (``status="member"``). The answer is the same whether an account exists."""
        return self._api.typed(MemberAdded, "POST", self._path, json={"email": email, "role": role})

    def remove(self, user_id: int) -> None:
        self._api.call("DELETE", f"{self._path}/{user_id}")


def review_annotation(
    api: Http,
    annotation_id: int,
    verdict: Verdict,
    *,
    comment: str = "",
    guideline_section: str | None = None,
    result: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``POST /api/annotations/{id}/review``, shared by ``Client.review`` and ``Project.review``."""
    body = {
        "verdict": verdict,
        "comment": comment,
        "guideline_section": guideline_section,
        "result": None if result is None else dict(result),
    }
    return api.object("POST", f"/api/annotations/{annotation_id}/review", json=body)
