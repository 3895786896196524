// The trends panel: monthly counts by category for the current filters (and the selection, or optionally the map
// view), from GET /api/analytics/trends; year to date against the previous year and outcome rates when the server
// gives them.
import { ApiError, getJson } from "./api";
import type { Catalogue } from "./catalogue";
import { countsTable, legend, seriesOf, stackedBars, weekHeatmap } from "./chart";
import { h, note, problemBox } from "./dom";
import { count, date, num } from "./format";
import type { Trends } from "./types";

export async function loadTrends(params: URLSearchParams, signal: AbortSignal): Promise<Trends> {
  return getJson<Trends>("/api/analytics/trends", params, signal);
}

export function renderTrends(trends: Trends, catalogue: Catalogue, scope: string, width: number): HTMLElement {
  const rows = trends.months.filter((r) => r.count > 0);
  const total = rows.reduce((a, r) => a + r.count, 0);
  const root = h("div", { class: "trends", "data-testid": "trends" });
  root.append(h("p", { class: "trends-scope" }, `${scope} — ${count(total, "crime")}.`));
  if (rows.length === 0) {
    root.append(note("No crimes match these filters, so there is no trend to show. Widen the time range or clear some filters.", "empty"));
    return root;
  }
  const series = seriesOf(rows, catalogue.categoryName);
  root.append(
    h("h3", {}, "Monthly counts by category"),
    stackedBars(rows, series, width, `Monthly crime counts by category, ${scope.toLowerCase()}`),
    legend(series));
  if (trends.yearToDate !== undefined && trends.yearToDate !== null) {
    const ytd = trends.yearToDate;
    root.append(h("h3", {}, "Year to date against the same period last year"),
      !isYearToDate(ytd) ? describe(ytd, catalogue)
        : ytd.total.current === 0 && ytd.total.previous === 0
          ? note("No crime matching the filters falls in this year to date or the same period last year (the time filter may exclude both).", "empty")
          : yearToDateTable(ytd, catalogue));
  }
  if (trends.outcomeRates !== undefined && trends.outcomeRates !== null) {
    const rows = outcomeRows(trends.outcomeRates);
    root.append(h("h3", {}, "Outcome rates"), rows ? outcomeTable(rows, catalogue) : describe(trends.outcomeRates, catalogue));
  }
  if (trends.aoristic && trends.aoristic.weights.length === 168) {
    root.append(h("h3", {}, "When in the week"),
      weekHeatmap(trends.aoristic.weights, width, "Crimes by hour of day and day of week"),
      h("p", { class: "help" }, `Hours in ${trends.aoristic.timeZone ?? "UK"} time; darker is busier. A crime known only to a window (a night, a month) counts `
        + "a share in each hour of it, so police.uk data, dated only by month, shows no pattern here."));
  }
  root.append(h("details", { class: "table-details", open: rows.length <= 40 },
    h("summary", {}, "The counts as a table"),
    countsTable(rows, catalogue.categoryName, "Crimes by category and month (the latest twelve months shown)")));
  return root;
}

/** The message when the server has no trends endpoint (an older server): the rest of the app is unaffected. */
export function trendsProblem(e: unknown): HTMLElement {
  if (e instanceof ApiError && e.status === 404) {
    return h("div", {},
      problemBox(e, "Trends are not available"),
      note("This Waymark server does not offer trend analysis yet (GET /api/analytics/trends answered 404). The map, filters and exports work as usual.", "warn"));
  }
  return problemBox(e, "The trends could not be loaded");
}

// Year to date: this year's count against the same period last year, per category, with the percentage change and
// whether the difference is significant (the server's test; its p-value shown).

interface Comparison {
  current: number;
  previous: number;
  difference?: number;
  percentChange?: number | null;
  exactPValue?: number;
  normalPValue?: number;
  significant?: boolean;
  alpha?: number;
}

