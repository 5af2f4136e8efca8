// Sign-in. Under `hearth dev`: pick a demo user (GET /dev/users). With a hosted login in config.json (AWS, or
// `hearth dev --oidc-stub`): leave for it, and come back to /callback (HostedCallback).
import { useEffect, useState } from "react";
import { demoUsers, type DemoUser, type Session } from "../auth";
import { config } from "../config";
import { asApiError, type ApiError } from "../api";
import { ErrorState, Loading } from "../components/states";
import { redirectUri, startLogin } from "../hostedLogin";
import { HostedCallback } from "./HostedCallback";
import { useLocation } from "../router";

export function Login({ onLogin }: { onLogin: (s: Session) => void }) {
  if (config.auth === "cognito") return <HostedLogin onLogin={onLogin} />;
  return <DemoLogin onLogin={onLogin} />;
}

/** Where to come back to after signing in: the page asked for, never the sign-in pages themselves. */
function returnTo(path: string, query: URLSearchParams): string {
  const next = query.get("next");
  if (next && next.startsWith("/") && !next.startsWith("//")) return next;
  if (path === "/login" || path === "/callback") return "/";
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

function HostedLogin({ onLogin }: { onLogin: (s: Session) => void }) {
  const { path, query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  if (path === "/callback") return <HostedCallback onLogin={onLogin} />;
  if (!config.cognito) {
    return (
      <div className="login">
        <h1>Hearth</h1>
        <p role="alert">Sign-in is not configured: config.json names no complete Cognito app client.</p>
      </div>
    );
  }
  const registered = redirectUri() !== null;
  const start = () => {
    setLeaving(true);
    startLogin(returnTo(path, query)).catch((e) => {
      setLeaving(false);
      setError((e as Error).message);
    });
  };
  return (
    <div className="login">
      <h1>Hearth console</h1>
      <p className="muted">Sign in with your Hearth account. Each person sees only what their roles grant.</p>
      {!registered && <p role="alert">{location.origin} is not a callback URL of the console's app client.</p>}
      {error && <p role="alert">{error}</p>}
      <button type="button" className="button" data-testid="hosted-login" onClick={start} disabled={!registered || leaving}>
        {leaving ? "Opening the sign-in page…" : "Sign in"}
      </button>
    </div>
  );
}

function DemoLogin({ onLogin }: { onLogin: (s: Session) => void }) {
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    demoUsers().then(setUsers, (e) => setError(asApiError(e)));
  }, []);
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
