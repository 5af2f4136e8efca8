package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/reconcile"
	"github.com/hearthcrm/hearth/shared/reply"
	"github.com/hearthcrm/hearth/shared/retention"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/search"
	"github.com/hearthcrm/hearth/shared/store"
)

// Error is the body of every failed response: {code, message, details, requestId} (the Error schema of
// openapi.json).
type Error = reply.Error

// httpError maps domain errors to statuses and codes once, at the edge.
func httpError(err error) (int, Error) {
	var invalid *requestError
	if errors.As(err, &invalid) {
		return http.StatusBadRequest, Error{Code: "invalid_request", Message: invalid.Error(), Details: invalid.details}
	}
	type mapping struct {
		target error
		status int
		code   string
	}
	for _, m := range []mapping{
		{auth.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
		{errInvalidGrant, http.StatusForbidden, "invalid_grant"},
		{errForbidden, http.StatusForbidden, "forbidden"},
		{events.ErrInvalid, http.StatusBadRequest, "invalid_event"},
		{errBadRequest, http.StatusBadRequest, "bad_request"},
		{approval.ErrInvalid, http.StatusBadRequest, "invalid_approval"},
		{approval.ErrSelfApproval, http.StatusForbidden, "self_approval"},
		{approval.ErrNotPending, http.StatusConflict, "not_pending"},
		{approval.ErrNotFound, http.StatusNotFound, "not_found"},
		{hierarchy.ErrNotFound, http.StatusNotFound, "not_found"},
		{store.ErrProfileNotFound, http.StatusNotFound, "not_found"},
		{intake.ErrUnknownSource, http.StatusNotFound, "not_found"},
		{rewards.ErrNotMember, http.StatusNotFound, "not_member"},
		{ledger.ErrInsufficient, http.StatusConflict, "insufficient_balance"},
		{ledger.ErrUnknownHold, http.StatusNotFound, "unknown_hold"},
		{ledger.ErrInvalid, http.StatusBadRequest, "invalid_posting"},
		{ledger.ErrOnHold, http.StatusConflict, "account_on_hold"},
		{hierarchy.ErrInvalid, http.StatusBadRequest, "invalid_hierarchy"},
		{errNotAvailable, http.StatusNotImplemented, "not_available"},
		{errPrecondition, http.StatusPreconditionFailed, "version_mismatch"},
		{errErasedIdentity, http.StatusConflict, "erased_identity"},
		{profile.ErrInvalid, http.StatusBadRequest, "invalid_profile"},
		{retention.ErrInvalid, http.StatusBadRequest, "invalid_retention"},
		{consent.ErrInvalid, http.StatusBadRequest, "invalid_consent"},
		{consent.ErrBadLink, http.StatusBadRequest, "bad_link"},
		{reconcile.ErrNotReconciled, http.StatusNotFound, "not_reconciled"},
		{search.ErrInvalid, http.StatusBadRequest, "invalid_search"},
		{guest360.ErrInvalid, http.StatusBadRequest, "invalid_range"},
		{giftcards.ErrUnknownCard, http.StatusNotFound, "unknown_card"},
		{rewards.ErrUnknownCertificate, http.StatusNotFound, "unknown_certificate"},
		{rewards.ErrUnknownAlert, http.StatusNotFound, "unknown_alert"},
		{rewards.ErrProgrammeChanged, http.StatusConflict, "version_mismatch"},
		{loyalty.ErrInvalidProgramme, http.StatusBadRequest, "invalid_programme"},
		{rewards.ErrAlertResolved, http.StatusConflict, "already_resolved"},
		{rewards.ErrUnknownBenefit, http.StatusBadRequest, "unknown_benefit"},
		{rewards.ErrCertificateConflict, http.StatusConflict, "busy"},
		{loyalty.ErrMemberInactive, http.StatusConflict, "member_inactive"},
		{loyalty.ErrStayRequired, http.StatusConflict, "stay_required"},
		{loyalty.ErrBenefitUnavailable, http.StatusConflict, "benefit_unavailable"},
		{giftcards.ErrConflict, http.StatusConflict, "busy"},
		{loyalty.ErrInvalidNumber, http.StatusBadRequest, "invalid_number"},
		{loyalty.ErrCurrencyMismatch, http.StatusBadRequest, "currency_mismatch"},
		{loyalty.ErrInsufficientBalance, http.StatusConflict, "insufficient_balance"},
		{loyalty.ErrExpired, http.StatusConflict, "expired"},
		{loyalty.ErrInvalidTransition, http.StatusConflict, "invalid_transition"},
		{loyalty.ErrInvalid, http.StatusBadRequest, "invalid_request"},
		{matching.ErrNotMerged, http.StatusConflict, "not_merged"},
		{matching.ErrSurvivorMerged, http.StatusConflict, "survivor_merged"},
		{matching.ErrNotFound, http.StatusNotFound, "not_found"},
		{matching.ErrReviewNotFound, http.StatusNotFound, "not_found"},
		{matching.ErrReviewDecided, http.StatusConflict, "review_decided"},
		{matching.ErrAlreadyOne, http.StatusConflict, "already_merged"},
		{matching.ErrMergeTooLarge, http.StatusConflict, "merge_too_large"},
		{store.ErrNoDashboard, http.StatusNotFound, "not_computed"},
		{matching.ErrBadOutcome, http.StatusBadRequest, "invalid_request"},
		{reconcile.ErrInvalid, http.StatusBadRequest, "invalid_day"},
		{accounts.ErrUnknownAccount, http.StatusNotFound, "unknown_account"},
		{accounts.ErrInvalidRole, http.StatusBadRequest, "invalid_role"},
		{accounts.ErrInvalid, http.StatusBadRequest, "invalid_account"},
		{accounts.ErrCodeTaken, http.StatusConflict, "code_taken"},
		{accounts.ErrOneHousehold, http.StatusConflict, "already_in_household"},
		{accounts.ErrNotLinked, http.StatusNotFound, "not_linked"},
		{accounts.ErrConflict, http.StatusConflict, "busy"},
	} {
		if errors.Is(err, m.target) {
			e := Error{Code: m.code, Message: err.Error()}
			// The loyalty engine names the input at fault (a card operation's amount, a reissue's replacement).
			if fe := (*loyalty.FieldError)(nil); errors.As(err, &fe) {
				e.Details = []reply.Detail{{Field: fe.Field, Reason: fe.Problem}}
			}
			if fe := (*accounts.FieldError)(nil); errors.As(err, &fe) {
				e.Details = []reply.Detail{{Field: fe.Field, Reason: fe.Problem}}
			}
			return m.status, e
		}
	}
	return http.StatusInternalServerError, Error{Code: "internal", Message: "internal error; see the logs for the request id"}
}

var (
	errPrecondition   = errors.New("precondition failed")
	errErasedIdentity = errors.New("erased identity")
	errBadRequest     = errors.New("bad request")
	errNotAvailable   = errors.New("not available in this deployment")
)

func writeJSON(w http.ResponseWriter, status int, v any) { reply.JSON(w, status, v) }

func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, body := httpError(err)
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "request", reply.RequestID(r.Context()), "error", err)
	}
	reply.Fail(w, r, status, body)
}

// requestError is a request that does not satisfy the API contract (openapi.json): 400 invalid_request, with
// details naming each field at fault.
type requestError struct {
	details []reply.Detail
}

func (e *requestError) Error() string {
	if len(e.details) == 0 {
		return "invalid request"
	}
	d := e.details[0]
	msg := "invalid request: " + strings.TrimSpace(d.In+" "+d.Field) + ": " + d.Reason
	if len(e.details) > 1 {
		msg += fmt.Sprintf(" (and %d more; see details)", len(e.details)-1)
	}
	return msg
}

// invalid returns a requestError for one field.
func invalid(in, field, reason string) error {
	return &requestError{details: []reply.Detail{{In: in, Field: field, Reason: reason}}}
}

// decodeBody reads a JSON request body strictly: unknown fields and trailing data are errors, not silently dropped.
// The contract (validate.go) has checked the body's shape already; this catches what a schema cannot (int64 range).
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("body", "", err.Error())
	}
	if dec.More() {
		return invalid("body", "", "trailing data after the JSON value")
	}
	return nil
}
