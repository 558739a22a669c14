import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActiveTimer, IDLE_MS, watchActivity } from "./activeTime";

describe("ActiveTimer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => Date.now();

  it("counts time after input, up to the idle limit", () => {
    const timer = new ActiveTimer(clock);
    timer.activity();
    vi.advanceTimersByTime(10_000);
    expect(timer.take()).toBe(10_000);
    vi.advanceTimersByTime(60_000); // 20 s more were active, then idle
    expect(timer.take()).toBe(IDLE_MS - 10_000);
    vi.advanceTimersByTime(60_000);
    expect(timer.take()).toBe(0);
  });

  it("counts nothing before the first input", () => {
    const timer = new ActiveTimer(clock);
    vi.advanceTimersByTime(5_000);
    expect(timer.take()).toBe(0);
  });

  it("keeps counting while input keeps coming, and idle gaps are left out", () => {
    const timer = new ActiveTimer(clock);
    for (let i = 0; i < 6; i++) {
      timer.activity();
      vi.advanceTimersByTime(20_000); // input every 20 s: all active
    }
    expect(timer.take()).toBe(120_000);
    timer.activity();
    vi.advanceTimersByTime(100_000); // 30 s active, 70 s idle
    timer.activity();
    vi.advanceTimersByTime(5_000);
    expect(timer.take()).toBe(IDLE_MS + 5_000);
  });

  it("leaves out hidden time and needs input after the tab comes back", () => {
    const timer = new ActiveTimer(clock);
    timer.activity();
    vi.advanceTimersByTime(4_000);
    timer.setVisible(false);
    vi.advanceTimersByTime(10_000);
    timer.setVisible(true);
    vi.advanceTimersByTime(10_000);
    expect(timer.take()).toBe(4_000);
    timer.activity(); // input while hidden never counts; now visible again
    vi.advanceTimersByTime(1_000);
    expect(timer.take()).toBe(1_000);
  });

  it("is fed by the page's keys, pointer and playing media", () => {
    const timer = new ActiveTimer(clock);
    const stop = watchActivity(timer);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(IDLE_MS + 10_000);
    const video = document.createElement("video");
    document.body.append(video);
    video.dispatchEvent(new Event("timeupdate")); // does not bubble: caught in the capture phase
    vi.advanceTimersByTime(2_000);
    expect(timer.take()).toBe(IDLE_MS + 2_000);
    stop();
    vi.advanceTimersByTime(IDLE_MS);
    timer.take();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    vi.advanceTimersByTime(2_000);
    expect(timer.take()).toBe(0); // detached
    video.remove();
  });
});
