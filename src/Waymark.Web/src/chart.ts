// A stacked bar chart of monthly counts by category, drawn as SVG: one bar per month, the busiest categories
// stacked in their own colours and the rest together as "Other categories". The numbers are also given as a table.
import { h } from "./dom";
import { monthIndex, monthLabel, monthOfIndex, num } from "./format";

const svgNs = "http://www.w3.org/2000/svg";

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) {
    el.setAttribute(name, String(value));
  }
  for (const child of children) {
    el.append(child);
  }
  return el;
}

// Tableau 10: distinct, print-safe categorical colours.
const palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];
const otherColour = "#bab0ac";
const maxSeries = 8;

export interface MonthCount {
  month: string;
  category: string;
  count: number;
}

export interface Series {
  key: string;
  label: string;
  colour: string;
  total: number;
}

/** Groups the counts into at most eight named series plus "Other categories", busiest first. */
export function seriesOf(rows: MonthCount[], name: (slug: string) => string): Series[] {
  const totals = new Map<string, number>();
  for (const r of rows) {
    totals.set(r.category, (totals.get(r.category) ?? 0) + r.count);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const named = ranked.length <= maxSeries + 1 ? ranked : ranked.slice(0, maxSeries);
  const series: Series[] = named.map(([key, total], i) => ({ key, label: name(key), colour: palette[i % palette.length]!, total }));
  const rest = ranked.slice(named.length);
  if (rest.length > 0) {
    series.push({ key: "__other", label: `Other categories (${rest.length})`, colour: otherColour, total: rest.reduce((a, [, n]) => a + n, 0) });
  }
  return series;
}

/** Every month from the first to the last in the data, so gaps show as empty bars rather than vanishing. */
export function monthsOf(rows: MonthCount[]): string[] {
  if (rows.length === 0) {
    return [];
  }
  const indexes = rows.map((r) => monthIndex(r.month));
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const months: string[] = [];
  for (let i = first; i <= last; i++) {
    months.push(monthOfIndex(i));
  }
  return months;
}

export function stackedBars(rows: MonthCount[], series: Series[], width: number, title: string): SVGSVGElement {
  const months = monthsOf(rows);
  const keyOf = (category: string) => (series.some((x) => x.key === category) ? category : "__other");
  const cells = new Map<string, number>(); // month|series -> count
  for (const r of rows) {
    const k = `${r.month}|${keyOf(r.category)}`;
    cells.set(k, (cells.get(k) ?? 0) + r.count);
  }
  const monthTotals = months.map((m) => series.reduce((a, x) => a + (cells.get(`${m}|${x.key}`) ?? 0), 0));
  const maxTotal = Math.max(1, ...monthTotals);
  const ticks = niceTicks(maxTotal);
  const top = ticks[ticks.length - 1]!;

  const height = 220;
  const margin = { left: 44, right: 8, top: 10, bottom: 34 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(1, Math.min(48, slot * 0.78));
  const y = (v: number) => margin.top + plotH - (v / top) * plotH;

  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" });
  svg.append(s("title", {}, title));
  for (const t of ticks) {
    svg.append(s("line", { x1: margin.left, x2: width - margin.right, y1: y(t), y2: y(t), class: "grid-line" }));
    svg.append(s("text", { x: margin.left - 6, y: y(t) + 4, "text-anchor": "end", class: "axis-label" }, num(t)));
  }
  const labelEvery = Math.max(1, Math.ceil(months.length / Math.floor(plotW / 58)));
  months.forEach((m, i) => {
    const x = margin.left + i * slot + (slot - barW) / 2;
    let base = 0;
    for (const x2 of series) {
      const n = cells.get(`${m}|${x2.key}`) ?? 0;
      if (n === 0) {
        continue;
      }
      const rect = s("rect", { x, y: y(base + n), width: barW, height: Math.max(0.5, y(base) - y(base + n)), fill: x2.colour, "data-month": m, "data-category": x2.key });
      rect.append(s("title", {}, `${monthLabel(m)} — ${x2.label}: ${num(n)}`));
      svg.append(rect);
      base += n;
    }
    if (i % labelEvery === 0 || months.length === 1) {
      svg.append(s("text", { x: x + barW / 2, y: height - margin.bottom + 16, "text-anchor": "middle", class: "axis-label" }, monthLabel(m)));
    }
  });
  svg.append(s("line", { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), class: "axis-line" }));
  return svg;
}

/** Round numbers for the y axis: 0 and four or five steps of 1, 2 or 5 × 10^k covering the maximum. */
function niceTicks(max: number): number[] {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((st) => st >= rough) ?? 10 * power;
  const stepInt = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) {
    ticks.push(v);
    if (v >= max) {
      break;
    }
  }
  return ticks;
}

