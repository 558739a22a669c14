import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Distribution } from "./WorkshopPage";

describe("Distribution", () => {
  it("shows each answer's count, most given first, and marks a split", () => {
    render(
      <Distribution
        d={{ control: "sentiment", counts: { negative: 2, positive: 2, neutral: 1 }, answered: 5 }}
      />,
    );
    expect(screen.getByTestId("count-sentiment-negative").textContent).toBe("2");
    expect(screen.getByTestId("count-sentiment-neutral").textContent).toBe("1");
    const labels = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(labels[0]).toMatch(/^negative/);
    expect(labels[2]).toMatch(/^neutral/);
    expect(screen.getByText(/split/)).toBeTruthy();
  });

  it("does not call a clear majority split", () => {
    render(<Distribution d={{ control: "stars", counts: { "4": 4 }, answered: 4 }} />);
    expect(screen.queryByText(/split/)).toBeNull();
  });
});
