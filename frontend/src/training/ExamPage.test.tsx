import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { ExamPage } from "./ExamPage";
import { trainingMe } from "./fixtures";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

function renderExam() {
  return renderProjectPage("exam", <ExamPage />);
}

beforeEach(() => {
  vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
  vi.spyOn(api, "trainingMe").mockResolvedValue(trainingMe({ step: "exam", practice: { met: true } }));
});

describe("ExamPage", () => {
  it("shows the cool-down refusal with a countdown and opens the start button when it ends", async () => {
    const retryAt = new Date(Date.now() + 1_500).toISOString();
    vi.spyOn(api, "startExam").mockRejectedValueOnce(
      new ApiError(429, { code: "exam_cooldown", message: "wait for the cool-down", retry_at: retryAt }),
    );
    renderExam();
    fireEvent.click(await screen.findByRole("button", { name: "Start the exam" }));
    expect(await screen.findByText("wait for the cool-down")).toBeTruthy();
    expect(screen.getByTestId("cooldown").textContent).toMatch(/opens in [12] s/);
    expect(screen.getByRole("button", { name: "Start the exam" })).toHaveProperty("disabled", true);
    await waitFor(() => expect(screen.queryByTestId("cooldown")).toBeNull(), { timeout: 4000 });
    expect(screen.getByRole("button", { name: "Start the exam" })).toHaveProperty("disabled", false);
  });

  it("sends to practice when the target is not met", async () => {
    vi.spyOn(api, "startExam").mockRejectedValueOnce(
      new ApiError(403, { code: "practice_required", message: "meet the practice target first" }),
    );
    renderExam();
    fireEvent.click(await screen.findByRole("button", { name: "Start the exam" }));
    const link = await screen.findByRole("link", { name: "Practise first" });
    expect(link.getAttribute("href")).toBe("/projects/5/practice");
  });

  it("answers items one at a time with progress, no feedback, then shows the report", async () => {
    vi.spyOn(api, "startExam").mockResolvedValueOnce({
      id: 9,
      items: [
        { id: 1, data: { text: "one" } },
        { id: 2, data: { text: "two" } },
      ],
      answered: [],
    });
    const answer = vi.spyOn(api, "answerExam").mockImplementation(async (_a, itemId) => ({
      item_id: Number(itemId),
      answered: 1,
      total: 2,
    }));
    const finish = vi.spyOn(api, "finishExam").mockResolvedValueOnce({
      attempt_id: 9,
      passed: true,
      score: 1,
      scores: { sentiment: 1 },
      pass_mark: 0.8,
      per_control_pass_mark: {},
      failed_controls: [],
      per_label: {},
      answered: 2,
      total: 2,
      finished_at: "2026-01-01T00:00:00Z",
    });
    renderExam();
    fireEvent.click(await screen.findByRole("button", { name: "Start the exam" }));
    expect((await screen.findByTestId("exam-progress")).textContent).toContain("Item 1 / 2");
    fireEvent.click(screen.getByRole("radio", { name: /pos/ }));
    fireEvent.click(screen.getByRole("button", { name: "Save and next" }));
    await waitFor(() => expect(screen.getByTestId("exam-progress").textContent).toContain("Item 2 / 2"));
    expect(answer).toHaveBeenLastCalledWith(9, 1, { sentiment: "pos" });
    expect(document.querySelector("[data-status]")).toBeNull(); // no feedback on the way
    fireEvent.click(screen.getByRole("radio", { name: /neg/ }));
    fireEvent.click(screen.getByRole("button", { name: "Save and finish" }));
    await waitFor(() => expect(screen.getByTestId("exam-verdict").textContent).toContain("Passed"));
    expect(answer).toHaveBeenLastCalledWith(9, 2, { sentiment: "neg" });
    expect(finish).toHaveBeenCalledWith(9);
  });
});
