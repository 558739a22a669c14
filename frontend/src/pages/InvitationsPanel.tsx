/** Projects the user is invited to: nobody joins a project without accepting. */
import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../api/endpoints";
import type { MyInvitation } from "../api/types";
import { Text } from "../render";
import { ErrorAlert } from "../components/Fields";

export function InvitationsPanel() {
  const navigate = useNavigate();
  const [invitations, setInvitations] = useState<MyInvitation[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.myInvitations().then(setInvitations, (err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);

  const accept = async (inv: MyInvitation) => {
    setError(null);
    try {
      const project = await api.acceptInvitation(inv.id);
      navigate(`/projects/${project.id}`);
    } catch (err) {
      setError((err as Error).message);
      load();
    }
  };

  const decline = async (inv: MyInvitation) => {
    setError(null);
    try {
      await api.declineInvitation(inv.id);
    } catch (err) {
      setError((err as Error).message);
    }
    load();
  };

  if (invitations.length === 0 && !error) return null;
  return (
    <section className="card stack invitations" aria-label="Invitations">
      <h2>Invitations</h2>
      <ErrorAlert message={error} />
      {invitations.map((inv) => (
        <div key={inv.id} className="invitation">
          <span>
            <strong>
              <Text value={inv.project_name} />
            </strong>{" "}
            as {inv.role}
            {inv.invited_by && (
              <span className="hint">
                {" "}
                · invited by <Text value={inv.invited_by} />
              </span>
            )}
          </span>
          <span className="toolbar">
            <button type="button" className="primary" onClick={() => void accept(inv)}>
              Accept
            </button>
            <button type="button" onClick={() => void decline(inv)}>
              Decline
            </button>
          </span>
        </div>
      ))}
    </section>
  );
}
