// Numbers, money and dates as people at a property read them: amounts in minor units become major units in the
// property's currency and locale; instants are shown in the property's time zone.
import type { Property } from "./types";

// The hierarchy has no locale per property yet, so the locale follows the property's time zone (the city it is
// in); anything else falls back to the browser's language.
const zoneLocales: Record<string, string> = {
  "Europe/Lisbon": "pt-PT",
  "Europe/London": "en-GB",
  "Europe/Madrid": "es-ES",
  "Europe/Paris": "fr-FR",
  "Europe/Berlin": "de-DE",
  "America/New_York": "en-US",
  "America/Chicago": "en-US",
  "America/Los_Angeles": "en-US",
  "Asia/Tokyo": "ja-JP",
};

export interface Place {
  locale: string;
  timeZone: string;
  currency?: string;
}

export function browserPlace(): Place {
  return { locale: navigator.language || "en-GB", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

export function placeOf(p: Property | undefined): Place {
  if (!p) return browserPlace();
  return { locale: zoneLocales[p.timeZone] ?? navigator.language ?? "en-GB", timeZone: p.timeZone, currency: p.currency };
}

const digitsCache = new Map<string, number>();

/** The number of minor units in a major unit of an ISO 4217 currency (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** Formats an amount in minor units of currency, in the place's locale. */
export function money(minor: number, currency: string, place: Place): string {
  const major = minor / 10 ** minorDigits(currency);
  return new Intl.NumberFormat(place.locale, { style: "currency", currency }).format(major);
}

export function number(n: number, place: Place = browserPlace()): string {
  return new Intl.NumberFormat(place.locale).format(n);
}

export function percent(ratio: number, place: Place = browserPlace()): string {
  return new Intl.NumberFormat(place.locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

/** An instant (RFC 3339) in the place's time zone, with the zone's short name. */
export function dateTime(iso: string | undefined, place: Place): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return "—";
  return new Intl.DateTimeFormat(place.locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: place.timeZone,
    timeZoneName: "short",
  }).format(d);
}

/** A calendar date (YYYY-MM-DD: a business date, already in the property's zone) in the place's locale. */
export function day(ymd: string | undefined, place: Place): string {
  if (!ymd) return "—";
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  return new Intl.DateTimeFormat(place.locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Today's date (YYYY-MM-DD) in a time zone, shifted by a number of days. */
export function todayIn(timeZone: string, shiftDays = 0): string {
  const now = new Date(Date.now() + shiftDays * 86400_000);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** Revenue categories as the API names them, for people. */
export function categoryLabel(c: string): string {
  return (
    { room: "Room", food_beverage: "Food & beverage", spa: "Spa", other: "Other" } as Record<string, string>
  )[c] ?? c.replace(/_/g, " ");
}

/** A share in basis points (1234 = 12.34 %) as a percentage. */
export function basisPoints(bp: number, place: Place = browserPlace()): string {
  return percent(bp / 10000, place);
}

/** A matching score (0–1 or a log-likelihood weight) with two decimals. */
export function score(n: number, place: Place = browserPlace()): string {
  return new Intl.NumberFormat(place.locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(n);
}

/** A duration in seconds, in the largest unit that keeps it whole-ish ("45 s", "5 min", "6 h", "7 d"). */
export function duration(seconds: number, place: Place = browserPlace()): string {
  const units: [number, Intl.NumberFormatOptions["unit"]][] = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const [size, unit] = units.find(([u]) => seconds >= u) ?? units[units.length - 1];
  return new Intl.NumberFormat(place.locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(seconds / size);
}
