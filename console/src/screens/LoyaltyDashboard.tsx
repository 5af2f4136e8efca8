// The programme at a glance (GET /v1/loyalty/dashboard, computed nightly): members and their growth, points owed,
// the tier mix as a donut, members close to the next tier, points expiring soon and the upgrade rate. Every chart's
// figures are also in a table for screen readers and keyboard users.
import { useMemo } from "react";
import { api, useApi } from "../api";
import { Chart, type ChartOption } from "../components/Chart";
import { Kpis } from "../components/Kpis";
import { Empty, Loaded } from "../components/states";
import { basisPoints, browserPlace, dateTime, number } from "../format";
import { Link } from "../router";
import { useWorkspace } from "../workspace";
import { useAction } from "../action";

export interface LoyaltyDashboardData {
  asOf: string;
  members: { total: number; active: number; inactive: number };
  trend: { month: string; members: number; enrolled: number }[];
  points: { inCirculation: number; available: number; pending: number; held: number };
  tiers: { tier: string; name: string; members: number }[];
  closeToNext: { guestId: string; number: string; tier: string; next: string; percent: number; missing: { nights: number; stays: number; points: number } }[];
  expiring: { days: number; points: number; members: number; byMonth: { month: string; points: number }[] };
  upgrades: { windowMonths: number; upgraded: number; members: number; basisPoints: number };
}

export function LoyaltyDashboard() {
  const w = useWorkspace();
  const [load, reload] = useApi<LoyaltyDashboardData>("/v1/loyalty/dashboard");
  const place = browserPlace();
  // Computing runs away from the API (every member is read): ask, then look again until a newer one is stored.
  const refresh = useAction(async () => {
    const before = load.state === "ok" ? load.data.asOf : "";
    await api("/v1/loyalty/dashboard", { method: "POST" });
    for (let i = 0; i < 30; i++) {
      await new Promise((done) => setTimeout(done, 1000));
      const d = await api<LoyaltyDashboardData>("/v1/loyalty/dashboard").catch(() => null);
      if (d && d.asOf !== before) break;
    }
    reload();
  });
  const compute = w.can("reports:run") && (
    <button type="button" onClick={() => void refresh.run()} disabled={refresh.busy} data-testid="refresh-dashboard">
      {refresh.busy ? "Computing…" : "Compute now"}
    </button>
  );
  const notComputed = load.state === "error" && load.error.code === "not_computed";
  return (
    <section className="card" aria-labelledby="programme-h" data-testid="loyalty-dashboard">
      <h2 id="programme-h">Programme</h2>
      {refresh.error && <p role="alert">{refresh.error.message}</p>}
      {notComputed ? (
        <Empty title="Not computed yet">
          The programme's figures are computed every night. {compute}
        </Empty>
      ) : (
        <Loaded load={load} onRetry={reload} what="Loading the programme figures">
          {(d) => (
            <>
              <p className="muted small">
                As of {dateTime(d.asOf, place)}. {compute}
              </p>
              <Kpis
                testId="loyalty-kpis"
                items={[
                  { label: "Active members", value: number(d.members.active, place), testId: "kpi-active-members" },
                  { label: "Points in circulation", value: number(d.points.inCirculation, place), testId: "kpi-points" },
                  { label: `Expiring within ${d.expiring.days} days`, value: number(d.expiring.points, place), testId: "kpi-expiring" },
                  { label: `Upgrade rate (${d.upgrades.windowMonths} months)`, value: basisPoints(d.upgrades.basisPoints, place), testId: "kpi-upgrade-rate" },
                ]}
              />
              <div className="grid-2">
                <MembersTrend d={d} />
                <TierDonut d={d} />
              </div>
              <div className="grid-2">
                <CloseToNext d={d} />
                <Expiring d={d} />
              </div>
            </>
          )}
        </Loaded>
      )}
    </section>
  );
}

function MembersTrend({ d }: { d: LoyaltyDashboardData }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { data: ["Members", "Enrolled"] },
      grid: { left: 48, right: 16, top: 32, bottom: 32 },
      xAxis: { type: "category", data: d.trend.map((t) => t.month) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "Members", type: "line", data: d.trend.map((t) => t.members) },
        { name: "Enrolled", type: "bar", data: d.trend.map((t) => t.enrolled) },
      ],
    }),
    [d],
  );
  return (
    <div>
      <h3>Members and enrolments</h3>
      <Chart option={option} label="Members at each month's end and enrolments in it, over twelve months" />
    </div>
  );
}

function TierDonut({ d }: { d: LoyaltyDashboardData }) {
  const place = browserPlace();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["45%", "70%"], data: d.tiers.map((t) => ({ name: t.name, value: t.members })) }],
    }),
    [d],
  );
  return (
    <div>
      <h3>Tier distribution</h3>
      <Chart option={option} label="Members per tier" />
      <FigureTable testId="tier-table" head={["Tier", "Members"]} rows={d.tiers.map((t) => [t.tier, t.name, number(t.members, place)])} />
    </div>
  );
}

function CloseToNext({ d }: { d: LoyaltyDashboardData }) {
  const place = browserPlace();
  return (
    <div>
      <h3>Close to the next tier</h3>
      {d.closeToNext.length === 0 ? (
        <Empty title="Nobody is within reach of the next tier" />
      ) : (
        <table className="compact" data-testid="close-to-next">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Now → next</th>
              <th scope="col" className="num">Progress</th>
              <th scope="col">Still needed (any one)</th>
            </tr>
          </thead>
          <tbody>
            {d.closeToNext.map((m) => (
              <tr key={m.guestId}>
                <td>
                  <Link to={`/guests/${encodeURIComponent(m.guestId)}`}>{m.number}</Link>
                </td>
                <td>
                  {m.tier} → {m.next}
                </td>
                <td className="num">
                  <progress max={100} value={m.percent} aria-label={`${m.percent}%`} /> {m.percent}%
                </td>
                <td>{missing(m.missing, place)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function missing(m: { nights: number; stays: number; points: number }, place: ReturnType<typeof browserPlace>): string {
  const parts: string[] = [];
  if (m.nights > 0) parts.push(`${number(m.nights, place)} nights`);
  if (m.stays > 0) parts.push(`${number(m.stays, place)} stays`);
  if (m.points > 0) parts.push(`${number(m.points, place)} points`);
  return parts.join(" or ") || "—";
}

function Expiring({ d }: { d: LoyaltyDashboardData }) {
  const place = browserPlace();
  return (
    <div>
      <h3>Points expiring soon</h3>
      <p>
        {number(d.expiring.points, place)} points of {number(d.expiring.members, place)} members expire within {d.expiring.days} days.
      </p>
      {d.expiring.byMonth.length > 0 && (
        <FigureTable testId="expiring-by-month" head={["Month", "Points"]} rows={d.expiring.byMonth.map((m) => [m.month, m.month, number(m.points, place)])} />
      )}
    </div>
  );
}

/** A two-column table of a chart's or a list's figures: rows are [key, label, formatted figure]. */
function FigureTable({ testId, head, rows }: { testId: string; head: [string, string]; rows: [string, string, string][] }) {
  return (
    <table className="compact" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col" className="num">
            {head[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, label, figure]) => (
          <tr key={key}>
            <td>{label}</td>
            <td className="num">{figure}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
