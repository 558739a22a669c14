/**
 * Saving one item's annotation: the first save creates it, later saves PATCH with the version the
 * server last returned. Saves run one at a time, in order, so two drafts never race to create two
 * annotations. A stale version (code `stale_version`) surfaces as `StaleVersion` carrying the
 * server's annotation; every other error (an item already full, say) passes through as it is.
 * A save resolves with what the server answered, `feedback` included (a submitted honeypot's,
 * when the project shows it).
 */
import { ApiError } from "../api/client";
import type {
  Annotation,
  AnnotationIn,
  AnnotationPatch,
  AnnotationStatus,
  PracticeFeedback,
  Result,
} from "../api/types";

/** What a save answers (the server's `SavedAnnotationView`; `feedback` may be left out by fakes). */
export type Saved = Annotation & { feedback?: PracticeFeedback | null };

export interface AnnotationApi {
  create(body: AnnotationIn): Promise<Saved>;
  update(id: Annotation["id"], body: AnnotationPatch): Promise<Saved>;
}

export class StaleVersion extends Error {
  readonly current: Annotation | null;
  constructor(current: Annotation | null) {
    super("This annotation was changed elsewhere; the saved version was reloaded.");
    this.name = "StaleVersion";
    this.current = current;
  }
}

/** Drop controls without a value, so the server sees only what was answered. */
export function cleanResult(result: Result): Result {
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined && v !== null));
}

export class AnnotationSync {
  private annotation: Annotation | null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly api: AnnotationApi;

  constructor(api: AnnotationApi, existing: Annotation | null) {
    this.api = api;
    this.annotation = existing;
  }

  get current(): Annotation | null {
    return this.annotation;
  }

  /** Queue a save; resolves with the stored annotation (and the feedback the server sent).
   * `activeMs`: the active time since the previous save (the server adds it up). */
  save(result: Result, status: AnnotationStatus, leadTimeMs: number, activeMs = 0): Promise<Saved> {
    const run = async () => {
      const body = {
        result: cleanResult(result),
        status,
        lead_time_ms: Math.round(leadTimeMs),
        active_ms: Math.max(0, Math.round(activeMs)),
      };
      try {
        const saved = this.annotation
          ? await this.api.update(this.annotation.id, { ...body, version: this.annotation.version })
          : await this.api.create(body);
        this.annotation = saved;
        return saved;
      } catch (err) {
        if (err instanceof ApiError && err.code === "stale_version") {
          const current = (err.detail.current as Annotation | undefined) ?? null;
          if (current) this.annotation = current;
          throw new StaleVersion(current);
        }
        throw err;
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Resolves once every queued save has settled. */
  idle(): Promise<unknown> {
    return this.queue;
  }
}
