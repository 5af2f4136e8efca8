// Loading, error and empty states, the same on every screen.
import type { ReactNode } from "react";
import type { ApiError, Load } from "../api";

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

/** Shows an API failure with its status, error.code and error.message; 403s read as "not yours to see". */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const title =
    error.status === 403
      ? "You do not have access to this"
      : error.status === 404
        ? "Not found"
        : error.status === 0
          ? "Could not reach the API"
          : "Something went wrong";
  return (
    <div className={`state error status-${error.status}`} role="alert" data-testid="error-state">
      <strong>{title}</strong>
      <p>
        {error.status > 0 && <span className="badge">{error.status}</span>} <code data-testid="error-code">{error.code}</code>: {error.message}
      </p>
      {error.requestId && <p className="muted">Request id {error.requestId}</p>}
      {onRetry && error.status !== 403 && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty" data-testid="empty-state">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

/** Renders a load: a spinner, the error, or the data. */
export function Loaded<T>({
  load,
  onRetry,
  what,
  children,
}: {
  load: Load<T>;
  onRetry?: () => void;
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (load.state === "loading") return <Loading what={what} />;
  if (load.state === "error") return <ErrorState error={load.error} onRetry={onRetry} />;
  return <>{children(load.data)}</>;
}
