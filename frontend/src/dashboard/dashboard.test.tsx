import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dashboardApi, type AlertRule, type Dashboard } from "../api/dashboard";
import { costsApi, type CostReport } from "../api/teams";
import type { Project } from "../api/types";
import { CHART_BOX } from "../scorecards/chart";
import { schema } from "../testing/controls";
import { SENTIMENT_PROJECT } from "../testing/projectPage";
import { AlertsPanel } from "./AlertsPanel";
import { forecastText } from "./Charts";
import { barChart, dayPoints, niceMax, pairLabels, pairShade, progressShares } from "./charts";
import { DashboardTab, staleText } from "./DashboardTab";

const DATA: Dashboard = {
  days: 3,
  recent_days: 1,
  drift_threshold: 0.1,
  generated_at: "2026-11-30T10:00:00Z",
  computed_at: "2026-11-30T10:00:00Z",
  stale: false,
  progress: {
    total_items: 14,
    items_complete: 10,
    items_final: 3,
    annotations_needed: 28,
    annotations_done: 20,
    annotations_submitted: 20,
  },
  forecast: {
    method: "median",
    remaining_annotations: 8,
    rate_per_day: 10,
    days_used: 3,
    expected: "2026-12-01",
    earliest: "2026-12-01",
    latest: "2026-12-02",
    done: false,
  },
  throughput: [
    { day: "2026-11-28", count: 10 },
    { day: "2026-11-29", count: 8 },
    { day: "2026-11-30", count: 10 },
  ],
  agreement: [
    { day: "2026-11-28", n_items: 5, agreement: 0.6, controls: { sentiment: 0.6 } },
    { day: "2026-11-30", n_items: 5, agreement: 0.4, controls: { sentiment: 0.4 } },
  ],
  honeypot_accuracy: [{ day: "2026-11-29", n: 8, accuracy: 0.75 }],
  team_confusion: [
    {
      control: "sentiment",
      labels: ["positive", "negative", "neutral"],
      matrix: [
        [5, 5, 0],
        [5, 0, 0],
        [0, 0, 0],
      ],
      n_pairs: 10,
      agreement: 0.5,
    },
  ],
  gold_confusion: [
    {
      control: "sentiment",
      labels: ["positive", "negative", "neutral"],
      matrix: [
        [4, 0, 0],
        [2, 2, 0],
        [0, 0, 0],
      ],
      n: 8,
      accuracy: 0.75,
    },
  ],
  confused_most: [],
  drifting: [
    {
      user_id: 3,
      email: "lazy@example.com",
      metric: "agreement",
      baseline: 0.6,
      recent: 0.4,
      change: -0.2,
      n_baseline: 5,
      n_recent: 5,
    },
  ],
  backlogs: { review: [{ tier: 1, count: 4 }], review_total: 4, adjudication: 2 },
};

const PROJECT = (role: "manager" | "reviewer"): Project => ({
  ...SENTIMENT_PROJECT,
  role,
  schema: schema({ fields: { text: "text" }, controls: [], overlap: 2 }),
});

const COSTS: CostReport = {
  people: [],
  annotations: 6,
  active_hours: 2,
  reviews: 2,
  cost: 1234.5,
  final_labels: 3,
  final_source: "final_labels",
  cost_per_final_label: 411.5,
  overlap_cost: 600,
  review_cost: 3,
  review_hours_each: 0.1,
  unrated: 1,
};

const RULE: AlertRule = {
  id: 7,
  metric: "review_backlog",
  direction: "above",
  threshold: 10,
  webhook_url: null,
  enabled: true,
  firing: true,
  created_at: "2026-11-30T09:00:00Z",
};

afterEach(() => vi.restoreAllMocks());

describe("dashboard chart geometry", () => {
  it("bars grow with the count on a nice axis, never NaN", () => {
    const g = barChart(DATA.throughput);
    expect(g.max).toBe(10);
    expect(g.bars).toHaveLength(3);
    expect(g.bars[0].y).toBe(CHART_BOX.top);
    expect(g.bars[1].height).toBeLessThan(g.bars[0].height);
    expect(g.bars[1].height).toBeCloseTo(g.bars[0].height * 0.8);
    const empty = barChart([{ day: "2026-11-30", count: Number.NaN }]);
    expect(JSON.stringify(empty)).not.toContain("NaN");
    expect(empty.bars[0].height).toBe(0);
  });

  it("nice maxima", () => {
    expect([0, 1, 3, 7, 10, 11, 480].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 500]);
  });

  it("progress shares stay in [0, 1]", () => {
    expect(progressShares(DATA.progress)).toEqual({ items: 10 / 14, annotations: 20 / 28, final: 3 / 14 });
    expect(progressShares({ ...DATA.progress, total_items: 0, annotations_needed: 0 }).items).toBe(0);
  });

  it("day series become the accuracy chart's points, missing values dropped", () => {
    const points = dayPoints([
      { day: "2026-11-28", n: 5, value: 0.6 },
      { day: "2026-11-29", n: 0, value: null },
    ]);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ day: "2026-11-28", accuracy: 0.6, n: 5 });
  });

  it("team confusion shades disagreements against the largest one", () => {
    const c = DATA.team_confusion[0];
    expect(pairLabels(c)).toEqual([0, 1]);
    expect(pairShade(c, 0, 1)).toBe(1);
    expect(pairShade(c, 0, 0)).toBe(1);
    expect(pairShade(c, 2, 2)).toBe(0);
  });

  it("forecast text", () => {
    expect(forecastText(DATA.forecast)).toContain("done around 2026-12-01");
    expect(forecastText({ ...DATA.forecast, expected: null, earliest: null, latest: null })).toContain(
      "no recent pace",
    );
    expect(forecastText({ ...DATA.forecast, done: true })).toMatch(/^Done/);
  });
});

