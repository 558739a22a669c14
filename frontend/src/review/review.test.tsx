import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import { guidelineApi } from "../api/guidelines";
import {
  reviewApi,
  type MyAnnotation,
  type MyAnnotationsPage,
  type ReviewSummary,
  type ReviewTask,
} from "../api/review";
import type { Me, Project } from "../api/types";
import { AuthProvider } from "../auth";
import { SENTIMENT_PROJECT } from "../testing/projectPage";
import { MyWorkTab } from "./MyWorkTab";
import { ReviewPage } from "./ReviewPage";
import { ReviewTab, policyWords } from "./ReviewTab";

const project = (role: Project["role"]): Project => ({ ...SENTIMENT_PROJECT, role });

function withAuth(element: ReactElement, path = "/", route = "*") {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={element} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}

const rejected = (opened: boolean): MyAnnotation => ({
  id: 11,
  item_id: 3,
  data: { text: "Great, another <b>delay</b>." },
  result: { sentiment: "pos" },
  status: "submitted",
  version: 2,
  review_status: "rejected",
  updated_at: "2026-11-30T10:00:00Z",
  feedback: {
    review_id: 21,
    annotation_id: 11,
    item_id: 3,
    verdict: "reject",
    comment: "Irony reads negative.",
    guideline_section: "irony",
    created_at: "2026-11-30T10:00:00Z",
    opened_at: opened ? "2026-11-30T11:00:00Z" : null,
  },
});

const page = (items: MyAnnotation[], unopened: number): MyAnnotationsPage => ({
  items,
  total: items.length,
  unopened,
});

const task: ReviewTask = {
  tier: 1,
  item_id: 3,
  data: { text: "Great, another delay." },
  annotation: {
    id: 11,
    item_id: 3,
    author: "ann@x.org",
    result: { sentiment: "pos" },
    status: "submitted",
    lead_time_ms: 900,
    version: 2,
    created_at: "2026-11-30T10:00:00Z",
    updated_at: "2026-11-30T10:00:00Z",
    guideline_version_id: null,
    guideline_version: null,
    from_prediction: null,
    prediction_distance: null,
    imported: null,
  },
  earlier: [],
  pending: { tier1: 4, tier2: 0 },
};

beforeEach(() => {
  vi.spyOn(api, "me").mockResolvedValue({
    id: 1,
    email: "x@x.org",
    is_admin: false,
    shortcuts: {},
  } as unknown as Me);
});
afterEach(() => vi.restoreAllMocks());

describe("my work", () => {
  it("asks to open unopened feedback, opens it, then shows the comment and the section", async () => {
    const mine = vi
      .spyOn(reviewApi, "mine")
      .mockResolvedValueOnce(page([rejected(false)], 1))
      .mockResolvedValue(page([rejected(true)], 0));
    const open = vi.spyOn(reviewApi, "open").mockResolvedValue(rejected(true).feedback!);
    withAuth(<MyWorkTab project={project("annotator")} />);
    await screen.findByTestId("feedback-due");
    expect(screen.getByText("Great, another <b>delay</b>.")).toBeTruthy(); // as text, never markup
    expect(screen.queryByText("Irony reads negative.")).toBeNull(); // not before it is opened
    expect((screen.getByRole("button", { name: "Correct" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Open feedback" }));
    await waitFor(() => expect(open).toHaveBeenCalledWith(21));
    await screen.findByText("Irony reads negative.");
    expect(mine).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId("feedback-due")).toBeNull();
    const link = screen.getByRole("link", { name: /Guideline: irony/ });
    expect(link.getAttribute("href")).toBe("/projects/5/guideline#irony");
  });

  it("corrects an item in the Workspace and submits it from the version read", async () => {
    vi.spyOn(reviewApi, "mine").mockResolvedValue(page([rejected(true)], 0));
    const update = vi.spyOn(api, "updateAnnotation").mockResolvedValue({} as never);
    withAuth(<MyWorkTab project={project("annotator")} />);
    fireEvent.click(await screen.findByRole("button", { name: "Correct" }));
    const neg = await screen.findByRole("radio", { name: /neg/ });
    fireEvent.click(neg);
    fireEvent.click(screen.getByRole("button", { name: "Submit correction" }));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(11, {
        result: { sentiment: "neg" },
        status: "submitted",
        version: 2,
      }),
    );
  });
});

describe("review page", () => {
  function renderPage() {
    vi.spyOn(api, "project").mockResolvedValue(project("reviewer"));
    vi.spyOn(guidelineApi, "published").mockResolvedValue({
      sections: [
        { anchor: "irony", title: "Irony", depth: 2, line: 0, end_line: 3 },
        { anchor: "tone", title: "Tone", depth: 2, line: 3, end_line: 6 },
      ],
    } as never);
    return withAuth(<ReviewPage />, "/projects/5/review/next", "/projects/:projectId/review/next");
  }

  it("accepts with the A key and asks for the next", async () => {
    const next = vi.spyOn(reviewApi, "next").mockResolvedValueOnce(task).mockResolvedValue(null);
    const decide = vi.spyOn(reviewApi, "decide").mockResolvedValue({} as never);
    renderPage();
    await screen.findByText(/by ann@x.org/);
    expect(screen.getByRole("radio", { name: /pos/ }).getAttribute("aria-checked")).toBe("true");
    act(() => {
      fireEvent.keyDown(window, { key: "a" });
    });
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith(11, {
        verdict: "accept",
        comment: "",
        guideline_section: null,
        result: null,
      }),
    );
    await screen.findByText("Nothing to review");
    expect(next).toHaveBeenCalledTimes(2);
  });

  it("rejects only with a reason, citing the section picked", async () => {
    vi.spyOn(reviewApi, "next").mockResolvedValueOnce(task).mockResolvedValue(null);
    const decide = vi.spyOn(reviewApi, "decide").mockResolvedValue({} as never);
    renderPage();
    await screen.findByText(/by ann@x.org/);
    act(() => {
      fireEvent.keyDown(window, { key: "r" });
    });
    const reason = await screen.findByLabelText(/Reason/);
    fireEvent.click(screen.getByRole("button", { name: /Send back/ }));
    await screen.findByText("Write the reason first: the author reads it.");
    expect(decide).not.toHaveBeenCalled();
    fireEvent.change(reason, { target: { value: "Irony reads negative." } });
    await waitFor(() => expect(screen.getAllByRole("option").length).toBe(3));
    fireEvent.change(screen.getByLabelText("Guideline section"), { target: { value: "irony" } });
    fireEvent.click(screen.getByRole("button", { name: /Send back/ }));
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith(11, {
        verdict: "reject",
        comment: "Irony reads negative.",
        guideline_section: "irony",
        result: null,
      }),
    );
  });

  it("fixes in the Workspace and moves on when someone else decided first", async () => {
    vi.spyOn(reviewApi, "next").mockResolvedValueOnce(task).mockResolvedValue(null);
    const decide = vi
      .spyOn(reviewApi, "decide")
      .mockRejectedValue(new ApiError(409, { code: "not_pending_review", message: "decided" }));
    renderPage();
    await screen.findByText(/by ann@x.org/);
    fireEvent.click(screen.getByRole("button", { name: /Fix/ }));
    fireEvent.click(await screen.findByRole("radio", { name: /neg/ }));
    fireEvent.click(screen.getByRole("button", { name: "Save fix" }));
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith(11, {
        verdict: "fix",
        comment: "",
        guideline_section: null,
        result: { sentiment: "neg" },
      }),
    );
    await screen.findByText("Someone decided on that one meanwhile; here is the next.");
    await screen.findByText("Nothing to review");
  });
});

