/**
 * Active time on the labeling page (docs/API.md, "Time and cost"): time counts while the tab is
 * visible and the annotator gave input — a key, the pointer, media playing — in the last
 * `IDLE_MS` (30 s). Beyond that the time is idle and left out, until the next input. Each save
 * sends what was counted since the previous save (`take`), and the server adds it up.
 */

export const IDLE_MS = 30_000;

export class ActiveTimer {
  private accumulated = 0;
  private lastInput: number | null = null;
  private countedUntil: number;
  private visible: boolean;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly idleMs: number = IDLE_MS,
    visible = true,
  ) {
    this.countedUntil = now();
    this.visible = visible;
  }

  /** Input happened now: the next `idleMs` count (while the tab stays visible). */
  activity(): void {
    const t = this.settle();
    if (this.visible) this.lastInput = t;
  }

  /** The tab was hidden or shown: hidden time never counts, and showing it again needs input. */
  setVisible(visible: boolean): void {
    this.settle();
    this.visible = visible;
    if (!visible) this.lastInput = null;
  }

  /** The active milliseconds counted since the last `take` (or construction), then start afresh. */
  take(): number {
    this.settle();
    const out = Math.round(this.accumulated);
    this.accumulated = 0;
    return out;
  }

  /** Count what is active between the last settlement and now; returns now. */
  private settle(): number {
    const t = this.now();
    if (this.visible && this.lastInput !== null) {
      const end = Math.min(t, this.lastInput + this.idleMs);
      if (end > this.countedUntil) this.accumulated += end - this.countedUntil;
    }
    this.countedUntil = Math.max(this.countedUntil, t);
    return t;
  }
}

const INPUTS = ["keydown", "pointerdown", "pointermove", "wheel", "input"] as const;
// Media events do not bubble: listened to in the capture phase. `timeupdate` fires a few times a
// second while anything plays, so playing media keeps the timer active.
const MEDIA = ["play", "timeupdate", "seeked"] as const;

/** Feed the timer from the page: input, playing media and the tab's visibility. Returns the
 * function that detaches the listeners. */
export function watchActivity(timer: ActiveTimer, target: Window = window): () => void {
  const doc = target.document;
  const onInput = () => timer.activity();
  const onVisibility = () => timer.setVisible(doc.visibilityState === "visible");
  for (const e of INPUTS) target.addEventListener(e, onInput, { passive: true });
  for (const e of MEDIA) doc.addEventListener(e, onInput, { capture: true, passive: true });
  doc.addEventListener("visibilitychange", onVisibility);
  onVisibility();
  return () => {
    for (const e of INPUTS) target.removeEventListener(e, onInput);
    for (const e of MEDIA) doc.removeEventListener(e, onInput, { capture: true });
    doc.removeEventListener("visibilitychange", onVisibility);
  };
}
