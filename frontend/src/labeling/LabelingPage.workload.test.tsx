import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { guidelineApi } from "../api/guidelines";
import type { SavedAnnotation } from "../api/types";
import { LabelingPage } from "./LabelingPage";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
  vi.spyOn(guidelineApi, "published").mockRejectedValue(
    new ApiError(404, { code: "no_guideline", message: "none" }),
  );
});

describe("the labeling page and the workload", () => {
  it("shows the cap as the end of the person's share, with how many they did", async () => {
    vi.spyOn(api, "next")
      .mockResolvedValueOnce({ id: 11, data: { text: "Great." }, draft: null, prediction: null })
      .mockRejectedValueOnce(
        new ApiError(403, { code: "cap_reached", message: "you reached the cap", done: 5, cap: 5 }),
      );
    const create = vi
      .spyOn(api, "createAnnotation")
      .mockImplementation(
        async (_item, body) => ({ id: 1, version: 1, ...body }) as unknown as SavedAnnotation,
      );
    renderProjectPage("label", <LabelingPage />);
    await screen.findByText("Great.");
    fireEvent.keyDown(window, { key: "x" }); // input: the active timer runs
    fireEvent.click(screen.getByRole("radio", { name: /pos/ }));
    fireEvent.click(screen.getByRole("button", { name: /^Submit/ }));
    const capped = await screen.findByTestId("cap-reached");
    expect(capped.textContent).toContain("You reached your share of this project");
    expect(capped.textContent).toContain("5 of the 5 items");
    expect(screen.queryByText(/No more items/)).toBeNull();
    // The submission carried its active time: a whole number of milliseconds, never negative.
    await waitFor(() => expect(create).toHaveBeenCalled());
    const body = create.mock.calls[0][1];
    expect(Number.isInteger(body.active_ms)).toBe(true);
    expect(body.active_ms).toBeGreaterThanOrEqual(0);
  });
});
