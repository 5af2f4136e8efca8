// Package access decides who may do what where. A role is granted on the group, a brand or a property; brand
// grants cover the brand's properties. Every API route names the permission it needs and the property or brand it
// touches, and this package answers with a reason.
package access

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Roles.
const (
	RoleGroupAdmin      = "group-admin"
	RoleBrandManager    = "brand-manager"
	RolePropertyManager = "property-manager"
	RoleMarketer        = "marketer"
	RoleLoyaltyManager  = "loyalty-manager"
	RoleGuestRelations  = "guest-relations"
	RoleAuditor         = "auditor"
	RolePartner         = "partner"
)

// Permission is an action on a kind of resource.
type Permission string

// Permissions the API checks.
const (
	HierarchyRead    Permission = "hierarchy:read"
	HierarchyWrite   Permission = "hierarchy:write"
	EventsPublish    Permission = "events:publish"
	JournalRead      Permission = "journal:read"
	ExportsCreate    Permission = "exports:create"
	ApprovalsRequest Permission = "approvals:request"
	ApprovalsDecide  Permission = "approvals:decide"
	ApprovalsRead    Permission = "approvals:read"
	OpsRead          Permission = "ops:read"
	OpsWrite         Permission = "ops:write"
	ConsentRead      Permission = "consent:read"
	ConsentWrite     Permission = "consent:write"
	SuppressionWrite Permission = "suppression:write"
	AuditRead        Permission = "audit:read"
	GuestsRead       Permission = "guests:read"
	GuestsWrite      Permission = "guests:write"
	PrivacyManage    Permission = "privacy:manage"    // right of access exports and erasure requests
	LoyaltyWrite     Permission = "loyalty:write"     // redemptions and manual adjustments
	ReportsRead      Permission = "reports:read"      // reconciliation (and later settlement) reports
	ReportsRun       Permission = "reports:run"       // rerun a report now
	StoredValueRead  Permission = "storedvalue:read"  // gift cards: enquiries, transactions, liability
	StoredValueWrite Permission = "storedvalue:write" // gift cards: stock, sale, load, redemption, transfers, reissue
	FraudRead        Permission = "fraud:read"        // fraud alerts and their evidence
	FraudManage      Permission = "fraud:manage"      // resolve alerts, release holds
)

// read is what every staff role may see.
var read = []Permission{HierarchyRead, ApprovalsRead, ConsentRead, GuestsRead}

// rolePermissions is the role matrix. Auditors read everything and change nothing.
var rolePermissions = map[string][]Permission{
	RoleGroupAdmin: {HierarchyRead, HierarchyWrite, EventsPublish, JournalRead, ExportsCreate, ApprovalsRequest,
		ApprovalsDecide, ApprovalsRead, OpsRead, OpsWrite, ConsentRead, ConsentWrite, SuppressionWrite, AuditRead,
		GuestsRead, GuestsWrite, PrivacyManage, LoyaltyWrite, ReportsRead, ReportsRun, StoredValueRead, StoredValueWrite, FraudRead, FraudManage},
	RoleBrandManager:    append(append([]Permission{}, read...), HierarchyWrite, ApprovalsRequest, ApprovalsDecide, ConsentWrite, ExportsCreate, GuestsWrite, ReportsRead, ReportsRun, StoredValueRead, StoredValueWrite),
	RolePropertyManager: append(append([]Permission{}, read...), HierarchyWrite, ApprovalsRequest, ApprovalsDecide, ConsentWrite, GuestsWrite, ReportsRead, ReportsRun, StoredValueRead, StoredValueWrite),
	RoleMarketer:        append(append([]Permission{}, read...), ExportsCreate, SuppressionWrite),
	RoleLoyaltyManager:  append(append([]Permission{}, read...), ApprovalsRequest, ApprovalsDecide, LoyaltyWrite, ReportsRead, ReportsRun, StoredValueRead, StoredValueWrite, FraudRead, FraudManage),
	RoleGuestRelations:  append(append([]Permission{}, read...), ConsentWrite, ApprovalsRequest, GuestsWrite, PrivacyManage, LoyaltyWrite, StoredValueRead, StoredValueWrite),
	RoleAuditor:         {HierarchyRead, JournalRead, ApprovalsRead, OpsRead, ConsentRead, AuditRead, GuestsRead, ReportsRead, StoredValueRead, FraudRead},
	RolePartner:         {},
}

