/** "My progress": the caller's own scorecard on the project (every member has this tab). */
import { feedbackApi } from "../api/endpoints";
import type { Project } from "../api/types";
import { MyQuestions } from "../questions/MyQuestions";
import { Text } from "../render";
import { ScorecardView } from "./ScorecardView";
import { useLoad } from "./useLoad";

export function ProgressTab({ project }: { project: Project }) {
  const card = useLoad(String(project.id), (signal) => feedbackApi.myScorecard(project.id, signal));
  if (card.kind === "loading") return <p className="hint">Loading…</p>;
  if (card.kind === "error")
    return (
      <p className="error">
        <Text value={card.message} />
      </p>
    );
  return (
    <>
      <ScorecardView card={card.value} threshold={null} own />
      <MyQuestions projectId={project.id} />
    </>
  );
}
