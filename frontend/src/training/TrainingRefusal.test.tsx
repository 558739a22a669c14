import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { LabelingPage } from "../labeling/LabelingPage";
import { trainingMe } from "./fixtures";
import { SENTIMENT_PROJECT, renderProjectPage } from "../testing/projectPage";

vi.mock("../auth", () => ({ useAuth: () => ({ me: null, setMe: () => {} }) }));

function renderLabeling() {
  return renderProjectPage("label", <LabelingPage />);
}

describe("the labeling page's training refusals", () => {
  it.each([
    ["acknowledge_guideline", "Read the guideline", "/projects/5/guideline"],
    ["certification_required", "Go to training", "/projects/5/practice"],
    ["paused", "Start the refresher practice", "/projects/5/practice"],
  ])("%s: the message and a button to the step (without training/me)", async (code, label, href) => {
    vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
    vi.spyOn(api, "next").mockRejectedValue(
      new ApiError(403, { code: code as never, message: `server says ${code}` }),
    );
    vi.spyOn(api, "trainingMe").mockRejectedValue(new ApiError(0, { code: "network", message: "down" }));
    renderLabeling();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(`server says ${code}`);
    expect(screen.getByRole("link", { name: label }).getAttribute("href")).toBe(href);
  });

  it("takes the step from training/me when it can", async () => {
    vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
    vi.spyOn(api, "next").mockRejectedValue(
      new ApiError(403, { code: "certification_required", message: "pass the exam" }),
    );
    vi.spyOn(api, "trainingMe").mockResolvedValue(trainingMe({ step: "exam", practice: { met: true } }));
    renderLabeling();
    const link = await screen.findByRole("link", { name: "Take the exam" });
    expect(link.getAttribute("href")).toBe("/projects/5/exam");
  });

  it("other errors stay errors", async () => {
    vi.spyOn(api, "project").mockResolvedValue(SENTIMENT_PROJECT);
    vi.spyOn(api, "next").mockRejectedValue(new ApiError(403, { code: "forbidden", message: "no" }));
    renderLabeling();
    expect(await screen.findByText("no")).toBeTruthy();
    expect(document.querySelector(".training-refusal")).toBeNull();
  });
});
