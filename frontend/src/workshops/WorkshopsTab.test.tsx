import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Project } from "../api/types";
import { workshopApi, type WorkshopSummary } from "../api/workshops";
import { schema } from "../testing/controls";
import { WorkshopsTab } from "./WorkshopsTab";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

const project = (role: Project["role"]) =>
  ({
    id: 1,
    name: "p",
    description: "",
    role,
    item_count: 3,
    created_at: "2026-01-01T00:00:00Z",
    label_config: null,
    archived_at: null,
    training: null,
    show_predictions: false,
    consensus: null,
    workload: null,
    schema: schema({
      fields: { text: "text" },
      controls: [{ name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] }],
    }),
  }) satisfies Project;

const summary: WorkshopSummary = {
  id: 5,
  project_id: 1,
  title: "Basics",
  state: "answering",
  position: 0,
  items: 3,
  trainer: "trainer@x.org",
  participants: 2,
  joined: false,
  you_run_it: false,
  created_at: "2026-11-30T00:00:00Z",
};

afterEach(() => vi.restoreAllMocks());

describe("workshops tab", () => {
  it("lets an annotator join an open workshop but not start one", async () => {
    vi.spyOn(workshopApi, "list").mockResolvedValue([summary]);
    const join = vi.spyOn(workshopApi, "join").mockResolvedValue({} as never);
    render(
      <MemoryRouter>
        <WorkshopsTab project={project("annotator")} />
      </MemoryRouter>,
    );
    await screen.findByText("Basics");
    expect(screen.getByText("1 of 3")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "New workshop" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Join" }));
    await waitFor(() => expect(join).toHaveBeenCalledWith(5));
  });

  it("lets a reviewer start one on a gold set", async () => {
    vi.spyOn(workshopApi, "list").mockResolvedValue([]);
    const create = vi.spyOn(workshopApi, "create").mockResolvedValue({ id: 9 } as never);
    render(
      <MemoryRouter>
        <WorkshopsTab project={project("reviewer")} />
      </MemoryRouter>,
    );
    await screen.findByText("No workshops yet.");
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Week 1" } });
    fireEvent.change(screen.getByLabelText("Gold set"), { target: { value: "example" } });
    fireEvent.click(screen.getByRole("button", { name: "Start workshop" }));
    await waitFor(() => expect(create).toHaveBeenCalledWith(1, "Week 1", "example"));
  });
});