describe("review tab", () => {
  const summary: ReviewSummary = {
    sample: "share",
    share: 0.2,
    tiers: 2,
    pending: { tier1: 3, tier2: 1 },
    accepted: 5,
    rejected: 2,
    fixed: 1,
    unopened_feedback: 0,
    your_tiers: [1, 2],
  };

  it("shows the backlog per tier and the reviewers' scores to managers", async () => {
    vi.spyOn(reviewApi, "summary").mockResolvedValue(summary);
    vi.spyOn(reviewApi, "reviews").mockResolvedValue({ reviews: [], total: 0 });
    vi.spyOn(reviewApi, "reviewers").mockResolvedValue([
      {
        reviewer_id: 2,
        reviewer: "rev@x.org",
        reviews: 4,
        accepted: 2,
        rejected: 1,
        fixed: 1,
        gold: { n: 2, agreement: 0.5, fix_score: 1 },
        experts: { n: 3, agreed: 2, overturned: 1, agreement: 2 / 3 },
      },
    ]);
    withAuth(<ReviewTab project={project("manager")} />);
    expect((await screen.findByTestId("pending-tier1")).textContent).toBe("3");
    expect(screen.getByTestId("pending-tier2").textContent).toBe("1");
    await screen.findByText("rev@x.org");
    expect(screen.getByText("67%")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Start reviewing" }).getAttribute("href")).toBe(
      "/projects/5/review/next",
    );
  });

  it("asks reviewers for no scores", async () => {
    vi.spyOn(reviewApi, "summary").mockResolvedValue({
      ...summary,
      tiers: 1,
      pending: { tier1: 3, tier2: 0 },
    });
    const scores = vi.spyOn(reviewApi, "reviewers");
    withAuth(<ReviewTab project={project("reviewer")} />);
    await screen.findByTestId("pending-tier1");
    expect(screen.queryByTestId("pending-tier2")).toBeNull();
    expect(scores).not.toHaveBeenCalled();
  });

  it("lets managers change the policy and shows the new one", async () => {
    const load = vi
      .spyOn(reviewApi, "summary")
      .mockResolvedValueOnce(summary)
      .mockResolvedValue({ ...summary, sample: "adaptive", share: 0.3 });
    vi.spyOn(reviewApi, "reviews").mockResolvedValue({ reviews: [], total: 0 });
    vi.spyOn(reviewApi, "reviewers").mockResolvedValue([]);
    const patch = vi.spyOn(api, "updateProject").mockResolvedValue({} as never);
    withAuth(<ReviewTab project={project("manager")} />);
    const form = await screen.findByRole("form", { name: "Review policy" });
    fireEvent.change(screen.getByLabelText(/Sample for review/), { target: { value: "adaptive" } });
    fireEvent.change(screen.getByLabelText(/at least/), { target: { value: "30" } });
    fireEvent.submit(form);
    await waitFor(() =>
      expect(patch).toHaveBeenCalledWith(5, {
        consensus: { review: { sample: "adaptive", share: 0.3, tiers: 2 } },
      }),
    );
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    await screen.findByText(/At least 30% of submissions are reviewed/);
  });

  it("says the policy in words", () => {
    expect(policyWords({ sample: "all", share: 0.1, tiers: 1 })).toBe(
      "Every submission is reviewed; one tier.",
    );
    expect(policyWords({ sample: "adaptive", share: 0.1, tiers: 2 })).toContain(
      "more for new or less accurate",
    );
  });
});
