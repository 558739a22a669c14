/** The inbox in the top bar: the unread count, and a panel listing notifications (unread first);
 * opening one marks it read. Checked on load, every minute, and when the window regains focus. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { feedbackApi } from "../api/endpoints";
import type { Inbox } from "../api/types";
import { Text } from "../render";
import { inboxLine, unreadBadge } from "./inbox";

const POLL_MS = 60_000;

export function InboxMenu() {
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [open, setOpen] = useState(false);
  const reload = useCallback(() => {
    feedbackApi.inbox().then(setInbox, () => undefined);
  }, []);
  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, POLL_MS);
    window.addEventListener("focus", reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", reload);
    };
  }, [reload]);

  const read = (id: number) => feedbackApi.markRead(id).then(reload, () => undefined);
  const badge = unreadBadge(inbox?.unread ?? 0);
  return (
    <div className="inbox-menu">
      <button
        type="button"
        aria-expanded={open}
        aria-label={badge ? `Inbox, ${badge} unread` : "Inbox"}
        onClick={() => {
          setOpen((o) => !o);
          reload();
        }}
      >
        Inbox
        {badge && (
          <span className="badge count" data-testid="inbox-unread">
            {badge}
          </span>
        )}
      </button>
      {open && (
        <div className="inbox-panel" role="region" aria-label="Inbox">
          {inbox === null || inbox.notifications.length === 0 ? (
            <p className="hint">Nothing here yet.</p>
          ) : (
            <ul>
              {inbox.notifications.map((n) => {
                const line = inboxLine(n);
                return (
                  <li key={n.id} className={n.read_at ? "read" : "unread"} data-notification={n.id}>
                    <strong>
                      <Text value={line.title} />
                    </strong>
                    <p>
                      <Text value={line.body} />
                    </p>
                    <footer>
                      {line.projectId !== null && (
                        <Link to={line.to ?? `/projects/${line.projectId}/progress`}>project</Link>
                      )}
                      {!n.read_at && (
                        <button type="button" onClick={() => void read(n.id)}>
                          Mark read
                        </button>
                      )}
                    </footer>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
