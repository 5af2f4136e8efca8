// Finding a guest. Hearth's API has no guest search yet, so a guest is opened by id (from a PMS message, a
// reservation or a link), and the guests opened recently in this browser are listed.
import { useState } from "react";
import { navigate, Link } from "../router";
import { PageHeader } from "../components/PageHeader";
import { Empty, Loaded } from "../components/states";
import { api, useLoad } from "../api";
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
  const recent = recentGuests();
  return (
    <>
      <PageHeader title="Guests" subtitle="Open a guest's 360° view by guest id." />
      <section className="card">
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
        <p className="muted small">Guest search and the merge review queue need API routes that do not exist yet.</p>
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
