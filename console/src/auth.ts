// The signed-in session: a bearer token and who it belongs to, kept for the browser tab (sessionStorage).
import { config } from "./config";
import { ApiError } from "./errors";

export interface Session {
  token: string;
  email: string;
  name: string;
}

export interface DemoUser {
  email: string;
  name: string;
  groups: string[];
  token: string;
}

const key = "hearth.session";

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null) {
  if (s) sessionStorage.setItem(key, JSON.stringify(s));
  else sessionStorage.removeItem(key);
}

/** The demo users `hearth dev` offers (GET /dev/users, answered only on the developer's machine). */
export async function demoUsers(): Promise<DemoUser[]> {
  const res = await fetch(config.apiBase + "/dev/users", { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body?.code ?? `http_${res.status}`, body?.message ?? res.statusText, body?.requestId);
  }
  return body.users as DemoUser[];
}

/**
 * Where Cognito's hosted login would start. The console in AWS signs in with the authorization code flow (PKCE)
 * against config.cognito and keeps the ID token as the session's token; that flow is not built yet.
 */
export function cognitoLoginURL(): string | null {
  if (config.auth !== "cognito" || !config.cognito.domain || !config.cognito.clientId) return null;
  const redirect = encodeURIComponent(window.location.origin + "/login");
  return `${config.cognito.domain}/oauth2/authorize?response_type=code&client_id=${config.cognito.clientId}&redirect_uri=${redirect}&scope=openid+email`;
}