interface YearToDate {
  currentStart?: string;
  currentEnd?: string;
  previousStart?: string;
  previousEnd?: string;
  total: Comparison;
  categories?: { category: string; comparison: Comparison }[];
}

const isComparison = (v: unknown): v is Comparison =>
  !!v && typeof v === "object" && typeof (v as Comparison).current === "number" && typeof (v as Comparison).previous === "number";

function isYearToDate(v: unknown): v is YearToDate {
  return !!v && typeof v === "object" && isComparison((v as YearToDate).total);
}

function yearToDateTable(ytd: YearToDate, catalogue: Catalogue): HTMLElement {
  const period = (from?: string, to?: string) => (from && to ? `${date(from)} – ${date(new Date(Date.parse(to) - 1).toISOString())}` : null);
  const current = period(ytd.currentStart, ytd.currentEnd);
  const previous = period(ytd.previousStart, ytd.previousEnd);
  const rows = [...(ytd.categories ?? [])].filter((c) => isComparison(c.comparison))
    .sort((a, b) => b.comparison.current - a.comparison.current || a.category.localeCompare(b.category));
  const row = (name: string, c: Comparison, strong = false) => h("tr", { class: strong ? "total-row" : null },
    h("th", { scope: "row" }, name),
    h("td", { class: "num" }, num(c.current)),
    h("td", { class: "num" }, num(c.previous)),
    h("td", { class: "num" }, c.percentChange === null || c.percentChange === undefined ? (c.current > 0 ? "new" : "—") : `${c.percentChange > 0 ? "+" : ""}${c.percentChange.toFixed(1)}%`),
    h("td", { class: c.significant ? "significant" : null }, c.significant === undefined ? "—" : c.significant ? "Yes" : "No",
      c.exactPValue ?? c.normalPValue ?? null ? h("span", { class: "p-value" }, `p ${pValue(c.exactPValue ?? c.normalPValue)}`) : null));
  return h("div", { class: "ytd" },
    current && previous ? h("p", { class: "help" }, `${current}, against ${previous}.`) : null,
    h("table", { class: "compact ytd-table", "data-testid": "year-to-date" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Category"), h("th", { scope: "col", class: "num" }, "This year"),
        h("th", { scope: "col", class: "num" }, "Last year"), h("th", { scope: "col", class: "num" }, "Change"), h("th", { scope: "col" }, "Significant"))),
      h("tbody", {}, row("All categories", ytd.total, true), rows.map((c) => row(catalogue.categoryName(c.category), c.comparison)))),
    ytd.total.alpha !== undefined ? h("p", { class: "help" }, `Significant: the difference is unlikely to be chance at the ${Math.round(ytd.total.alpha * 100)}% level (exact conditional binomial test).`) : null);
}

/** "= 0.041" or "< 0.001", to follow "p". */
const pValue = (p?: number) => (p === undefined ? "not given" : p < 0.001 ? "< 0.001" : `= ${p.toFixed(3)}`);

// Outcome rates: per category, the share of offences with an outcome recorded (Home Office outcome types 1–22).

interface OutcomeRow {
  category: string;
  month?: string | { year: number; month: number } | null;
  offences: number;
  withAnyOutcome: number;
  anyOutcomeShare: number;
  notYetComplete?: boolean;
  note?: string | null;
}

const isOutcomeRow = (v: unknown): v is OutcomeRow =>
  !!v && typeof v === "object" && typeof (v as OutcomeRow).offences === "number" && typeof (v as OutcomeRow).anyOutcomeShare === "number";

/** The per-category rows over the whole period: from a table's categoryTotals and total, or a plain list of rows. */
function outcomeRows(v: unknown): OutcomeRow[] | null {
  if (Array.isArray(v)) {
    const rows = v.filter(isOutcomeRow).filter((r) => r.month === null || r.month === undefined);
    return rows.length > 0 ? rows : null;
  }
  if (v && typeof v === "object") {
    const t = v as { categoryTotals?: unknown; total?: unknown };
    if (Array.isArray(t.categoryTotals)) {
      const rows = t.categoryTotals.filter(isOutcomeRow);
      return isOutcomeRow(t.total) ? [t.total, ...rows] : rows;
    }
  }
  return null;
}

