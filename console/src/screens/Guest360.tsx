// Guest 360: one guest across every property (GET /v1/guests/{id}/360), their loyalty standing and statement
// (/membership) and their consent history (/consent). Money is shown in each visit's currency, in the locale of
// the property it was spent at; instants in that property's time zone.
import { useEffect, useState } from "react";
import { api, asApiError, useApi, type ApiError } from "../api";
import { Link } from "../router";
import { SpendByCategory } from "../components/SpendByCategory";
import { PageHeader } from "../components/PageHeader";
import { DataTable } from "../components/DataTable";
import { Empty, ErrorState, Loaded, Loading } from "../components/states";
import { categoryLabel, dateTime, day, money, number, placeOf, type Place } from "../format";
import type { ConsentRecord, Guest360, Membership, Visit } from "../types";
import { useWorkspace, type Workspace } from "../workspace";
import { rememberGuest } from "./Guests";
import { Lineage } from "./GuestLineage";
import { Links } from "./GuestLinks";

function guestName(g: Guest360): string {
  const n = g.profile?.profile.name;
  const full = [n?.title, n?.first, n?.last].filter(Boolean).join(" ");
  return full || g.guestId;
}

/** The place to show a guest's figures in a currency: a property where they spent it, else their home property. */
function placeForCurrency(w: Workspace, g: Guest360, currency: string): Place {
  const v = g.visits.find((v) => v.currency === currency);
  const home = g.profile?.profile.properties?.[0];
  return { ...placeOf(w.property(v?.propertyId ?? home)), currency };
}

function homePlace(w: Workspace, g: Guest360): Place {
  return placeOf(w.property(g.profile?.profile.properties?.[0] ?? g.visits[0]?.propertyId));
}

export function Guest360Page({ id }: { id: string }) {
  const enc = encodeURIComponent(id);
  const [load, reload] = useApi<Guest360>(`/v1/guests/${enc}/360`);
  const [notice, setNotice] = useState<string | null>(null);
  const ok = load.state === "ok";
  useEffect(() => {
    if (ok) rememberGuest(id);
  }, [ok, id]);
  useEffect(() => setNotice(null), [id]);
  return (
    <>
      <PageHeader title={ok ? guestName(load.data) : `Guest ${id}`} subtitle={`Guest id ${id}`} />
      {notice && (
        <p className="state ok" role="status" data-testid="guest-notice">
          {notice}
        </p>
      )}
      <Loaded load={load} onRetry={reload} what="Loading the guest">
        {(g) => (
          <GuestBody
            g={g}
            enc={enc}
            onChanged={(message) => {
              setNotice(message);
              reload();
            }}
          />
        )}
      </Loaded>
    </>
  );
}

