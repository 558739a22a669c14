/** The logged-in user's account: change the password, manage API tokens. */
import { useAuth } from "../auth";
import { Text } from "../render";
import { PasswordForm } from "./account/PasswordForm";
import { TokensPanel } from "./account/TokensPanel";

export function AccountPage() {
  const { me } = useAuth();
  return (
    <div className="page account">
      <div className="page-title">
        <div>
          <h1>Account</h1>
          <p className="hint">
            <Text value={me?.email ?? ""} />
            {me?.is_admin ? " · admin" : ""}
          </p>
        </div>
      </div>
      <PasswordForm />
      <TokensPanel />
    </div>
  );
}
