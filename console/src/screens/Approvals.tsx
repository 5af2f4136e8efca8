// The approvals inbox (GET /v1/approvals?status=...): requests waiting for a second person, decided with
// POST /v1/approvals/{id}/decision. Nobody decides their own request; the API refuses it and the console says so
// before anyone tries.
import { useState } from "react";
import { api, asApiError, useApiAll, type ApiError } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loaded } from "../components/states";
import { dateTime } from "../format";
import type { Approval } from "../types";
import { useWorkspace } from "../workspace";

const statuses = ["pending", "approved", "rejected", "expired"] as const;

export function Approvals() {
  const [status, setStatus] = useState<(typeof statuses)[number]>("pending");
  return (
    <>
      <PageHeader title="Approvals" subtitle="Requests across modules that need a second person." />
      <div className="tabs" role="group" aria-label="Approval status">
        {statuses.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={s === status}
            onClick={() => setStatus(s)}
            data-testid={`tab-${s}`}
          >
            {s}
          </button>
        ))}
      </div>
      <ApprovalList status={status} />
    </>
  );
}

/** Approvals of a status in the switcher's scope, optionally of one kind, with decision buttons where allowed. */
export function ApprovalList({ status = "pending", kind }: { status?: string; kind?: string }) {
  const w = useWorkspace();
  const [load, reload] = useApiAll<Approval>(`/v1/approvals?status=${status}`);
  const inScope = new Set(w.inScope.map((p) => p.id));
  const visible = (a: Approval) =>
    (!kind || a.kind === kind) &&
    (w.scope.kind === "all" ||
      (a.propertyId ? inScope.has(a.propertyId) : a.brandId ? w.inScope.some((p) => p.brandId === a.brandId) : true));
  return (
    <Loaded load={load} onRetry={reload} what="Loading approvals">
      {(approvals) => {
        const list = approvals.filter(visible).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
        const refresh = (
          <button type="button" onClick={reload}>
            Refresh
          </button>
        );
        return list.length === 0 ? (
          <Empty title={`No ${status} ${kind ? kind.replace(/_/g, " ") + "s" : "approvals"}`}>Nothing here for what you are viewing. {refresh}</Empty>
        ) : (
          <>
            <ul className="approvals" data-testid="approvals">
              {list.map((a) => (
                <ApprovalItem key={a.id} a={a} />
              ))}
            </ul>
            {refresh}
          </>
        );
      }}
    </Loaded>
  );
}

function ApprovalItem({ a }: { a: Approval }) {
  const w = useWorkspace();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Approval | null>(null);
  const place = w.placeFor(a.propertyId);
  const own = a.requestedBy === w.me.actor.email;
  const mayDecide = w.can("approvals:decide", { brandId: a.brandId, propertyId: a.propertyId }) && a.status === "pending";
  const where = a.propertyId ? w.property(a.propertyId)?.name ?? a.propertyId : a.brandId ? w.brand(a.brandId)?.name ?? a.brandId : "Whole group";
  const decide = async (outcome: "approved" | "rejected") => {
    setBusy(true);
    setError(null);
    try {
      // The decided request stays in view with its new status until the list is refreshed.
      setDone(await api<Approval>(`/v1/approvals/${encodeURIComponent(a.id)}/decision`, { method: "POST", body: { outcome, comment } }));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const item = done ?? a;
  return (
    <li className="card approval" data-testid={`approval-${a.id}`} aria-labelledby={`approval-${a.id}-h`}>
      <div className="approval-head">
        <h3 id={`approval-${a.id}-h`}>{a.summary}</h3>
        <span className={`status ${item.status}`} data-testid="approval-status">
          {item.status}
        </span>
      </div>
      <p className="muted small">
        {a.kind.replace(/_/g, " ")} · {where} · requested by {a.requestedBy} on {dateTime(a.requestedAt, place)}
        {item.status === "pending" || item.status === "requested" ? ` · expires ${dateTime(a.expiresAt, place)}` : ""}
        {item.decidedBy && ` · ${item.status} by ${item.decidedBy} on ${dateTime(item.decidedAt, place)}`}
        {item.comment && ` · “${item.comment}”`}
      </p>
      {a.status === "requested" && <p className="muted small">The workflow is starting; it can be decided in a moment.</p>}
      {mayDecide && !done && own && <p className="note">You requested this: someone else must decide it.</p>}
      {mayDecide && !done && !own && (
        <div className="decision">
          <label>
            Comment{" "}
            <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="optional" aria-label={`Comment on ${a.summary}`} />
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => decide("approved")} data-testid="approve">
            Approve
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => decide("rejected")} data-testid="reject">
            Reject
          </button>
        </div>
      )}
      {error && <ErrorState error={error} />}
    </li>
  );
}
