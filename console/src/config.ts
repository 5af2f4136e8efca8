// Where the console finds the API and how people sign in: the seam between `hearth dev` and AWS.
//
// Under `hearth dev` (the default) the console is served by the same origin as the API and people pick a demo
// user from GET /dev/users. A build for AWS sets, at build time:
//   VITE_HEARTH_AUTH=cognito            sign in through Cognito's hosted login (not built yet: see auth.ts)
//   VITE_HEARTH_API_BASE=https://...    the API Gateway URL, when the console is served from another origin
//   VITE_HEARTH_COGNITO_DOMAIN, VITE_HEARTH_COGNITO_CLIENT_ID   the user pool's hosted UI and app client

export type AuthMode = "dev" | "cognito";

export interface Config {
  auth: AuthMode;
  apiBase: string;
  cognito: { domain: string; clientId: string };
}

export const config: Config = {
  auth: import.meta.env.VITE_HEARTH_AUTH === "cognito" ? "cognito" : "dev",
  apiBase: (import.meta.env.VITE_HEARTH_API_BASE ?? "").replace(/\/$/, ""),
  cognito: {
    domain: import.meta.env.VITE_HEARTH_COGNITO_DOMAIN ?? "",
    clientId: import.meta.env.VITE_HEARTH_COGNITO_CLIENT_ID ?? "",
  },
};
