// Where the console finds the API and how people sign in: the seam between `hearth dev` and AWS.
//
// The console reads /config.json once, before it renders, so one production build serves every stage:
//   - `hearth dev` answers {"auth": "dev"}: same-origin API, people pick a demo user from GET /dev/users
//     (`hearth dev --oidc-stub` answers a Cognito-shaped config naming its stand-in hosted login instead);
//   - in AWS the CDK stack writes config.json beside the build in S3: the API Gateway URL, the hosted login's
//     domain, the app client, the token issuer and the redirect URIs registered for the app client.
// Without an answer (a dev server without hearth dev) the console falls back to the demo login on its own origin.

export type AuthMode = "dev" | "cognito";

export interface CognitoConfig {
  /** The hosted login's base URL: /oauth2/authorize, /oauth2/token, /oauth2/revoke and /logout live under it. */
  domain: string;
  clientId: string;
  /** The iss claim of the user pool's ID tokens. */
  issuer: string;
  scopes: string[];
  /** The app client's callback URLs: the console uses the one on its own origin. */
  redirectUris: string[];
  logoutUris: string[];
}

export interface Config {
  auth: AuthMode;
  apiBase: string;
  region?: string;
  /** Set when auth is "cognito" and the configuration names everything the sign-in needs. */
  cognito: CognitoConfig | null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Reads config.json's body; a Cognito configuration that lacks a field is kept as cognito: null (Login says so). */
export function parseConfig(raw: unknown): Config {
  const r = (raw ?? {}) as Record<string, unknown>;
  const apiBase = (typeof r.apiBase === "string" ? r.apiBase : "").replace(/\/$/, "");
  if (r.auth !== "cognito") return { auth: "dev", apiBase, cognito: null };
  const c = (r.cognito ?? {}) as Record<string, unknown>;
  const cognito: CognitoConfig = {
    domain: typeof c.domain === "string" ? c.domain.replace(/\/$/, "") : "",
    clientId: typeof c.clientId === "string" ? c.clientId : "",
    issuer: typeof c.issuer === "string" ? c.issuer : "",
    scopes: strings(c.scopes).length ? strings(c.scopes) : ["openid", "email", "profile"],
    redirectUris: strings(c.redirectUris),
    logoutUris: strings(c.logoutUris),
  };
  const complete = cognito.domain && cognito.clientId && cognito.issuer && cognito.redirectUris.length && cognito.logoutUris.length;
  return { auth: "cognito", apiBase, region: typeof r.region === "string" ? r.region : undefined, cognito: complete ? cognito : null };
}

async function loadConfig(): Promise<Config> {
  try {
    const res = await fetch("/config.json", { headers: { Accept: "application/json" }, cache: "no-cache" });
    // A server without config.json may answer the app's index.html instead (SPA fallback): not a config.
    if (res.ok && (res.headers.get("Content-Type") ?? "").includes("json")) return parseConfig(await res.json());
  } catch {
    // fall through to the demo login
  }
  return { auth: "dev", apiBase: "", cognito: null };
}

export const config: Config = await loadConfig();
