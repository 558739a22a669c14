import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { api } from "../api/endpoints";
import type { PauseView } from "../api/types";
import { PausesPanel } from "./PausesPanel";

const PAUSE: PauseView = {
  id: 1,
  user_id: 7,
  email: "ann@example.org",
  reason: "Honeypot accuracy on sentiment fell to 40%",
  control: "sentiment",
  accuracy: 0.4,
  focus_labels: ["pos"],
  started_at: "2026-01-01T10:00:00Z",
  lifted_at: null,
  lifted_by_attempt_id: null,
  lifted_by_user_id: null,
};

describe("PausesPanel", () => {
  it("lists open pauses with their reason and focus, and lifts one", async () => {
    vi.spyOn(api, "pauses")
      .mockResolvedValueOnce([PAUSE])
      .mockResolvedValueOnce([{ ...PAUSE, lifted_at: "2026-01-02T10:00:00Z", lifted_by_user_id: 1 }]);
    const lift = vi.spyOn(api, "liftPause").mockResolvedValueOnce(PAUSE);
    vi.spyOn(window, "confirm").mockReturnValue(true);
    render(<PausesPanel projectId={3} />);
    const table = await screen.findByRole("table", { name: "Paused annotators" });
    expect(table.textContent).toContain("Honeypot accuracy on sentiment fell to 40%");
    expect(table.textContent).toContain("sentiment: 40%");
    expect(table.textContent).toContain("pos");
    fireEvent.click(screen.getByRole("button", { name: "Lift pause" }));
    await waitFor(() => expect(screen.getByText("Nobody is paused.")).toBeTruthy());
    expect(lift).toHaveBeenCalledWith(3, 7);
    expect(screen.getByText("1 lifted")).toBeTruthy();
  });
});
