// The loyalty dashboard: the programme's figures (GET /v1/loyalty/dashboard), a member's balance and statement
// (GET /v1/guests/{id}/membership), the adjustments waiting for approval, the open fraud alerts and the programme's
// rules (GET /v1/loyalty/programme).
import { useState } from "react";
import { useApi } from "../api";
import { PageHeader } from "../components/PageHeader";
import { Empty, ErrorState, Loading } from "../components/states";
import type { Membership } from "../types";
import { useWorkspace } from "../workspace";
import { ApprovalList } from "./Approvals";
import { Statement } from "./Guest360";
import { Link } from "../router";
import { ProgrammeRules } from "./ProgrammeRules";
import { LoyaltyDashboard } from "./LoyaltyDashboard";
import { OpenAlerts } from "./Fraud";

export function Loyalty() {
  return (
    <>
      <PageHeader title="Loyalty" subtitle="Members, points and the adjustments waiting for a second person." />
      <LoyaltyDashboard />
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
