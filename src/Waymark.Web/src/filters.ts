// The filter controls: free text, time range (month inputs and sliders), categories, sectors and owning organisation.
// Every change goes into the store (and so into the URL); the map page reloads what it shows from there.
import type { Catalogue } from "./catalogue";
import { h, replace } from "./dom";
import { currentMonth, isMonth, monthIndex, monthLabel, monthOfIndex, sectorName } from "./format";
import { emptyFilters, hasFilters, type Filters, type Store } from "./state";
import type { Me } from "./types";

/** police.uk's street-level data starts in December 2010; nothing in Waymark is older. */
export const firstMonth = "2010-12";

let uid = 0;
const id = (name: string) => `${name}-${++uid}`;

export function renderFilters(store: Store, catalogue: Catalogue, me: Me): HTMLElement {
  const root = h("section", { class: "filters", "aria-labelledby": "filters-heading" });
  const clearAll = h("button", { type: "button", class: "link-button", onclick: () => store.update({ filters: emptyFilters() }) }, "Clear all filters");
  const heading = h("div", { class: "section-heading" }, h("h2", { id: "filters-heading" }, "Filters"), clearAll);

  // Free text: sent when submitted (Enter) or when the field is cleared.
  const qId = id("q");
  const q = h("input", { id: qId, type: "search", name: "q", autocomplete: "off", "aria-describedby": `${qId}-help` });
  const search = h("form", { class: "search", role: "search" },
    h("label", { for: qId }, "Search text"),
    h("div", { class: "search-row" }, q, h("button", { type: "submit" }, "Search")),
    h("p", { class: "help", id: `${qId}-help` }, "Reference, location, modus operandi, asset or neighbourhood."));
  search.addEventListener("submit", (ev) => {
    ev.preventDefault();
    store.updateFilters({ q: q.value.trim() });
  });
  q.addEventListener("search", () => {
    if (q.value === "" && store.current.filters.q !== "") {
      store.updateFilters({ q: "" });
    }
  });

  const time = renderTime(store);
  const categories = renderCategories(store, catalogue);
  const sectors = renderChecklist(store, "Sectors", "sectors", catalogue.sectors.map((s) => ({ value: s, label: sectorName(s) })));

  const ownerId = id("owner");
  const owner = h("select", { id: ownerId, name: "owner" },
    h("option", { value: "" }, "All organisations (the partnership)"),
    h("option", { value: "mine" }, `Mine — ${me.organisation}`),
    h("optgroup", { label: "One organisation" },
      catalogue.organisations.filter((o) => o.id !== me.organisationId).map((o) => h("option", { value: o.id }, o.name))));
  owner.addEventListener("change", () => store.updateFilters({ owner: owner.value }));
  const ownerField = h("div", { class: "field" }, h("label", { for: ownerId }, "Recorded by"), owner);

  root.append(heading, search, time.element, categories.element, sectors.element, ownerField);

  const sync = (f: Filters) => {
    if (document.activeElement !== q) {
      q.value = f.q;
    }
    owner.value = [...owner.options].some((o) => o.value === f.owner) ? f.owner : "";
    clearAll.disabled = !hasFilters(f);
    time.sync(f);
    categories.sync(f);
    sectors.sync(f);
  };
  sync(store.current.filters);
  store.subscribe((s, prev) => {
    if (s.filters !== prev.filters) {
      sync(s.filters);
    }
  });
  return root;
}

interface Part {
  element: HTMLElement;
  sync(f: Filters): void;
}

