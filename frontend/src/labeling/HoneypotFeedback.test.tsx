import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { guidelineApi } from "../api/guidelines";
import type { SavedAnnotation } from "../api/types";
import { LabelingPage } from "./LabelingPage";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

const FEEDBACK = {
  score: 0,
  scores: { sentiment: 0 },
  diff: {},
  reference: { sentiment: "pos" },
  explanations: { sentiment: "Praise is positive." },
  section: null,
};

function saved(feedback: SavedAnnotation["feedback"]): SavedAnnotation {
  return {
    id: 70,
    item_id: 11,
    author: "a@example.org",
    result: { sentiment: "neg" },
    status: "submitted",
    lead_time_ms: 1000,
    version: 1,
    created_at: "",
    updated_at: "",
    guideline_version_id: null,
    guideline_version: null,
    from_prediction: null,
    prediction_distance: null,
    imported: null,
    feedback,
  };
}

function renderLabeling() {
  return renderProjectPage("label", <LabelingPage />);
}

async function answerAndSubmit() {
  fireEvent.click(await screen.findByRole("radio", { name: /neg/ }));
  fireEvent.click(screen.getByRole("button", { name: /^Submit/ }));
}

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
  vi.spyOn(guidelineApi, "published").mockRejectedValue(
    new ApiError(404, { code: "no_guideline", message: "none" }),
  );
});

describe("the labeling page after a submit", () => {
  it("shows the feedback the server sent, then Continue asks for the next item", async () => {
    const next = vi
      .spyOn(api, "next")
      .mockResolvedValueOnce({ id: 11, data: { text: "Great." }, draft: null, prediction: null })
      .mockResolvedValueOnce({ id: 12, data: { text: "Second." }, draft: null, prediction: null });
    vi.spyOn(api, "createAnnotation").mockResolvedValue(saved(FEEDBACK));
    renderLabeling();
    await answerAndSubmit();
    await screen.findByText("Praise is positive.");
    expect(screen.getByTestId("practice-score").textContent).toBe("0% — Not yet");
    expect(screen.queryByRole("button", { name: "Retry this item" })).toBeNull();
    expect(next).toHaveBeenCalledTimes(1); // the next item waits for Continue
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByText("Second.");
    expect(next).toHaveBeenCalledTimes(2);
    expect(screen.queryByText("Praise is positive.")).toBeNull();
  });

  it("Enter continues too (once)", async () => {
    const next = vi
      .spyOn(api, "next")
      .mockResolvedValueOnce({ id: 11, data: { text: "Great." }, draft: null, prediction: null })
      .mockResolvedValue({ id: 12, data: { text: "Second." }, draft: null, prediction: null });
    vi.spyOn(api, "createAnnotation").mockResolvedValue(saved(FEEDBACK));
    renderLabeling();
    await answerAndSubmit();
    await screen.findByText("Praise is positive.");
    await act(async () => {}); // the key listener is a passive effect: let it attach first
    fireEvent.keyDown(window, { key: "Enter" });
    await screen.findByText("Second.");
    expect(next).toHaveBeenCalledTimes(2);
  });

  it("without feedback goes straight to the next item, as before", async () => {
    const next = vi
      .spyOn(api, "next")
      .mockResolvedValueOnce({ id: 11, data: { text: "Great." }, draft: null, prediction: null })
      .mockResolvedValueOnce({ id: 12, data: { text: "Second." }, draft: null, prediction: null });
    vi.spyOn(api, "createAnnotation").mockResolvedValue(saved(null));
    renderLabeling();
    await answerAndSubmit();
    await screen.findByText("Second.");
    await waitFor(() => expect(next).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("practice-score")).toBeNull();
    expect(screen.queryByRole("button", { name: "Continue" })).toBeNull();
  });
});
