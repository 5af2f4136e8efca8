// The signed-in user's workspace: who they are (GET /v1/me), the part of the hierarchy their grants show
// (GET /v1/hierarchy) and the brand or property they are looking at (the switcher), shared by every screen.
import { createContext, useContext, useMemo, useState } from "react";
import type { Me, Property, Tree, BrandTree } from "./types";
import { placeOf, type Place } from "./format";

/** What the switcher points at: everything the user may see, one brand, or one property. */
export type Scope = { kind: "all" } | { kind: "brand"; id: string } | { kind: "property"; id: string };

export interface Workspace {
  me: Me;
  tree: Tree;
  scope: Scope;
  setScope: (s: Scope) => void;
  /** Every property the user may see, in hierarchy order. */
  properties: Property[];
  /** The properties inside the current scope. */
  inScope: Property[];
  property: (id: string | undefined) => Property | undefined;
  brand: (id: string | undefined) => BrandTree | undefined;
  /** Whether the user holds a permission anywhere, or on a resource (brand and/or property; none: the group). */
  can: (perm: string, where?: { brandId?: string; propertyId?: string }) => boolean;
  /** Whether a grant covers a whole brand (not just some of its properties). */
  coversBrand: (brandId: string) => boolean;
  /** Locale, zone and currency to show a property's figures in (the scope's property, else the browser's). */
  placeFor: (propertyId?: string) => Place;
  /** Where an amount in a currency reads naturally: the scope's property if it uses it, else one that does. */
  placeForCurrency: (currency: string) => Place;
}

const Ctx = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const w = useContext(Ctx);
  if (!w) throw new Error("useWorkspace outside WorkspaceProvider");
  return w;
}

const scopeKey = "hearth.scope";

function parseGrant(g: string): { level: string; id?: string } {
  const parts = g.split("/");
  return parts[1] === "group" ? { level: "group" } : { level: parts[1], id: parts[2] };
}

export function WorkspaceProvider({ me, tree, children }: { me: Me; tree: Tree; children: React.ReactNode }) {
  const properties = useMemo(() => tree.brands.flatMap((b) => b.properties), [tree]);
  const byId = useMemo(() => new Map(properties.map((p) => [p.id, p])), [properties]);
  const can = (perm: string, where?: { brandId?: string; propertyId?: string }) => {
    const grants = me.permissions[perm] ?? [];
    if (!where) return grants.length > 0;
    const brandId = where.brandId ?? (where.propertyId ? byId.get(where.propertyId)?.brandId : undefined);
    return grants.some((g) => {
      const { level, id } = parseGrant(g);
      if (level === "group") return true;
      if (level === "brand") return id === brandId;
      return level === "property" && !!where.propertyId && id === where.propertyId;
    });
  };
  const coversBrand = (brandId: string) => can("hierarchy:read", { brandId });
  const valid = (s: Scope): boolean =>
    s.kind === "all" ||
    (s.kind === "brand" && tree.brands.some((b) => b.id === s.id) && coversBrand(s.id)) ||
    (s.kind === "property" && byId.has(s.id));
  const [scope, setScopeState] = useState<Scope>(() => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(scopeKey) ?? "null") as Scope | null;
      if (saved && valid(saved)) return saved;
    } catch {
      /* a malformed saved scope: start from everything */
    }
    return { kind: "all" };
  });
  const setScope = (s: Scope) => {
    sessionStorage.setItem(scopeKey, JSON.stringify(s));
    setScopeState(s);
  };
  const inScope = properties.filter((p) =>
    scope.kind === "all" ? true : scope.kind === "brand" ? p.brandId === scope.id : p.id === scope.id,
  );
  const placeFor = (propertyId?: string) =>
    placeOf(byId.get(propertyId ?? (scope.kind === "property" ? scope.id : inScope.length === 1 ? inScope[0].id : "")));
  const placeForCurrency = (currency: string) => {
    const here = placeFor();
    if (here.currency === currency) return here;
    const p = inScope.find((x) => x.currency === currency) ?? properties.find((x) => x.currency === currency);
    return { ...(p ? placeOf(p) : here), currency };
  };
  const w: Workspace = {
    me,
    tree,
    scope,
    setScope,
    properties,
    inScope,
    property: (id) => (id ? byId.get(id) : undefined),
    brand: (id) => tree.brands.find((b) => b.id === id),
    can,
    coversBrand,
    placeFor,
    placeForCurrency,
  };
  return <Ctx.Provider value={w}>{children}</Ctx.Provider>;
}
