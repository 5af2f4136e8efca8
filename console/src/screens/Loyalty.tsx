// The loyalty dashboard, with what the API serves today: the programme's rules (GET /v1/loyalty/programme), a
// member's balance and statement (GET /v1/guests/{id}/membership), the adjustments waiting for approval and the
// open fraud alerts. Programme-wide figures have no API yet and say so instead of showing invented numbers.
import { useState } from "react";
import { useApi } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loading, NotYetAvailable } from "../components/states";
import type { Membership } from "../types";
import { useWorkspace } from "../workspace";
import { ApprovalList } from "./Approvals";
import { Statement } from "./Guest360";
import { Link } from "../router";
import { ProgrammeRules } from "./ProgrammeRules";
import { OpenAlerts } from "./Fraud";

export function Loyalty() {
  return (
    <>
      <PageHeader title="Loyalty" subtitle="Members, points and the adjustments waiting for a second person." />
      <div className="grid-4">
        <NotYetAvailable title="Active members and trend" needs="programme member counts" />
        <NotYetAvailable title="Points in circulation" needs="a ledger total across accounts" />
        <NotYetAvailable title="Tier distribution" needs="members per tier" />
        <NotYetAvailable title="Upgrade rate" needs="tier changes over time" />
        <NotYetAvailable title="Members close to the next tier" needs="tier progress per member" />
        <NotYetAvailable title="Points expiring soon" needs="expiry lots across accounts" />
      </div>
      <MemberLookup />
      <section className="card" aria-labelledby="pending-adj-h">
        <h2 id="pending-adj-h">Pending adjustments</h2>
        <ApprovalList kind="points_adjustment" />
      </section>
      {useWorkspace().can("fraud:read") && <OpenAlerts />}
      <ProgrammeRules />
    </>
  );
}

function MemberLookup() {
  const w = useWorkspace();
  const [draft, setDraft] = useState("");
  const [guest, setGuest] = useState<string | null>(null);
  const [load] = useApi<Membership>(guest ? `/v1/guests/${encodeURIComponent(guest)}/membership` : null);
  return (
    <section className="card" aria-labelledby="member-h">
      <h2 id="member-h">Member balance and statement</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setGuest(draft.trim() || null);
        }}
      >
        <label>
          Guest id
          <input value={draft} onChange={(e) => setDraft(e.target.value)} required data-testid="member-guest-id" />
        </label>
        <button type="submit">Show</button>
        {guest && <Link to={`/guests/${encodeURIComponent(guest)}`}>Open Guest 360</Link>}
      </form>
      {!guest && <p className="muted">Member search needs an API route that does not exist yet: look a member up by guest id.</p>}
      {guest && load.state === "loading" && <Loading what="Loading the membership" />}
      {guest && load.state === "error" &&
        (load.error.code === "not_member" ? <Empty title="Not a loyalty member" /> : <ErrorState error={load.error} />)}
      {guest && load.state === "ok" && <Statement m={load.data} home={w.placeFor()} />}
    </section>
  );
}
