// The daily reconciliation of a hotel's business day (GET|POST /v1/properties/{id}/reconciliation/{day}): PMS
// folio revenue against the spend Guest 360 filed and the points loyalty posted, with mismatches by reservation.
import { useState } from "react";
import { api, asApiError, useApi, type ApiError } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loading } from "../components/states";
import { dateTime, day as fmtDay, money, number, placeOf, todayIn } from "../format";
import { navigate, Link } from "../router";
import type { Reconciliation as Report } from "../types";
import { useWorkspace } from "../workspace";

export function Reconciliation({ propertyId, day }: { propertyId?: string; day?: string }) {
  const w = useWorkspace();
  const choices = w.inScope.filter((p) => w.can("reports:read", { propertyId: p.id }));
  const [pick, setPick] = useState(propertyId ?? choices[0]?.id ?? "");
  const picked = w.property(pick);
  const [pickDay, setPickDay] = useState(day ?? (picked ? todayIn(picked.timeZone, -1) : todayIn("UTC", -1)));
  return (
    <>
      <PageHeader
        title="Reconciliation"
        subtitle="A business day in the property's time zone: PMS folios against filed spend and posted points."
      />
      <form
        className="card inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (pick && pickDay) navigate(`/properties/${pick}/reconciliation/${pickDay}`);
        }}
      >
        <label>
          Property
          <select value={pick} onChange={(e) => setPick(e.target.value)} data-testid="recon-property">
            {propertyId && !choices.some((p) => p.id === propertyId) && <option value={propertyId}>{propertyId}</option>}
            {choices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Business day
          <input type="date" value={pickDay} onChange={(e) => setPickDay(e.target.value)} required data-testid="recon-day" />
        </label>
        <button type="submit">Show</button>
      </form>
      {choices.length === 0 && !propertyId && (
        <Empty title="No property to reconcile">Reconciliation reports need reports:read on a property you are viewing.</Empty>
      )}
      {propertyId && day && <Report key={`${propertyId}/${day}`} propertyId={propertyId} day={day} />}
    </>
  );
}

function Report({ propertyId, day }: { propertyId: string; day: string }) {
  const w = useWorkspace();
  const path = `/v1/properties/${encodeURIComponent(propertyId)}/reconciliation/${encodeURIComponent(day)}`;
  const [load, reload] = useApi<Report>(path);
  const [ran, setRan] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const canRun = w.can("reports:run", { propertyId });
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setRan(await api<Report>(path, { method: "POST" }));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const report = ran ?? (load.state === "ok" ? load.data : null);
  const runButton = canRun && (
    <button type="button" className="primary" onClick={run} disabled={busy} data-testid="recon-run">
      {busy ? "Running…" : report ? "Run again" : "Run now"}
    </button>
  );
  return (
    <section className="card" aria-labelledby="recon-h" data-testid="reconciliation">
      <h2 id="recon-h">
        {w.property(propertyId)?.name ?? propertyId} · {day}
      </h2>
      {error && <ErrorState error={error} />}
      {!report && load.state === "loading" && <Loading what="Loading the report" />}
      {!report && load.state === "error" &&
        (load.error.code === "not_reconciled" ? (
          <Empty title="Not reconciled yet">
            <p>The nightly run has not reconciled this day. {canRun ? "Run it now:" : "Someone with reports:run can run it now."}</p>
            {runButton}
          </Empty>
        ) : (
          <ErrorState error={load.error} onRetry={reload} />
        ))}
      {report && <ReportBody r={report} action={runButton} />}
    </section>
  );
}

function ReportBody({ r, action }: { r: Report; action: React.ReactNode }) {
  const w = useWorkspace();
  const place = { ...placeOf(w.property(r.propertyId)), timeZone: r.timeZone };
  const m = (v: number) => money(v, r.currency, place);
  return (
    <>
      <p className="muted small">
        Business day {fmtDay(r.day, place)} ({r.timeZone}) · generated {dateTime(r.generatedAt, place)} {action}
      </p>
      <dl className="kpis">
        <div>
          <dt>Reservations</dt>
          <dd>{number(r.reservations, place)}</dd>
        </div>
        <div>
          <dt>PMS folio revenue</dt>
          <dd>{m(r.folioRevenue)}</dd>
        </div>
        <div>
          <dt>Spend filed by Guest 360</dt>
          <dd>{m(r.filedSpend)}</dd>
        </div>
        <div>
          <dt>Points expected</dt>
          <dd>{number(r.pointsExpected, place)}</dd>
        </div>
        <div>
          <dt>Points earned</dt>
          <dd>{number(r.pointsEarned, place)}</dd>
        </div>
        <div>
          <dt>Points withheld</dt>
          <dd>{number(r.pointsWithheld, place)}</dd>
        </div>
      </dl>
      <h3>Mismatches</h3>
      {r.mismatches.length === 0 ? (
        <Empty title="No mismatches">Every reservation of the day agrees.</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="mismatches">
            <thead>
              <tr>
                <th scope="col">Reservation</th>
                <th scope="col">Guest</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Expected
                </th>
                <th scope="col" className="num">
                  Actual
                </th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {r.mismatches.map((x, i) => {
                const isPoints = x.kind.includes("points");
                const f = (v: number) => (isPoints ? number(v, place) : m(v));
                return (
                  <tr key={i}>
                    <td>{x.reservationId}</td>
                    <td>{x.guestId ? <Link to={`/guests/${encodeURIComponent(x.guestId)}`}>{x.guestId}</Link> : "—"}</td>
                    <td>{x.kind.replace(/_/g, " ")}</td>
                    <td className="num">{f(x.expected)}</td>
                    <td className="num">{f(x.actual)}</td>
                    <td>{x.detail}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
