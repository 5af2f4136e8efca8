// The API's JSON shapes the console reads (see shared/api and the packages it serves).

export interface Property {
  id: string;
  brandId: string;
  name: string;
  kind: string;
  code: string;
  timeZone: string;
  currency: string;
  parentId?: string;
}

export interface BrandTree {
  id: string;
  groupId: string;
  name: string;
  properties: Property[];
}

export interface Tree {
  group: { id: string; name: string };
  brands: BrandTree[];
}

export interface Grant {
  role: string;
  level: "group" | "brand" | "property";
  id?: string;
}

export interface Me {
  actor: { sub: string; email: string; name: string; groups: string[] };
  grants: Grant[];
  permissions: Record<string, string[]>;
}

export interface Visit {
  key: string;
  kind: "stay" | "check";
  propertyId: string;
  reference: string;
  arrival?: string;
  departure: string;
  nights?: number;
  revenue: Record<string, number>;
  currency: string;
}

export interface Statistics {
  stays: number;
  nights: number;
  checks: number;
  revenue: Record<string, Record<string, number>>;
  adr: Record<string, number>;
  firstStay?: string;
  lastStay?: string;
  byProperty: Record<string, number>;
}

export interface DietaryItem {
  kind: string;
  item: string;
  severity?: string;
  notes?: string;
}

export interface Profile {
  name?: { title?: string; first?: string; middle?: string; last?: string; preferred?: string };
  contacts?: { type: string; value: string; primary?: boolean; verified?: boolean }[];
  language?: string;
  preferences?: { category: string; value: string; propertyId?: string }[];
  dietary?: DietaryItem[];
  vip?: { level: number; tags?: string[] };
  properties?: string[];
  notes?: { scope: string; propertyId?: string; text: string; author?: string; at?: string }[];
}

export interface StoredProfile {
  guestId: string;
  profile: Profile;
  version: number;
  updatedAt: string;
}

export interface Guest360 {
  guestId: string;
  profile?: StoredProfile;
  golden?: Golden;
  mergedInto?: string;
  merges?: MergeEntry[];
  /** Households and companies; absent where the API does not serve them yet. */
  links?: AccountLink[];
  visits: Visit[];
  statistics: Statistics;
  daysSinceLastStay?: number;
  loyalty?: { number: string; tier: string; balance: number; available: number };
}

export interface LedgerEntry {
  id: string;
  accountId: string;
  idempotencyKey: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  concept: string;
  refs?: Record<string, string>;
  expiresOn?: string;
  availableFrom?: string;
  at: string;
}

export interface Membership {
  member: { id: string; number: string; guestId: string; status: string; enrolledAt: string; tier: string; tierSince?: string };
  account: string;
  balance: number;
  available: number;
  pending: number;
  statement: LedgerEntry[];
}

export interface ConsentRecord {
  guestId: string;
  channel: string;
  purpose: string;
  scope: string;
  status: string;
  source?: string;
  textVersion?: string;
  at: string;
  recordedBy?: string;
}

export interface Approval {
  id: string;
  kind: string;
  status: string;
  summary: string;
  brandId?: string;
  propertyId?: string;
  payload?: unknown;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}

export interface Source {
  id: string;
  brandId: string;
  propertyId: string;
  hotelCode?: string;
  mapping: { currency: string; timeZone?: string };
  disabled: boolean;
  secrets: { id: string; createdAt: string }[];
}

export interface SourceHealth {
  health: {
    source: string;
    day: string;
    received: number;
    accepted: number;
    rejected: number;
    matched: number;
    duplicates: number;
    lastMessageAt?: string;
    lagHistogram: number[];
    errorRate: number;
    duplicateRate: number;
    lagP50: string;
    lagP95: string;
    lagP99: string;
    /** The percentiles in seconds (each lag bucket's upper bound); absent without data. */
    lagSeconds?: { p50: number; p95: number; p99: number };
  };
  ingestDeadLetters?: number;
}

export interface QueueStats {
  name: string;
  consumer: string;
  visible: number;
  inFlight: number;
  dead: number;
  sent: number;
  handled: number;
  failed: number;
  redriven: number;
  deadLetterQueue: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  roles: string[];
  action: string;
  resource: string;
  brandId?: string;
  propertyId?: string;
  requestId: string;
  outcome: string;
  beforeDigest?: string;
  afterDigest?: string;
  prevHash: string;
  hash: string;
}

export interface Mismatch {
  reservationId: string;
  guestId?: string;
  kind: string;
  expected: number;
  actual: number;
  detail: string;
}

export interface Reconciliation {
  propertyId: string;
  day: string;
  timeZone: string;
  currency: string;
  generatedAt: string;
  reservations: number;
  folioRevenue: number;
  filedSpend: number;
  pointsExpected: number;
  pointsEarned: number;
  pointsWithheld: number;
  mismatches: Mismatch[];
}

export interface DeadLetter {
  id: string;
  body: string;
  group?: string;
  receives: number;
  lastError: string;
  sentAt: string;
  deadAt: string;
}

export interface Verification {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  problem?: string;
}

/** A gift card's amount in minor units; a card in stock has none yet, and no currency. */
export interface CardMoney {
  amount: number;
  currency: string;
}