function GuestBody({ g, enc, onChanged }: { g: Guest360; enc: string; onChanged: (message: string) => void }) {
  const w = useWorkspace();
  const p = g.profile?.profile;
  const allergies = (p?.dietary ?? []).filter((d) => d.kind === "allergy");
  const home = homePlace(w, g);
  return (
    <div className="guest" data-testid="guest-360">
      {allergies.length > 0 && (
        <div className="allergies" role="alert" data-testid="allergies">
          <strong>Allergies</strong>
          <ul>
            {allergies.map((a) => (
              <li key={a.item}>
                <strong>{a.item}</strong>
                {a.severity && <span className={`severity ${a.severity}`}> {a.severity}</span>}
                {a.notes && <span> · {a.notes}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="tags">
        {p?.vip && p.vip.level > 0 && <span className="tag vip">VIP {p.vip.level}</span>}
        {p?.vip?.tags?.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {g.loyalty && (
          <span className="tag loyalty">
            {g.loyalty.tier} tier · member no. {g.loyalty.number}
          </span>
        )}
      </div>
      <Statistics g={g} home={home} />
      <Spend g={g} />
      <Visits visits={g.visits} home={home} />
      <LoyaltySection enc={enc} home={home} />
      <Links links={g.links} home={home} />
      <ProfileSection g={g} home={home} />
      <ConsentSection enc={enc} home={home} />
      <Lineage guestId={g.guestId} golden={g.golden} mergedInto={g.mergedInto} merges={g.merges ?? []} home={home} onChanged={onChanged} />
    </div>
  );
}

function Statistics({ g, home }: { g: Guest360; home: Place }) {
  const w = useWorkspace();
  const s = g.statistics;
  const adr = Object.entries(s.adr ?? {});
  return (
    <section className="card" aria-labelledby="stats-h">
      <h2 id="stats-h">Statistics</h2>
      <dl className="kpis" data-testid="guest-stats">
        <div>
          <dt>Stays</dt>
          <dd>{number(s.stays, home)}</dd>
        </div>
        <div>
          <dt>Nights</dt>
          <dd>{number(s.nights, home)}</dd>
        </div>
        <div>
          <dt>Outlet checks</dt>
          <dd>{number(s.checks, home)}</dd>
        </div>
        <div>
          <dt>First stay</dt>
          <dd>{day(s.firstStay, home)}</dd>
        </div>
        <div>
          <dt>Last stay</dt>
          <dd>{day(s.lastStay, home)}</dd>
        </div>
        <div>
          <dt>Days since last stay</dt>
          <dd>{g.daysSinceLastStay === undefined || !s.lastStay ? "—" : g.daysSinceLastStay < 0 ? "upcoming" : number(g.daysSinceLastStay, home)}</dd>
        </div>
        {adr.map(([cur, v]) => (
          <div key={cur}>
            <dt>Average daily rate ({cur})</dt>
            <dd>{money(v, cur, placeForCurrency(w, g, cur))}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Spend({ g }: { g: Guest360 }) {
  const w = useWorkspace();
  const byCurrency = Object.entries(g.statistics.revenue ?? {});
  return (
    <section className="card" aria-labelledby="spend-h">
      <h2 id="spend-h">Spend by category</h2>
      {byCurrency.length === 0 && <Empty title="No spend recorded yet" />}
      <div className="spend-grid">
        {byCurrency.map(([cur, cats]) => (
          <SpendByCategory key={cur} currency={cur} cats={cats} place={placeForCurrency(w, g, cur)} />
        ))}
      </div>
    </section>
  );
}

function Visits({ visits, home }: { visits: Visit[]; home: Place }) {
  const w = useWorkspace();
  const sorted = [...visits].sort((a, b) => b.departure.localeCompare(a.departure));
  return (
    <section className="card" aria-labelledby="visits-h">
      <h2 id="visits-h">Stays and checks</h2>
      {sorted.length === 0 ? (
        <Empty title="No stays or checks yet" />
      ) : (
        <div className="table-wrap">
          <table data-testid="visits">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Property</th>
                <th scope="col">Reference</th>
                <th scope="col">Arrival</th>
                <th scope="col">Departure / date</th>
                <th scope="col" className="num">
                  Nights
                </th>
                <th scope="col" className="num">
                  Revenue
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((v) => {
                const place = placeOf(w.property(v.propertyId));
                const total = Object.values(v.revenue ?? {}).reduce((t, x) => t + x, 0);
                return (
                  <tr key={v.key}>
                    <td>{v.kind === "stay" ? "Stay" : "Check"}</td>
                    <td>{w.property(v.propertyId)?.name ?? v.propertyId}</td>
                    <td>{v.reference}</td>
                    <td>{v.arrival ? day(v.arrival, home) : "—"}</td>
                    <td>{day(v.departure, home)}</td>
                    <td className="num">{v.nights ?? "—"}</td>
                    <td className="num" title={Object.entries(v.revenue ?? {}).map(([c, x]) => `${categoryLabel(c)} ${money(x, v.currency, place)}`).join(", ")}>
                      {money(total, v.currency, place)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LoyaltySection({ enc, home }: { enc: string; home: Place }) {
  const [load, reload] = useApi<Membership>(`/v1/guests/${enc}/membership`);
  return (
    <section className="card" aria-labelledby="loyalty-h">
      <h2 id="loyalty-h">Loyalty</h2>
      {load.state === "loading" && <Loading what="Loading the membership" />}
      {load.state === "error" &&
        (load.error.code === "not_member" ? (
          <Empty title="Not a loyalty member">This guest has not enrolled in the programme.</Empty>
        ) : (
          <ErrorState error={load.error} onRetry={reload} />
        ))}
      {load.state === "ok" && (
        <>
          <Statement m={load.data} home={home} />
          <Adjust enc={enc} onPosted={reload} />
        </>
      )}
    </section>
  );
}

interface AdjustResult {
  status: "posted" | "pending_approval";
  approval?: { id: string };
}

/**
 * A manual points adjustment (POST /v1/guests/{id}/membership/adjustments). Above the user's limit the API asks a
 * second person to approve it instead of posting it; the form says which happened.
 */
function Adjust({ enc, onPosted }: { enc: string; onPosted: () => void }) {
  const w = useWorkspace();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AdjustResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (!w.can("loyalty:write")) return null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api<AdjustResult>(`/v1/guests/${enc}/membership/adjustments`, {
        method: "POST",
        body: { points: Number(points), reason, reference: crypto.randomUUID() },
      });
      setResult(r);
      setPoints("");
      setReason("");
      if (r.status === "posted") onPosted();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form adjust" onSubmit={submit} aria-label="Adjust points">
      <label>
        Adjust points
        <input type="number" step="1" value={points} onChange={(e) => setPoints(e.target.value)} required data-testid="adjust-points" />
      </label>
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} required data-testid="adjust-reason" />
      </label>
      <button type="submit" disabled={busy || !points || Number(points) === 0}>
        Adjust
      </button>
      {result?.status === "posted" && <span className="status approved">posted</span>}
      {result?.status === "pending_approval" && (
        <span data-testid="adjust-pending">
          <span className="status pending">waiting for approval</span> above your limit: someone else must{" "}
          <Link to="/approvals">approve it</Link>
        </span>
      )}
      {error && <ErrorState error={error} />}
    </form>
  );
}

export function Statement({ m, home }: { m: Membership; home: Place }) {
  const w = useWorkspace();
  const entries = [...m.statement].sort((a, b) => b.at.localeCompare(a.at) || b.balanceAfter - a.balanceAfter);
  return (
    <div data-testid="membership">
      <dl className="kpis">
        <div>
          <dt>Tier</dt>
          <dd>{m.member.tier}</dd>
        </div>
        <div>
          <dt>Balance</dt>
          <dd data-testid="points-balance">{number(m.balance, home)}</dd>
        </div>
        <div>
          <dt>Available</dt>
          <dd>{number(m.available, home)}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{number(m.pending, home)}</dd>
        </div>
      </dl>
      <p className="muted small">
        Member {m.member.number} since {day(m.member.enrolledAt?.slice(0, 10), home)} · account {m.account}
      </p>
      <DataTable
        testId="statement"
        empty="No points movements yet"
        items={entries}
        columns={[{ label: "When" }, { label: "Movement" }, { label: "Points", num: true }, { label: "Balance", num: true }, { label: "Expires" }]}
        row={(e) => {
          // One locale down the column (the guest's home property's); each movement's time in its property's zone.
          const zone = w.property(e.refs?.property)?.timeZone;
          const place = zone ? { ...home, timeZone: zone } : home;
          return (
            <tr key={e.id}>
              <td>{dateTime(e.at, place)}</td>
              <td>
                {e.concept || e.kind}
                {e.refs?.property && <span className="muted small"> · {w.property(e.refs.property)?.name ?? e.refs.property}</span>}
              </td>
              <td className={`num ${e.amount < 0 ? "neg" : ""}`}>{(e.amount > 0 ? "+" : "") + number(e.amount, place)}</td>
              <td className="num">{number(e.balanceAfter, place)}</td>
              <td>{e.expiresOn ? day(e.expiresOn, place) : "—"}</td>
            </tr>
          );
        }}
      />
    </div>
  );
}

function ConsentSection({ enc, home }: { enc: string; home: Place }) {
  const [load, reload] = useApi<{ history: ConsentRecord[] }>(`/v1/guests/${enc}/consent`);
  return (
    <section className="card" aria-labelledby="consent-h">
      <h2 id="consent-h">Consent history</h2>
      <Loaded load={load} onRetry={reload} what="Loading consent">
        {({ history }) =>
          <DataTable
            testId="consent"
            empty="No consent recorded"
            items={[...history].reverse()}
            columns={[{ label: "When" }, { label: "Channel" }, { label: "Purpose" }, { label: "Scope" }, { label: "Status" }, { label: "Source" }]}
            row={(r, i) => (
              <tr key={i}>
                <td>{dateTime(r.at, home)}</td>
                <td>{r.channel}</td>
                <td>{r.purpose}</td>
                <td>{r.scope}</td>
                <td>
                  <span className={`status ${r.status}`}>{r.status}</span>
                </td>
                <td>
                  {r.source}
                  {r.recordedBy && <span className="muted small"> · {r.recordedBy}</span>}
                </td>
              </tr>
            )}
          />
        }
      </Loaded>
    </section>
  );
}

function ProfileSection({ g, home }: { g: Guest360; home: Place }) {
  const w = useWorkspace();
  const p = g.profile?.profile;
  if (!p) {
    return (
      <section className="card">
        <h2>Profile</h2>
        <Empty title="No console profile">This guest is known only from PMS and POS messages.</Empty>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <dl className="facts">
        <dt>Known at</dt>
        <dd>{(p.properties ?? []).map((id) => w.property(id)?.name ?? id).join(", ") || "—"}</dd>
        <dt>Contacts</dt>
        <dd>{(p.contacts ?? []).map((c) => `${c.type}: ${c.value}`).join(", ") || "—"}</dd>
        <dt>Language</dt>
        <dd>{p.language ?? "—"}</dd>
        <dt>Preferences</dt>
        <dd>{(p.preferences ?? []).map((x) => `${x.category}: ${x.value}`).join(", ") || "—"}</dd>
        <dt>Dietary</dt>
        <dd>{(p.dietary ?? []).map((d) => `${d.kind}: ${d.item}`).join(", ") || "—"}</dd>
        <dt>Updated</dt>
        <dd>
          {dateTime(g.profile?.updatedAt, home)} (version {g.profile?.version})
        </dd>
      </dl>
    </section>
  );
}