export function legend(series: Series[]): HTMLElement {
  return h("ul", { class: "chart-legend" }, series.map((x) => h("li", {},
    h("span", { class: "swatch", style: `background:${x.colour}` }), `${x.label} `, h("span", { class: "legend-total" }, num(x.total)))));
}

/** The same numbers as a table: one row per category, one column per month (latest months when there are many). */
export function countsTable(rows: MonthCount[], name: (slug: string) => string, caption: string): HTMLElement {
  const months = monthsOf(rows).slice(-12);
  const shownMonths = new Set(months);
  const categories = [...new Set(rows.map((r) => r.category))];
  const cell = new Map(rows.map((r) => [`${r.month}|${r.category}`, r.count]));
  const totalOf = (c: string) => months.reduce((a, m) => a + (cell.get(`${m}|${c}`) ?? 0), 0);
  categories.sort((a, b) => totalOf(b) - totalOf(a) || a.localeCompare(b));
  const monthTotal = (m: string) => rows.filter((r) => r.month === m).reduce((a, r) => a + r.count, 0);
  return h("table", { class: "compact counts", "data-testid": "trend-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Category"), months.map((m) => h("th", { scope: "col", class: "num" }, monthLabel(m))))),
    h("tbody", {}, categories.filter((c) => rows.some((r) => r.category === c && shownMonths.has(r.month))).map((c) => h("tr", { "data-category": c },
      h("th", { scope: "row" }, name(c)),
      months.map((m) => h("td", { class: "num" }, num(cell.get(`${m}|${c}`) ?? 0)))))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "All"), months.map((m) => h("td", { class: "num" }, num(monthTotal(m)))))));
}

const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * The week as a heat map: 7 rows (Monday first) × 24 hour columns, each cell shaded by its share of the crimes'
 * aoristic weight (a crime's weight of 1 spread over the hours its window covers; Ratcliffe 2002).
 */
export function weekHeatmap(weights: number[], width: number, title: string): SVGSVGElement {
  const left = 34;
  const top = 16;
  const cellW = Math.max(6, Math.floor((width - left - 4) / 24));
  const cellH = 16;
  const height = top + cellH * 7 + 4;
  const max = Math.max(...weights, 0);
  const total = weights.reduce((a, w) => a + w, 0);
  const svg = s("svg", { viewBox: `0 0 ${left + cellW * 24 + 4} ${height}`, width: left + cellW * 24 + 4, height, role: "img", "aria-label": title, class: "chart heatmap" });
  svg.append(s("title", {}, title));
  for (let hour = 0; hour < 24; hour += 6) {
    svg.append(s("text", { x: left + hour * cellW, y: 11, class: "axis-label" }, `${String(hour).padStart(2, "0")}:00`));
  }
  days.forEach((day, d) => {
    svg.append(s("text", { x: left - 6, y: top + d * cellH + 12, "text-anchor": "end", class: "axis-label" }, day));
    for (let hour = 0; hour < 24; hour++) {
      const w = weights[d * 24 + hour] ?? 0;
      const t = max > 0 ? w / max : 0;
      const rect = s("rect", {
        x: left + hour * cellW, y: top + d * cellH, width: cellW - 1, height: cellH - 1,
        fill: `rgba(29, 53, 87, ${(0.06 + 0.94 * t).toFixed(3)})`,
      });
      rect.append(s("title", {}, `${day} ${String(hour).padStart(2, "0")}:00–${String(hour + 1).padStart(2, "0")}:00: ${total > 0 ? ((100 * w) / total).toFixed(1) : "0"}% of the crimes`));
      svg.append(rect);
    }
  });
  return svg;
}