export interface Card {
  number: string;
  status: "stock" | "active" | "cancelled" | "expired";
  balance: CardMoney;
  loaded: CardMoney;
  buyer?: string;
  recipient?: string;
  soldAt?: string;
  soldOn?: string;
  soldAtProperty?: string;
  lastUsedOn?: string;
  lastFeeOn?: string;
  expiresOn?: string;
  replaces?: string;
  replacedBy?: string;
}

export interface GiftCard {
  card: Card;
  transactions: LedgerEntry[];
}

export interface LiabilityRow {
  number: string;
  balance: CardMoney;
  soldOn: string;
  ageDays: number;
  expiresOn?: string;
  buyer?: string;
  recipient?: string;
}

export interface Liability {
  asOf: string;
  rows: LiabilityRow[];
  totals: CardMoney[];
}

export interface GuestHit {
  guestId: string;
  name?: string;
  email?: string;
  phone?: string;
  properties?: string[];
}

export interface FraudAlert {
  key: string;
  rule: "earn_velocity" | "early_redemption" | "shared_card" | "adjustment_burst";
  hold: string[];
  userId?: string;
  cardHash?: string;
  evidence: string[];
  detail: string;
  at: string;
  status: "open" | "resolved";
  resolvedBy?: string;
  resolvedAt?: string;
  note?: string;
  released?: boolean;
}

/** A source system's record: the connector and the record's id there. */
export interface SourceRef {
  system: string;
  recordId: string;
}

/** One merge in a guest's history: who was merged into whom, when, on which record and score, and whether undone. */
export interface MergeEntry {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  at: string;
  score: number;
  decision: string;
  source: SourceRef;
  undone: boolean;
  unmergedAt?: string;
  unmergedBy?: string;
}

/** What matching knows of a guest: the distinct profiles the sources described and the records behind each. */
export interface Golden {
  guestId: string;
  createdAt?: string;
  mergedInto?: string;
  keptApart?: string[];
  members?: { profile: Record<string, string>; sources: SourceRef[] }[];
}

/** A household or company the guest belongs to, with what the guest brought it (GET /v1/guests/{id}/360 links). */
export interface AccountLink {
  accountId: string;
  kind: string;
  name: string;
  role?: string;
  since?: string;
  stays?: number;
  revenue?: Record<string, number>;
  /** Per currency, the share of the guest's revenue in basis points. */
  shareOfGuestRevenue?: Record<string, number>;
}

export interface Account {
  id: string;
  kind: string;
  name: string;
  code?: string;
}

export interface AccountMember {
  guestId: string;
  name?: string;
  role?: string;
  since?: string;
  stays?: number;
  revenue?: Record<string, number>;
  /** Per currency, the member's share of the account's revenue in basis points. */
  share?: Record<string, number>;
}

export interface AccountView {
  account: Account;
  stats: {
    stays: number;
    nights: number;
    revenue: Record<string, Record<string, number>>;
    firstStay?: string;
    lastStay?: string;
    byProperty?: Record<string, number>;
  };
  members: AccountMember[];
}

/** A guest as the merge review shows them side by side. */
export interface ReviewGuest {
  guestId: string;
  name?: string;
  email?: string;
  phone?: string;
  city?: string;
  loyaltyNumber?: string;
  /** Set when the guest was merged since: the profile shown is its survivor's. */
  mergedInto?: string;
}

/** A pair matching could not decide on (GET /v1/merge-reviews): score in log2 odds, field weights in bits. */
export interface MergeReview {
  id: string;
  guestId: string;
  candidateId: string;
  score: number;
  reason?: string;
  explanation?: string;
  fields: { field: string; outcome: string; weight: number }[];
  openedAt: string;
  propertyId?: string;
  status: "open" | "merged" | "kept-apart";
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  mergeId?: string;
  guest: ReviewGuest;
  candidate: ReviewGuest;
}

export interface HealthDays {
  source: string;
  from: string;
  to: string;
  days: SourceHealth["health"][];
}

export interface EarningRule {
  id: string;
  kind: "per_night" | "per_stay" | "per_spend" | "date_bonus" | string;
  label?: string;
  points?: number;
  perNightInRange?: boolean;
  basis?: string;
  categories?: string[];
  tax?: string;
  rates?: Record<string, { points: number; per: number }>;
  from?: string;
  to?: string;
  minNights?: number;
  qualifying?: boolean;
  multiplied?: boolean;
  disabled?: boolean;
}

export interface Promotion {
  id: string;
  label?: string;
  from?: string;
  to?: string;
  minNights?: number;
  tiers?: string[];
  perStay?: number;
  perNight?: number;
  basisPoints?: number;
  budget?: number;
  memberCap?: number;
  qualifying?: boolean;
  disabled?: boolean;
}

export interface TierDef {
  id: string;
  name?: string;
  order: number;
  inviteOnly?: boolean;
  qualify: { nights?: number; stays?: number; points?: number };
  benefits?: string[];
}

export interface Programme {
  programme: {
    id: string;
    earning: { rules: EarningRule[]; promotions?: Promotion[]; tierMultipliers?: Record<string, number>; pendingDays?: number };
    properties?: Record<string, { rules?: EarningRule[]; promotions?: Promotion[] }>;
    tiers: { tiers: TierDef[]; windowMonths?: number };
    expiry: { months?: number; endOfMonth?: boolean; [k: string]: unknown };
    enrolment: { [k: string]: unknown };
  };
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}
