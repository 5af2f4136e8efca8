// The signed-in session: a bearer token and who it belongs to, kept for the browser tab (sessionStorage, never
// localStorage). Under `hearth dev` the token is a demo user's; after the hosted login (hostedLogin.ts) it is the ID
// token, refreshed before it expires for as long as the refresh token lasts.
import { config } from "./config";
import { ApiError } from "./errors";
import { hostedLogout, refreshTokens, type Tokens } from "./hostedLogin";

export interface Session {
  token: string;
  email: string;
  name: string;
  /** Hosted-login sessions only: the user's subject and what renews the token. */
  sub?: string;
  refreshToken?: string;
  expiresAt?: number;
  issuedAt?: number;
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
  scheduleRefresh(s);
}

/** A session from the hosted login's tokens. */
export function hostedSession(claims: { sub: string; email: string; name: string }, t: Tokens): Session {
  return { token: t.idToken, email: claims.email, name: claims.name, sub: claims.sub, refreshToken: t.refreshToken, expiresAt: t.expiresAt, issuedAt: t.issuedAt };
}

/** How long before expiry a token is renewed: a minute, or half its life when it lives less than two. */
function margin(s: Session): number {
  return Math.min(60_000, ((s.expiresAt ?? 0) - (s.issuedAt ?? 0)) / 2);
}

let renewing: Promise<Session | null> | null = null;

/**
 * The session with a token good for the next call: renewed first when it expires within the margin. A session that
 * cannot be renewed (refresh token expired or revoked) ends: null, and the API's 401 leads back to sign-in.
 */
export async function freshSession(): Promise<Session | null> {
  const s = loadSession();
  if (!s?.refreshToken || !s.expiresAt || !s.sub) return s;
  if (s.expiresAt - Date.now() > margin(s)) return s;
  renewing ??= refreshTokens(s.refreshToken, s.sub)
    .then((t) => {
      const next = { ...s, ...hostedSession({ sub: s.sub!, email: s.email, name: s.name }, t) };
      saveSession(next);
      return next;
    })
    .catch(() => {
      saveSession(null);
      return null;
    })
    .finally(() => {
      renewing = null;
    });
  return renewing;
}

let timer: ReturnType<typeof setTimeout> | undefined;

/** Renews a hosted-login token shortly before it expires, so even an idle tab holds a valid one. */
function scheduleRefresh(s: Session | null) {
  clearTimeout(timer);
  if (!s?.refreshToken || !s.expiresAt) return;
  timer = setTimeout(() => void freshSession(), Math.max(1_000, s.expiresAt - margin(s) - Date.now()));
}

scheduleRefresh(loadSession());

/** Ends the session; after the hosted login, also revokes its refresh token and signs out of the hosted login. */
export async function signOut(): Promise<void> {
  const s = loadSession();
  saveSession(null);
  if (config.auth === "cognito" && config.cognito && s?.refreshToken) await hostedLogout(s.refreshToken);
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
