// Gift cards: a card looked up by number with its transactions (GET /v1/giftcards/{number}), an enquiry by buyer
// or recipient (GET /v1/giftcards?buyer=|recipient=, paged), and, for group-level readers, what the group owes
// card holders (GET /v1/giftcards/liability). What is shown lives in the URL (?number=, ?buyer=, ?recipient=),
// so a lookup can be linked to and the browser's back button undoes it.
import { useState } from "react";
import { useApi, usePaged } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loaded, Loading } from "../components/states";
import { dateTime, day, money, number as fmtNumber, type Place } from "../format";
import { Link, navigate, useLocation } from "../router";
import type { Card, CardMoney, GiftCard, Liability } from "../types";
import { useWorkspace } from "../workspace";

/** A card number in groups of four, as printed. */
export function cardNumber(n: string): string {
  return n.replace(/(\d{4})(?=\d)/g, "$1 ");
}

function cardMoney(m: CardMoney, place: Place): string {
  return m.currency ? money(m.amount, m.currency, place) : "—";
}

const statusLabel: Record<Card["status"], string> = {
  stock: "In stock",
  active: "Active",
  cancelled: "Cancelled",
  expired: "Expired",
};

function cardLink(n: string): string {
  return `/giftcards?number=${encodeURIComponent(n)}`;
}

export function GiftCards() {
  const w = useWorkspace();
  const { query } = useLocation();
  const number = query.get("number")?.trim() || null;
  const by = query.get("buyer") !== null ? "buyer" : query.get("recipient") !== null ? "recipient" : null;
  const who = by ? query.get(by)!.trim() : "";
  const groupLevel = (w.me.permissions["storedvalue:read"] ?? []).some((g) => g.split("/")[1] === "group");
  return (
    <>
      <PageHeader title="Gift cards" subtitle="Look a card up by its number, find the cards a person bought or received." />
      <div className="two-col">
        <NumberLookup key={number ?? ""} initial={number ?? ""} />
        <Enquiry key={`${by}:${who}`} initialBy={by ?? "buyer"} initialWho={who} />
      </div>
      {number && <CardDetail number={number} />}
      {by && who && <EnquiryResults by={by} who={who} />}
      {groupLevel ? (
        <LiabilityReport />
      ) : (
        <p className="muted small">The outstanding liability report is group-wide: it needs stored-value access on the whole group.</p>
      )}
    </>
  );
}

function NumberLookup({ initial }: { initial: string }) {
  const [draft, setDraft] = useState(initial);
  return (
    <section className="card" aria-labelledby="card-lookup-h">
      <h2 id="card-lookup-h">Look up a card</h2>
      <form
        className="inline-form"
        role="search"
        aria-label="Gift card by number"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) navigate(cardLink(draft.trim()));
        }}
      >
        <label>
          Card number
          <input
            data-testid="card-number"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            placeholder="6035 1234 5678 9012"
            required
          />
        </label>
        <button type="submit">Look up</button>
      </form>
      <p className="muted small">As printed (spaces and hyphens are fine) or swiped.</p>
    </section>
  );
}

function Enquiry({ initialBy, initialWho }: { initialBy: "buyer" | "recipient"; initialWho: string }) {
  const [by, setBy] = useState(initialBy);
  const [who, setWho] = useState(initialWho);
  return (
    <section className="card" aria-labelledby="card-enquiry-h">
      <h2 id="card-enquiry-h">Find cards by person</h2>
      <form
        className="inline-form"
        role="search"
        aria-label="Gift cards by buyer or recipient"
        onSubmit={(e) => {
          e.preventDefault();
          if (who.trim()) navigate(`/giftcards?${by}=${encodeURIComponent(who.trim())}`);
        }}
      >
        <label>
          Who
          <select data-testid="card-enquiry-by" value={by} onChange={(e) => setBy(e.target.value as "buyer" | "recipient")}>
            <option value="buyer">Bought by</option>
            <option value="recipient">Given to</option>
          </select>
        </label>
        <label>
          Name
          <input data-testid="card-enquiry-who" value={who} onChange={(e) => setWho(e.target.value)} autoComplete="off" required />
        </label>
        <button type="submit">Find</button>
      </form>
      <p className="muted small">The whole name, in any case.</p>
    </section>
  );
}

