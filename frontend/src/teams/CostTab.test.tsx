import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { costsApi, type CostReport } from "../api/teams";
import { SENTIMENT_PROJECT } from "../testing/projectPage";
import { CostTab } from "./CostTab";

const REPORT: CostReport = {
  people: [
    {
      user_id: 2,
      email: "a@example.com",
      role: "annotator",
      rate_kind: "hourly",
      rate: 30,
      annotations: 2,
      active_hours: 1,
      reviews: 0,
      annotation_cost: 30,
      review_cost: 0,
      cost: 30,
    },
    {
      user_id: 3,
      email: "<b>r</b>@example.com",
      role: "reviewer",
      rate_kind: null,
      rate: null,
      annotations: 0,
      active_hours: 0,
      reviews: 2,
      annotation_cost: 0,
      review_cost: 0,
      cost: 0,
    },
  ],
  annotations: 2,
  active_hours: 1,
  reviews: 2,
  cost: 30,
  final_labels: 2,
  final_source: "complete_items",
  cost_per_final_label: 15,
  overlap_cost: 10,
  review_cost: 0,
  review_hours_each: 0.5,
  unrated: 1,
};

beforeEach(() => vi.restoreAllMocks());

describe("CostTab", () => {
  it("shows the figures, the chart, the people and the CSV link", async () => {
    vi.spyOn(costsApi, "report").mockResolvedValue(REPORT);
    render(<CostTab project={SENTIMENT_PROJECT} />);
    expect((await screen.findByTestId("cost-total")).textContent).toBe("30.00");
    expect(screen.getByTestId("cost-per-final").textContent).toBe("15.00");
    expect(screen.getByText(/2 items with all their annotations/)).toBeTruthy();
    expect(screen.getByText(/30\.0 min per review/)).toBeTruthy();
    expect(screen.getByRole("note").textContent).toMatch(/1 person has work but no rate/);
    expect(screen.getByTestId("cost-chart").querySelectorAll("rect.labeling")).toHaveLength(2);
    // Emails are text, never markup.
    expect(screen.getAllByText("<b>r</b>@example.com").length).toBeGreaterThan(0);
    const csv = screen.getByTestId("cost-csv");
    expect(csv.getAttribute("href")).toBe(`/api/projects/${SENTIMENT_PROJECT.id}/costs.csv`);
  });

  it("says so when the report cannot be read", async () => {
    vi.spyOn(costsApi, "report").mockRejectedValue(new Error("this needs the manager role"));
    render(<CostTab project={SENTIMENT_PROJECT} />);
    expect(await screen.findByText("this needs the manager role")).toBeTruthy();
  });
});
