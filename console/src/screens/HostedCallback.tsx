// The hosted login's way back (/callback?code=...&state=...): finish the sign-in, then go where the person was going.
import { useEffect, useState } from "react";
import { hostedSession, type Session } from "../auth";
import { completeLogin } from "../hostedLogin";
import { navigate } from "../router";

// One exchange per answer, even when React runs the effect twice (StrictMode in the dev server): a code is single use.
const exchanges = new Map<string, ReturnType<typeof completeLogin>>();

export function HostedCallback({ onLogin }: { onLogin: (s: Session) => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const search = location.search;
    if (!exchanges.has(search)) exchanges.set(search, completeLogin(search));
    let live = true;
    exchanges.get(search)!.then(
      ({ claims, tokens, returnTo }) => {
        if (!live) return;
        onLogin(hostedSession(claims, tokens));
        navigate(returnTo, true); // after onLogin, which would stay on /callback
      },
      (e) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [onLogin]);
  if (!error) return <p className="login muted">Signing you in…</p>;
  return (
    <div className="login">
      <h1>Sign-in failed</h1>
      <p role="alert" data-testid="login-error">
        {error}
      </p>
      <button type="button" onClick={() => navigate("/", true)}>
        Back to sign-in
      </button>
    </div>
  );
}
