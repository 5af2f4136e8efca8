package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
)

// Where a route acts, for authorization.
const (
	scopeGroup  = iota // the whole group: only group-level grants allow it
	scopePath          // the property in the path ({id} of /v1/properties/{id}) or brand ({id} of /v1/brands/{id})
	scopeAny           // any grant of the permission; the handler filters what it returns
	scopeInBody        // the handler authorizes once it has read the resource from the body or the store
	scopeNone          // public, or only needs a valid identity
)

// route is one API route: the permission it needs, where that permission must hold, and whether callers must be
// authenticated. Every route declares these; the RBAC matrix test walks this table.
type route struct {
	method, path string
	perm         access.Permission
	scope        int
	public       bool
	handle       handler
}

// scopeNames are the scopes as openapi.json's x-scope names them.
var scopeNames = map[int]string{scopeGroup: "group", scopePath: "path", scopeAny: "any", scopeInBody: "in-body", scopeNone: "none"}

// Route describes a route for tests and documentation.
type Route struct {
	Method, Path string
	Permission   access.Permission
	Scope        string // group, path, any, in-body or none (openapi.json's x-scope)
	Public       bool
}

// Routes lists every route the API serves with its permission.
func Routes() []Route {
	var out []Route
	for _, r := range (&server{}).routes() {
		out = append(out, Route{Method: r.method, Path: r.path, Permission: r.perm, Scope: scopeNames[r.scope], Public: r.public})
	}
	return out
}