function outcomeTable(rows: OutcomeRow[], catalogue: Catalogue): HTMLElement {
  const sorted = [...rows].sort((a, b) => (a.category === "all" ? -1 : b.category === "all" ? 1 : b.offences - a.offences));
  const notes = [...new Set(rows.map((r) => r.note).filter((n): n is string => !!n))];
  return h("div", {},
    h("table", { class: "compact", "data-testid": "outcome-rates" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Category"), h("th", { scope: "col", class: "num" }, "Offences"),
        h("th", { scope: "col", class: "num" }, "With an outcome"), h("th", { scope: "col", class: "num" }, "Share"))),
      h("tbody", {}, sorted.map((r) => h("tr", { class: r.category === "all" ? "total-row" : null },
        h("th", { scope: "row" }, r.category === "all" ? "All categories" : catalogue.categoryName(r.category), r.notYetComplete ? " *" : ""),
        h("td", { class: "num" }, num(r.offences)),
        h("td", { class: "num" }, num(r.withAnyOutcome)),
        h("td", { class: "num" }, `${(r.anyOutcomeShare * 100).toFixed(1)}%`))))),
    notes.map((n) => h("p", { class: "help" }, `* ${n}`)));
}

// Anything else the server adds is shown as it structures it: an object as a list of
// labelled values, a list of records as a table. Labels come from the field names ("changePercent" -> "Change percent").

function describe(value: unknown, catalogue: Catalogue): HTMLElement {
  if (Array.isArray(value)) {
    return recordsTable(value, catalogue);
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    const scalars = entries.filter(([, v]) => !isComplex(v));
    const nested = entries.filter(([, v]) => isComplex(v));
    return h("div", { class: "described" },
      scalars.length > 0 ? h("dl", { class: "facts" }, scalars.flatMap(([k, v]) => [h("dt", {}, label(k)), h("dd", {}, show(k, v, catalogue))])) : null,
      nested.map(([k, v]) => h("div", {}, h("h4", {}, label(k)), describe(v, catalogue))));
  }
  return h("p", {}, show("", value, catalogue));
}

function recordsTable(items: unknown[], catalogue: Catalogue): HTMLElement {
  const records = items.filter((i): i is Record<string, unknown> => !!i && typeof i === "object" && !Array.isArray(i));
  if (records.length === 0) {
    return note(items.length === 0 ? "None." : items.map((i) => show("", i, catalogue)).join(", "));
  }
  const keys = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => !isComplex(r[k]))))];
  return h("table", { class: "compact" },
    h("thead", {}, h("tr", {}, keys.map((k) => h("th", { scope: "col" }, label(k))))),
    h("tbody", {}, records.map((r) => h("tr", {}, keys.map((k) => h("td", { class: typeof r[k] === "number" ? "num" : null }, show(k, r[k], catalogue)))))));
}

const isComplex = (v: unknown) => !!v && typeof v === "object";

function label(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(key: string, v: unknown, catalogue: Catalogue): string {
  if (v === null || v === undefined) {
    return "—";
  }
  if (typeof v === "boolean") {
    return v ? "Yes" : "No";
  }
  if (typeof v === "number") {
    const k = key.toLowerCase();
    if (k.includes("percent")) {
      return `${v > 0 ? "+" : ""}${v.toFixed(1)}%`;
    }
    if (k.includes("rate") && v >= 0 && v <= 1) {
      return `${(v * 100).toFixed(1)}%`;
    }
    return Number.isInteger(v) ? num(v) : v.toFixed(k === "p" || k.includes("pvalue") ? 4 : 2);
  }
  if (typeof v === "string") {
    return key.toLowerCase() === "category" ? catalogue.categoryName(v) : v;
  }
  return JSON.stringify(v);
}
