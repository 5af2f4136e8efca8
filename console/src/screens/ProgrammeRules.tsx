// The loyalty programme in force (GET /v1/loyalty/programme), as tables a loyalty manager reads: earning rules
// (the group's and each property's overrides), promotions, tiers with what qualifies and what they give, and the
// expiry policy. Rates are shown in each currency's own format.
import { useApi } from "../api";
import { Empty, Loaded } from "../components/states";
import { categoryLabel, day, money, number, percent, type Place } from "../format";
import type { EarningRule, Programme, Promotion } from "../types";
import { useWorkspace, type Workspace } from "../workspace";

function period(from: string | undefined, to: string | undefined, place: Place): string {
  if (!from && !to) return "always";
  return `${from ? day(from, place) : "…"} – ${to ? day(to, place) : "…"}`;
}

function basis(r: EarningRule): string {
  if (r.basis === "categories") return (r.categories ?? []).map(categoryLabel).join(", ");
  return r.basis === "total" ? "all earning revenue" : "room revenue";
}

function earns(r: EarningRule, w: Workspace, place: Place): string {
  const pts = (n?: number) => `${number(n ?? 0, place)} points`;
  switch (r.kind) {
    case "per_night":
      return `${pts(r.points)} per night`;
    case "per_stay":
      return `${pts(r.points)} per stay`;
    case "date_bonus":
      return `${pts(r.points)} ${r.perNightInRange ? "per night in range" : "per stay"}`;
    case "per_spend":
      return (
        Object.entries(r.rates ?? {})
          .map(([cur, rate]) => `${number(rate.points, place)} per ${money(rate.per, cur, w.placeForCurrency(cur))}`)
          .join(" · ") + ` of ${basis(r)}${r.tax ? ` (${r.tax})` : ""}`
      );
  }
  return r.kind;
}

function RuleRows({ rules, where, w, place }: { rules: EarningRule[]; where: string; w: Workspace; place: Place }) {
  return (
    <>
      {rules.map((r) => (
        <tr key={`${where}/${r.id}`} className={r.disabled ? "muted" : undefined}>
          <th scope="row">
            {r.label || r.id} <span className="muted small">({r.id})</span>
          </th>
          <td>{where}</td>
          <td>{r.disabled ? "switched off" : earns(r, w, place)}</td>
          <td>
            {period(r.from, r.to, place)}
            {r.minNights ? `, ${number(r.minNights, place)}+ nights` : ""}
          </td>
          <td>{[r.qualifying && "counts for tiers", r.multiplied && "tier multiplier"].filter(Boolean).join(", ") || "—"}</td>
        </tr>
      ))}
    </>
  );
}

function promotionEarns(p: Promotion, place: Place): string {
  return (
    [
      p.perStay && `${number(p.perStay, place)} points per stay`,
      p.perNight && `${number(p.perNight, place)} points per night`,
      p.basisPoints && `+${percent(p.basisPoints / 10000, place)} of base points`,
    ]
      .filter(Boolean)
      .join(", ") || "—"
  );
}

export function ProgrammeRules() {
  const w = useWorkspace();
  const [load, reload] = useApi<Programme>("/v1/loyalty/programme");
  const place = w.placeFor();
  return (
    <section className="card" aria-labelledby="programme-h" data-testid="programme">
      <h2 id="programme-h">Programme rules</h2>
      <Loaded load={load} onRetry={reload} what="Loading the programme">
        {({ programme: p, version }) => {
          const overrides = Object.entries(p.properties ?? {}).filter(([id]) => w.property(id));
          const promotions = [
            ...(p.earning.promotions ?? []).map((x) => ({ x, where: "Group" })),
            ...overrides.flatMap(([id, o]) => (o.promotions ?? []).map((x) => ({ x, where: w.property(id)?.name ?? id }))),
          ];
          const multipliers = p.earning.tierMultipliers ?? {};
          return (
            <>
              <p className="muted small">
                {p.id}, version {number(version, place)}
                {p.earning.pendingDays ? ` · points pending for ${number(p.earning.pendingDays, place)} days after departure` : ""}
                {p.expiry.months ? ` · points expire after ${number(p.expiry.months, place)} months${p.expiry.endOfMonth ? ", at the end of the month" : ""}` : " · points never expire"}
              </p>
              <h3>Earning</h3>
              <div className="table-wrap">
                <table data-testid="earning-rules">
                  <thead>
                    <tr>
                      <th scope="col">Rule</th>
                      <th scope="col">Where</th>
                      <th scope="col">Earns</th>
                      <th scope="col">When</th>
                      <th scope="col">Counts</th>
                    </tr>
                  </thead>
                  <tbody>
                    <RuleRows rules={p.earning.rules} where="Group" w={w} place={place} />
                    {overrides.map(([id, o]) => (
                      <RuleRows key={id} rules={o.rules ?? []} where={w.property(id)?.name ?? id} w={w} place={place} />
                    ))}
                  </tbody>
                </table>
              </div>
              {promotions.length > 0 && (
                <>
                  <h3>Promotions</h3>
                  <div className="table-wrap">
                    <table data-testid="promotions">
                      <thead>
                        <tr>
                          <th scope="col">Promotion</th>
                          <th scope="col">Where</th>
                          <th scope="col">Earns</th>
                          <th scope="col">When</th>
                          <th scope="col">Tiers</th>
                        </tr>
                      </thead>
                      <tbody>
                        {promotions.map(({ x, where }) => (
                          <tr key={`${where}/${x.id}`} className={x.disabled ? "muted" : undefined}>
                            <th scope="row">{x.label || x.id}</th>
                            <td>{where}</td>
                            <td>{x.disabled ? "switched off" : promotionEarns(x, place)}</td>
                            <td>{period(x.from, x.to, place)}</td>
                            <td>{x.tiers?.join(", ") || "every tier"}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
              <h3>Tiers</h3>
              {p.tiers.tiers.length === 0 ? (
                <Empty title="No tiers" />
              ) : (
                <div className="table-wrap">
                  <table data-testid="tiers">
                    <thead>
                      <tr>
                        <th scope="col">Tier</th>
                        <th scope="col">Qualifies with{p.tiers.windowMonths ? ` (in ${number(p.tiers.windowMonths, place)} months)` : ""}</th>
                        <th scope="col">Multiplier</th>
                        <th scope="col">Benefits</th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...p.tiers.tiers]
                        .sort((a, b) => a.order - b.order)
                        .map((t) => (
                          <tr key={t.id}>
                            <th scope="row">{t.name || t.id}</th>
                            <td>
                              {t.inviteOnly
                                ? "invitation only"
                                : [
                                    t.qualify.nights && `${number(t.qualify.nights, place)} nights`,
                                    t.qualify.stays && `${number(t.qualify.stays, place)} stays`,
                                    t.qualify.points && `${number(t.qualify.points, place)} qualifying points`,
                                  ]
                                    .filter(Boolean)
                                    .join(" or ") || "joining"}
                            </td>
                            <td>{multipliers[t.id] ? `× ${number(multipliers[t.id] / 10000, place)}` : "—"}</td>
                            <td>{t.benefits?.join(", ") || "—"}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
