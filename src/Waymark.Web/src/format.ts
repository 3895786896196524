// Formatting for people in the United Kingdom: numbers with separators, dates as "12 Aug 2021 22:00", months "Aug 2021".

const numberFormat = new Intl.NumberFormat("en-GB");
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London",
});
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
const poundFormat = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

export const num = (n: number): string => numberFormat.format(n);
export const pounds = (n: number): string => poundFormat.format(n);
export const date = (iso: string): string => dateFormat.format(new Date(iso));
export const dateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));

/** "1,234 crimes" / "1 crime". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${num(n)} ${n === 1 ? singular : plural}`;
}

/** A crime's time window: one instant, a range on one day, or a range over days. police.uk gives only a month. */
export function timeWindow(fromIso: string, toIso: string, source?: string): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  if (source === "policeuk") {
    return `${monthLabel(fromIso.slice(0, 7))} (police.uk publishes the month only)`;
  }
  if (from.getTime() === to.getTime()) {
    return dateTime(fromIso);
  }
  return `${dateTime(fromIso)} – ${dateTime(toIso)}`;
}

// Months are "YYYY-MM" strings throughout the app (URL, filters, charts).

export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return monthFormat.format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
}

export function monthIndex(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return (y ?? 1970) * 12 + ((m ?? 1) - 1);
}

export function monthOfIndex(index: number): string {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${String(m).padStart(2, "0")}`;
}

export function currentMonth(): string {
  const now = new Date();
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

export function isMonth(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The first instant of a month, as the API's from= (ISO 8601, UTC). */
export function monthStart(month: string): string {
  return `${month}-01T00:00:00Z`;
}

/** The last instant of a month, as the API's to= (occurred on or before). */
export function monthEnd(month: string): string {
  const next = monthOfIndex(monthIndex(month) + 1);
  return new Date(Date.parse(`${next}-01T00:00:00Z`) - 1).toISOString();
}

const roleNames: Record<string, string> = {
  admin: "Administrator",
  "police-analyst": "Police analyst",
  "police-officer": "Police officer",
  "partner-analyst": "Partner analyst",
  dealer: "Scrap-metal dealer",
  machine: "Machine client",
};

export const roleName = (role: string): string => roleNames[role] ?? role;

export const isPolice = (role: string): boolean => role === "police-analyst" || role === "police-officer";

const visibilityNames: Record<string, string> = {
  Partnership: "Partnership — every organisation",
  LawEnforcement: "Law enforcement — police forces and the reporting organisation",
  Organisation: "Organisation — the owner only",
};

export const visibilityName = (v: string): string => visibilityNames[v] ?? v;

export function sectorName(slug: string): string {
  return slug.charAt(0).toUpperCase() + slug.slice(1);
}
