/** Load something once per key, aborting the request when the key changes or the view goes. */
import { useEffect, useState } from "react";

export type Loaded<T> = { kind: "loading" } | { kind: "ok"; value: T } | { kind: "error"; message: string };

export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading" });
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState({ kind: "loading" });
    load(controller.signal).then(
      (value) => setState({ kind: "ok", value }),
      (err: Error) => {
        if (!controller.signal.aborted) setState({ kind: "error", message: err.message });
      },
    );
    return () => controller.abort();
    // `key` names what `load` fetches: a new key loads again, a new closure alone does not
  }, [key]);
  return state;
}