func (s *server) routes() []route {
	return []route{
		{method: "GET", path: "/healthz", scope: scopeNone, public: true, handle: s.health},
		{method: "GET", path: "/openapi.json", scope: scopeNone, public: true, handle: s.openapi},
		{method: "GET", path: "/docs", scope: scopeNone, public: true, handle: s.docs},
		{method: "GET", path: "/v1/me", scope: scopeNone, handle: s.me},

		{method: "GET", path: "/v1/hierarchy", perm: access.HierarchyRead, scope: scopeAny, handle: s.tree},
		{method: "GET", path: "/v1/properties/{id}", perm: access.HierarchyRead, scope: scopePath, handle: s.property},
		{method: "PUT", path: "/v1/properties/{id}", perm: access.HierarchyWrite, scope: scopeInBody, handle: s.putProperty},
		{method: "DELETE", path: "/v1/properties/{id}", perm: access.HierarchyWrite, scope: scopePath, handle: s.closeProperty},
		{method: "GET", path: "/v1/properties/{id}/arrivals", perm: access.GuestsRead, scope: scopePath, handle: s.arrivals},
		{method: "GET", path: "/v1/properties/{id}/reconciliation/{day}", perm: access.ReportsRead, scope: scopePath, handle: s.reconciliation},
		{method: "POST", path: "/v1/properties/{id}/reconciliation/{day}", perm: access.ReportsRun, scope: scopePath, handle: s.reconcile},
		{method: "PUT", path: "/v1/brands/{id}", perm: access.HierarchyWrite, scope: scopePath, handle: s.putBrand},

		{method: "GET", path: "/v1/sources", perm: access.HierarchyRead, scope: scopeAny, handle: s.listSources},
		{method: "PUT", path: "/v1/sources/{id}", perm: access.HierarchyWrite, scope: scopeInBody, handle: s.putSource},
		{method: "GET", path: "/v1/sources/{id}/health", perm: access.HierarchyRead, scope: scopeInBody, handle: s.sourceHealth},
		{method: "GET", path: "/v1/sources/{id}/health/days", perm: access.HierarchyRead, scope: scopeInBody, handle: s.sourceHealthDays},
		{method: "POST", path: "/v1/sources/{id}/secrets", perm: access.HierarchyWrite, scope: scopeInBody, handle: s.rotateSecret},
		{method: "GET", path: "/v1/loyalty/dashboard", perm: access.GuestsRead, scope: scopeAny, handle: s.loyaltyDashboard},
		{method: "POST", path: "/v1/loyalty/dashboard", perm: access.ReportsRun, scope: scopeAny, handle: s.refreshLoyaltyDashboard},
		{method: "GET", path: "/v1/loyalty/programme", perm: access.GuestsRead, scope: scopeAny, handle: s.programme},
		{method: "PUT", path: "/v1/loyalty/programme", perm: access.LoyaltyWrite, scope: scopeGroup, handle: s.putProgramme},
		{method: "GET", path: "/v1/benefits", perm: access.GuestsRead, scope: scopeAny, handle: s.benefits},
		{method: "POST", path: "/v1/guests/{id}/certificates", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.registerCertificate},
		{method: "GET", path: "/v1/guests/{id}/certificates", perm: access.GuestsRead, scope: scopeInBody, handle: s.ownedCertificates},
		{method: "GET", path: "/v1/certificates/{code}", perm: access.GuestsRead, scope: scopeAny, handle: s.certificate},
		{method: "GET", path: "/v1/certificates/{code}/pdf", perm: access.GuestsRead, scope: scopeAny, handle: s.certificatePDF},
		{method: "POST", path: "/v1/certificates/{code}/issue", perm: access.LoyaltyWrite, scope: scopeAny, handle: s.certificateStep(s.Certificates.Issue)},
		{method: "POST", path: "/v1/certificates/{code}/cancel", perm: access.LoyaltyWrite, scope: scopeAny, handle: s.certificateStep(s.Certificates.Cancel)},
		{method: "POST", path: "/v1/certificates/{code}/use", perm: access.GuestsWrite, scope: scopeInBody, handle: s.useCertificate},
		{method: "GET", path: "/v1/fraud/alerts", perm: access.FraudRead, scope: scopeAny, handle: s.fraudAlerts},
		{method: "POST", path: "/v1/fraud/alerts/{key}/resolution", perm: access.FraudManage, scope: scopeAny, handle: s.resolveAlert},
		{method: "POST", path: "/v1/giftcards/stock", perm: access.StoredValueWrite, scope: scopeGroup, handle: s.addCardStock},
		{method: "GET", path: "/v1/giftcards", perm: access.StoredValueRead, scope: scopeAny, handle: s.findCards},
		{method: "GET", path: "/v1/giftcards/liability", perm: access.StoredValueRead, scope: scopeGroup, handle: s.cardLiability},
		{method: "GET", path: "/v1/giftcards/top-buyers", perm: access.StoredValueRead, scope: scopeGroup, handle: s.topCardBuyers},
		{method: "GET", path: "/v1/giftcards/{number}", perm: access.StoredValueRead, scope: scopeAny, handle: s.card},
		{method: "POST", path: "/v1/giftcards/{number}/sale", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.sellCard()},
		{method: "POST", path: "/v1/giftcards/{number}/loads", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.loadCard()},
		{method: "POST", path: "/v1/giftcards/{number}/redemptions", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.redeemCard()},
		{method: "POST", path: "/v1/giftcards/{number}/folio-transfers", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.cardToFolio()},
		{method: "POST", path: "/v1/giftcards/{number}/prepayments", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.prepayWithCard()},
		{method: "POST", path: "/v1/giftcards/{number}/credits", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.creditCard},
		{method: "POST", path: "/v1/giftcards/{number}/reissue", perm: access.StoredValueWrite, scope: scopeInBody, handle: s.reissueCard},
		{method: "POST", path: "/v1/exports/cardex", perm: access.ExportsCreate, scope: scopeInBody, handle: s.exportCardex},
		{method: "POST", path: "/v1/exports/giftcards/gl/{day}", perm: access.ExportsCreate, scope: scopeGroup, handle: s.exportCardGL},
		{method: "POST", path: "/v1/events", perm: access.EventsPublish, scope: scopeInBody, handle: s.publish},
		{method: "GET", path: "/v1/journal/days/{day}", perm: access.JournalRead, scope: scopeGroup, handle: s.journalDay},
		{method: "GET", path: "/v1/journal/rollups/{day}", perm: access.JournalRead, scope: scopeGroup, handle: s.rollup},
		{method: "GET", path: "/v1/journal/guests/{id}", perm: access.JournalRead, scope: scopeGroup, handle: s.guestEvents},
		{method: "POST", path: "/v1/exports/journal/{day}", perm: access.ExportsCreate, scope: scopeGroup, handle: s.exportJournal},

		{method: "POST", path: "/v1/approvals", perm: access.ApprovalsRequest, scope: scopeInBody, handle: s.requestApproval},
		{method: "GET", path: "/v1/approvals", perm: access.ApprovalsRead, scope: scopeAny, handle: s.listApprovals},
		{method: "GET", path: "/v1/approvals/{id}", perm: access.ApprovalsRead, scope: scopeInBody, handle: s.getApproval},
		{method: "POST", path: "/v1/approvals/{id}/decision", perm: access.ApprovalsDecide, scope: scopeInBody, handle: s.decide},

		{method: "GET", path: "/v1/schemas/guest-profile", scope: scopeNone, public: true, handle: s.profileSchema},
		{method: "GET", path: "/v1/guests", perm: access.GuestsRead, scope: scopeAny, handle: s.searchGuests},
		{method: "GET", path: "/v1/guests/{id}/profile", perm: access.GuestsRead, scope: scopeInBody, handle: s.getProfile},
		{method: "GET", path: "/v1/guests/{id}/360", perm: access.GuestsRead, scope: scopeInBody, handle: s.guest360},
		{method: "POST", path: "/v1/guests/{id}/links", perm: access.GuestsWrite, scope: scopeInBody, handle: s.linkGuest},
		{method: "DELETE", path: "/v1/guests/{id}/links/{accountId}", perm: access.GuestsWrite, scope: scopeInBody, handle: s.unlinkGuest},
		{method: "GET", path: "/v1/accounts", perm: access.GuestsRead, scope: scopeAny, handle: s.listAccounts},
		{method: "PUT", path: "/v1/accounts/{id}", perm: access.GuestsWrite, scope: scopeAny, handle: s.putAccount},
		{method: "GET", path: "/v1/accounts/{id}", perm: access.GuestsRead, scope: scopeAny, handle: s.getAccount},
		{method: "GET", path: "/v1/accounts/{id}/stays", perm: access.GuestsRead, scope: scopeAny, handle: s.accountStays},
		{method: "GET", path: "/v1/merge-reviews", perm: access.GuestsRead, scope: scopeAny, handle: s.mergeReviews},
		{method: "POST", path: "/v1/merge-reviews/{id}/decision", perm: access.GuestsWrite, scope: scopeInBody, handle: s.decideMergeReview},
		{method: "POST", path: "/v1/guests/{id}/unmerge", perm: access.GuestsWrite, scope: scopeInBody, handle: s.unmerge},
		{method: "PUT", path: "/v1/guests/{id}/profile", perm: access.GuestsWrite, scope: scopeInBody, handle: s.putProfile},
		{method: "GET", path: "/v1/guests/{id}/export", perm: access.PrivacyManage, scope: scopeInBody, handle: s.exportGuest},
		{method: "POST", path: "/v1/guests/{id}/erasure", perm: access.PrivacyManage, scope: scopeInBody, handle: s.requestErasure},
		{method: "POST", path: "/v1/guests/{id}/membership", perm: access.GuestsWrite, scope: scopeInBody, handle: s.enrol},
		{method: "POST", path: "/v1/guests/{id}/membership/redemptions", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.redeem},
		{method: "POST", path: "/v1/guests/{id}/membership/holds", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.holdPoints},
		{method: "POST", path: "/v1/guests/{id}/membership/holds/{hold}/capture", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.settleHold(true)},
		{method: "POST", path: "/v1/guests/{id}/membership/holds/{hold}/release", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.settleHold(false)},
		{method: "POST", path: "/v1/guests/{id}/membership/status", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.memberStatus},
		{method: "POST", path: "/v1/guests/{id}/membership/tier", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.overrideTier},
		{method: "POST", path: "/v1/guests/{id}/membership/reversals", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.reversePoints},
		{method: "POST", path: "/v1/guests/{id}/membership/adjustments", perm: access.LoyaltyWrite, scope: scopeInBody, handle: s.adjust},
		{method: "GET", path: "/v1/guests/{id}/membership", perm: access.GuestsRead, scope: scopeInBody, handle: s.membership},
		{method: "GET", path: "/v1/guests/{id}/consent", perm: access.ConsentRead, scope: scopeAny, handle: s.consentHistory},
		{method: "POST", path: "/v1/guests/{id}/consent", perm: access.ConsentWrite, scope: scopeInBody, handle: s.recordConsent},
		{method: "GET", path: "/v1/guests/{id}/consent/decision", perm: access.ConsentRead, scope: scopeInBody, handle: s.consentDecision},
		{method: "POST", path: "/v1/guests/{id}/unsubscribe-links", perm: access.ConsentWrite, scope: scopeInBody, handle: s.unsubscribeLink},
		{method: "GET", path: "/v1/unsubscribe", scope: scopeNone, public: true, handle: s.checkUnsubscribe},
		{method: "POST", path: "/v1/unsubscribe", scope: scopeNone, public: true, handle: s.unsubscribe},
		{method: "GET", path: "/v1/suppressions", perm: access.ConsentRead, scope: scopeGroup, handle: s.listSuppressions},
		{method: "POST", path: "/v1/suppressions", perm: access.SuppressionWrite, scope: scopeAny, handle: s.suppress},
		{method: "DELETE", path: "/v1/suppressions/{channel}/{target}", perm: access.SuppressionWrite, scope: scopeGroup, handle: s.unsuppress},

		{method: "GET", path: "/v1/retention", perm: access.AuditRead, scope: scopeGroup, handle: s.getRetention},
		{method: "PUT", path: "/v1/retention", perm: access.PrivacyManage, scope: scopeGroup, handle: s.putRetention},

		{method: "GET", path: "/v1/audit", perm: access.AuditRead, scope: scopeGroup, handle: s.findAudit},
		{method: "GET", path: "/v1/audit/verify", perm: access.AuditRead, scope: scopeGroup, handle: s.verifyAudit},
		{method: "GET", path: "/v1/audit/export", perm: access.AuditRead, scope: scopeGroup, handle: s.exportAudit},

		{method: "GET", path: "/v1/ops/queues", perm: access.OpsRead, scope: scopeGroup, handle: s.queues},
		{method: "GET", path: "/v1/ops/queues/{name}/dead-letters", perm: access.OpsRead, scope: scopeGroup, handle: s.deadLetters},
		{method: "POST", path: "/v1/ops/queues/{name}/redrive", perm: access.OpsWrite, scope: scopeGroup, handle: s.redrive},
	}
}

// writes are audited; so are privileged reads (audit exports here; guest exports and VIP profile views mark
// themselves with call.auditRead).
func audited(r route, c *call) bool {
	return r.method != http.MethodGet || r.path == "/v1/audit/export" || c.auditRead
}
