// The starting screen: the brands and properties in the switcher's scope, each with its local time and currency.
import { Link } from "../router";
import { useWorkspace } from "../workspace";
import { Empty } from "../components/states";
import { dateTime, placeOf } from "../format";
import { PageHeader } from "../components/PageHeader";

export function Overview() {
  const w = useWorkspace();
  const brands = w.tree.brands
    .map((b) => ({ ...b, properties: b.properties.filter((p) => w.inScope.includes(p)) }))
    .filter((b) => b.properties.length > 0);
  const now = new Date().toISOString();
  return (
    <>
      <PageHeader title="Overview" subtitle={`Signed in as ${w.me.actor.email} · ${w.me.actor.groups.join(", ")}`} />
      {brands.length === 0 && (
        <Empty title="No properties to show">Your grants do not cover any property of {w.tree.group.name}.</Empty>
      )}
      {brands.map((b) => (
        <section key={b.id} className="card" aria-labelledby={`brand-${b.id}`}>
          <h2 id={`brand-${b.id}`}>{b.name}</h2>
          <table data-testid="property-table">
            <thead>
              <tr>
                <th scope="col">Property</th>
                <th scope="col">Kind</th>
                <th scope="col">Code</th>
                <th scope="col">Currency</th>
                <th scope="col">Local time</th>
              </tr>
            </thead>
            <tbody>
              {b.properties.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/properties/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.kind}</td>
                  <td>{p.code}</td>
                  <td>{p.currency}</td>
                  <td>{dateTime(now, placeOf(p))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
