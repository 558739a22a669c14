import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import type { AgreementReport, AnnotatorQuality, ConsensusPage, Project } from "../api/types";
import { QualityTab } from "../pages/tabs/QualityTab";
import { schema } from "../testing/controls";
import { SENTIMENT_PROJECT } from "../testing/projectPage";

const PROJECT: Project = {
  ...SENTIMENT_PROJECT,
  role: "manager",
  schema: schema({
    fields: { text: "text" },
    controls: [{ name: "sentiment", type: "choices", field: "text", options: ["pos", "neg"] }],
    overlap: 3,
  }),
};

const REPORT: AgreementReport = {
  overall_alpha: 0.5,
  n_items: 2,
  n_annotators: 3,
  controls: [
    {
      control: "sentiment",
      type: "choices",
      method: "krippendorff_alpha_nominal",
      alpha: 0.5,
      ci_low: 0.1,
      ci_high: 0.9,
      n_items: 12,
      too_few: false,
      n_annotations: 36,
      sampled_items: null,
    },
  ],
  min_items: 10,
};
const ANNOTATORS: AnnotatorQuality[] = ["a", "b", "c"].map((x) => ({
  annotator: `${x}@x.org`,
  n_annotations: 2,
  median_lead_time_ms: 1000,
  controls: {
    sentiment: {
      agreement_with_consensus: { value: 0.5, n: 12, too_few: false },
      reliability: { value: 0.8, n: 12, too_few: false },
    },
  },
}));
const CONSENSUS: ConsensusPage = {
  total: 2,
  items: [
    {
      item_id: 1,
      controls: {
        sentiment: { value: "pos", method: "dawid_skene", confidence: 1, agreement: 1, n_annotations: 3 },
      },
    },
    {
      item_id: 2,
      controls: {
        sentiment: {
          value: "neg",
          method: "dawid_skene",
          confidence: 0.6,
          agreement: 0.33,
          n_annotations: 3,
        },
      },
    },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe("quality tab", () => {
  it("loads the plot, the scorecards and a page of consensus", async () => {
    vi.spyOn(api, "agreement").mockResolvedValue(REPORT);
    vi.spyOn(api, "annotators").mockResolvedValue(ANNOTATORS);
    const consensus = vi.spyOn(api, "consensus").mockResolvedValue(CONSENSUS);
    render(<QualityTab project={PROJECT} />);
    expect(screen.getByText("Computing agreement…")).toBeTruthy();
    await screen.findByTestId("agreement-plot");
    await screen.findByTestId("scorecards");
    await screen.findByTestId("consensus-table");
    expect(consensus).toHaveBeenCalledWith(SENTIMENT_PROJECT.id, 1, 25, expect.anything());
    expect(screen.getByText("2 items")).toBeTruthy();
    expect(document.querySelectorAll("tr.low-agreement")).toHaveLength(1);
  });

  it("says so when nothing has been submitted", async () => {
    vi.spyOn(api, "agreement").mockResolvedValue({
      ...REPORT,
      n_items: 0,
      n_annotators: 0,
      overall_alpha: null,
    });
    vi.spyOn(api, "annotators").mockResolvedValue([]);
    vi.spyOn(api, "consensus").mockResolvedValue({ items: [], total: 0 });
    render(<QualityTab project={PROJECT} />);
    await screen.findByText("No submitted annotations yet.");
    expect(screen.queryByTestId("agreement-plot")).toBeNull();
    expect(screen.queryByText("Annotators")).toBeNull();
    expect(screen.queryByTestId("consensus-table")).toBeNull();
  });

  it("shows the server's error", async () => {
    vi.spyOn(api, "agreement").mockRejectedValue(new Error("only managers and reviewers <b>"));
    vi.spyOn(api, "annotators").mockRejectedValue(new Error("only managers and reviewers <b>"));
    vi.spyOn(api, "consensus").mockRejectedValue(new Error("only managers and reviewers <b>"));
    render(<QualityTab project={PROJECT} />);
    await waitFor(() => expect(screen.getAllByRole("alert").length).toBeGreaterThanOrEqual(2));
    expect(screen.getAllByRole("alert")[0].textContent).toBe("only managers and reviewers <b>");
  });
});
