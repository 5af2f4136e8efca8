// Households, companies and travel agents: a search (GET /v1/accounts?q=&kind=) and an account's page
// (GET /v1/accounts/{id}: its stays, nights and revenue across the group, and its members with what each brought).
// A deployment whose API does not serve accounts yet says so instead of failing.
import { useState } from "react";
import { useApi, type ApiError, type Load } from "../api";
import { Kpis } from "../components/Kpis";
import { PageHeader } from "../components/PageHeader";
import { SpendByCategory } from "../components/SpendByCategory";
import { DataTable } from "../components/DataTable";
import { Empty, ErrorState, Loading } from "../components/states";
import { day, number } from "../format";
import { Link, navigate, useLocation } from "../router";
import type { Account, AccountView } from "../types";
import { useWorkspace } from "../workspace";
import { accountKinds, PerCurrency } from "./GuestLinks";

/** The API's answer, or a plain word when the route does not exist on this deployment yet. */
function Answer<T>({ load, onRetry, children }: { load: Load<T>; onRetry: () => void; children: (data: T) => React.ReactNode }) {
  if (load.state === "loading") return <Loading what="Loading accounts" />;
  if (load.state === "error") return <AccountsError error={load.error} onRetry={onRetry} />;
  return <>{children(load.data)}</>;
}

function AccountsError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return error.code === "no_route" ? (
    <Empty title="Accounts are not served here yet">This deployment's API has no household and company accounts.</Empty>
  ) : (
    <ErrorState error={error} onRetry={onRetry} />
  );
}

export function Accounts() {
  const { query } = useLocation();
  const q = query.get("q")?.trim() ?? "";
  const kind = query.get("kind") ?? "";
  const [draft, setDraft] = useState(q);
  const [draftKind, setDraftKind] = useState(kind);
  const params = new URLSearchParams({ ...(q && { q }), ...(kind && { kind }) }).toString();
  const [load, reload] = useApi<{ items?: Account[]; accounts?: Account[] }>(q || kind ? `/v1/accounts?${params}` : null);
  return (
    <>
      <PageHeader title="Accounts" subtitle="Households, companies and travel agents, and the guests who belong to them." />
      <form
        className="inline-form card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams({ ...(draft.trim() && { q: draft.trim() }), ...(draftKind && { kind: draftKind }) });
          navigate(`/accounts${next.size ? "?" + next : ""}`);
        }}
      >
        <label>
          Name or code
          <input value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="account-search" />
        </label>
        <label>
          Kind
          <select value={draftKind} onChange={(e) => setDraftKind(e.target.value)} data-testid="account-kind">
            <option value="">Any</option>
            <option value="household">Household</option>
            <option value="company">Company</option>
            <option value="travel_agent">Travel agent</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {!(q || kind) ? (
        <p className="muted">Search by name or code, or pick a kind. A guest's accounts are also linked from their Guest 360.</p>
      ) : (
        <section className="card" aria-label="Accounts found">
          <Answer load={load} onRetry={reload}>
            {(d) => {
              const list = d.items ?? d.accounts ?? [];
              return list.length === 0 ? (
                <Empty title={`No accounts match${q ? ` “${q}”` : ""}`} />
              ) : (
                <table data-testid="account-results">
                  <thead>
                    <tr>
                      <th scope="col">Account</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Code</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((a) => (
                      <tr key={a.id}>
                        <th scope="row">
                          <Link to={`/accounts/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                        </th>
                        <td>{accountKinds[a.kind] ?? a.kind}</td>
                        <td>{a.code ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              );
            }}
          </Answer>
        </section>
      )}
    </>
  );
}

export function AccountPage({ id }: { id: string }) {
  const w = useWorkspace();
  const [load, reload] = useApi<AccountView>(`/v1/accounts/${encodeURIComponent(id)}`);
  const a = load.state === "ok" ? load.data : null;
  const home = w.placeFor();
  return (
    <>
      <PageHeader
        title={a ? a.account.name : `Account ${id}`}
        subtitle={a ? `${accountKinds[a.account.kind] ?? a.account.kind}${a.account.code ? ` · ${a.account.code}` : ""}` : undefined}
      />
      <Answer load={load} onRetry={reload}>
        {({ stats, members }) => (
          <div data-testid="account">
            <section className="card" aria-labelledby="acct-stats-h">
              <h2 id="acct-stats-h">Across the group</h2>
              <Kpis
                testId="account-stats"
                items={[
                  { label: "Stays", value: number(stats.stays, home) },
                  { label: "Nights", value: number(stats.nights, home) },
                  { label: "First stay", value: day(stats.firstStay, home) },
                  { label: "Last stay", value: day(stats.lastStay, home) },
                  { label: "Members", value: number(members.length, home) },
                ]}
              />
              {Object.keys(stats.revenue ?? {}).length === 0 ? (
                <Empty title="No revenue recorded yet" />
              ) : (
                <div className="spend-grid">
                  {Object.entries(stats.revenue).map(([cur, cats]) => (
                    <SpendByCategory key={cur} currency={cur} cats={cats} place={w.placeForCurrency(cur)} />
                  ))}
                </div>
              )}
              {stats.byProperty && Object.keys(stats.byProperty).length > 0 && (
                <p className="muted small">
                  Stays by property:{" "}
                  {Object.entries(stats.byProperty)
                    .map(([p, n]) => `${w.property(p)?.name ?? p} ${number(n, home)}`)
                    .join(" · ")}
                </p>
              )}
            </section>
            <section className="card" aria-labelledby="acct-members-h">
              <h2 id="acct-members-h">Members</h2>
              <DataTable
                testId="account-members"
                empty="No members yet"
                items={members}
                columns={[{ label: "Guest" }, { label: "Role" }, { label: "Since" }, { label: "Stays", num: true }, { label: "Revenue (share of the account's)", num: true }]}
                row={(m) => (
                  <tr key={m.guestId}>
                    <th scope="row">
                      <Link to={`/guests/${encodeURIComponent(m.guestId)}`}>{m.name || m.guestId}</Link>
                    </th>
                    <td>{m.role ?? "—"}</td>
                    <td>{day(m.since?.slice(0, 10), home)}</td>
                    <td className="num">{m.stays === undefined ? "—" : number(m.stays, home)}</td>
                    <td className="num">
                      <PerCurrency amounts={m.revenue} shares={m.share} />
                    </td>
                  </tr>
                )}
              />
            </section>
          </div>
        )}
      </Answer>
    </>
  );
}
