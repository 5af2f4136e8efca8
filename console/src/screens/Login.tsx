// Sign-in. Under `hearth dev`: pick a demo user (GET /dev/users). In AWS: Cognito's hosted login (the seam in
// config.ts and auth.ts; not built yet).
import { useEffect, useState } from "react";
import { cognitoLoginURL, demoUsers, type DemoUser, type Session } from "../auth";
import { config } from "../config";
import { asApiError, type ApiError } from "../api";
import { ErrorState, Loading } from "../components/states";

export function Login({ onLogin }: { onLogin: (s: Session) => void }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (config.auth !== "dev") return;
    demoUsers().then(setUsers, (e) => setError(asApiError(e)));
  }, []);
  if (config.auth === "cognito") {
    const url = cognitoLoginURL();
    return (
      <div className="login">
        <h1>Hearth</h1>
        {url ? (
          <a className="button" href={url}>
            Sign in with your organisation
          </a>
        ) : (
          <p>Cognito sign-in is not configured: set VITE_HEARTH_COGNITO_DOMAIN and VITE_HEARTH_COGNITO_CLIENT_ID.</p>
        )}
      </div>
    );
  }
  return (
    <div className="login">
      <h1>Hearth console</h1>
      <p className="muted">
        Local development: sign in as one of <code>hearth dev</code>'s demo users. Each sees only what their role
        grants.
      </p>
      {error && <ErrorState error={error} />}
      {!error && !users && <Loading what="Loading demo users" />}
      {users && (
        <ul className="user-list" aria-label="Demo users">
          {users.map((u) => (
            <li key={u.email}>
              <button
                type="button"
                data-testid={`login-${u.email.split("@")[0]}`}
                onClick={() => onLogin({ token: u.token, email: u.email, name: u.name })}
              >
                <strong>{u.name}</strong>
                <span>{u.email}</span>
                <span className="muted small">{u.groups.join(", ")}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
