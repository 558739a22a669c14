import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Project } from "../api/types";
import { workshopApi, type WorkshopSummary } from "../api/workshops";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";
import { WorkshopsTab } from "./WorkshopsTab";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

const project = (role: Project["role"]): Project => ({ ...SENTIMENT_PROJECT, role });
const renderTab = (role: Project["role"]) =>
  renderProjectPage("workshops", <WorkshopsTab project={project(role)} />);

const summary: WorkshopSummary = {
  id: 5,
  project_id: SENTIMENT_PROJECT.id,
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
    renderTab("annotator");
    await screen.findByText("Basics");
    expect(screen.getByText("1 of 3")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "New workshop" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Join" }));
    await waitFor(() => expect(join).toHaveBeenCalledWith(5));
  });

  it("lets a reviewer start one on a gold set", async () => {
    vi.spyOn(workshopApi, "list").mockResolvedValue([]);
    const create = vi.spyOn(workshopApi, "create").mockResolvedValue({ id: 9 } as never);
    renderTab("reviewer");
    await screen.findByText("No workshops yet.");
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Week 1" } });
    fireEvent.change(screen.getByLabelText("Gold set"), { target: { value: "example" } });
    fireEvent.click(screen.getByRole("button", { name: "Start workshop" }));
    await waitFor(() => expect(create).toHaveBeenCalledWith(SENTIMENT_PROJECT.id, "Week 1", "example"));
  });
});