describe("DashboardTab", () => {
  it("says how old stale series are and asks again until they are fresh", async () => {
    const old = new Date(Date.now() - 3 * 60000 - 5000).toISOString();
    const get = vi
      .spyOn(dashboardApi, "get")
      .mockResolvedValueOnce({ ...DATA, stale: true, computed_at: old })
      .mockResolvedValueOnce({ ...DATA, stale: true, computed_at: old })
      .mockResolvedValue({ ...DATA, stale: false });
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    render(<DashboardTab project={PROJECT("reviewer")} pollMs={20} />);
    const notice = await screen.findByTestId("dashboard-stale");
    expect(notice.textContent).toBe("Updated 3 minutes ago; refreshing…");
    expect(screen.getByTestId("throughput-chart")).toBeTruthy(); // the old series stay on screen
    await waitFor(() => expect(screen.queryByTestId("dashboard-stale")).toBeNull());
    expect(get).toHaveBeenCalledTimes(3);
    await new Promise((r) => setTimeout(r, 80));
    expect(get).toHaveBeenCalledTimes(3); // fresh: no more polling
  });

  it("words the age of the series", () => {
    const at = "2026-11-30T10:00:00Z";
    const t = Date.parse(at);
    expect(staleText(at, t + 30000)).toBe("Updated less than a minute ago; refreshing…");
    expect(staleText(at, t + 61000)).toBe("Updated 1 minute ago; refreshing…");
    expect(staleText(at, t + 125 * 60000)).toBe("Updated 125 minutes ago; refreshing…");
  });

  it("draws charts, tiles and lists from the dashboard", async () => {
    vi.spyOn(dashboardApi, "get").mockResolvedValue(DATA);
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    render(<DashboardTab project={PROJECT("reviewer")} />);
    const chart = await screen.findByTestId("throughput-chart");
    expect(chart.querySelectorAll("rect.bar")).toHaveLength(3);
    expect(
      within(screen.getByTestId("agreement-chart")).getByTestId("accuracy-chart").querySelectorAll("circle"),
    ).toHaveLength(2);
    expect(
      within(screen.getByTestId("honeypot-chart")).getByTestId("accuracy-chart").querySelectorAll("circle"),
    ).toHaveLength(1);
    expect(screen.getByTestId("progress-items").textContent).toContain("10 / 14");
    expect(screen.getByTestId("forecast").textContent).toContain("8 annotations remain");
    expect(screen.getByTestId("review-backlog").textContent).toBe("4");
    expect(screen.getByTestId("adjudication-backlog").textContent).toBe("2");
    expect(screen.getByTestId("drifting").textContent).toContain("lazy@example.com");
    expect(screen.getByTestId("team-confusion-sentiment")).toBeTruthy();
    expect(screen.getByTestId("confusion-sentiment")).toBeTruthy();
    // a reviewer reads the rules but gets no editor
    await screen.findByText("No alert rules yet.");
    expect(screen.queryByTestId("rule-form")).toBeNull();
  });

  it("shows managers a cost tile with links to the Time & cost tab and the CSV", async () => {
    vi.spyOn(dashboardApi, "get").mockResolvedValue(DATA);
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    const report = vi.spyOn(costsApi, "report").mockResolvedValue(COSTS);
    render(
      <MemoryRouter>
        <DashboardTab project={PROJECT("manager")} />
      </MemoryRouter>,
    );
    expect((await screen.findByTestId("tile-cost-total")).textContent).toBe("1,234.50");
    expect(report).toHaveBeenCalledWith(SENTIMENT_PROJECT.id, expect.anything());
    expect(screen.getByTestId("tile-cost-per-final").textContent).toBe("411.50");
    expect(screen.getByTestId("tile-overlap-cost").textContent).toBe("600.00");
    expect(screen.getByTestId("tile-review-cost").textContent).toBe("3.00");
    const tile = screen.getByTestId("cost-tile");
    expect(tile.textContent).toContain("1 person has work but no rate");
    expect(
      within(tile)
        .getByRole("link", { name: /Details/ })
        .getAttribute("href"),
    ).toBe(`/projects/${SENTIMENT_PROJECT.id}/cost`);
    expect(screen.getByTestId("tile-cost-csv").getAttribute("href")).toBe(
      `/api/projects/${SENTIMENT_PROJECT.id}/costs.csv`,
    );
  });

  it("shows no cost tile to reviewers and does not ask for the costs", async () => {
    vi.spyOn(dashboardApi, "get").mockResolvedValue(DATA);
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    const report = vi.spyOn(costsApi, "report").mockResolvedValue(COSTS);
    render(<DashboardTab project={PROJECT("reviewer")} />);
    await screen.findByTestId("throughput-chart");
    expect(screen.queryByTestId("cost-tile")).toBeNull();
    expect(report).not.toHaveBeenCalled();
  });

  it("says so in the tile when the costs cannot be read", async () => {
    vi.spyOn(dashboardApi, "get").mockResolvedValue(DATA);
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    vi.spyOn(costsApi, "report").mockRejectedValue(new Error("<b>no costs</b>"));
    render(
      <MemoryRouter>
        <DashboardTab project={PROJECT("manager")} />
      </MemoryRouter>,
    );
    const tile = await screen.findByTestId("cost-tile");
    await waitFor(() => expect(within(tile).getByRole("alert").textContent).toBe("<b>no costs</b>"));
    expect(tile.querySelector("b")).toBeNull();
  });

  it("asks for another period when one is chosen", async () => {
    const get = vi.spyOn(dashboardApi, "get").mockResolvedValue(DATA);
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    vi.spyOn(costsApi, "report").mockResolvedValue(COSTS);
    render(
      <MemoryRouter>
        <DashboardTab project={PROJECT("manager")} />
      </MemoryRouter>,
    );
    await screen.findByTestId("throughput-chart");
    expect(get).toHaveBeenLastCalledWith(SENTIMENT_PROJECT.id, 30, expect.anything());
    fireEvent.change(screen.getByLabelText("Period"), { target: { value: "7" } });
    await waitFor(() => expect(get).toHaveBeenLastCalledWith(SENTIMENT_PROJECT.id, 7, expect.anything()));
    expect(screen.getByTestId("rule-form")).toBeTruthy(); // a manager edits rules
  });

  it("shows the server's error as text", async () => {
    vi.spyOn(dashboardApi, "get").mockRejectedValue(new Error("this needs the reviewer role <b>"));
    vi.spyOn(dashboardApi, "rules").mockRejectedValue(new Error("no"));
    vi.spyOn(dashboardApi, "alerts").mockRejectedValue(new Error("no"));
    render(<DashboardTab project={PROJECT("reviewer")} />);
    expect((await screen.findByRole("alert")).textContent).toBe("this needs the reviewer role <b>");
  });
});

