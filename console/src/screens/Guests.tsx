// Finding a guest: a search (GET /v1/guests?q=, which answers only guests known at properties the user may read)
// kept in the URL (?q=), a guest opened by id (from a PMS message, a reservation or a link), and the guests
// opened recently in this browser.
import { useState } from "react";
import { navigate, Link, useLocation } from "../router";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loaded, Loading } from "../components/states";
import { api, useApi, useLoad } from "../api";
import type { GuestHit } from "../types";
import { config } from "../config";
import { useWorkspace } from "../workspace";

interface DemoGuest {
  id: string;
  name: string;
  propertyId: string;
}

const recentKey = "hearth.recentGuests";

export function recentGuests(): string[] {
  try {
    return JSON.parse(localStorage.getItem(recentKey) ?? "[]") as string[];
  } catch {
    return [];
  }
}

export function rememberGuest(id: string) {
  const list = [id, ...recentGuests().filter((g) => g !== id)].slice(0, 10);
  localStorage.setItem(recentKey, JSON.stringify(list));
}

export function Guests() {
  const [id, setId] = useState("");
  const { query } = useLocation();
  const q = query.get("q")?.trim() ?? "";
  const recent = recentGuests();
  return (
    <>
      <PageHeader title="Guests" subtitle="Find a guest by name, email, phone, loyalty number or reservation, or open one by guest id." />
      <GuestSearch key={q} initial={q} />
      {q && <SearchResults q={q} />}
      <section className="card" aria-labelledby="guest-open-h">
        <h2 id="guest-open-h">Open by guest id</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (id.trim()) navigate(`/guests/${encodeURIComponent(id.trim())}`);
          }}
        >
          <label>
            Guest id
            <input data-testid="guest-id" value={id} onChange={(e) => setId(e.target.value)} placeholder="G-01JD4Y…" required />
          </label>
          <button type="submit">Open</button>
        </form>
        <p className="muted small">
          Pairs matching was unsure about wait in the <Link to="/merge-reviews">merge review queue</Link>.
        </p>
      </section>
      {config.auth === "dev" && <DemoGuests />}
      <section className="card">
        <h2>Recently opened</h2>
        {recent.length === 0 ? (
          <Empty title="No guests opened yet in this browser" />
        ) : (
          <ul>
            {recent.map((g) => (
              <li key={g}>
                <Link to={`/guests/${encodeURIComponent(g)}`}>{g}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Under hearth dev: the demo guests it filed (GET /dev/guests) at the properties this user may see. */
function DemoGuests() {
  const w = useWorkspace();
  const [load, reload] = useLoad("demo-guests", () => api<{ guests: DemoGuest[] }>("/dev/guests"));
  return (
    <section className="card" aria-labelledby="demo-guests-h">
      <h2 id="demo-guests-h">Demo guests (hearth dev)</h2>
      <Loaded load={load} onRetry={reload} what="Loading demo guests">
        {({ guests }) => {
          const mine = guests.filter((g) => w.inScope.some((p) => p.id === g.propertyId));
          return mine.length === 0 ? (
            <Empty title="No demo guests at the properties you are viewing" />
          ) : (
            <ul data-testid="demo-guests">
              {mine.map((g) => (
                <li key={g.id}>
                  <Link to={`/guests/${encodeURIComponent(g.id)}`}>{g.name}</Link>{" "}
                  <span className="muted small">
                    {g.id} · {w.property(g.propertyId)?.name}
                  </span>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </section>
  );
}

function GuestSearch({ initial }: { initial: string }) {
  const [draft, setDraft] = useState(initial);
  return (
    <section className="card" aria-labelledby="guest-search-h">
      <h2 id="guest-search-h">Find a guest</h2>
      <form
        className="inline-form"
        role="search"
        aria-label="Guests"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) navigate(`/guests?q=${encodeURIComponent(draft.trim())}`);
        }}
      >
        <label>
          Name, email, phone or kind:value
          <input
            type="search"
            data-testid="guest-search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Vera, vera@example.com, loyalty:H123…"
            autoComplete="off"
            maxLength={200}
            required
          />
        </label>
        <button type="submit">Search</button>
      </form>
    </section>
  );
}

function SearchResults({ q }: { q: string }) {
  const w = useWorkspace();
  const [load, reload] = useApi<{ guests: GuestHit[] }>(`/v1/guests?q=${encodeURIComponent(q)}&limit=50`);
  let body;
  if (load.state === "loading") body = <Loading what="Searching" />;
  else if (load.state === "error")
    body =
      load.error.code === "invalid_search" ? (
        <Empty title="Type a little more">
          <p>{load.error.message}</p>
        </Empty>
      ) : (
        <ErrorState error={load.error} onRetry={reload} />
      );
  else if (load.data.guests.length === 0)
    body = (
      <Empty title={`No guests match “${q}”`}>
        <p>Only guests known at the properties you may see are found.</p>
      </Empty>
    );
  else
    body = (
      <div className="table-wrap">
        <table data-testid="guest-results">
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col">Known at</th>
            </tr>
          </thead>
          <tbody>
            {load.data.guests.map((g) => (
              <tr key={g.guestId} data-testid={`guest-hit-${g.guestId}`}>
                <th scope="row">
                  <Link to={`/guests/${encodeURIComponent(g.guestId)}`}>{g.name || g.guestId}</Link>
                  {g.name && <div className="muted small">{g.guestId}</div>}
                </th>
                <td>{g.email || "—"}</td>
                <td>{g.phone || "—"}</td>
                <td>{(g.properties ?? []).map((p) => w.property(p)?.name ?? p).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <section className="card" aria-labelledby="guest-results-h" aria-live="polite">
      <h2 id="guest-results-h">Guests matching “{q}”</h2>
      {body}
    </section>
  );
}
