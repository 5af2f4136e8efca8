// The merge review queue: pairs matching could not decide on its own (GET /v1/merge-reviews, oldest first), shown
// side by side with the fields that agreed and disagreed and their weights, decided as "merge" or "keep apart"
// (POST /v1/merge-reviews/{id}/decision). Keyboard: J / K move through the queue, M merges, A keeps apart. The
// decided ones (?status=decided) are listed with who decided and why.
import { useEffect, useState } from "react";
import { api, usePaged, type ApiError } from "../api";
import { useAction } from "../action";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loading } from "../components/states";
import { dateTime, number, score, type Place } from "../format";
import { Link } from "../router";
import type { MergeReview, ReviewGuest } from "../types";
import { useWorkspace } from "../workspace";

const fieldRows: [keyof ReviewGuest, string][] = [
  ["name", "Name"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["city", "City"],
  ["loyaltyNumber", "Loyalty number"],
];

type Outcome = "merge" | "keep-apart";

export function MergeReviews() {
  const [tab, setTab] = useState<"open" | "decided">("open");
  return (
    <>
      <PageHeader title="Merge reviews" subtitle="Guests matching thinks may be one person: compare them and decide." />
      <div className="tabs" role="group" aria-label="Which reviews">
        {(["open", "decided"] as const).map((t) => (
          <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)} data-testid={`reviews-${t}`}>
            {t === "open" ? "Waiting" : "Decided"}
          </button>
        ))}
      </div>
      {tab === "open" ? <Queue /> : <Decided />}
    </>
  );
}

function noQueue(error: ApiError, reload: () => void) {
  return error.code === "no_route" ? (
    <Empty title="No merge review queue here">This deployment's API does not serve merge reviews yet.</Empty>
  ) : (
    <ErrorState error={error} onRetry={reload} />
  );
}

function Queue() {
  const w = useWorkspace();
  const [load, reload, more, loadingMore] = usePaged<MergeReview>("/v1/merge-reviews?status=open", 50);
  const [decided, setDecided] = useState<Record<string, Outcome>>({});
  const [current, setCurrent] = useState(0);
  const open = load.state === "ok" ? load.data.items.filter((r) => !decided[r.id] && (r.status ?? "open") === "open") : [];
  const review = open[Math.min(current, open.length - 1)];
  const place = w.placeFor();
  const done = Object.keys(decided).length;
  return (
    <>
      {load.state === "loading" && <Loading what="Loading the review queue" />}
      {load.state === "error" && noQueue(load.error, reload)}
      {load.state === "ok" && (
        <>
          <p className="muted" data-testid="review-progress">
            {open.length === 0 ? "Nothing left to review" : `Review ${Math.min(current, open.length - 1) + 1} of ${number(open.length, place)}${load.data.nextCursor ? "+" : ""}`}
            {done > 0 && ` · ${number(done, place)} decided in this session`}{" "}
            <button type="button" onClick={reload}>
              Refresh
            </button>
          </p>
          {review ? (
            <div className="review-layout">
              <ol className="queue" aria-label="Review queue" data-testid="review-queue">
                {open.map((r, i) => (
                  <li key={r.id}>
                    <button type="button" aria-current={r === review ? "true" : undefined} onClick={() => setCurrent(i)}>
                      {r.guest.name || r.guestId} · {r.candidate.name || r.candidateId}
                      <span className="muted small"> {score(r.score, place)}</span>
                    </button>
                  </li>
                ))}
              </ol>
              <ReviewCard
                key={review.id}
                review={review}
                place={place}
                canDecide={w.can("guests:write")}
                hasPrev={current > 0}
                hasNext={current < open.length - 1}
                onMove={(d) => setCurrent((c) => Math.max(0, Math.min(open.length - 1, c + d)))}
                onDecided={(o) => {
                  setDecided((x) => ({ ...x, [review.id]: o }));
                  if (open.length <= 2 && load.data.nextCursor) more();
                }}
              />
            </div>
          ) : load.data.nextCursor ? (
            <button type="button" onClick={more} disabled={loadingMore}>
              Load more reviews
            </button>
          ) : (
            <Empty title="No merge reviews waiting">Every pair matching was unsure about has been decided.</Empty>
          )}
        </>
      )}
    </>
  );
}

function GuestID({ id }: { id: string }) {
  return (
    <Link className="guest-id" to={`/guests/${encodeURIComponent(id)}`}>
      {id}
    </Link>
  );
}

