import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { finalApi } from "../../api/final";
import { SENTIMENT_PROJECT } from "../../testing/projectPage";
import { ItemPriority } from "./ItemPriority";

const MANAGER = { ...SENTIMENT_PROJECT, role: "manager" as const };

beforeEach(() => vi.restoreAllMocks());

describe("ItemPriority", () => {
  it("sets the typed priority on the selected items and reports how many changed", async () => {
    const set = vi.spyOn(finalApi, "setPriority").mockResolvedValue({ updated: 2 });
    const onDone = vi.fn();
    render(<ItemPriority project={MANAGER} selected={[4, 7]} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("button", { name: "Set priority of 2 selected" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(set).toHaveBeenCalledWith(MANAGER.id, [4, 7], 5);
    expect(onDone).toHaveBeenCalledWith({ kind: "ok", text: "2 items now have priority 5." });
  });

  it("needs a selection and a whole priority within bounds", () => {
    const set = vi.spyOn(finalApi, "setPriority");
    const { rerender } = render(<ItemPriority project={MANAGER} selected={[]} onDone={vi.fn()} />);
    const button = () => screen.getByRole("button", { name: /Set priority/ }) as HTMLButtonElement;
    expect(button().disabled).toBe(true);
    rerender(<ItemPriority project={MANAGER} selected={[4]} onDone={vi.fn()} />);
    expect(button().disabled).toBe(false);
    for (const bad of ["1001", "-1001", "1.5", ""]) {
      fireEvent.change(screen.getByLabelText("Priority"), { target: { value: bad } });
      expect(button().disabled).toBe(true);
    }
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "-1000" } });
    expect(button().disabled).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it("reports the server's refusal", async () => {
    vi.spyOn(finalApi, "setPriority").mockRejectedValue(new Error("This project is archived"));
    const onDone = vi.fn();
    render(<ItemPriority project={MANAGER} selected={[4]} onDone={onDone} />);
    fireEvent.click(screen.getByRole("button", { name: /Set priority/ }));
    await waitFor(() =>
      expect(onDone).toHaveBeenCalledWith({ kind: "error", text: "This project is archived" }),
    );
  });
});
