import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { feedbackApi } from "../api/endpoints";
import type { Project, QueuedQuestion } from "../api/types";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";
import { QuestionsTab } from "./QuestionsTab";

const project = (role: Project["role"]): Project => ({ ...SENTIMENT_PROJECT, role });
const renderTab = (role: Project["role"]) =>
  renderProjectPage("questions", <QuestionsTab project={project(role)} />);

const question = (status: "open" | "answered"): QueuedQuestion => ({
  id: 7,
  project_id: SENTIMENT_PROJECT.id,
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
    renderTab("reviewer");
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
    renderTab("manager");
    await screen.findByText("Is <b>this</b> negative?");
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    await screen.findByText("Write an answer first.");
    expect(answer).not.toHaveBeenCalled();
  });

  it("offers managers to make an answered question an example", async () => {
    vi.spyOn(feedbackApi, "questions").mockResolvedValue([question("answered")]);
    renderTab("manager");
    await screen.findByRole("button", { name: "Make it an example" });
    expect(screen.getByRole("button", { name: "Update answer" })).toBeTruthy();
  });
});
