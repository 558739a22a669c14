import { fireEvent, render, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AnnotatorQuality } from "../api/types";
import { ALL, ReliabilityBars, ScorecardTable, reliabilityScale, scoreRows, sortRows } from "./Scorecards";

const r = (value: number | null, n: number) => ({ value, n, too_few: n < 10 });
const a = (
  annotator: string,
  n: number,
  sent: [number | null, number | null],
  rate: [number | null, number | null],
) =>
  ({
    annotator,
    n_annotations: n,
    median_lead_time_ms: 2000,
    controls: {
      sentiment: { agreement_with_consensus: r(sent[0], n + 10), reliability: r(sent[1], n + 10) },
      rating: { agreement_with_consensus: r(rate[0], n + 10), reliability: r(rate[1], n + 10) },
    },
  }) satisfies AnnotatorQuality;

const ANNOTATORS = [
  a("ann@x.org", 10, [0.9, 0.95], [0.8, 0.8]),
  a("bob@x.org", 4, [0.3, 0.4], [0.5, 0.5]),
  a("cy@x.org", 7, [null, null], [0.7, 0.7]),
];
const CONTROLS = ["sentiment", "rating"];

function names(container: HTMLElement): string[] {
  return [...container.querySelectorAll("tbody tr td:first-child")].map((td) => td.firstChild!.textContent!);
}

describe("annotator scorecards", () => {
  it("averages over controls, ignoring missing statistics", () => {
    const rows = scoreRows(ANNOTATORS, CONTROLS, ALL);
    expect(rows[0].reliability.value).toBeCloseTo(0.875);
    expect(rows[0].reliability.n).toBe(20);
    expect(rows[2].reliability.value).toBeCloseTo(0.7);
    expect(scoreRows(ANNOTATORS, CONTROLS, "sentiment")[2].reliability.value).toBeNull();
  });

  it("sorts with missing values last in both directions", () => {
    const rows = scoreRows(ANNOTATORS, CONTROLS, "sentiment");
    expect(sortRows(rows, "reliability", false).map((r) => r.annotator)).toEqual([
      "bob@x.org",
      "ann@x.org",
      "cy@x.org",
    ]);
    expect(sortRows(rows, "reliability", true).map((r) => r.annotator)).toEqual([
      "ann@x.org",
      "bob@x.org",
      "cy@x.org",
    ]);
    expect(sortRows(rows, "n_annotations", true).map((r) => r.annotator)).toEqual([
      "ann@x.org",
      "cy@x.org",
      "bob@x.org",
    ]);
  });

  it("sorts by the clicked column and flags annotators below the threshold", () => {
    const { container, getByRole } = render(
      <ScorecardTable annotators={ANNOTATORS} controls={CONTROLS} threshold={0.6} />,
    );
    expect(names(container)).toEqual(["bob@x.org", "cy@x.org", "ann@x.org"]); // reliability, worst first
    const below = container.querySelectorAll("tr.below");
    expect(below).toHaveLength(1);
    expect(below[0].textContent).toContain("bob@x.org");
    fireEvent.click(getByRole("button", { name: /Annotations/ }));
    expect(names(container)).toEqual(["ann@x.org", "cy@x.org", "bob@x.org"]);
    expect(getByRole("columnheader", { name: /Annotations/ }).getAttribute("aria-sort")).toBe("descending");
    fireEvent.click(getByRole("button", { name: /Annotations/ }));
    expect(names(container)).toEqual(["bob@x.org", "cy@x.org", "ann@x.org"]);
    fireEvent.change(getByRole("combobox", { name: "Scorecard control" }), { target: { value: "rating" } });
    fireEvent.click(getByRole("button", { name: /Agreement/ }));
    expect(names(container)).toEqual(["ann@x.org", "cy@x.org", "bob@x.org"]);
    expect(container.querySelectorAll("tr.below")).toHaveLength(1);
  });

  it("plots reliability bars per annotator with the low ones marked", () => {
    const { getAllByRole, container } = render(
      <ReliabilityBars control="sentiment" annotators={ANNOTATORS} threshold={0.6} />,
    );
    const rows = getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("aria-label"))).toEqual([
      "ann@x.org: reliability 0.95",
      "bob@x.org: reliability 0.40 (below threshold)",
      "cy@x.org: reliability —",
    ]);
    const bar = within(rows[0]).getByText("0.95").parentElement!.querySelector("rect")!;
    expect(Number(bar.getAttribute("x"))).toBe(reliabilityScale(0));
    expect(Number(bar.getAttribute("width"))).toBeCloseTo(reliabilityScale(0.95) - reliabilityScale(0));
    expect(rows[1].getAttribute("class")).toContain("below");
    expect(rows[2].querySelector("rect")).toBeNull();
    const line = container.querySelector("line.threshold")!;
    expect(Number(line.getAttribute("x1"))).toBeCloseTo(reliabilityScale(0.6));
  });

  it("shows too few items (n=…) instead of a number, with no bar and no flag", () => {
    const sparse: AnnotatorQuality[] = [
      {
        annotator: "new@x.org",
        n_annotations: 3,
        median_lead_time_ms: 1000,
        controls: {
          sentiment: { agreement_with_consensus: r(0.1, 3), reliability: r(0.05, 3) },
          rating: { agreement_with_consensus: r(0.2, 3), reliability: r(0.1, 3) },
        },
      },
    ];
    const table = render(<ScorecardTable annotators={sparse} controls={CONTROLS} threshold={0.6} />);
    const cells = [...table.container.querySelectorAll("tbody td.too-few")].map((td) => td.textContent);
    expect(cells).toEqual(["too few items (n=3)", "too few items (n=3)"]);
    expect(table.container.querySelector("tr.below")).toBeNull();
    expect(table.container.textContent).not.toContain("0.05");
    table.unmount();
    const bars = render(<ReliabilityBars control="sentiment" annotators={sparse} threshold={0.6} />);
    const [row] = bars.getAllByRole("listitem");
    expect(row.getAttribute("aria-label")).toBe("new@x.org: reliability too few items (n=3)");
    expect(row.querySelector("rect")).toBeNull();
  });
});
