/** A secret the server shows once (a new API token, a generated password): shown as text with a
 * copy button and a reminder that it cannot be shown again. */
import { useState } from "react";
import { Text } from "../render";

export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="notice secret-once" role="status">
      <div>
        <strong>
          <Text value={label} />
        </strong>{" "}
        (shown once: copy it now)
        <div>
          <code className="mono" data-testid="secret">
            {secret}
          </code>
        </div>
      </div>
      <div className="toolbar">
        <button type="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
