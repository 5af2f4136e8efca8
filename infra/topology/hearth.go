package topology

import (
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Logical names used across the declaration, the adapters and the runtimes.
const (
	TableGuests  = "Guests"
	TableConfig  = "Config"
	TableJournal = "Journal"
	TableAudit   = "Audit"
	TableLedger  = "Ledger"

	BucketArchive = "archive"
	BucketExports = "exports"
	BucketUploads = "uploads"

	FunctionAPI       = "api"
	FunctionJournal   = "journal"
	FunctionApprovals = "approvals"
	FunctionPrivacy   = "privacy"
	FunctionIngest    = "ingest"
	FunctionMatch     = "match"
	FunctionLoyalty   = "loyalty"
	FunctionGuest360  = "guest360"
	FunctionReconcile = "reconcile"
	FunctionImport    = "import"

	QueueJournal   = "journal"
	QueuePrivacy   = "privacy"
	QueueIngest    = "ingest"
	QueueLoyalty   = "loyalty"
	QueueGuest360  = "guest360"
	QueueReconcile = "reconcile"

	WorkflowApproval = "approval"
	WorkflowImport   = "import"

	SecretUnsubscribe = "unsubscribe-key"
	SecretIdentity    = "identity-hash-key"
)

var (
	pk     = Key{Name: "pk", Type: String}
	sk     = Key{Name: "sk", Type: String}
	gsi1   = gsi("gsi1")
	gsi2   = gsi("gsi2")
	gsi3   = gsi("gsi3")
	second = time.Second
)

// gsi declares an index keyed <name>pk / <name>sk.
func gsi(name string) Index {
	return Index{Name: name, PartitionKey: Key{Name: name + "pk", Type: String}, SortKey: Key{Name: name + "sk", Type: String}}
}

// Hearth returns the application's topology.
func Hearth() Topology {
	return Topology{
		Tables: []Table{
			{
				Name: TableGuests, PartitionKey: pk, SortKey: sk, Indexes: []Index{gsi1},
				AccessPatterns: []string{
					"console profile (schema-validated): pk=GUEST#<guestId> sk=PROFILE; by last activity (gsi1): gsi1pk=ACTIVE#<yyyy-mm>",
					"golden record kept by matching: pk=GUEST#<guestId> sk=GOLDEN (version, mergedInto)",
					"source record lineage: pk=SOURCE#<system>#<sourceGuestId> sk=GUEST; what its PMS profile states of preferences and dietary needs: sk=PREFS",
					"identity key to guests: pk=KEY#<kind>#<normalised value> sk=GUESTS (one attribute g:<guestId> per guest, so a record's keys come back in one BatchGetItem)",
					"open review tasks (gsi1): gsi1pk=REVIEW#OPEN gsi1sk=<at>#<guest>#<candidate>; task: pk=GUEST#<guestId> sk=REVIEW#<candidateId>",
					"merges a guest survived, to show and undo them: pk=GUEST#<survivorId> sk begins_with MERGE#<mergeId>",
					"consent history: pk=GUEST#<guestId> sk begins_with CONSENT#; suppressions: pk=SUPPRESS#<channel>#<address>",
					"erased identities: pk=ERASED#<keyed hash> sk=META",
					"a guest's stays and checks by departure: pk=GUEST#<guestId> sk begins_with VISIT#<departure>#<fact hash>",
					"guest search keys: pk=SEARCH#<kind>#<first two characters> sk=<value>#<guestId>#<origin>; what an origin indexed: pk=GUEST#<guestId> sk=SEARCHDOC#<origin>",
					"a property's expected arrivals by day: pk=ARRIVALS#<propertyId> sk=<arrival>#<reservationId>; latest reservation state: pk=RESV#<propertyId>#<reservationId> sk=META",
					"a guest's archived raw messages: pk=GUEST#<guestId> sk begins_with ARCHIVE#<archive key>; the guests of one (gsi1): gsi1pk=ARCHIVE#<archive key> gsi1sk=GUEST#<guestId>",
					"company, agency and household accounts: pk=ACCOUNT#<accountId> sk=META; by kind and name (gsi1): gsi1pk=ACCOUNTS#<kind> gsi1sk=<folded name>#<accountId>",
					"account by code (IATA, a PMS's profile id, a CRS code): pk=ACCOUNTCODE#<context>#<value> sk=META; search by name word or code prefix: pk=ACCOUNTSEARCH#<first two characters> sk=<folded token>#<accountId>",
					"an account's history and members: pk=ACCOUNT#<accountId> sk begins_with STAY#<departure>#<fact hash> / MEMBER#<guestId>; a guest's links: pk=GUEST#<guestId> sk begins_with LINK#<accountId>#<origin guestId>",
				},
			},
			{
				Name: TableConfig, PartitionKey: pk, SortKey: sk, Indexes: []Index{gsi1}, TTLAttribute: "expiresAt",
				AccessPatterns: []string{
					"group: pk=GROUP#<groupId> sk=META; its brands: pk=GROUP#<groupId> sk begins_with BRAND#",
					"brand's properties: pk=BRAND#<brandId> sk begins_with PROPERTY#<propertyId>",
					"property by id (gsi1): gsi1pk=PROPERTY#<propertyId> gsi1sk=META",
					"approval: pk=APPROVAL#<approvalId> sk=META; by status (gsi1): gsi1pk=APPROVALS#<status> gsi1sk=<requestedAt>#<approvalId>",
					"PMS/POS source: pk=SOURCE#<sourceId> sk=META; all sources (gsi1): gsi1pk=SOURCES gsi1sk=<sourceId>",
					"used webhook signature: pk=SIGNATURE#<hmac> sk=META, expiresAt (TTL) after it would be stale anyway",
					"archive key of a recent message: pk=ARCHIVED#<sha256 of source, route, body> sk=META, expiresAt (TTL) when a resend may be archived anew",
					"sync health of a source per day: pk=HEALTH#<sourceId> sk=DAY#<yyyy-mm-dd> (counters, lag histogram)",
					"reconciliation of a property's business day: pk=RECON#<propertyId> sk=DAY#<yyyy-mm-dd>",
					"bulk CSV upload: pk=UPLOAD#<uploadId> sk=META; its chunks' results: pk=UPLOAD#<uploadId> sk begins_with CHUNK#<index>; expiresAt (TTL) with the bucket's files",
				},
			},
			{
				Name: TableJournal, PartitionKey: pk, SortKey: sk, Indexes: []Index{gsi1}, TTLAttribute: "expiresAt",
				AccessPatterns: []string{
					"events of a UTC day in order: pk=DAY#<yyyy-mm-dd> sk=<occurredAt RFC3339>#<eventId>",
					"a guest's events (gsi1): gsi1pk=GUEST#<guestId> gsi1sk=<occurredAt>#<eventId>",
					"daily counts by detail-type: pk=ROLLUP#<yyyy-mm-dd> sk=TYPE#<detail-type>",
				},
			},
			{
				Name: TableLedger, PartitionKey: pk, SortKey: sk, Indexes: []Index{gsi1},
				AccessPatterns: []string{
					"account with balance, expiry lots and holds: pk=ACCOUNT#<accountId> sk=META (one read per posting)",
					"statement in order: pk=ACCOUNT#<accountId> sk begins_with ENTRY#<at RFC3339Nano>#<entryId>",
					"idempotency: pk=ACCOUNT#<accountId> sk=IDEM#<idempotency key> (written in the posting's transaction)",
					"accounts with lots due (gsi1): gsi1pk=EXPIRY#<yyyy-mm of soonest lot> gsi1sk=<soonest expiry>#<accountId>",
					"member of a guest: pk=MEMBER#<guestId> sk=META; membership number sequence: pk=SEQUENCE#members sk=META",
				},
			},
			{
				Name: TableAudit, PartitionKey: pk, SortKey: sk, Indexes: []Index{gsi1, gsi2, gsi3},
				AccessPatterns: []string{
					"chain head: pk=CHAIN sk=HEAD (seq, hash), moved in the same transaction as each append",
					"entries in order / by time range: pk=CHAIN sk=ENTRY#<seq, 12 digits>",
					"by resource (gsi1): gsi1pk=RES#<resource> gsi1sk=<at RFC3339Nano>#<seq>",
					"by actor (gsi2): gsi2pk=ACTOR#<actor> gsi2sk=<at>#<seq>",
					"by property (gsi3): gsi3pk=PROP#<propertyId> gsi3sk=<at>#<seq>",
				},
			},
		},
		Buckets: []Bucket{
			{Name: BucketArchive, Purpose: "raw PMS/POS messages as received, for replay and audit", InfrequentAfter: 30, ExpireAfter: 400, Versioned: true},
			{Name: BucketExports, Purpose: "exports for marketers, BI and partners (per-partner prefixes)", ExpireAfter: 90},
			// Files as uploaded (uploads/<source>/<day>/<id>.csv), their plans and rejected rows: PII, kept a week.
			{Name: BucketUploads, Purpose: "bulk CSV files uploaded through presigned URLs, their import plans and rejected rows", ExpireAfter: 7, Notify: true},
		},
		Functions: []Function{
			{
				Name: FunctionAPI, Purpose: "console and partner HTTP API", MemoryMB: 512, Timeout: 29 * second,
				Tables:            map[string]Access{TableGuests: ReadWrite, TableConfig: ReadWrite, TableJournal: Read, TableAudit: ReadWrite, TableLedger: ReadWrite},
				Buckets:           map[string]Access{BucketExports: ReadWrite},
				Publishes:         true,
				StartsWorkflows:   []string{WorkflowApproval},
				CompletesWorkflow: []string{WorkflowApproval},
				Secrets:           []string{SecretUnsubscribe, SecretIdentity},
			},
			{
				Name: FunctionJournal, Purpose: "keeps every domain event for replay, per-guest history and daily counts",
				MemoryMB: 256, Timeout: 30 * second,
				Tables: map[string]Access{TableJournal: ReadWrite, TableConfig: Read}, // Config: the retention policy
			},
			{
				Name: FunctionPrivacy, Purpose: "carries out approved erasures: tombstones PII in profiles, matching, the journal and suppressions, erases the raw archive's copies",
				MemoryMB: 256, Timeout: 60 * second,
				Tables:  map[string]Access{TableGuests: ReadWrite, TableJournal: ReadWrite, TableConfig: Read},
				Buckets: map[string]Access{BucketArchive: Erase}, // every version of the guest's archived messages
				Secrets: []string{SecretIdentity},
			},
			{
				Name: FunctionIngest, Purpose: "receives signed PMS/POS messages: archive, map, enqueue by reservation or guest",
				MemoryMB: 512, Timeout: 20 * second,
				Tables: map[string]Access{TableConfig: ReadWrite}, // sources; used signatures; uploads
				// uploads: a presigned URL can do only what its signer may (PutObject), and rejected rows are read back.
				Buckets: map[string]Access{BucketArchive: ReadWrite, BucketUploads: ReadWrite},
				SendsTo: []string{QueueIngest},
				Secrets: []string{SecretIdentity}, // card hashes
			},
			{
				// The import workflow's steps: plan an uploaded file, import each chunk as the ingest function imports
				// one, sum up. Long enough to plan a file of a few GB in one streaming read.
				Name: FunctionImport, Purpose: "imports an uploaded CSV file: plan chunks of whole rows, import each, sum up with every rejected line",
				MemoryMB: 1024, Timeout: 300 * second,
				Tables:  map[string]Access{TableConfig: ReadWrite}, // sources; uploads
				Buckets: map[string]Access{BucketArchive: ReadWrite, BucketUploads: ReadWrite},
				SendsTo: []string{QueueIngest},
				Secrets: []string{SecretIdentity}, // card hashes
			},
			{
				Name: FunctionMatch, Purpose: "resolves each ingested message's guest and publishes it with the guest id",
				MemoryMB: 512, Timeout: 30 * second,
				Tables:    map[string]Access{TableGuests: ReadWrite, TableConfig: ReadWrite}, // Config: sync health counters
				Publishes: true,
				Secrets:   []string{SecretIdentity}, // erased-identity hashes
			},
			{
				Name: FunctionLoyalty, Purpose: "awards members points for their stays and checks, once per accrual, and combines merged members' points",
				MemoryMB: 256, Timeout: 30 * second,
				// Config: approved adjustments, property switches, the hierarchy; fraud events and alerts. Guests: stays
				// counted for enrolment. Journal: the day's stays and checks for each property's night audit.
				Tables:    map[string]Access{TableLedger: ReadWrite, TableConfig: ReadWrite, TableGuests: Read, TableJournal: Read},
				Publishes: true,
			},
			{
				Name: FunctionGuest360, Purpose: "keeps each guest's stays and checks across properties, and the accounts' stays and links, once each, and follows merges and unmerges",
				MemoryMB: 256, Timeout: 30 * second,
				Tables: map[string]Access{TableGuests: ReadWrite},
			},
			{
				Name: FunctionReconcile, Purpose: "the reports: each hotel's business day reconciled (PMS folio revenue, filed spend and points, by reservation) and the loyalty dashboard",
				MemoryMB: 512, Timeout: 300 * second,
				// Journal: the day's check-outs; Guests: filed visits; Ledger: members, accounts and postings; Config:
				// hierarchy, programme, reports and the dashboard.
				Tables: map[string]Access{TableJournal: Read, TableGuests: Read, TableLedger: Read, TableConfig: ReadWrite},
			},
			{
				Name: FunctionApprovals, Purpose: "records an approval request and its task token until someone decides",
				MemoryMB: 256, Timeout: 10 * second,
				Tables: map[string]Access{TableConfig: ReadWrite},
			},
		},
		Queues: []Queue{
			{
				Name: QueueJournal, Consumer: FunctionJournal, VisibilityTimeout: 60 * second, MaxReceiveCount: 5, BatchSize: 10,
				Rule: &Rule{Source: events.Source, DetailTypes: events.Types()},
			},
			{
				// FIFO grouped by reservation or guest: one guest's messages are matched in the order they were sent.
				Name: QueueIngest, FIFO: true, Consumer: FunctionMatch, VisibilityTimeout: 60 * second, MaxReceiveCount: 5, BatchSize: 10,
			},
			{
				Name: QueueLoyalty, Consumer: FunctionLoyalty, VisibilityTimeout: 60 * second, MaxReceiveCount: 5, BatchSize: 10,
				Rule: &Rule{Source: events.Source, DetailTypes: []string{events.TypeStayCheckedOut, events.TypePOSCheckClosed, events.TypeApprovalDecided, events.TypePointsExpiryDue, events.TypeNightAuditDue,
					events.TypeProfilesMerged, events.TypeProfilesUnmerged}},
			},
			{
				// Reservations keep the arrivals list and profiles the search keys; merges show the merged guests' visits under the survivor and
				// unmerges take them away.
				Name: QueueGuest360, Consumer: FunctionGuest360, VisibilityTimeout: 60 * second, MaxReceiveCount: 5, BatchSize: 10,
				Rule: &Rule{Source: events.Source, DetailTypes: []string{events.TypeStayCheckedOut, events.TypePOSCheckClosed, events.TypeReservationUpserted,
					events.TypeProfilesMerged, events.TypeProfilesUnmerged, events.TypeGuestProfileUpserted}},
			},
			{
				Name: QueueReconcile, Consumer: FunctionReconcile, VisibilityTimeout: 360 * second, MaxReceiveCount: 3, BatchSize: 1,
				Rule: &Rule{Source: events.Source, DetailTypes: []string{events.TypeReconciliationDue, events.TypeLoyaltyDashboardDue}},
			},
			{
				Name: QueuePrivacy, Consumer: FunctionPrivacy, VisibilityTimeout: 120 * second, MaxReceiveCount: 5, BatchSize: 1,
				Rule: &Rule{Source: events.Source, DetailTypes: []string{events.TypeApprovalDecided, events.TypeRetentionSweepDue}},
			},
		},
		Schedules: []Schedule{
			{
				Name: "daily-rollup", Expression: "cron(15 0 * * ? *)", DetailType: events.TypeDailyRollupDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
			{
				Name: "points-expiry", Expression: "cron(5 0 * * ? *)", DetailType: events.TypePointsExpiryDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
			{
				// Hourly, so that each property's 04:00 in its own zone comes round once a day.
				Name: "night-audit", Expression: "cron(0 * * * ? *)", DetailType: events.TypeNightAuditDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
			{
				// 10:00 UTC: every hotel's previous local day is over, from Honolulu to Auckland, late messages included.
				Name: "reconciliation", Expression: "cron(0 10 * * ? *)", DetailType: events.TypeReconciliationDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
			{
				// After the points-expiry run (00:05) and its anniversary reviews: the night's figures.
				Name: "loyalty-dashboard", Expression: "cron(30 2 * * ? *)", DetailType: events.TypeLoyaltyDashboardDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
			{
				Name: "retention-sweep", Expression: "cron(30 1 * * ? *)", DetailType: events.TypeRetentionSweepDue,
				Data: `{"scheduledAt":"<aws.scheduler.scheduled-time>"}`,
			},
		},
		StateMachines: []StateMachine{
			{Name: WorkflowApproval, Kind: KindApproval, TaskFunction: FunctionApprovals, Timeout: 7 * 24 * time.Hour, DecisionType: events.TypeApprovalDecided},
			{
				Name: WorkflowImport, Kind: KindBulkImport, TaskFunction: FunctionImport, Timeout: 6 * time.Hour,
				Bucket: BucketUploads, Prefix: "uploads/", MaxConcurrency: 10, // ten chunks at once keep the FIFO queue and DynamoDB steady
			},
		},
		Secrets: []Secret{
			{Name: SecretUnsubscribe, Purpose: "signs unsubscribe links so they work without a login and cannot be forged"},
			{Name: SecretIdentity, Purpose: "keys the hashes of erased identities (and of payment cards), so the hashes cannot be reversed by guessing"},
		},
		API: API{
			Function: FunctionAPI,
			// Signed unsubscribe links work without a login; the profile schema, the OpenAPI document and its rendered
			// reference are documentation.
			PublicRoutes: []string{"GET /healthz", "GET /v1/unsubscribe", "POST /v1/unsubscribe", "GET /v1/schemas/guest-profile", "GET /openapi.json", "GET /docs"},
			// PMS and POS systems sign each message with their source's secret instead of holding a user token.
			Webhooks: []Webhook{
				{Route: "POST /ingest/{source}", Function: FunctionIngest},
				{Route: "POST /ingest/{source}/{kind}", Function: FunctionIngest},
				{Route: "POST /ingest/{source}/{kind}/csv", Function: FunctionIngest},
				{Route: "POST /ingest/{source}/{kind}/uploads", Function: FunctionIngest},
				{Route: "GET /ingest/{source}/uploads/{uploadId}", Function: FunctionIngest},
			},
		},
	}
}
