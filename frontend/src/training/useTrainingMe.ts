/** `GET /api/projects/{id}/training/me` for a page (null while loading, for no project, or when
 * the call fails: the pages then fall back to what they showed before training existed). A new
 * `refresh` value asks again (after a step was done on the page). */
import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { TrainingMe } from "./types";

export function useTrainingMe(projectId: string | number | null, refresh = 0): TrainingMe | null {
  const [me, setMe] = useState<TrainingMe | null>(null);
  useEffect(() => {
    setMe(null);
    if (projectId === null) return;
    let cancelled = false;
    api.trainingMe(projectId).then(
      (m) => !cancelled && setMe(m),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, refresh]);
  return me;
}
