import { render, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AgreementReport } from "../api/types";
import { AgreementPlot, AgreementTable, alphaScale, methodLabel, PLOT_X0, PLOT_X1 } from "./AgreementPlot";

type Row = AgreementReport["controls"][number];
const row = (over: Partial<Row>): Row => ({
  control: "c",
  type: "choices",
  method: "krippendorff_alpha_nominal",
  alpha: 0.5,
  ci_low: 0.25,
  ci_high: 0.75,
  n_items: 10,
  too_few: false,
  n_annotations: 30,
  sampled_items: null,
  ...over,
});

function attrs(container: Element): string[] {
  return [...container.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.value));
}

describe("agreement plot", () => {
  it("draws one row per control with its point and interval bar", () => {
    const controls = [
      row({ control: "sentiment", alpha: 0.9, ci_low: 0.8, ci_high: 1 }),
      row({ control: "rating", type: "rating", alpha: -0.2, ci_low: -0.6, ci_high: 0.3 }),
    ];
    const { getByTestId } = render(<AgreementPlot controls={controls} />);
    const plot = getByTestId("agreement-plot");
    const rows = within(plot as unknown as HTMLElement).getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute("aria-label")).toBe(
      "sentiment: alpha 0.90, 95% interval 0.80 to 1.00, 10 items",
    );

    const circle = rows[1].querySelector("circle")!;
    expect(Number(circle.getAttribute("cx"))).toBeCloseTo(alphaScale(-0.2));
    expect(circle.getAttribute("class")).toContain("poor");
    const bar = rows[1].querySelector(".ci rect")!;
    expect(Number(bar.getAttribute("x"))).toBeCloseTo(alphaScale(-0.6));
    expect(Number(bar.getAttribute("width"))).toBeCloseTo(alphaScale(0.3) - alphaScale(-0.6));
    // the values are there as text too
    expect(rows[1].textContent).toContain("-0.20 [-0.60, 0.30]");
  });

  it("maps -1, 0 and 1 to the plot's left edge, middle and right edge", () => {
    expect(alphaScale(-1)).toBe(PLOT_X0);
    expect(alphaScale(1)).toBe(PLOT_X1);
    expect(alphaScale(0)).toBe((PLOT_X0 + PLOT_X1) / 2);
  });

  it("shows a control without an estimate as text, never NaN geometry", () => {
    const controls = [
      row({ control: "empty", alpha: null, ci_low: null, ci_high: null, n_items: 0 }),
      row({ control: "nan", alpha: Number.NaN, ci_low: Number.NaN, ci_high: 0.4 }),
      row({ control: "no-ci", alpha: 0.7, ci_low: null, ci_high: null }),
    ];
    const { container, getAllByRole } = render(<AgreementPlot controls={controls} />);
    const rows = getAllByRole("listitem");
    expect(rows[0].querySelector("circle")).toBeNull();
    expect(rows[0].querySelector(".ci")).toBeNull();
    expect(rows[0].textContent).toContain("no estimate");
    expect(rows[0].getAttribute("aria-label")).toBe("empty: no estimate yet");
    expect(rows[1].querySelector("circle")).toBeNull();
    expect(rows[1].querySelector(".ci")).toBeNull();
    expect(rows[2].querySelector("circle")).not.toBeNull();
    expect(rows[2].querySelector(".ci")).toBeNull();
    expect(rows[2].textContent).toContain("0.70");
    expect(attrs(container).filter((v) => v.includes("NaN") || v.includes("Infinity"))).toEqual([]);
  });

  it("keeps a control name with markup as text", () => {
    const xss = `<img src=x onerror=alert(1)>`;
    const { container } = render(
      <>
        <AgreementPlot controls={[row({ control: xss })]} />
        <AgreementTable controls={[row({ control: xss, sampled_items: 5 })]} />
      </>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toContain(xss);
    expect(container.textContent).toContain("sampled 5");
  });

  it("names methods readably", () => {
    expect(methodLabel("krippendorff_alpha_nominal")).toBe("Krippendorff's α, nominal");
    expect(methodLabel("krippendorff_alpha_distance")).toBe("Krippendorff's α, distance");
    expect(methodLabel("other")).toBe("other");
  });

  it("shows too few items instead of a number, with no point and no interval", () => {
    const controls = [row({ control: "sparse", alpha: 0.9, n_items: 3, too_few: true })];
    const { getByTestId, container } = render(
      <>
        <AgreementPlot controls={controls} />
        <AgreementTable controls={controls} />
      </>,
    );
    const [item] = within(getByTestId("agreement-plot") as unknown as HTMLElement).getAllByRole("listitem");
    expect(item.getAttribute("aria-label")).toBe("sparse: alpha too few items (n=3)");
    expect(item.querySelector("circle")).toBeNull();
    expect(item.querySelector(".ci")).toBeNull();
    expect(container.querySelector(".agreement-table tbody")!.textContent).toContain("too few items (n=3)");
    expect(container.textContent).not.toContain("0.90");
  });
});
