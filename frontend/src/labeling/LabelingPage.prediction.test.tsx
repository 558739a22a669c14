import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { guidelineApi } from "../api/guidelines";
import type { SavedAnnotation } from "../api/types";
import { LabelingPage } from "./LabelingPage";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

const PREDICTION = { result: { sentiment: "neg" }, models: [{ model: "sentibert", model_version: "3" }] };

beforeEach(() => {
  vi.restoreAllMocks();
  vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
  vi.spyOn(guidelineApi, "published").mockRejectedValue(
    new ApiError(404, { code: "no_guideline", message: "none" }),
  );
});

describe("the labeling page with a served prediction", () => {
  it("starts from the prediction, says from which model, and submits what the annotator made of it", async () => {
    vi.spyOn(api, "next")
      .mockResolvedValueOnce({ id: 11, data: { text: "Great." }, draft: null, prediction: PREDICTION })
      .mockResolvedValueOnce(null);
    const create = vi
      .spyOn(api, "createAnnotation")
      .mockImplementation(
        async (_item, body) => ({ id: 1, version: 1, ...body }) as unknown as SavedAnnotation,
      );
    renderProjectPage("label", <LabelingPage />);
    await screen.findByText(/Started from model sentibert v3/);
    expect(screen.getByRole("radio", { name: /neg/ }).getAttribute("aria-checked")).toBe("true");
    fireEvent.click(screen.getByRole("radio", { name: /pos/ }));
    fireEvent.click(screen.getByRole("button", { name: /^Submit/ }));
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0][1]).toMatchObject({ result: { sentiment: "pos" }, status: "submitted" });
  });

  it("without a prediction starts empty and says nothing", async () => {
    vi.spyOn(api, "next").mockResolvedValueOnce({
      id: 11,
      data: { text: "Great." },
      draft: null,
      prediction: null,
    });
    renderProjectPage("label", <LabelingPage />);
    await screen.findByText("Great.");
    expect(screen.queryByText(/Started from/)).toBeNull();
    expect(screen.getByRole("radio", { name: /neg/ }).getAttribute("aria-checked")).toBe("false");
  });
});
