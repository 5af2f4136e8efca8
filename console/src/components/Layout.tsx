// The frame around every screen: navigation, the brand/property switcher and who is signed in.
import type { ReactNode } from "react";
import { Link, useLocation } from "../router";
import { useWorkspace, type Scope } from "../workspace";

interface NavItem {
  to: string;
  label: string;
  /** Shown when the user holds this permission somewhere. */
  perm?: string;
}

const nav: NavItem[] = [
  { to: "/", label: "Overview" },
  { to: "/guests", label: "Guests", perm: "guests:read" },
  { to: "/merge-reviews", label: "Merge reviews", perm: "guests:read" },
  { to: "/accounts", label: "Accounts", perm: "guests:read" },
  { to: "/loyalty", label: "Loyalty", perm: "guests:read" },
  { to: "/fraud", label: "Fraud alerts", perm: "fraud:read" },
  { to: "/giftcards", label: "Gift cards", perm: "storedvalue:read" },
  { to: "/approvals", label: "Approvals", perm: "approvals:read" },
  { to: "/ingestion", label: "Ingestion health", perm: "hierarchy:read" },
  { to: "/reconciliation", label: "Reconciliation", perm: "reports:read" },
  { to: "/audit", label: "Audit log", perm: "audit:read" },
];

function scopeValue(s: Scope): string {
  return s.kind === "all" ? "all" : `${s.kind}:${s.id}`;
}

function parseScope(v: string): Scope {
  const [kind, id] = v.split(":");
  return kind === "brand" || kind === "property" ? { kind, id } : { kind: "all" };
}

export function Switcher() {
  const w = useWorkspace();
  return (
    <label className="switcher">
      <span className="label">Viewing</span>
      <select
        data-testid="scope-switcher"
        value={scopeValue(w.scope)}
        onChange={(e) => w.setScope(parseScope(e.target.value))}
      >
        <option value="all">All my properties ({w.properties.length})</option>
        {w.tree.brands.map((b) => (
          <optgroup key={b.id} label={b.name}>
            {w.coversBrand(b.id) && <option value={`brand:${b.id}`}>{b.name} (whole brand)</option>}
            {b.properties.map((p) => (
              <option key={p.id} value={`property:${p.id}`}>
                {p.parentId ? "  · " : ""}
                {p.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

export function Layout({ children, onLogout }: { children: ReactNode; onLogout: () => void }) {
  const w = useWorkspace();
  const { path } = useLocation();
  const active = (to: string) => (to === "/" ? path === "/" : path === to || path.startsWith(to + "/"));
  return (
    <div className="app">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand-mark" aria-label="Hearth overview">
          Hearth
        </Link>
        <span className="group-name">{w.tree.group.name}</span>
        <Switcher />
        <div className="who">
          <span data-testid="signed-in-as" title={w.me.actor.groups.join(", ")}>
            {w.me.actor.name || w.me.actor.email}
          </span>
          <span className="muted small">{w.me.actor.groups.join(", ")}</span>
          <button type="button" onClick={onLogout}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Screens">
        <ul>
          {nav
            .filter((n) => !n.perm || w.can(n.perm))
            .map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={active(n.to) ? "page" : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
