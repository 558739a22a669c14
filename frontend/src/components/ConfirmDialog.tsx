/**
 * A modal question before something that cannot be undone. Cancel has the focus, so Enter alone
 * never confirms by accident; Escape cancels.
 */
import type { ReactNode } from "react";

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label={title}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="dialog confirm">
        <h2>{title}</h2>
        <div>{children}</div>
        <footer>
          <button type="button" onClick={onCancel} autoFocus disabled={busy}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </footer>
      </div>
    </div>
  );
}