function ReviewCard({
  review: r,
  place,
  canDecide,
  hasPrev,
  hasNext,
  onMove,
  onDecided,
}: {
  review: MergeReview;
  place: Place;
  canDecide: boolean;
  hasPrev: boolean;
  hasNext: boolean;
  onMove: (delta: number) => void;
  onDecided: (o: Outcome) => void;
}) {
  const w = useWorkspace();
  const [comment, setComment] = useState("");
  const decide = useAction((outcome: Outcome) =>
    api<MergeReview>(`/v1/merge-reviews/${encodeURIComponent(r.id)}/decision`, { method: "POST", body: { outcome, comment } }),
  );
  const submit = async (o: Outcome) => {
    if (decide.busy || !canDecide) return;
    if ((await decide.run(o)) !== undefined) onDecided(o);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || t.closest("input, textarea, select, dialog")) return;
      const k = e.key.toLowerCase();
      if (k === "j" && hasNext) onMove(1);
      else if (k === "k" && hasPrev) onMove(-1);
      else if (k === "m") submit("merge");
      else if (k === "a") submit("keep-apart");
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });
  const agree = r.fields.filter((f) => f.weight > 0).reduce((t, f) => t + f.weight, 0);
  const disagree = r.fields.filter((f) => f.weight < 0).reduce((t, f) => t + f.weight, 0);
  return (
    <section className="card review" aria-labelledby="review-h" data-testid="merge-review">
      <div className="approval-head">
        <h2 id="review-h">
          {r.guest.name || r.guestId} and {r.candidate.name || r.candidateId}?
        </h2>
        <span className="muted small">opened {dateTime(r.openedAt, place)}</span>
      </div>
      <p>
        Score <strong data-testid="review-score">{score(r.score, place)}</strong> <span className="muted small">(log₂ odds of one guest)</span>
        {r.reason && <span> · {r.reason}</span>}
        {r.propertyId && <span className="muted"> · at {w.property(r.propertyId)?.name ?? r.propertyId}</span>}
      </p>
      {r.explanation && <p className="muted small">{r.explanation}</p>}
      <div className="review-tables">
        <div className="table-wrap">
          <table data-testid="review-compare">
            <caption>The two profiles</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">
                  New guest <GuestID id={r.guestId} />
                </th>
                <th scope="col">
                  Existing guest <GuestID id={r.candidateId} />
                </th>
              </tr>
            </thead>
            <tbody>
              {fieldRows.map(([k, label]) => {
                const a = r.guest[k];
                const b = r.candidate[k];
                const same = !!a && !!b && a.toLowerCase() === b.toLowerCase();
                return (
                  <tr key={k} className={a && b ? (same ? "same" : "differs") : undefined}>
                    <th scope="row">{label}</th>
                    <td>{a || "—"}</td>
                    <td>{b || "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="table-wrap">
          <table data-testid="review-fields">
            <caption>Field agreements</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Weight (bits)
                </th>
              </tr>
            </thead>
            <tbody>
              {r.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{f.field}</th>
                  <td>
                    <span className={`status ${f.weight > 0 ? "for" : f.weight < 0 ? "against" : ""}`}>{f.outcome}</span>
                  </td>
                  <td className={`num ${f.weight < 0 ? "neg" : ""}`}>{(f.weight > 0 ? "+" : "") + score(f.weight, place)}</td>
                </tr>
              ))}
              <tr className="total">
                <th scope="row" colSpan={2}>
                  For / against
                </th>
                <td className="num">
                  +{score(agree, place)} / {score(disagree, place)}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      {canDecide ? (
        <form
          className="decision"
          onSubmit={(e) => {
            e.preventDefault();
            submit("merge");
          }}
        >
          <label>
            Comment
            <input value={comment} onChange={(e) => setComment(e.target.value)} data-testid="review-comment" />
          </label>
          <button type="submit" className="primary" disabled={decide.busy} data-testid="review-merge" aria-keyshortcuts="M">
            Merge <kbd>M</kbd>
          </button>
          <button type="button" disabled={decide.busy} onClick={() => submit("keep-apart")} data-testid="review-keep-apart" aria-keyshortcuts="A">
            Keep apart <kbd>A</kbd>
          </button>
        </form>
      ) : (
        <p className="muted">Deciding needs the guests:write permission.</p>
      )}
      <div className="decision">
        <button type="button" disabled={!hasPrev} onClick={() => onMove(-1)} aria-keyshortcuts="K" data-testid="review-prev">
          Previous <kbd>K</kbd>
        </button>
        <button type="button" disabled={!hasNext} onClick={() => onMove(1)} aria-keyshortcuts="J" data-testid="review-next">
          Next <kbd>J</kbd>
        </button>
      </div>
      {decide.error && <ErrorState error={decide.error} />}
    </section>
  );
}

const statusWords: Record<MergeReview["status"], string> = { open: "waiting", merged: "merged", "kept-apart": "kept apart" };

function Decided() {
  const w = useWorkspace();
  const [load, reload, more, loadingMore] = usePaged<MergeReview>("/v1/merge-reviews?status=decided", 50);
  const place = w.placeFor();
  if (load.state === "loading") return <Loading what="Loading decided reviews" />;
  if (load.state === "error") return noQueue(load.error, reload);
  const items = [...load.data.items].sort((a, b) => (b.decidedAt ?? "").localeCompare(a.decidedAt ?? ""));
  if (items.length === 0) return <Empty title="No merge reviews decided yet" />;
  return (
    <section className="card" aria-label="Decided reviews">
      <div className="table-wrap">
        <table data-testid="decided-reviews">
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Decision</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/guests/${encodeURIComponent(r.guestId)}`}>{r.guest.name || r.guestId}</Link> and{" "}
                  <Link to={`/guests/${encodeURIComponent(r.candidateId)}`}>{r.candidate.name || r.candidateId}</Link>
                </th>
                <td>
                  <span className={`status ${r.status === "merged" ? "approved" : "rejected"}`}>{statusWords[r.status] ?? r.status}</span>
                </td>
                <td>{r.decidedBy ?? "—"}</td>
                <td>{dateTime(r.decidedAt, place)}</td>
                <td>{r.comment || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {load.data.nextCursor && (
        <button type="button" onClick={more} disabled={loadingMore}>
          Show more
        </button>
      )}
    </section>
  );
}
