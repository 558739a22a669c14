import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import { trainingMe } from "./fixtures";
import { PracticePage } from "./PracticePage";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

function renderPractice() {
  return renderProjectPage("practice", <PracticePage />);
}

beforeEach(() => {
  vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
});

describe("PracticePage", () => {
  it("scores an answer at once, retries from it, and offers the exam once the target is met", async () => {
    vi.spyOn(api, "trainingMe")
      .mockResolvedValueOnce(trainingMe({ step: "practice" }))
      .mockResolvedValue(trainingMe({ step: "exam", practice: { answered: 1, accuracy: 1, met: true } }));
    vi.spyOn(api, "nextPractice").mockResolvedValue({ id: 11, data: { text: "Great." } });
    const answer = vi.spyOn(api, "answerPractice").mockResolvedValue({
      score: 0,
      scores: { sentiment: 0 },
      diff: {},
      reference: { sentiment: "pos" },
      explanations: { sentiment: "Praise is positive." },
      section: null,
    });
    renderPractice();
    fireEvent.click(await screen.findByRole("radio", { name: /neg/ }));
    fireEvent.click(screen.getByRole("button", { name: /Check my answer/ }));
    await screen.findByText("Praise is positive.");
    expect(answer).toHaveBeenCalledWith("5", 11, { sentiment: "neg" });
    expect(screen.getByTestId("practice-score").textContent).toBe("0% — Not yet");
    expect(screen.getByRole("link", { name: "Take the exam" }).getAttribute("href")).toBe("/projects/5/exam");
    fireEvent.click(screen.getByRole("button", { name: "Retry this item" }));
    const neg = await screen.findByRole("radio", { name: /neg/ });
    expect(neg.getAttribute("aria-checked")).toBe("true"); // the retry starts from the last answer
  });

  it("says so when the project has no practice items", async () => {
    vi.spyOn(api, "trainingMe").mockResolvedValue(trainingMe());
    vi.spyOn(api, "nextPractice").mockResolvedValue(null);
    renderPractice();
    await waitFor(() => expect(screen.getByRole("heading", { name: "No practice items" })).toBeTruthy());
  });
});
