// The merge review queue: pairs matching could not decide on its own (GET /v1/merge-reviews), shown side by side
// with the fields that agreed and disagreed and their weights, decided as "merge" or "keep apart"
// (POST /v1/merge-reviews/{id}/decision). Keyboard: J / K move through the queue, M merges, A keeps apart.
import { useEffect, useState } from "react";
import { api, usePaged } from "../api";
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
  const w = useWorkspace();
  const [load, reload, more, loadingMore] = usePaged<MergeReview>("/v1/merge-reviews", 50);
  const [decided, setDecided] = useState<Record<string, Outcome>>({});
  const [current, setCurrent] = useState(0);
  const open = load.state === "ok" ? load.data.items.filter((r) => !decided[r.id] && (r.status ?? "open") === "open") : [];
  const review = open[Math.min(current, open.length - 1)];
  const place = w.placeFor();
  const done = Object.keys(decided).length;
  return (
    <>
      <PageHeader title="Merge reviews" subtitle="Guests matching thinks may be one person: compare them and decide.">
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </PageHeader>
      {load.state === "loading" && <Loading what="Loading the review queue" />}
      {load.state === "error" &&
        (load.error.code === "no_route" ? (
          <Empty title="No merge review queue here">This deployment's API does not serve merge reviews yet.</Empty>
        ) : (
          <ErrorState error={load.error} onRetry={reload} />
        ))}
      {load.state === "ok" && (
        <>
          <p className="muted" data-testid="review-progress">
            {open.length === 0 ? "Nothing left to review" : `Review ${Math.min(current, open.length - 1) + 1} of ${number(open.length, place)}${load.data.nextCursor ? "+" : ""}`}
            {done > 0 && ` · ${number(done, place)} decided in this session`}
          </p>
          {review ? (
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
        Score <strong data-testid="review-score">{score(r.score, place)}</strong>
        {r.explanation && <span className="muted"> · {r.explanation}</span>}
      </p>
      <div className="two-col">
        <div className="table-wrap">
          <table data-testid="review-compare">
            <caption>The two profiles</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">
                  <Link to={`/guests/${encodeURIComponent(r.guestId)}`}>{r.guestId}</Link>
                </th>
                <th scope="col">
                  <Link to={`/guests/${encodeURIComponent(r.candidateId)}`}>{r.candidateId}</Link>
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
                  Weight
                </th>
              </tr>
            </thead>
            <tbody>
              {r.fields.map((f) => (
                <tr key={f.field}>
                  <th scope="row">{f.field}</th>
                  <td>
                    <span className={`status outcome-${f.outcome}`}>{f.outcome}</span>
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
