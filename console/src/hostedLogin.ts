// Sign-in through Cognito's hosted login (or hearth dev's stand-in for it): the authorization code flow with PKCE
// (S256). What the round trip needs (state, nonce, PKCE verifier, where to return) waits in sessionStorage, the
// callback checks the state before it exchanges the code and the nonce, issuer, audience and expiry of the ID token
// after. The ID token is what the API's JWT authorizer checks (its audience is the app client) and carries the email
// and groups the API reads. Tokens stay in this tab's sessionStorage, never localStorage.
import { config, type CognitoConfig } from "./config";

const pendingKey = "hearth.login";

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}

/** The tokens of a hosted-login session, beside the session's token (the ID token). */
export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token expires, and when it was issued. */
  expiresAt: number;
  issuedAt: number;
}

export interface IdClaims {
  sub: string;
  email: string;
  name: string;
}

export class LoginError extends Error {}

function cognito(): CognitoConfig {
  if (!config.cognito) throw new LoginError("The hosted login is not configured (config.json names no complete Cognito client).");
  return config.cognito;
}

/** The registered redirect URI on this page's origin, or null when the app client knows none for it. */
export function redirectUri(): string | null {
  return cognito().redirectUris.find((u) => sameOrigin(u)) ?? null;
}

function sameOrigin(url: string): boolean {
  try {
    return new URL(url).origin === location.origin;
  } catch {
    return false; // a malformed URL in config.json is no URL of this console
  }
}

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
}

/** Leaves for the hosted login; returnTo is where the console goes once signed in. */
export async function startLogin(returnTo: string): Promise<void> {
  const c = cognito();
  const redirect = redirectUri();
  if (!redirect) throw new LoginError(`${location.origin} is not a callback URL of the app client.`);
  const pending: Pending = { state: random(), nonce: random(), verifier: random(48), redirectUri: redirect, returnTo };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const q = new URLSearchParams({
    response_type: "code",
    client_id: c.clientId,
    redirect_uri: redirect,
    scope: c.scopes.join(" "),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: "S256",
  });
  location.assign(`${c.domain}/oauth2/authorize?${q}`);
}

/** Decodes a JWT's payload; the token came straight from the token endpoint over TLS, so its signature is the API's to check. */
function payload(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1];
  if (!part) throw new LoginError("The sign-in service answered without an ID token.");
  const bytes = Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Checks an ID token's issuer, audience, use, expiry and, after a code exchange, nonce. */
function checkIdToken(idToken: string, nonce: string | null): IdClaims & { exp: number; iat: number } {
  const c = cognito();
  const p = payload(idToken);
  const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
  if (p.iss !== c.issuer) throw new LoginError(`The ID token comes from ${String(p.iss)}, not ${c.issuer}.`);
  if (!aud.includes(c.clientId)) throw new LoginError("The ID token is not meant for this console.");
  if (p.token_use !== undefined && p.token_use !== "id") throw new LoginError("The sign-in service answered with a token that is no ID token.");
  if (nonce !== null && p.nonce !== nonce) throw new LoginError("The ID token does not answer this sign-in (nonce mismatch).");
  if (typeof p.exp !== "number" || p.exp * 1000 <= Date.now()) throw new LoginError("The ID token has expired.");
  return {
    sub: String(p.sub ?? ""),
    email: String(p.email ?? ""),
    name: String(p.name ?? p.email ?? ""),
    exp: p.exp,
    iat: typeof p.iat === "number" ? p.iat : Math.floor(Date.now() / 1000),
  };
}

async function tokenRequest(form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${cognito().domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams(form),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new LoginError(`The sign-in service refused the ${form.grant_type.replace("_", " ")} (${body.error ?? res.status}).`);
  return body;
}

/**
 * Handles the callback (/callback?code=...&state=...): checks the state against the one this tab sent, exchanges the
 * code with the PKCE verifier, checks the ID token. The pending login is spent whatever the outcome.
 */
export async function completeLogin(search: string): Promise<{ claims: IdClaims; tokens: Tokens; returnTo: string }> {
  const q = new URLSearchParams(search);
  const raw = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (q.get("error")) throw new LoginError(`The sign-in service refused: ${q.get("error_description") ?? q.get("error")}.`);
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  if (!pending || !q.get("state") || q.get("state") !== pending.state) {
    throw new LoginError("This sign-in answer does not belong to a sign-in started here (state mismatch). Sign in again.");
  }
  const code = q.get("code");
  if (!code) throw new LoginError("The sign-in service answered without a code.");
  const t = await tokenRequest({
    grant_type: "authorization_code",
    client_id: cognito().clientId,
    code,
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
  });
  const idToken = String(t.id_token ?? "");
  const claims = checkIdToken(idToken, pending.nonce);
  return {
    claims,
    tokens: { idToken, refreshToken: String(t.refresh_token ?? ""), expiresAt: claims.exp * 1000, issuedAt: claims.iat * 1000 },
    returnTo: pending.returnTo,
  };
}

/** Trades the refresh token for a new ID token of the same user. */
export async function refreshTokens(refreshToken: string, sub: string): Promise<Tokens> {
  const t = await tokenRequest({ grant_type: "refresh_token", client_id: cognito().clientId, refresh_token: refreshToken });
  const idToken = String(t.id_token ?? "");
  const claims = checkIdToken(idToken, null);
  if (claims.sub !== sub) throw new LoginError("The refreshed ID token is another user's.");
  // Cognito keeps the refresh token unless it rotates it.
  const next = typeof t.refresh_token === "string" && t.refresh_token ? t.refresh_token : refreshToken;
  return { idToken, refreshToken: next, expiresAt: claims.exp * 1000, issuedAt: claims.iat * 1000 };
}

/** Revokes the refresh token and leaves through the hosted login's logout, which ends its session too. */
export async function hostedLogout(refreshToken: string | undefined): Promise<void> {
  const c = cognito();
  if (refreshToken) {
    await fetch(`${c.domain}/oauth2/revoke`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refreshToken, client_id: c.clientId }),
    }).catch(() => undefined); // signing out goes on: the token expires with its validity anyway
  }
  const back = c.logoutUris.find((u) => sameOrigin(u)) ?? c.logoutUris[0];
  location.assign(`${c.domain}/logout?${new URLSearchParams({ client_id: c.clientId, logout_uri: back })}`);
}