/** From and To months: a month input each, and a slider each over the months from December 2010 to now. */
function renderTime(store: Store): Part {
  const min = monthIndex(firstMonth);
  const max = monthIndex(currentMonth());
  const fromId = id("from");
  const toId = id("to");
  const monthInput = (inputId: string) => h("input", { id: inputId, type: "month", min: firstMonth, max: currentMonth() });
  const slider = (label: string) => h("input", { type: "range", min: 0, max: max - min, step: 1, "aria-label": label });
  const fromInput = monthInput(fromId);
  const toInput = monthInput(toId);
  const fromSlider = slider("From month");
  const toSlider = slider("To month");
  const summary = h("p", { class: "range-summary", "aria-live": "polite" });

  const describe = (from: string | null, to: string | null) =>
    !from && !to ? "All months" : from && to ? (from === to ? monthLabel(from) : `${monthLabel(from)} – ${monthLabel(to)}`)
      : from ? `From ${monthLabel(from)}` : `Up to ${monthLabel(to!)}`;

  const commit = (from: string | null, to: string | null) => {
    if (from && to && monthIndex(from) > monthIndex(to)) {
      [from, to] = [to, from];
    }
    store.updateFilters({ from, to });
  };
  const sliderMonth = (s: HTMLInputElement) => monthOfIndex(min + Number(s.value));

  // While a slider moves, show the month it points at; commit when it is let go (or on each key press).
  fromSlider.addEventListener("input", () => {
    summary.textContent = describe(Number(fromSlider.value) === 0 ? null : sliderMonth(fromSlider), store.current.filters.to);
  });
  toSlider.addEventListener("input", () => {
    summary.textContent = describe(store.current.filters.from, Number(toSlider.value) === max - min ? null : sliderMonth(toSlider));
  });
  fromSlider.addEventListener("change", () => {
    const from = Number(fromSlider.value) === 0 ? null : sliderMonth(fromSlider);
    let to = store.current.filters.to;
    if (from && to && monthIndex(to) < monthIndex(from)) {
      to = from;
    }
    store.updateFilters({ from, to });
  });
  toSlider.addEventListener("change", () => {
    const to = Number(toSlider.value) === max - min ? null : sliderMonth(toSlider);
    let from = store.current.filters.from;
    if (from && to && monthIndex(from) > monthIndex(to)) {
      from = to;
    }
    store.updateFilters({ from, to });
  });
  fromInput.addEventListener("change", () => commit(isMonth(fromInput.value) ? fromInput.value : null, store.current.filters.to));
  toInput.addEventListener("change", () => commit(store.current.filters.from, isMonth(toInput.value) ? toInput.value : null));

  const preset = (label: string, months: number | null) => h("button", {
    type: "button",
    class: "chip",
    onclick: () => months === null ? commit(null, null) : commit(monthOfIndex(max - months + 1), monthOfIndex(max)),
  }, label);

  const element = h("fieldset", { class: "time" },
    h("legend", {}, "When it occurred"),
    h("div", { class: "month-row" }, h("label", { for: fromId }, "From"), fromInput),
    fromSlider,
    h("div", { class: "month-row" }, h("label", { for: toId }, "To"), toInput),
    toSlider,
    summary,
    h("div", { class: "chips" }, preset("All months", null), preset("Last 12 months", 12), preset("Last 3 months", 3)));

  return {
    element,
    sync(f) {
      fromInput.value = f.from ?? "";
      toInput.value = f.to ?? "";
      fromSlider.value = String(f.from ? Math.max(0, monthIndex(f.from) - min) : 0);
      toSlider.value = String(f.to ? Math.min(max - min, monthIndex(f.to) - min) : max - min);
      summary.textContent = describe(f.from, f.to);
    },
  };
}

function renderCategories(store: Store, catalogue: Catalogue): Part {
  const policeUk = catalogue.categories.filter((c) => c.slug === c.policeUkSlug);
  const metal = catalogue.categories.filter((c) => c.slug.startsWith("metal-theft"));
  const finer = catalogue.categories.filter((c) => c.slug !== c.policeUkSlug && !c.slug.startsWith("metal-theft"));
  const groups = [
    { title: "police.uk categories (each includes its finer ones)", items: policeUk },
    { title: "Metal theft", items: metal },
    { title: "Finer categories", items: finer },
  ];
  return renderChecklist(store, "Categories", "categories",
    groups.flatMap((g) => [{ heading: g.title }, ...g.items.map((c) => ({ value: c.slug, label: c.name }))]));
}

type Entry = { value: string; label: string } | { heading: string };

/** A collapsible list of checkboxes for a multi-valued filter; the summary says how many are chosen. */
function renderChecklist(store: Store, title: string, key: "categories" | "sectors", entries: Entry[]): Part {
  const count = h("span", { class: "count" });
  const boxes: HTMLInputElement[] = [];
  const list = h("div", { class: "checklist" });
  for (const entry of entries) {
    if ("heading" in entry) {
      list.append(h("p", { class: "checklist-heading" }, entry.heading));
      continue;
    }
    const boxId = id(`${key}-${entry.value}`);
    const box = h("input", { type: "checkbox", id: boxId, value: entry.value });
    box.addEventListener("change", () => {
      store.updateFilters({ [key]: boxes.filter((b) => b.checked).map((b) => b.value) });
    });
    boxes.push(box);
    list.append(h("div", { class: "check" }, box, h("label", { for: boxId }, entry.label)));
  }
  const clear = h("button", { type: "button", class: "link-button", onclick: () => store.updateFilters({ [key]: [] }) }, `Any ${title.toLowerCase()}`);
  const details = h("details", { class: "filter-group" }, h("summary", {}, title, " ", count), h("div", { class: "checklist-tools" }, clear), list);
  return {
    element: details,
    sync(f) {
      const chosen = new Set(f[key]);
      for (const b of boxes) {
        b.checked = chosen.has(b.value);
      }
      replace(count, chosen.size === 0 ? "(any)" : `(${chosen.size} chosen)`);
      clear.disabled = chosen.size === 0;
    },
  };
}
