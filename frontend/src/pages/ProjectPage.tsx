/** A project: tabs for managers, the guideline and the Label button for annotators (by the role the API returns).
 * An archived project is read-only: no Label button, and a notice saying so. */
import { useCallback, useEffect, useState } from "react";
import { Link, NavLink, Navigate, useParams } from "react-router-dom";
import { api } from "../api/endpoints";
import type { Project } from "../api/types";
import { useAuth } from "../auth";
import { AdjudicationTab } from "../adjudication/AdjudicationTab";
import { DashboardTab } from "../dashboard/DashboardTab";
import { DisagreementsTab } from "../disagreements/DisagreementsTab";
import { FinalTab } from "../final/FinalTab";
import { MyWorkTab } from "../review/MyWorkTab";
import { ReviewTab } from "../review/ReviewTab";
import { CostTab } from "../teams/CostTab";
import { WorkshopsTab } from "../workshops/WorkshopsTab";
import { QuestionsTab } from "../questions/QuestionsTab";
import { Text } from "../render";
import { GuidelineTab } from "../guideline/GuidelineTab";
import { TrainingCard } from "../training/TrainingCard";
import { useTrainingMe } from "../training/useTrainingMe";
import { ProgressTab } from "../scorecards/ProgressTab";
import { TeamTab } from "../scorecards/TeamTab";
import { ExportTab } from "./tabs/ExportTab";
import { ImportTab } from "./tabs/ImportTab";
import { ItemsTab } from "./tabs/ItemsTab";
import { MediaTab } from "./tabs/MediaTab";
import { MembersTab } from "./tabs/MembersTab";
import { QualityTab } from "./tabs/QualityTab";
import { SchemaTab } from "./tabs/SchemaTab";
import { SettingsTab } from "./tabs/SettingsTab";

const TABS = {
  items: "Items",
  import: "Import",
  media: "Media",
  export: "Export",
  members: "Members",
  schema: "Schema",
  guideline: "Guideline",
  quality: "Quality",
  dashboard: "Dashboard",
  final: "Final labels",
  review: "Review",
  adjudication: "Adjudication",
  disagreements: "Disagreements",
  workshops: "Workshops",
  team: "Team",
  cost: "Time & cost",
  questions: "Questions",
  work: "My work",
  progress: "My progress",
  settings: "Settings",
} as const;
type Tab = keyof typeof TABS;

export function visibleTabs(role: string, isAdmin: boolean): Tab[] {
  if (isAdmin || role === "manager" || role === "admin") return Object.keys(TABS) as Tab[];
  if (role === "reviewer")
    return [
      "items",
      "guideline",
      "quality",
      "dashboard",
      "final",
      "review",
      "adjudication",
      "disagreements",
      "workshops",
      "questions",
      "work",
      "progress",
    ];
  return ["guideline", "workshops", "work", "progress"];
}

export function ProjectPage() {
  const { projectId = "", tab } = useParams();
  const { me } = useAuth();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api.project(projectId).then(setProject, (err: Error) => setError(err.message));
  }, [projectId]);
  useEffect(reload, [reload]);
  // Annotators see where they are on the training path and the one thing to do next.
  const annotator = project?.role === "annotator" && !project.archived_at;
  const [trainingAsked, setTrainingAsked] = useState(0);
  const trainingMe = useTrainingMe(annotator ? projectId : null, trainingAsked);
  // In production the plain Label button is the next step; the card shows while training is due.
  const training = trainingMe && trainingMe.step !== "production" ? trainingMe : null;

  if (error)
    return (
      <div className="page">
        <p className="error">
          <Text value={error} />
        </p>
      </div>
    );
  if (!project)
    return (
      <div className="page">
        <p className="hint">Loading…</p>
      </div>
    );

  const tabs = visibleTabs(project.role, me?.is_admin ?? false);
  const current = (tab ?? tabs[0]) as Tab | undefined;
  if (tab && !tabs.includes(tab as Tab)) return <Navigate to={`/projects/${projectId}`} replace />;

  return (
    <div className="page">
      <div className="page-title">
        <div>
          <h1>
            <Text value={project.name} />
          </h1>
          {project.description && (
            <p className="hint">
              <Text value={project.description} />
            </p>
          )}
          <p className="hint">
            {project.item_count.toLocaleString()} items · your role: {project.role}
          </p>
        </div>
        {!project.archived_at && !training && (
          <Link to={`/projects/${projectId}/label`} className="button primary big">
            Label
          </Link>
        )}
      </div>
      {project.archived_at && (
        <p className="notice" role="status">
          Archived on {new Date(project.archived_at).toLocaleDateString()}: read-only, no items are served.
          {tabs.includes("settings") && " A manager can unarchive it in Settings."}
        </p>
      )}
      {training && <TrainingCard me={training} projectId={projectId} />}
      {tabs.length > 0 && (
        <nav className="tabs" role="tablist">
          {tabs.map((t) => (
            <NavLink
              key={t}
              role="tab"
              to={`/projects/${projectId}/${t}`}
              className={() => (t === current ? "tab active" : "tab")}
              aria-selected={t === current}
            >
              {TABS[t]}
            </NavLink>
          ))}
        </nav>
      )}
      <div className="tab-panel">
        {current === "items" && <ItemsTab project={project} onChanged={reload} />}
        {current === "import" && <ImportTab project={project} onImported={reload} />}
        {current === "media" && <MediaTab project={project} onImported={reload} />}
        {current === "export" && <ExportTab project={project} />}
        {current === "members" && <MembersTab project={project} />}
        {current === "schema" && <SchemaTab project={project} onSaved={setProject} />}
        {current === "guideline" && (
          <GuidelineTab project={project} onAcknowledged={() => setTrainingAsked((n) => n + 1)} />
        )}
        {current === "quality" && <QualityTab project={project} />}
        {current === "dashboard" && <DashboardTab project={project} />}
        {current === "final" && <FinalTab project={project} />}
        {current === "review" && <ReviewTab project={project} />}
        {current === "adjudication" && <AdjudicationTab project={project} />}
        {current === "disagreements" && <DisagreementsTab project={project} />}
        {current === "workshops" && <WorkshopsTab project={project} />}
        {current === "team" && <TeamTab project={project} />}
        {current === "cost" && <CostTab project={project} />}
        {current === "questions" && <QuestionsTab project={project} />}
        {current === "work" && <MyWorkTab project={project} />}
        {current === "progress" && <ProgressTab project={project} />}
        {current === "settings" && <SettingsTab project={project} onSaved={setProject} />}
      </div>
    </div>
  );
}
