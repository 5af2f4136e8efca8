// The audit log for auditors (GET /v1/audit with filters, /v1/audit/verify for the hash chain, /v1/audit/export
// as CSV). The log is group-wide: only group grants of audit:read open it.
import { useState } from "react";
import { api, apiBlob, asApiError, useApiAll, type ApiError } from "../api";
import { PageHeader } from "../components/PageHeader";
import { DataTable } from "../components/DataTable";
import { ErrorState, Loaded } from "../components/states";
import { dateTime } from "../format";
import type { AuditEntry, Verification } from "../types";
import { useWorkspace } from "../workspace";

interface Filters {
  actor: string;
  resource: string;
  propertyId: string;
  from: string;
  to: string;
}

const none: Filters = { actor: "", resource: "", propertyId: "", from: "", to: "" };

function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  if (f.actor) q.set("actor", f.actor);
  if (f.resource) q.set("resource", f.resource);
  if (f.propertyId) q.set("propertyId", f.propertyId);
  if (f.from) q.set("from", new Date(f.from).toISOString().replace(/\.\d+Z$/, "Z"));
  if (f.to) q.set("to", new Date(f.to).toISOString().replace(/\.\d+Z$/, "Z"));
  return q.toString();
}

export function Audit() {
  const w = useWorkspace();
  const [draft, setDraft] = useState<Filters>(none);
  const [applied, setApplied] = useState<Filters>(none);
  const q = queryOf(applied);
  const [load, reload] = useApiAll<AuditEntry>(`/v1/audit${q ? "?" + q : ""}`);
  const [verify, setVerify] = useState<Verification | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const runVerify = async () => {
    setError(null);
    try {
      setVerify(await api<Verification>("/v1/audit/verify"));
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const exportCSV = async () => {
    setError(null);
    try {
      const blob = await apiBlob(`/v1/audit/export${q ? "?" + q : ""}`);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "audit.csv";
      a.click();
      URL.revokeObjectURL(a.href);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const field = (k: keyof Filters, label: string, type = "text") => (
    <label>
      {label}
      <input type={type} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
    </label>
  );
  const place = w.placeFor();
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every write and every refused attempt, hash-chained.">
        <button type="button" onClick={runVerify} data-testid="verify">
          Verify the chain
        </button>
        <button type="button" onClick={exportCSV}>
          Export CSV
        </button>
      </PageHeader>
      {verify && (
        <div className={`state ${verify.ok ? "ok" : "error"}`} role="status" data-testid="verify-result">
          {verify.ok
            ? `Chain intact: ${verify.checked} entries checked.`
            : `Chain broken at entry ${verify.brokenAt}: ${verify.problem} (${verify.checked} checked).`}
        </div>
      )}
      {error && <ErrorState error={error} />}
      <form
        className="card filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        {field("actor", "Actor (email)")}
        {field("resource", "Resource")}
        <label>
          Property
          <select value={draft.propertyId} onChange={(e) => setDraft({ ...draft, propertyId: e.target.value })}>
            <option value="">Any</option>
            {w.properties.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {field("from", "From", "datetime-local")}
        {field("to", "To", "datetime-local")}
        <button type="submit">Filter</button>
        <button
          type="button"
          onClick={() => {
            setDraft(none);
            setApplied(none);
          }}
        >
          Clear
        </button>
      </form>
      <section className="card">
        <Loaded load={load} onRetry={reload} what="Loading the audit log">
          {(entries) =>
            <DataTable
              testId="audit"
              empty="No audit entries match"
              items={[...entries].reverse()}
              columns={["#", "When", "Actor", "Action", "Resource", "Where", "Outcome", "Hash"].map((label) => ({ label }))}
              row={(e) => {
                const p = w.placeFor(e.propertyId);
                return (
                  <tr key={e.seq}>
                    <td className="num">{e.seq}</td>
                    <td>{dateTime(e.at, e.propertyId ? p : place)}</td>
                    <td>
                      {e.actor}
                      <div className="muted small">{e.roles.join(", ")}</div>
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.resource}</td>
                    <td>{e.propertyId ? w.property(e.propertyId)?.name ?? e.propertyId : e.brandId ?? "group"}</td>
                    <td>
                      <span className={`status ${e.outcome === "ok" ? "granted" : "rejected"}`}>{e.outcome}</span>
                    </td>
                    <td>
                      <code title={e.hash}>{e.hash.slice(0, 10)}…</code>
                    </td>
                  </tr>
                );
              }}
            />
          }
        </Loaded>
      </section>
    </>
  );
}
