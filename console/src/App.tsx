// The console: sign in, load the workspace (who am I, what may I see), then route to a screen.
import { useEffect, useState } from "react";
import { api, asApiError, setUnauthenticatedHandler, type ApiError } from "./api";
import { loadSession, saveSession, signOut, type Session } from "./auth";
import { Layout } from "./components/Layout";
import { ErrorState, Loading } from "./components/states";
import { match, navigate, RouterProvider, useLocation } from "./router";
import type { Me, Tree } from "./types";
import { WorkspaceProvider } from "./workspace";
import { Login } from "./screens/Login";
import { Overview } from "./screens/Overview";
import { PropertyPage } from "./screens/Property";
import { Guests } from "./screens/Guests";
import { Guest360Page } from "./screens/Guest360";
import { Ingestion } from "./screens/Ingestion";
import { Approvals } from "./screens/Approvals";
import { Audit } from "./screens/Audit";
import { Reconciliation } from "./screens/Reconciliation";
import { Loyalty } from "./screens/Loyalty";
import { GiftCards } from "./screens/GiftCards";
import { Fraud } from "./screens/Fraud";
import { MergeReviews } from "./screens/MergeReviews";
import { AccountPage, Accounts } from "./screens/Accounts";
import { Empty } from "./components/states";
import { Boundary } from "./components/Boundary";

export function App() {
  return (
    <RouterProvider>
      <Shell />
    </RouterProvider>
  );
}

function Shell() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const { path, query } = useLocation();
  const logout = () => {
    void signOut(); // after the hosted login: revoke, and leave through its logout endpoint
    sessionStorage.removeItem("hearth.scope");
    setSession(null);
  };
  useEffect(() => setUnauthenticatedHandler(logout), []);
  if (!session) {
    return (
      <Login
        onLogin={(s) => {
          saveSession(s);
          setSession(s);
          const next = query.get("next");
          navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : path === "/login" ? "/" : path, true);
        }}
      />
    );
  }
  return <Signed key={session.token} onLogout={logout} />;
}

interface Boot {
  me: Me;
  tree: Tree;
}

function Signed({ onLogout }: { onLogout: () => void }) {
  const [boot, setBoot] = useState<Boot | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    Promise.all([api<Me>("/v1/me"), api<Tree>("/v1/hierarchy")]).then(
      ([me, tree]) => setBoot({ me, tree }),
      (e) => setError(asApiError(e)),
    );
  }, []);
  if (error) {
    return (
      <div className="login">
        <ErrorState error={error} />
        <button type="button" onClick={onLogout}>
          Back to sign-in
        </button>
      </div>
    );
  }
  if (!boot) return <Loading what="Loading your workspace" />;
  return (
    <WorkspaceProvider me={boot.me} tree={boot.tree}>
      <Layout onLogout={onLogout}>
        <Routes />
      </Layout>
    </WorkspaceProvider>
  );
}

const routes: [string, (p: Record<string, string>) => React.ReactNode][] = [
  ["/", () => <Overview />],
  ["/login", () => <Overview />],
  ["/properties/:id", (p) => <PropertyPage id={p.id} />],
  ["/properties/:id/reconciliation/:day", (p) => <Reconciliation propertyId={p.id} day={p.day} />],
  ["/reconciliation", () => <Reconciliation />],
  ["/guests", () => <Guests />],
  ["/guests/:id", (p) => <Guest360Page id={p.id} />],
  ["/merge-reviews", () => <MergeReviews />],
  ["/accounts", () => <Accounts />],
  ["/accounts/:id", (p) => <AccountPage id={p.id} />],
  ["/loyalty", () => <Loyalty />],
  ["/giftcards", () => <GiftCards />],
  ["/fraud", () => <Fraud />],
  ["/approvals", () => <Approvals />],
  ["/ingestion", () => <Ingestion />],
  ["/audit", () => <Audit />],
];

function Routes() {
  const { path } = useLocation();
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) return <Boundary resetKey={path}>{render(params)}</Boundary>;
  }
  return (
    <Empty title="No such page">
      <p>
        <code>{path}</code> is not a screen of the console.
      </p>
    </Empty>
  );
}
