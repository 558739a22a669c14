import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { Project, ProjectSchema, SchemaChangeEffect } from "../api/types";
import { SchemaTab } from "../pages/tabs/SchemaTab";
import { schema } from "../testing/controls";
import { SettingsTab, formatBytes } from "../pages/tabs/SettingsTab";
import { NO_RENAMES, renameTargets, renamesBody, withRename } from "./schemaChange";

const BEFORE: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["positive", "negative", "neutral"] },
    { name: "stars", type: "rating", field: "text", min: 1, max: 5 },
  ],
});
const AFTER: ProjectSchema = schema({
  fields: { text: "text" },
  controls: [
    { name: "sentiment", type: "choices", field: "text", options: ["pos", "negative"] },
    { name: "rating", type: "rating", field: "text", min: 1, max: 5 },
  ],
});
const effect = (e: Partial<SchemaChangeEffect>): SchemaChangeEffect => ({
  control: "sentiment",
  change: "option_removed",
  option: null,
  to: null,
  annotations: 1,
  submitted: 1,
  drafts: 0,
  ...e,
});

describe("schema change renames", () => {
  it("offers the new schema's names a removed option or control can move to", () => {
    const removed = effect({ option: "positive" });
    expect(renameTargets(removed, BEFORE, AFTER, NO_RENAMES)).toEqual(["pos", "negative"]);
    const control = effect({ control: "stars", change: "control_removed" });
    expect(renameTargets(control, BEFORE, AFTER, NO_RENAMES)).toEqual(["rating"]);
    expect(renameTargets(effect({ change: "answer_unfit" }), BEFORE, AFTER, NO_RENAMES)).toEqual([]);
  });

  it("builds the PATCH fields, and undoes a rename", () => {
    let r = withRename(NO_RENAMES, effect({ option: "positive" }), "pos");
    r = withRename(r, effect({ control: "stars", change: "control_removed" }), "rating");
    expect(renamesBody(r)).toEqual({
      control_renames: { stars: "rating" },
      renames: { sentiment: { positive: "pos" } },
    });
    r = withRename(r, effect({ option: "positive", change: "option_renamed", to: "pos" }), null);
    expect(renamesBody(r)).toEqual({ control_renames: { stars: "rating" }, renames: {} });
  });

  it("formats sizes for the deletion preview", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
  });
});

const PROJECT = {
  id: 7,
  name: "Reviews",
  description: "",
  role: "manager",
  item_count: 3,
  created_at: "2026-01-01T00:00:00Z",
  schema: BEFORE,
  label_config: '<View><Text name="t" value="$text"/></View>',
  archived_at: null,
} as Project;

function conflict(changes: SchemaChangeEffect[]): ApiError {
  const annotations = Math.max(...changes.map((c) => c.annotations));
  return new ApiError(409, {
    code: "schema_change_affects_annotations",
    message: "affects",
    annotations,
    changes,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("schema tab", () => {
  it("shows the counts, renames on request and saves only when confirmed", async () => {
    vi.spyOn(api, "validateSchema").mockResolvedValue({ schema: AFTER, warnings: [] });
    const update = vi
      .spyOn(api, "updateProject")
      .mockRejectedValueOnce(
        conflict([effect({ option: "neutral", annotations: 2, drafts: 1 }), effect({ option: "positive" })]),
      )
      .mockRejectedValueOnce(
        conflict([
          effect({ option: "neutral", annotations: 2, drafts: 1 }),
          effect({ option: "positive", change: "option_renamed", to: "pos" }),
        ]),
      )
      .mockResolvedValueOnce({ ...PROJECT, schema: AFTER });
    const onSaved = vi.fn();
    vi.spyOn(api, "templates").mockResolvedValue([]);
    render(
      <MemoryRouter>
        <SchemaTab project={PROJECT} onSaved={onSaved} />
      </MemoryRouter>,
    );
    expect(screen.getByTestId("label-config").textContent).toBe(PROJECT.label_config);
    const save = screen.getByRole<HTMLButtonElement>("button", { name: "Save schema" });
    await waitFor(() => expect(save.disabled).toBe(false), { timeout: 2000 });
    fireEvent.click(save);
    const panel = await screen.findByRole("alertdialog");
    expect(within(panel).getByRole("heading").textContent).toBe("This change affects 2 annotations");
    expect(update).toHaveBeenLastCalledWith(7, expect.objectContaining({ force: false, schema: AFTER }));
    expect(onSaved).not.toHaveBeenCalled();

    await act(async () => {
      fireEvent.change(within(panel).getByLabelText("Rename positive to"), { target: { value: "pos" } });
    });
    expect(update).toHaveBeenLastCalledWith(
      7,
      expect.objectContaining({ force: false, renames: { sentiment: { positive: "pos" } } }),
    );
    await waitFor(() => expect(within(panel).getByText(/renamed to “pos”/)).toBeTruthy());

    fireEvent.click(within(panel).getByRole("button", { name: /Save and update 2 annotations/ }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(update).toHaveBeenLastCalledWith(
      7,
      expect.objectContaining({ force: true, renames: { sentiment: { positive: "pos" } } }),
    );
  });
});

describe("settings tab", () => {
  it("deletes only once the name is typed, after showing what goes", async () => {
    vi.spyOn(api, "deletionPreview").mockResolvedValue({
      name: "Reviews",
      items: 3,
      annotations: 5,
      submitted: 4,
      drafts: 1,
      members: 2,
      invitations: 0,
      media_files: 2,
      media_bytes: 2048,
    });
    const remove = vi.spyOn(api, "deleteProject").mockResolvedValue(undefined);
    render(
      <MemoryRouter>
        <SettingsTab project={PROJECT} onSaved={() => undefined} />
      </MemoryRouter>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Delete project…" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this project" });
    expect(within(dialog).getByText("5 (4 submitted, 1 drafts)")).toBeTruthy();
    expect(within(dialog).getByText("2 (2.0 KB)")).toBeTruthy();
    const confirm = within(dialog).getByRole<HTMLButtonElement>("button", { name: "Delete project" });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText(/Type the project's name/), {
      target: { value: "Reviews" },
    });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(remove).toHaveBeenCalledWith(7, "Reviews"));
  });
});
