/** Small form pieces the account pages share. */
import { Text } from "../render";

/** The error line under a form (nothing when there is none). */
export function ErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      <Text value={message} />
    </p>
  );
}

/** A labelled password input; `fresh` for a new password (the browser may suggest one). */
export function PasswordField({
  label,
  value,
  onChange,
  fresh = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  fresh?: boolean;
}) {
  return (
    <label>
      {label}
      <input
        type="password"
        autoComplete={fresh ? "new-password" : "current-password"}
        required
        minLength={fresh ? 8 : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
