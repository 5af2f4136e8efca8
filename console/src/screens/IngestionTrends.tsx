// Ingestion trends: each source's lag percentiles, throughput and error rate day by day
// (GET /v1/sources/{id}/health/days), as charts with the period's totals in a table beside them.
import { useMemo, useState } from "react";
import { api, asApiError, useLoad, type ApiError } from "../api";
import { Chart, type ChartOption } from "../components/Chart";
import { Empty, ErrorState, Loaded } from "../components/states";
import { day, duration, number, percent, type Place } from "../format";
import type { HealthDays, Source } from "../types";
import { useWorkspace } from "../workspace";

type Pct = "p50" | "p95" | "p99";

interface Series {
  source: Source;
  days?: HealthDays["days"];
  error?: ApiError;
}

const periods = [7, 14, 30] as const;

// The upper bounds of sync health's lag buckets (shared/synchealth), in seconds: the percentiles the API reports
// are always one of them, so the lag chart's axis is these steps rather than a continuous scale.
const lagSteps = [1, 5, 30, 60, 300, 900, 3600, 21600, 86400, 604800];

function lagStep(seconds: number): number {
  const i = lagSteps.findIndex((b) => seconds <= b);
  return i < 0 ? lagSteps.length - 1 : i;
}

export function IngestionTrends({ sources, to }: { sources: Source[]; to: string }) {
  const w = useWorkspace();
  const [span, setSpan] = useState<(typeof periods)[number]>(14);
  const [pct, setPct] = useState<Pct>("p95");
  const from = useMemo(() => {
    const d = new Date(to + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - (span - 1));
    return d.toISOString().slice(0, 10);
  }, [to, span]);
  const key = `${from}|${to}|${sources.map((s) => s.id).join(",")}`;
  const [load, reload] = useLoad<Series[]>(key, () =>
    Promise.all(
      sources.map((s) =>
        api<HealthDays>(`/v1/sources/${encodeURIComponent(s.id)}/health/days?from=${from}&to=${to}`).then(
          (h) => ({ source: s, days: h.days }),
          (e) => ({ source: s, error: asApiError(e) }),
        ),
      ),
    ),
  );
  const place = w.placeFor();
  return (
    <section className="card" aria-labelledby="trends-h" data-testid="ingestion-trends">
      <div className="approval-head">
        <h2 id="trends-h">Lag, throughput and errors over time</h2>
        <div className="tabs" role="group" aria-label="Period">
          {periods.map((p) => (
            <button key={p} type="button" aria-pressed={p === span} onClick={() => setSpan(p)} data-testid={`trend-${p}`}>
              {p} days
            </button>
          ))}
        </div>
      </div>
      <p className="muted small">
        UTC days {day(from, place)} – {day(to, place)}. Lag is from when something happened at the hotel to when Hearth had matched it.
      </p>
      <Loaded load={load} onRetry={reload} what="Loading the trends">
        {(series) => {
          const failed = series.find((s) => s.error);
          if (failed?.error?.code === "no_route") return <Empty title="Trends are not served here yet">This deployment's API has no day-by-day sync health.</Empty>;
          const ok = series.filter((s) => s.days);
          return (
            <>
              {failed?.error && <ErrorState error={failed.error} onRetry={reload} />}
              {ok.length > 0 && <TrendCharts series={ok} pct={pct} setPct={setPct} place={place} />}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function TrendCharts({ series, pct, setPct, place }: { series: Series[]; pct: Pct; setPct: (p: Pct) => void; place: Place }) {
  const w = useWorkspace();
  const days = series[0].days!.map((d) => d.day);
  // Sources that sent nothing in the period are left out of the charts (the table still lists them).
  const active = useMemo(() => series.filter((s) => s.days!.some((d) => d.received > 0 || d.matched > 0)), [series]);
  const label = (s: Series) => `${s.source.id} · ${w.property(s.source.propertyId)?.name ?? s.source.propertyId}`;
  const axis = { type: "category" as const, data: days.map((d) => day(d, place)), boundaryGap: false };
  const grid = { left: 56, right: 16, top: 16, bottom: 64 };
  const line = (name: string, data: (number | null)[]) => ({ type: "line" as const, name, data, connectNulls: false, showSymbol: true, symbolSize: 5 });
  const lag = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "no data" : `≤ ${duration(lagSteps[Number(v)], place)}`) },
      legend: { bottom: 0, type: "scroll" },
      grid: { ...grid, left: 72 },
      xAxis: axis,
      yAxis: { type: "category", data: lagSteps.map((b) => `≤ ${duration(b, place)}`), boundaryGap: false },
      series: active.map((s) => line(label(s), s.days!.map((d) => (d.lagSeconds ? lagStep(d.lagSeconds[pct]) : null)))),
    }),
    [active, pct, place.locale],
  );
  const throughput = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, type: "scroll" },
      grid,
      xAxis: { ...axis, boundaryGap: true },
      yAxis: { type: "value", minInterval: 1 },
      series: active.map((s) => ({ type: "bar" as const, stack: "received", name: label(s), data: s.days!.map((d) => d.received) })),
    }),
    [active, place.locale],
  );
  const errors = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "no messages" : percent(Number(v), place)) },
      legend: { bottom: 0, type: "scroll" },
      grid,
      xAxis: axis,
      yAxis: { type: "value", min: 0, axisLabel: { formatter: (v: number) => percent(v, place) } },
      series: active.map((s) => line(label(s), s.days!.map((d) => (d.received > 0 ? d.errorRate : null)))),
    }),
    [active, place.locale],
  );
  const anyLag = series.some((s) => s.days!.some((d) => d.lagSeconds));
  const anyTraffic = series.some((s) => s.days!.some((d) => d.received > 0));
  return (
    <>
      <div className="two-col">
        <div>
          <div className="approval-head">
            <h3>Lag {pct}</h3>
            <div className="tabs" role="group" aria-label="Lag percentile">
              {(["p50", "p95", "p99"] as Pct[]).map((p) => (
                <button key={p} type="button" aria-pressed={p === pct} onClick={() => setPct(p)} data-testid={`lag-${p}`}>
                  {p}
                </button>
              ))}
            </div>
          </div>
          {anyLag ? <Chart option={lag} label={`Lag ${pct} per source and day`} height={240} /> : <Empty title="No matched messages in this period" />}
        </div>
        <div>
          <h3>Messages received</h3>
          {anyTraffic ? <Chart option={throughput} label="Messages received per source and day" height={240} /> : <Empty title="No messages in this period" />}
        </div>
      </div>
      {anyTraffic && (
        <>
          <h3>Error rate</h3>
          <Chart option={errors} label="Share of messages rejected per source and day" height={200} />
        </>
      )}
      <div className="table-wrap">
        <table data-testid="trend-totals">
          <caption>The period per source</caption>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Received
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Error rate
              </th>
              <th scope="col" className="num">
                Worst day's lag {pct}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => {
              const received = s.days!.reduce((t, d) => t + d.received, 0);
              const rejected = s.days!.reduce((t, d) => t + d.rejected, 0);
              const worst = Math.max(0, ...s.days!.map((d) => d.lagSeconds?.[pct] ?? 0));
              return (
                <tr key={s.source.id}>
                  <th scope="row">{label(s)}</th>
                  <td className="num">{number(received, place)}</td>
                  <td className="num">{number(rejected, place)}</td>
                  <td className="num">{received ? percent(rejected / received, place) : "—"}</td>
                  <td className="num">{worst ? `≤ ${duration(worst, place)}` : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
