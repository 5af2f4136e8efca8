// Fraud alerts: what the fraud and velocity rules raised (GET /v1/fraud/alerts?status=open|resolved, paged, newest
// first), each with its evidence and the members it holds; loyalty managers resolve one with a note and may lift
// its holds (POST /v1/fraud/alerts/{key}/resolution; the key holds slashes and travels URL-encoded).
import { useState } from "react";
import { api, asApiError, usePaged, type ApiError } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loaded } from "../components/states";
import { dateTime } from "../format";
import { Link } from "../router";
import type { FraudAlert } from "../types";
import { useWorkspace } from "../workspace";

const ruleLabel: Record<FraudAlert["rule"], string> = {
  earn_velocity: "Earn velocity",
  early_redemption: "Redemption soon after joining",
  shared_card: "Payment card shared by many members",
  adjustment_burst: "Burst of manual adjustments",
};

type Status = "open" | "resolved";

export function Fraud() {
  const [status, setStatus] = useState<Status>("open");
  const [load, reload, more, loadingMore] = usePaged<FraudAlert>(`/v1/fraud/alerts?status=${status}`);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Fraud alerts" subtitle="What the fraud and velocity rules raised, newest first, and the members they hold." />
      <div className="tabs" role="group" aria-label="Which alerts">
        {(["open", "resolved"] as Status[]).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            data-testid={`alerts-${s}`}
            onClick={() => {
              setDone(null);
              setStatus(s);
            }}
          >
            {s === "open" ? "Open" : "Resolved"}
          </button>
        ))}
      </div>
      {done && (
        <div className="state ok" role="status" data-testid="resolved-message">
          {done}
        </div>
      )}
      <Loaded load={load} onRetry={reload} what="Loading fraud alerts">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={status === "open" ? "No open fraud alerts" : "No resolved fraud alerts"} />
          ) : (
            <>
              <ul className="approvals" data-testid="fraud-alerts">
                {page.items.map((a) => (
                  <AlertItem
                    key={a.key}
                    alert={a}
                    onResolved={(msg) => {
                      setDone(msg);
                      reload();
                    }}
                  />
                ))}
              </ul>
              {page.nextCursor && (
                <button type="button" onClick={more} disabled={loadingMore}>
                  {loadingMore ? "Loading…" : "Show more"}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}

/** The newest open alerts as a short table, for the loyalty dashboard; the Fraud alerts screen resolves them. */
export function OpenAlerts() {
  const w = useWorkspace();
  const [load, reload] = usePaged<FraudAlert>("/v1/fraud/alerts?status=open", 10);
  const place = w.placeFor();
  return (
    <section className="card" aria-labelledby="open-alerts-h">
      <h2 id="open-alerts-h">Open fraud alerts</h2>
      <Loaded load={load} onRetry={reload} what="Loading fraud alerts">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title="No open fraud alerts" />
          ) : (
            <div className="table-wrap">
              <table data-testid="open-alerts">
                <thead>
                  <tr>
                    <th scope="col">Raised</th>
                    <th scope="col">Rule</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Holds</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((a) => (
                    <tr key={a.key}>
                      <td>{dateTime(a.at, place)}</td>
                      <td>{ruleLabel[a.rule] ?? a.rule}</td>
                      <td>{a.detail}</td>
                      <td>{a.hold.join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <Link to="/fraud">{page.nextCursor ? "All open alerts" : "Resolve them"} on the Fraud alerts screen</Link>
              </p>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function AlertItem({ alert: a, onResolved }: { alert: FraudAlert; onResolved: (msg: string) => void }) {
  const w = useWorkspace();
  const place = w.placeFor();
  const [note, setNote] = useState("");
  const [release, setRelease] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      await api<FraudAlert>(`/v1/fraud/alerts/${encodeURIComponent(a.key)}/resolution`, {
        method: "POST",
        body: { note: note.trim(), release },
      });
      onResolved(`Alert resolved${release ? " and its holds lifted" : ""}: ${a.detail}`);
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  const id = `alert-${a.key.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <li className="card" data-testid="fraud-alert" aria-labelledby={`${id}-h`}>
      <div className="approval-head">
        <h3 id={`${id}-h`}>{ruleLabel[a.rule] ?? a.rule}</h3>
        <span className={`status ${a.status === "open" ? "pending" : "approved"}`} data-testid="alert-status">
          {a.status}
        </span>
      </div>
      <p data-testid="alert-detail">{a.detail}</p>
      <dl className="facts">
        <dt>Last evidence</dt>
        <dd>{dateTime(a.at, place)}</dd>
        <dt>Holds</dt>
        <dd>
          {a.hold.length === 0
            ? "—"
            : a.hold.map((g, i) => (
                <span key={g}>
                  {i > 0 && ", "}
                  <Link to={`/guests/${encodeURIComponent(g)}`}>{g}</Link>
                </span>
              ))}
        </dd>
        {a.userId && (
          <>
            <dt>User</dt>
            <dd>{a.userId}</dd>
          </>
        )}
        {a.cardHash && (
          <>
            <dt>Payment card</dt>
            <dd>
              <code>{a.cardHash.slice(0, 12)}…</code>
            </dd>
          </>
        )}
        <dt>Evidence</dt>
        <dd>
          <details>
            <summary>
              {a.evidence.length} event{a.evidence.length === 1 ? "" : "s"}
            </summary>
            <ul className="small">
              {a.evidence.map((e) => (
                <li key={e}>
                  <code>{e}</code>
                </li>
              ))}
            </ul>
          </details>
        </dd>
        {a.status === "resolved" && (
          <>
            <dt>Resolved</dt>
            <dd>
              {dateTime(a.resolvedAt, place)} by {a.resolvedBy ?? "—"}
              {a.released ? " · holds lifted" : ""}
            </dd>
            <dt>Note</dt>
            <dd>{a.note}</dd>
          </>
        )}
      </dl>
      {a.status === "open" && w.can("fraud:manage") && (
        <form
          className="decision"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) resolve();
          }}
        >
          <label>
            What was found
            <input data-testid="resolve-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} required />
          </label>
          <label className="switcher">
            <input type="checkbox" data-testid="resolve-release" checked={release} onChange={(e) => setRelease(e.target.checked)} />
            Lift the holds
          </label>
          <button type="submit" className="primary" disabled={busy || !note.trim()} data-testid="resolve">
            {busy ? "Resolving…" : "Resolve"}
          </button>
        </form>
      )}
      {error && <ErrorState error={error} />}
    </li>
  );
}
