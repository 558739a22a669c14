import { fireEvent, render, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AccuracyPoint, ConfusionMatrix, TeamRow } from "../api/types";
import { AccuracyChart } from "./AccuracyChart";
import { attentionText, pct } from "./attention";
import { CHART_BOX, accuracyChart, pointLabel, pointValue } from "./chart";
import { cellShare, rowTotals, visibleLabels } from "./confusion";
import { ConfusionTable } from "./ConfusionTable";
import { TeamTable } from "./TeamTab";

const day = (d: string, accuracy: number, n = 2): AccuracyPoint => ({
  day: d,
  index: null,
  at: `${d}T00:00:00Z`,
  n,
  accuracy,
  rolling: null,
  controls: {},
});

describe("accuracy chart geometry", () => {
  it("places days left to right on a [0, 1] axis, higher accuracy higher up", () => {
    const g = accuracyChart([day("2026-11-01", 0.5), day("2026-11-02", 1), day("2026-11-03", 0)], 0.6);
    expect(g.dots.map((d) => d.label)).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(g.dots[0].x).toBe(CHART_BOX.left);
    expect(g.dots[2].x).toBe(CHART_BOX.width - CHART_BOX.right);
    expect(g.dots[1].y).toBe(CHART_BOX.top);
    expect(g.dots[2].y).toBe(CHART_BOX.height - CHART_BOX.bottom);
    expect(g.path.startsWith("M")).toBe(true);
    expect(g.path.split("L")).toHaveLength(3);
    expect(g.threshold).toBeGreaterThan(g.dots[1].y);
    expect(g.threshold).toBeLessThan(g.dots[0].y);
  });

  it("one point sits in the middle, no line; no threshold, none drawn; NaN never reaches the SVG", () => {
    const one = accuracyChart([day("2026-11-01", 0.8)], null);
    expect(one.dots).toHaveLength(1);
    expect(one.path).toBe("");
    expect(one.threshold).toBeNull();
    expect(one.dots[0].x).toBe((CHART_BOX.left + CHART_BOX.width - CHART_BOX.right) / 2);
    const bad = accuracyChart([day("2026-11-01", Number.NaN), day("2026-11-02", 0.5)], Number.NaN);
    expect(bad.dots).toHaveLength(1);
    expect(bad.threshold).toBeNull();
    expect(JSON.stringify(bad)).not.toContain("NaN");
  });

  it("per answer: labels by index and draws the rolling mean", () => {
    const p: AccuracyPoint = { day: null, index: 3, at: "x", n: 1, accuracy: 0, rolling: 0.75, controls: {} };
    expect(pointLabel(p)).toBe("#3");
    expect(pointValue(p)).toBe(0.75);
  });

  it("thins the x labels but keeps the last", () => {
    const points = Array.from({ length: 12 }, (_, i) =>
      day(`2026-11-${String(i + 1).padStart(2, "0")}`, 0.5),
    );
    const g = accuracyChart(points, null, CHART_BOX, 4);
    expect(g.xTicks.length).toBeLessThanOrEqual(5);
    expect(g.xTicks[g.xTicks.length - 1].label).toBe("2026-11-12");
  });

  it("renders a dot per point with its value in the tooltip", () => {
    const { container, getByTestId } = render(
      <AccuracyChart points={[day("2026-11-01", 0.5), day("2026-11-02", 1)]} threshold={0.6} />,
    );
    expect(getByTestId("accuracy-chart")).toBeTruthy();
    expect(container.querySelectorAll("circle")).toHaveLength(2);
    expect(container.querySelector("circle title")!.textContent).toBe("2026-11-01: 50% (n=2)");
    expect(container.querySelector("line.threshold")).not.toBeNull();
  });
});

const MATRIX: ConfusionMatrix = {
  control: "sentiment",
  labels: ["positive", "negative", "neutral"],
  matrix: [
    [3, 0, 0],
    [3, 1, 0],
    [0, 0, 0],
  ],
  n: 7,
  accuracy: 4 / 7,
};

describe("confusion table", () => {
  it("row totals, shares, and only the rows and columns that matter", () => {
    expect(rowTotals(MATRIX)).toEqual([3, 4, 0]);
    expect(cellShare(MATRIX, 1, 0)).toBe(0.75);
    expect(cellShare(MATRIX, 2, 0)).toBe(0);
    expect(visibleLabels(MATRIX)).toEqual({ rows: [0, 1], cols: [0, 1] });
  });

  it("renders gold rows against answer columns, wrong cells marked", () => {
    const { getByTestId } = render(<ConfusionTable matrix={MATRIX} />);
    const table = getByTestId("confusion-sentiment");
    const rows = table.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(2);
    expect(within(rows[1] as HTMLElement).getByText("negative")).toBeTruthy();
    expect(rows[1].querySelector("td.wrong")!.textContent).toBe("3");
    expect(rows[1].querySelector("td.right")!.textContent).toBe("1");
  });
});

let nextId = 0;
const rate = (value: number | null, n: number) => ({ value, n, too_few: n < 10 });
const row = (email: string, attention: TeamRow["attention"], extra: Partial<TeamRow> = {}): TeamRow => ({
  rank: 1,
  user_id: ++nextId,
  email,
  role: "annotator",
  items_done: 12,
  median_lead_time_ms: 1500,
  honeypot_accuracy: rate(0.625, 6),
  weakest_control: "sentiment",
  weakest_accuracy: rate(0.5, 6),
  agreement: rate(null, 0),
  practice_answers: 0,
  practice_mean_score: null,
  exams_taken: 0,
  last_exam_passed: null,
  certified: false,
  paused: attention.includes("paused"),
  attention,
  ...extra,
});

describe("team table", () => {
  it("keeps the server's order, says why each needs help, and drills down on click", () => {
    const onSelect = vi.fn();
    const rows = [
      row("pat@x.org", ["paused"]),
      row("lazy@x.org", ["low_honeypot_accuracy", "not_certified"]),
      row("good@x.org", [], {
        weakest_accuracy: rate(1, 6),
        exams_taken: 2,
        last_exam_passed: true,
        certified: true,
      }),
    ];
    const { getByTestId } = render(<TeamTable rows={rows} below={0.6} selected={null} onSelect={onSelect} />);
    const body = getByTestId("team-table").querySelectorAll("tbody tr");
    expect([...body].map((tr) => tr.querySelector("td")!.textContent)).toEqual([
      "pat@x.org",
      "lazy@x.org",
      "good@x.org",
    ]);
    expect(body[1].className).toContain("attention");
    expect(body[1].textContent).toContain("low accuracy on quality checks, not certified");
    expect(body[1].querySelector(".below")).not.toBeNull();
    expect(body[2].querySelector(".below")).toBeNull();
    expect(body[2].textContent).toContain("2 taken, last passed");
    fireEvent.click(within(body[1] as HTMLElement).getByRole("button"));
    expect(onSelect).toHaveBeenCalledWith(rows[1].user_id);
  });

  it("words and percentages", () => {
    expect(attentionText(row("a", ["exam_failed", "paused"]))).toBe("failed the exam, paused");
    expect(pct(0.625)).toBe("63%");
    expect(pct(null)).toBe("—");
  });
});
