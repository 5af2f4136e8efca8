// Merge lineage on Guest 360: the source records that describe the guest (the golden record's members), the
// guests matching merged into it (or it into), when, by which rule and score, on which record, and an Unmerge
// behind a confirmation (POST /v1/guests/{id}/unmerge: the merged guest gets back its record, stays, spend and
// points).
import { useState } from "react";
import { api } from "../api";
import { useAction } from "../action";
import { ConfirmDialog } from "../components/Confirm";
import { Empty } from "../components/states";
import { dateTime, score, type Place } from "../format";
import { Link } from "../router";
import type { Golden, MergeEntry } from "../types";
import { useWorkspace } from "../workspace";

const ruleNames: Record<string, string> = { auto: "automatic match", reviewed: "merge review", manual: "merged by hand" };

function guestLink(id: string) {
  return <Link to={`/guests/${encodeURIComponent(id)}`}>{id}</Link>;
}

export function Lineage({
  guestId,
  golden,
  mergedInto,
  merges,
  home,
  onChanged,
}: {
  guestId: string;
  golden?: Golden;
  mergedInto?: string;
  merges: MergeEntry[];
  home: Place;
  /** After an unmerge: what happened, for the page to say while it reloads. */
  onChanged: (message: string) => void;
}) {
  const w = useWorkspace();
  const [target, setTarget] = useState<MergeEntry | null>(null);
  const [reason, setReason] = useState("");
  const unmerge = useAction((m: MergeEntry) =>
    api(`/v1/guests/${encodeURIComponent(m.survivorId)}/unmerge`, { method: "POST", body: { mergedId: m.mergedId, reason } }),
  );
  const records = (golden?.members ?? []).flatMap((m) => m.sources.map((s) => ({ ...s, profile: m.profile })));
  const close = () => {
    setTarget(null);
    setReason("");
    unmerge.reset();
  };
  return (
    <section className="card" aria-labelledby="lineage-h" data-testid="lineage">
      <h2 id="lineage-h">Merge lineage</h2>
      {mergedInto && (
        <p className="state empty" data-testid="merged-into">
          This guest was merged into {guestLink(mergedInto)}: that profile holds their stays and points now.
        </p>
      )}
      <h3>Source records</h3>
      {records.length === 0 ? (
        <Empty title="No source records">No PMS or POS record describes this guest: the profile was made in the console.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="source-records">
            <thead>
              <tr>
                <th scope="col">System</th>
                <th scope="col">Record</th>
                <th scope="col">As the record describes the guest</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={`${r.system}/${r.recordId}`}>
                  <td>{r.system}</td>
                  <td>
                    <code>{r.recordId}</code>
                  </td>
                  <td>{[[r.profile.fn, r.profile.ln].filter(Boolean).join(" "), r.profile.em, r.profile.ph, r.profile.ci].filter(Boolean).join(" · ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Merges</h3>
      {merges.length === 0 ? (
        <Empty title="Never merged">Matching has not merged another guest into this one.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="merges">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Merged guest</th>
                <th scope="col">Into</th>
                <th scope="col">Rule</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">On the record</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {merges.map((m) => (
                <tr key={`${m.mergeId}/${m.mergedId}`} data-testid={`merge-${m.mergedId}`}>
                  <td>{dateTime(m.at, home)}</td>
                  <td>{guestLink(m.mergedId)}</td>
                  <td>{m.survivorId === guestId ? "this guest" : guestLink(m.survivorId)}</td>
                  <td>{ruleNames[m.decision] ?? m.decision}</td>
                  <td className="num">{score(m.score, home)}</td>
                  <td>
                    {m.source.system} <code>{m.source.recordId}</code>
                  </td>
                  <td>
                    {m.undone ? (
                      <span className="status rejected" title={m.unmergedBy ? `by ${m.unmergedBy}` : undefined}>
                        undone {dateTime(m.unmergedAt, home)}
                      </span>
                    ) : m.survivorId === guestId && w.can("guests:write") ? (
                      <button type="button" className="danger" onClick={() => setTarget(m)} data-testid={`unmerge-${m.mergedId}`}>
                        Unmerge…
                      </button>
                    ) : (
                      <span className="status approved">merged</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {golden?.keptApart && golden.keptApart.length > 0 && (
        <p className="muted small">Kept apart from {golden.keptApart.map((id, i) => [i > 0 && ", ", guestLink(id)])}: matching never merges them again.</p>
      )}
      <ConfirmDialog
        open={target !== null}
        title={`Unmerge ${target?.mergedId ?? ""}?`}
        confirmLabel="Unmerge"
        busy={unmerge.busy}
        error={unmerge.error}
        onCancel={close}
        onConfirm={async () => {
          if (!target) return;
          const r = await unmerge.run(target);
          if (r === undefined) return;
          const message = `${target.mergedId} is a guest of their own again, with their record, stays, spend and points.`;
          close();
          onChanged(message);
        }}
      >
        <p>
          {target?.mergedId} gets back their own record, stays, spend and points, and matching will keep the two guests apart from
          now on.
        </p>
        <label>
          Reason (kept in the audit log)
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="unmerge-reason" />
        </label>
      </ConfirmDialog>
    </section>
  );
}