function CardDetail({ number }: { number: string }) {
  const w = useWorkspace();
  const [load, reload] = useApi<GiftCard>(`/v1/giftcards/${encodeURIComponent(number)}`);
  if (load.state === "loading") return <Loading what="Looking the card up" />;
  if (load.state === "error") {
    if (load.error.code === "unknown_card") {
      return (
        <Empty title="No such card">
          <p>
            No gift card has the number <code>{number}</code>.
          </p>
        </Empty>
      );
    }
    return <ErrorState error={load.error} onRetry={reload} />;
  }
  const { card, transactions } = load.data;
  const place = w.placeFor(card.soldAtProperty);
  const cur = card.balance.currency || card.loaded.currency;
  return (
    <section className="card" aria-labelledby="card-h" data-testid="gift-card">
      <h2 id="card-h">Card {cardNumber(card.number)}</h2>
      <dl className="kpis">
        <div>
          <dt>Balance</dt>
          <dd data-testid="card-balance">{cardMoney(card.balance, place)}</dd>
        </div>
        <div>
          <dt>Loaded in all</dt>
          <dd>{cardMoney(card.loaded, place)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status ${card.status}`} data-testid="card-status">
              {statusLabel[card.status] ?? card.status}
            </span>
          </dd>
        </div>
      </dl>
      <dl className="facts">
        <dt>Bought by</dt>
        <dd data-testid="card-buyer">{card.buyer || "—"}</dd>
        <dt>Given to</dt>
        <dd>{card.recipient || "—"}</dd>
        <dt>Sold</dt>
        <dd>
          {dateTime(card.soldAt, place)}
          {card.soldAtProperty && ` at ${w.property(card.soldAtProperty)?.name ?? card.soldAtProperty}`}
        </dd>
        <dt>Last used</dt>
        <dd>{day(card.lastUsedOn, place)}</dd>
        <dt>Expires</dt>
        <dd>{card.expiresOn ? day(card.expiresOn, place) : "Never"}</dd>
        {card.replaces && (
          <>
            <dt>Replaces</dt>
            <dd>
              <Link to={cardLink(card.replaces)}>{cardNumber(card.replaces)}</Link>
            </dd>
          </>
        )}
        {card.replacedBy && (
          <>
            <dt>Replaced by</dt>
            <dd>
              <Link to={cardLink(card.replacedBy)}>{cardNumber(card.replacedBy)}</Link>
            </dd>
          </>
        )}
      </dl>
      <h3>Transactions</h3>
      {transactions.length === 0 ? (
        <Empty title="No transactions yet" />
      ) : (
        <div className="table-wrap">
          <table data-testid="card-transactions">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Against</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance after
                </th>
              </tr>
            </thead>
            <tbody>
              {transactions.map((t) => (
                <tr key={t.id}>
                  <td>{dateTime(t.at, place)}</td>
                  <td>
                    {t.kind}
                    {t.concept && <span className="muted small"> · {t.concept}</span>}
                  </td>
                  <td>{t.refs?.counterparty ?? t.refs?.property ?? "—"}</td>
                  <td className={`num${t.amount < 0 ? " neg" : ""}`}>{cur ? money(t.amount, cur, place) : t.amount}</td>
                  <td className="num">{cur ? money(t.balanceAfter, cur, place) : t.balanceAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EnquiryResults({ by, who }: { by: "buyer" | "recipient"; who: string }) {
  const w = useWorkspace();
  const [load, reload, more, loadingMore] = usePaged<Card>(`/v1/giftcards?${by}=${encodeURIComponent(who)}`);
  const label = by === "buyer" ? `Cards bought by ${who}` : `Cards given to ${who}`;
  return (
    <section className="card" aria-labelledby="card-results-h" aria-live="polite">
      <h2 id="card-results-h">{label}</h2>
      <Loaded load={load} onRetry={reload} what="Finding cards">
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={`No cards ${by === "buyer" ? "bought by" : "given to"} ${who}`} />
          ) : (
            <>
              <div className="table-wrap">
                <table data-testid="card-results">
                  <thead>
                    <tr>
                      <th scope="col">Card</th>
                      <th scope="col">Status</th>
                      <th scope="col">{by === "buyer" ? "Given to" : "Bought by"}</th>
                      <th scope="col">Sold on</th>
                      <th scope="col" className="num">
                        Balance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((c) => {
                      const place = w.placeFor(c.soldAtProperty);
                      return (
                        <tr key={c.number}>
                          <th scope="row">
                            <Link to={cardLink(c.number)}>{cardNumber(c.number)}</Link>
                          </th>
                          <td>
                            <span className={`status ${c.status}`}>{statusLabel[c.status] ?? c.status}</span>
                          </td>
                          <td>{(by === "buyer" ? c.recipient : c.buyer) || "—"}</td>
                          <td>{day(c.soldOn, place)}</td>
                          <td className="num">{cardMoney(c.balance, place)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {page.nextCursor && (
                <button type="button" onClick={more} disabled={loadingMore}>
                  {loadingMore ? "Loading…" : "Show more"}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function LiabilityReport() {
  const w = useWorkspace();
  const [sort, setSort] = useState<"age" | "balance">("age");
  const [load, reload] = useApi<Liability>(`/v1/giftcards/liability?sort=${sort}`);
  const place = w.placeFor();
  return (
    <section className="card" aria-labelledby="liability-h" data-testid="liability">
      <div className="approval-head">
        <h2 id="liability-h">Outstanding liability</h2>
        <label>
          Order
          <select data-testid="liability-sort" value={sort} onChange={(e) => setSort(e.target.value as "age" | "balance")}>
            <option value="age">Oldest sale first</option>
            <option value="balance">Largest balance first</option>
          </select>
        </label>
      </div>
      <Loaded load={load} onRetry={reload} what="Loading the liability report">
        {(l) =>
          l.rows.length === 0 ? (
            <Empty title="Nothing outstanding">
              <p>No active card holds a balance on {day(l.asOf, place)}.</p>
            </Empty>
          ) : (
            <>
              <p className="muted">What the group owes card holders on {day(l.asOf, place)}.</p>
              <dl className="kpis" data-testid="liability-totals">
                {l.totals.map((t) => (
                  <div key={t.currency}>
                    <dt>Total in {t.currency}</dt>
                    <dd>{money(t.amount, t.currency, place)}</dd>
                  </div>
                ))}
              </dl>
              <div className="table-wrap">
                <table>
                  <caption>
                    {fmtNumber(l.rows.length, place)} card{l.rows.length === 1 ? "" : "s"} with a balance
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Card</th>
                      <th scope="col">Bought by</th>
                      <th scope="col">Sold on</th>
                      <th scope="col" className="num">
                        Age (days)
                      </th>
                      <th scope="col">Expires</th>
                      <th scope="col" className="num">
                        Balance
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {l.rows.map((r) => (
                      <tr key={r.number}>
                        <th scope="row">
                          <Link to={cardLink(r.number)}>{cardNumber(r.number)}</Link>
                        </th>
                        <td>{r.buyer || "—"}</td>
                        <td>{day(r.soldOn, place)}</td>
                        <td className="num">{fmtNumber(r.ageDays, place)}</td>
                        <td>{r.expiresOn ? day(r.expiresOn, place) : "Never"}</td>
                        <td className="num">{money(r.balance.amount, r.balance.currency, place)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