// Roles lists every role, sorted.
func Roles() []string {
	out := make([]string, 0, len(rolePermissions))
	for r := range rolePermissions {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// Scope levels of a grant.
const (
	ScopeGroup    = "group"
	ScopeBrand    = "brand"
	ScopeProperty = "property"
)

// Grant is a role on a scope: the group, one brand or one property.
type Grant struct {
	Role  string `json:"role"`
	Level string `json:"level"`
	ID    string `json:"id,omitempty"` // brand or property id; empty for the group
}

// ErrInvalidGrant is returned for a grant that names an unknown role or a malformed scope.
var ErrInvalidGrant = errors.New("invalid grant")

// ParseGrant reads a grant from its Cognito group name: "<role>/group", "<role>/brand/<id>" or
// "<role>/property/<id>".
func ParseGrant(s string) (Grant, error) {
	parts := strings.Split(s, "/")
	if _, ok := rolePermissions[parts[0]]; !ok {
		return Grant{}, fmt.Errorf("%w: unknown role %q in %q", ErrInvalidGrant, parts[0], s)
	}
	switch {
	case len(parts) == 2 && parts[1] == ScopeGroup:
		return Grant{Role: parts[0], Level: ScopeGroup}, nil
	case len(parts) == 3 && (parts[1] == ScopeBrand || parts[1] == ScopeProperty) && parts[2] != "":
		return Grant{Role: parts[0], Level: parts[1], ID: parts[2]}, nil
	}
	return Grant{}, fmt.Errorf("%w: %q is not <role>/group, <role>/brand/<id> or <role>/property/<id>", ErrInvalidGrant, s)
}

// String is the grant's group name.
func (g Grant) String() string {
	if g.Level == ScopeGroup {
		return g.Role + "/group"
	}
	return g.Role + "/" + g.Level + "/" + g.ID
}

// Resource is where an action happens. An empty resource is group-wide: only group grants cover it.
type Resource struct {
	BrandID    string `json:"brandId,omitempty"`
	PropertyID string `json:"propertyId,omitempty"`
}

// Covers reports whether the grant's scope includes the resource. A brand grant covers the brand and its
// properties; a property grant covers that property only.
func (g Grant) Covers(r Resource) bool {
	switch g.Level {
	case ScopeGroup:
		return true
	case ScopeBrand:
		return r.BrandID == g.ID
	case ScopeProperty:
		return r.PropertyID != "" && r.PropertyID == g.ID
	}
	return false
}

// Has reports whether the role includes the permission.
func Has(role string, p Permission) bool {
	for _, q := range rolePermissions[role] {
		if q == p {
			return true
		}
	}
	return false
}

// Decision is an access answer with its reason.
type Decision struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason"`
	Grant   *Grant `json:"grant,omitempty"`
}

// Decide answers whether grants allow permission p on resource r.
func Decide(grants []Grant, p Permission, r Resource) Decision {
	holds := false
	for _, g := range grants {
		if !Has(g.Role, p) {
			continue
		}
		holds = true
		if g.Covers(r) {
			g := g
			return Decision{Allowed: true, Reason: fmt.Sprintf("%s grants %s", g, p), Grant: &g}
		}
	}
	if !holds {
		return Decision{Reason: fmt.Sprintf("no role you hold grants %s", p)}
	}
	return Decision{Reason: fmt.Sprintf("your %s grants do not cover %s", p, r)}
}

// String names the resource for messages.
func (r Resource) String() string {
	switch {
	case r.PropertyID != "":
		return "property " + r.PropertyID
	case r.BrandID != "":
		return "brand " + r.BrandID
	}
	return "the whole group"
}

// Effective lists, per permission, the scopes the grants give; "what can I do" for the console.
func Effective(grants []Grant) map[Permission][]string {
	out := map[Permission][]string{}
	for _, g := range grants {
		for _, p := range rolePermissions[g.Role] {
			out[p] = append(out[p], g.String())
		}
	}
	return out
}
