import { describe, expect, it } from "vitest";
import {
  clampFrame,
  formatFrame,
  frameAt,
  frameOfTime,
  frameCount,
  frameTime,
  presentedFrame,
  tickStep,
} from "./frameMath";

describe("frame math", () => {
  it("seeks to the middle of a frame, and that time reads back as the frame", () => {
    for (const fps of [24, 25, 29.97, 30, 60]) {
      for (const n of [0, 1, 2, 29, 30, 1799, 17999]) {
        const t = frameTime(n, fps);
        expect(t).toBeGreaterThan(n / fps);
        expect(t).toBeLessThan((n + 1) / fps);
        expect(frameAt(t, fps)).toBe(n);
        // A presented frame's timestamp is its start.
        expect(presentedFrame(n / fps, fps)).toBe(n);
        expect(frameAt(n / fps, fps)).toBe(n);
      }
    }
  });

  it("reads a millisecond-rounded frame boundary as the frame it starts", () => {
    expect(frameOfTime(1.033, 30)).toBe(31); // 31/30 = 1.0333…
    expect(frameOfTime(0.967, 30)).toBe(29); // 29/30 = 0.9666…
    expect(frameOfTime(frameTime(31, 30), 30)).toBe(31);
  });

  it("counts frames from the file's count, else duration × fps", () => {
    expect(frameCount(30, 600, null)).toBe(18000);
    expect(frameCount(30, 3, 90)).toBe(90);
    expect(frameCount(30, null, null)).toBe(1);
    expect(clampFrame(-3, 90)).toBe(0);
    expect(clampFrame(95, 90)).toBe(89);
  });

  it("formats frames as m:ss.ff and spaces ticks by zoom", () => {
    expect(formatFrame(0, 30)).toBe("0:00.00");
    expect(formatFrame(65 * 30 + 7, 30)).toBe("1:05.07");
    expect(tickStep(30, 600)).toBe(5); // 600 px/s: 5 frames (100 px) apart
    expect(tickStep(30, 10)).toBe(300); // 10 px/s: 10 s apart
  });
});
