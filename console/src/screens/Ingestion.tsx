// Ingestion health: each PMS/POS source in scope with its day's counters and lag percentiles
// (GET /v1/sources, /v1/sources/{id}/health), and, for operators, the queues with their dead letters and a
// redrive (GET /v1/ops/queues, /v1/ops/queues/{name}/dead-letters, POST .../redrive), and the trends of lag,
// throughput and errors up to the chosen day (IngestionTrends).
import { useMemo, useState } from "react";
import { api, asApiError, useApi, useApiAll, useLoad, type ApiError } from "../api";
import { Chart, type ChartOption } from "../components/Chart";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loaded } from "../components/states";
import { dateTime, duration, number, percent, placeOf, todayIn, type Place } from "../format";
import { useLocation } from "../router";
import type { DeadLetter, QueueStats, Source, SourceHealth } from "../types";
import { useWorkspace } from "../workspace";
import { IngestionTrends } from "./IngestionTrends";

interface Row {
  source: Source;
  health?: SourceHealth;
  error?: ApiError;
}

export function Ingestion() {
  const w = useWorkspace();
  const { query } = useLocation();
  const only = query.get("property");
  const [dayUTC, setDay] = useState(todayIn("UTC"));
  const ids = new Set((only ? w.properties.filter((p) => p.id === only) : w.inScope).map((p) => p.id));
  const [sources, reloadSources] = useApiAll<Source>("/v1/sources");
  const inScope = sources.state === "ok" ? sources.data.filter((s) => ids.has(s.propertyId)) : [];
  const key = sources.state === "ok" ? `${dayUTC}|${inScope.map((s) => s.id).join(",")}` : null;
  const [rows, reloadRows] = useLoad<Row[]>(key, () =>
    Promise.all(
      inScope.map((s) =>
        api<SourceHealth>(`/v1/sources/${encodeURIComponent(s.id)}/health?day=${dayUTC}`).then(
          (health) => ({ source: s, health }),
          (e) => ({ source: s, error: asApiError(e) }),
        ),
      ),
    ),
  );
  return (
    <>
      <PageHeader title="Ingestion health" subtitle="Messages from each PMS and POS source, per UTC day.">
        <label>
          Day (UTC){" "}
          <input type="date" value={dayUTC} onChange={(e) => e.target.value && setDay(e.target.value)} data-testid="health-day" />
        </label>
        <button
          type="button"
          onClick={() => {
            reloadSources();
            reloadRows();
          }}
        >
          Refresh
        </button>
      </PageHeader>
      <section className="card" aria-labelledby="sources-h">
        <h2 id="sources-h">Sources{only ? ` of ${w.property(only)?.name ?? only}` : ""}</h2>
        <Loaded load={sources} onRetry={reloadSources} what="Loading sources">
          {() =>
            inScope.length === 0 ? (
              <Empty title="No sources in this scope">No PMS or POS source is registered for the properties you are viewing.</Empty>
            ) : (
              <Loaded load={rows} onRetry={reloadRows} what="Loading sync health">
                {(rs) => <SourceTable rows={rs} />}
              </Loaded>
            )
          }
        </Loaded>
      </section>
      {inScope.length > 0 && <IngestionTrends sources={inScope} to={dayUTC} />}
      <Queues />
    </>
  );
}

/** The day's lag percentiles, in the place's words where the API gives seconds (its strings otherwise). */
function lagText(h: SourceHealth["health"], place: Place): string {
  const l = h.lagSeconds;
  const over = [h.lagP50, h.lagP95, h.lagP99].map((p) => p.startsWith(">"));
  if (l) return [l.p50, l.p95, l.p99].map((v, i) => (over[i] ? "> " : "≤ ") + duration(v, place)).join(" / ");
  return h.lagP50 ? `${h.lagP50} / ${h.lagP95} / ${h.lagP99}` : "—";
}