describe("AlertsPanel", () => {
  it("a manager adds a rule and sees it listed, firing rules marked", async () => {
    const rules = vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([
      {
        id: 1,
        rule_id: 7,
        metric: "review_backlog",
        value: 12,
        message: "review_backlog is 12, above the threshold 10",
        details: {},
        webhook_status: "delivered (HTTP 204)",
        fired_at: "2026-11-30T10:00:00Z",
      },
    ]);
    const create = vi.spyOn(dashboardApi, "createRule").mockResolvedValue(RULE);
    render(<AlertsPanel projectId={1} canEdit />);
    expect((await screen.findByTestId("alert-history")).textContent).toContain("delivered (HTTP 204)");
    rules.mockResolvedValue([RULE]);
    fireEvent.change(screen.getByLabelText("Metric"), { target: { value: "review_backlog" } });
    fireEvent.change(screen.getByLabelText("Direction"), { target: { value: "above" } });
    fireEvent.change(screen.getByLabelText("Threshold"), { target: { value: "10" } });
    fireEvent.click(screen.getByRole("button", { name: "Add rule" }));
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith(1, {
        metric: "review_backlog",
        direction: "above",
        threshold: 10,
        webhook_url: null,
      }),
    );
    const table = await screen.findByTestId("alert-rules");
    expect(table.textContent).toContain("Review backlog above 10");
    expect(table.textContent).toContain("firing");
  });

  it("a threshold that is not a number cannot be sent", async () => {
    vi.spyOn(dashboardApi, "rules").mockResolvedValue([]);
    vi.spyOn(dashboardApi, "alerts").mockResolvedValue([]);
    render(<AlertsPanel projectId={1} canEdit />);
    fireEvent.change(await screen.findByLabelText("Threshold"), { target: { value: "abc" } });
    expect((screen.getByRole("button", { name: "Add rule" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
