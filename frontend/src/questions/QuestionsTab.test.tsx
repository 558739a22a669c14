import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { feedbackApi } from "../api/endpoints";
import type { Project, QueuedQuestion } from "../api/types";
import { schema } from "../testing/controls";
import { QuestionsTab } from "./QuestionsTab";

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

const question = (status: "open" | "answered"): QueuedQuestion => ({
  id: 7,
  project_id: 1,
  item_id: 3,
  text: "Is <b>this</b> negative?",
  section: null,
  status,
  answer: status === "answered" ? "Yes." : null,
  answered_at: null,
  created_at: "2026-11-30T00:00:00Z",
  asker: "ann@x.org",
  answered_by: status === "answered" ? "rev@x.org" : null,
});

afterEach(() => vi.restoreAllMocks());

describe("questions tab", () => {
  it("answers an open question and reloads the queue", async () => {
    const list = vi.spyOn(feedbackApi, "questions").mockResolvedValue([question("open")]);
    const answer = vi.spyOn(feedbackApi, "answer").mockResolvedValue(question("answered"));
    render(
      <MemoryRouter>
        <QuestionsTab project={project("reviewer")} />
      </MemoryRouter>,
    );
    await screen.findByText("Is <b>this</b> negative?"); // as text, never markup
    expect(screen.queryByRole("button", { name: "Make it an example" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Answer"), { target: { value: " Yes. " } });
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    await waitFor(() => expect(answer).toHaveBeenCalledWith(7, "Yes."));
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });

  it("refuses an empty answer without calling the server", async () => {
    vi.spyOn(feedbackApi, "questions").mockResolvedValue([question("open")]);
    const answer = vi.spyOn(feedbackApi, "answer");
    render(
      <MemoryRouter>
        <QuestionsTab project={project("manager")} />
      </MemoryRouter>,
    );
    await screen.findByText("Is <b>this</b> negative?");
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    await screen.findByText("Write an answer first.");
    expect(answer).not.toHaveBeenCalled();
  });

  it("offers managers to make an answered question an example", async () => {
    vi.spyOn(feedbackApi, "questions").mockResolvedValue([question("answered")]);
    render(
      <MemoryRouter>
        <QuestionsTab project={project("manager")} />
      </MemoryRouter>,
    );
    await screen.findByRole("button", { name: "Make it an example" });
    expect(screen.getByRole("button", { name: "Update answer" })).toBeTruthy();
  });
});