function SourceTable({ rows }: { rows: Row[] }) {
  const w = useWorkspace();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: "category", data: rows.map((r) => r.source.id), axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", minInterval: 1 },
      series: (["accepted", "rejected", "duplicates"] as const).map((k) => ({
        type: "bar",
        stack: "messages",
        name: k,
        data: rows.map((r) => r.health?.health[k] ?? 0),
      })),
    }),
    [rows],
  );
  const any = rows.some((r) => (r.health?.health.received ?? 0) > 0);
  return (
    <>
      {any ? (
        <Chart option={option} label="Messages per source: accepted, rejected and duplicates" height={240} />
      ) : (
        <p className="muted">No messages received on this day.</p>
      )}
      <div className="table-wrap">
        <table data-testid="source-health">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Property</th>
              <th scope="col" className="num">
                Received
              </th>
              <th scope="col" className="num">
                Accepted
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Duplicates
              </th>
              <th scope="col" className="num">
                Error rate
              </th>
              <th scope="col">Lag p50 / p95 / p99</th>
              <th scope="col">Last message</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ source: s, health, error }) => {
              const p = w.property(s.propertyId);
              const place = placeOf(p);
              const h = health?.health;
              return (
                <tr key={s.id}>
                  <th scope="row">{s.id}</th>
                  <td>{p?.name ?? s.propertyId}</td>
                  {error || !h ? (
                    <td colSpan={8}>{error && <ErrorState error={error} />}</td>
                  ) : (
                    <>
                      <td className="num">{number(h.received, place)}</td>
                      <td className="num">{number(h.accepted, place)}</td>
                      <td className="num">{number(h.rejected, place)}</td>
                      <td className="num">{number(h.duplicates, place)}</td>
                      <td className="num">{percent(h.errorRate, place)}</td>
                      <td>{lagText(h, place)}</td>
                      <td>{dateTime(h.lastMessageAt, place)}</td>
                      <td>
                        {s.disabled ? <span className="status rejected">disabled</span> : <span className="status granted">enabled</span>}
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Queues() {
  const w = useWorkspace();
  const group = w.can("ops:read", {});
  const [load, reload] = useApi<{ queues: QueueStats[] }>(group ? "/v1/ops/queues" : null);
  return (
    <section className="card" aria-labelledby="queues-h">
      <h2 id="queues-h">Queues and dead letters</h2>
      {!group ? (
        <Empty title="Queue operations are group-wide">Queue depths and dead letters need the ops:read permission on the whole group.</Empty>
      ) : (
        <Loaded load={load} onRetry={reload} what="Loading queues">
          {({ queues }) => (
            <div className="table-wrap">
              <table data-testid="queues">
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Consumer</th>
                    <th scope="col" className="num">
                      Waiting
                    </th>
                    <th scope="col" className="num">
                      In flight
                    </th>
                    <th scope="col" className="num">
                      Handled
                    </th>
                    <th scope="col" className="num">
                      Failed
                    </th>
                    <th scope="col" className="num">
                      Dead letters
                    </th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {queues.map((q) => (
                    <QueueRow key={q.name} q={q} onChange={reload} canRedrive={w.can("ops:write", {})} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      )}
    </section>
  );
}

function QueueRow({ q, onChange, canRedrive }: { q: QueueStats; onChange: () => void; canRedrive: boolean }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState("");
  const redrive = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ redriven: number }>(`/v1/ops/queues/${encodeURIComponent(q.name)}/redrive`, { method: "POST" });
      setNote(`${r.redriven} message(s) sent back to ${q.name}`);
      onChange();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <tr data-testid={`queue-${q.name}`}>
        <th scope="row">{q.name}</th>
        <td>{q.consumer}</td>
        <td className="num">{number(q.visible)}</td>
        <td className="num">{number(q.inFlight)}</td>
        <td className="num">{number(q.handled)}</td>
        <td className="num">{number(q.failed)}</td>
        <td className={`num ${q.dead > 0 ? "neg" : ""}`}>{number(q.dead)}</td>
        <td className="row-actions">
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Hide" : "Dead letters"}
          </button>
          {canRedrive && (
            <button type="button" disabled={busy || q.dead === 0} onClick={redrive} data-testid={`redrive-${q.name}`}>
              Redrive
            </button>
          )}
          {note && <span className="muted small"> {note}</span>}
        </td>
      </tr>
      {error && (
        <tr>
          <td colSpan={8}>
            <ErrorState error={error} />
          </td>
        </tr>
      )}
      {open && (
        <tr>
          <td colSpan={8}>
            <DeadLetters queue={q.name} />
          </td>
        </tr>
      )}
    </>
  );
}

function DeadLetters({ queue }: { queue: string }) {
  const [load, reload] = useApiAll<DeadLetter>(`/v1/ops/queues/${encodeURIComponent(queue)}/dead-letters`);
  const place = placeOf(undefined);
  return (
    <Loaded load={load} onRetry={reload} what="Loading dead letters">
      {(deadLetters) =>
        deadLetters.length === 0 ? (
          <Empty title={`No dead letters in ${queue}`} />
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Message</th>
                <th scope="col" className="num">Receives</th>
                <th scope="col">Last error</th>
                <th scope="col">Dead since</th>
              </tr>
            </thead>
            <tbody>
              {deadLetters.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code title={d.body}>{d.body.slice(0, 80)}</code>
                  </td>
                  <td className="num">{number(d.receives)}</td>
                  <td>{d.lastError}</td>
                  <td>{dateTime(d.deadAt, place)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Loaded>
  );
}
