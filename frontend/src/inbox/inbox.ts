/** What the inbox shows of a notification, as plain strings (rendered through src/render). */
import type { InboxNotification } from "../api/types";

export interface InboxLine {
  title: string;
  body: string;
  projectId: number | null;
  /** Where its link goes (default: the project's progress). */
  to?: string;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function inboxLine(n: InboxNotification): InboxLine {
  if (n.kind === "question_answered") {
    return {
      title: `Your question: ${str(n.payload.question)}`,
      body: str(n.payload.answer),
      projectId: n.project_id,
    };
  }
  if (n.kind === "review_rejected") {
    const section = str(n.payload.guideline_section);
    return {
      title: "A reviewer sent your work back: open the feedback",
      body: section ? `${str(n.payload.comment)} (guideline: ${section})` : str(n.payload.comment),
      projectId: n.project_id,
      to: n.project_id !== null ? `/projects/${n.project_id}/work` : undefined,
    };
  }
  if (n.kind === "alert") {
    return {
      title: `Alert on ${str(n.payload.project) || "a project"}`,
      body: str(n.payload.message),
      projectId: n.project_id,
    };
  }
  return { title: n.kind.replace(/_/g, " "), body: "", projectId: n.project_id };
}

/** The badge's text: the unread count, "99+" past 99, nothing at 0. */
export function unreadBadge(unread: number): string {
  if (unread <= 0) return "";
  return unread > 99 ? "99+" : String(unread);
}
