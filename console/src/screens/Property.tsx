// One property, loaded from the API (GET /v1/properties/{id}): a property outside the user's grants answers 403,
// shown as such, even when its URL is typed by hand.
import { useApi } from "../api";
import { Loaded } from "../components/states";
import { PageHeader } from "../components/PageHeader";
import { Link } from "../router";
import { dateTime, placeOf, todayIn } from "../format";
import type { Property } from "../types";
import { useWorkspace } from "../workspace";

export function PropertyPage({ id }: { id: string }) {
  const w = useWorkspace();
  const [load, reload] = useApi<Property>(`/v1/properties/${encodeURIComponent(id)}`);
  return (
    <>
      <PageHeader title={load.state === "ok" ? load.data.name : `Property ${id}`} />
      <Loaded load={load} onRetry={reload} what="Loading the property">
        {(p) => {
          const place = placeOf(p);
          const yesterday = todayIn(p.timeZone, -1);
          const children = w.properties.filter((c) => c.parentId === p.id);
          return (
            <section className="card" data-testid="property-details">
              <dl className="facts">
                <dt>Brand</dt>
                <dd>{w.brand(p.brandId)?.name ?? p.brandId}</dd>
                <dt>Kind</dt>
                <dd>{p.kind}</dd>
                <dt>Code</dt>
                <dd>{p.code}</dd>
                <dt>Currency</dt>
                <dd>{p.currency}</dd>
                <dt>Time zone</dt>
                <dd>
                  {p.timeZone} (now {dateTime(new Date().toISOString(), place)})
                </dd>
                {p.parentId && (
                  <>
                    <dt>Part of</dt>
                    <dd>
                      <Link to={`/properties/${p.parentId}`}>{w.property(p.parentId)?.name ?? p.parentId}</Link>
                    </dd>
                  </>
                )}
              </dl>
              {children.length > 0 && (
                <p>
                  Outlets:{" "}
                  {children.map((c, i) => (
                    <span key={c.id}>
                      {i > 0 && ", "}
                      <Link to={`/properties/${c.id}`}>{c.name}</Link>
                    </span>
                  ))}
                </p>
              )}
              <p className="links">
                {w.can("reports:read", { propertyId: p.id }) && (
                  <Link to={`/properties/${p.id}/reconciliation/${yesterday}`}>Reconciliation of {yesterday}</Link>
                )}
                <Link to={`/ingestion?property=${p.id}`}>Ingestion health</Link>
              </p>
            </section>
          );
        }}
      </Loaded>
    </>
  );
}
