// Household and company links on Guest 360 (the 360's links: each account the guest belongs to, their role, and
// what they brought it). A deployment whose API does not serve links yet shows no section at all.
import { DataTable } from "../components/DataTable";
import { basisPoints, day, money, number, type Place } from "../format";
import { Link } from "../router";
import type { AccountLink } from "../types";
import { useWorkspace } from "../workspace";

export const accountKinds: Record<string, string> = { household: "Household", company: "Company", travel_agent: "Travel agent", agent: "Travel agent" };

/** Amounts per currency, each in a locale that uses it, with an optional share in basis points. */
export function PerCurrency({ amounts, shares }: { amounts?: Record<string, number>; shares?: Record<string, number> }) {
  const w = useWorkspace();
  const entries = Object.entries(amounts ?? {});
  if (entries.length === 0) return <>—</>;
  return (
    <>
      {entries.map(([cur, v], i) => {
        const place = w.placeForCurrency(cur);
        return (
          <span key={cur} className="nowrap">
            {i > 0 && " · "}
            {money(v, cur, place)}
            {shares?.[cur] !== undefined && <span className="muted small"> ({basisPoints(shares[cur], place)})</span>}
          </span>
        );
      })}
    </>
  );
}

export function Links({ links, home }: { links?: AccountLink[]; home: Place }) {
  if (links === undefined) return null;
  return (
    <section className="card" aria-labelledby="links-h" data-testid="links">
      <h2 id="links-h">Household and company</h2>
      <DataTable
        empty="No household or company links"
        items={links}
        columns={[{ label: "Account" }, { label: "Kind" }, { label: "Role" }, { label: "Since" }, { label: "Stays", num: true }, { label: "Revenue (share of the guest's)", num: true }]}
        row={(l) => (
          <tr key={l.accountId} data-testid={`link-${l.accountId}`}>
            <th scope="row">
              <Link to={`/accounts/${encodeURIComponent(l.accountId)}`}>{l.name || l.accountId}</Link>
            </th>
            <td>{accountKinds[l.kind] ?? l.kind}</td>
            <td>{l.role ?? "—"}</td>
            <td>{day(l.since?.slice(0, 10), home)}</td>
            <td className="num">{l.stays === undefined ? "—" : number(l.stays, home)}</td>
            <td className="num">
              <PerCurrency amounts={l.revenue} shares={l.shareOfGuestRevenue} />
            </td>
          </tr>
        )}
      />
    </section>
  );
}
