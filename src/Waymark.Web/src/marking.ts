// Forensic marking pages: programmes (saturation map, progress, proposals, evaluation, registrations, kits, uploads),
// trace (one code or a scanned batch) and visits to second-hand shops, pawnbrokers and scrap yards.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { FeatureCollection } from "geojson";
import { getJson, postJson, request } from "./api";
import { h, note, problemBox, replace } from "./dom";
import type { Me, WebConfig } from "./types";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fix = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : "–");
const isPolice = (me: Me): boolean => me.organisationKind === "PoliceForce" && (me.role === "police-analyst" || me.role === "police-officer");

function table(headers: string[], rows: (string | number | Node)[][], testid?: string): HTMLElement {
  return h("table", { class: "compact", "data-testid": testid ?? null },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c as Node | string))))));
}

function field(label: string, input: HTMLElement): HTMLElement {
  return h("label", { class: "field" }, h("span", {}, label), input);
}

function input(name: string, attrs: Record<string, string> = {}): HTMLInputElement {
  return h("input", { name, ...attrs });
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  new FormData(form).forEach((v, k) => { out[k] = String(v).trim(); });
  return out;
}

/** The marking pages. Returns a disposer for the map. */
export function renderMarkingPage(root: HTMLElement, me: Me, config: WebConfig, path: string, navigate: (p: string) => void): () => void {
  const main = h("main", { id: "main", class: "page marking" });
  const tabs = h("nav", { class: "tabs", "aria-label": "Marking" },
    [["/marking", "Programmes"], ["/marking/trace", "Trace"], ["/marking/visits", "Visits"]].map(([p, t]) =>
      h("a", { href: p!, class: path === p ? "active" : null, onclick: (ev: Event) => { ev.preventDefault(); navigate(p!); } }, t!)));
  replace(root, main);
  replace(main, h("h1", {}, "Forensic marking"), tabs);
  const body = h("div", {});
  main.append(body);
  let dispose = () => undefined as void;
  if (path === "/marking/trace") {
    renderTrace(body, me);
  } else if (path === "/marking/visits") {
    dispose = renderVisits(body, me, config);
  } else {
    dispose = renderProgrammes(body, me, config);
  }
  return () => dispose();
}

function baseMap(container: HTMLElement, config: WebConfig): L.Map {
  const map = L.map(container, { minZoom: 4, maxZoom: 18 });
  map.attributionControl.setPrefix("Leaflet");
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution ?? "", maxZoom: 19 }).addTo(map);
  }
  void getJson<FeatureCollection>("/geo/outline.geojson").then((outline) =>
    L.geoJSON(outline, { interactive: false, style: { color: "#c3cbd2", weight: 0.8, fillColor: "#eef0ee", fillOpacity: 1 } }).addTo(map).bringToBack());
  map.fitBounds(L.latLngBounds([49.9, -8.2], [60.9, 1.8]));
  return map;
}

/** Saturation colour: red far below the target, amber approaching, green at or above it. */
function saturationColour(s: number, target: number): string {
  return s >= target ? "#2a9d4b" : s >= target * 0.75 ? "#e9c46a" : s >= target * 0.4 ? "#f4a261" : "#d1495b";
}

function renderProgrammes(root: HTMLElement, me: Me, config: WebConfig): () => void {
  let map: L.Map | null = null;
  const list = h("section", {}, note("Loading programmes…"));
  const detail = h("section", { class: "programme-detail" });
  replace(root, list, detail);

  const load = async (): Promise<void> => {
    try {
      const programmes = await getJson<Json[]>("/api/marking/programmes");
      const selected = new URLSearchParams(location.search).get("programme") ?? programmes[0]?.id;
      replace(list, h("h2", {}, "Programmes"),
        programmes.length === 0 ? note("No marking programmes are visible to you yet.", "empty")
          : table(["Programme", "Prefix", "Owner", "Codes issued", "Registered", "Target areas", "Property returned", ""], programmes.map((p) => [
            p.name, p.prefix, p.ownerOrganisation, p.codesIssued, p.registered, p.targetAreas, p.propertyReturned,
            h("button", { type: "button", onclick: () => { history.replaceState(null, "", `/marking?programme=${p.id}`); void showProgramme(p); } }, "Open"),
          ]), "programmes"),
        me.role === "dealer" ? null : createForm(() => void load()));
      const p = programmes.find((x) => x.id === selected);
      if (p) {
        await showProgramme(p);
      }
    } catch (e) {
      replace(list, problemBox(e, "Programmes could not be loaded"));
    }
  };

  const showProgramme = async (p: Json): Promise<void> => {
    map?.remove();
    const mapBox = h("div", { class: "marking-map", style: "height:420px", "data-testid": "saturation-map" });
    const summary = h("div", { "data-testid": "saturation-summary" }, note("Loading saturation…"));
    const sections = h("div", {});
    replace(detail, h("h2", {}, `${p.name} (${p.prefix})`), p.description ? h("p", {}, p.description) : null, summary, mapBox, sections);
    map = baseMap(mapBox, config);
    const [sat, geo] = await Promise.all([
      getJson<Json>(`/api/marking/programmes/${p.id}/saturation`),
      getJson<FeatureCollection>(`/api/marking/programmes/${p.id}/saturation.geojson`),
    ]);
    replace(summary, h("p", {},
      `Saturation in ${sat.targetAreas} target areas: `, h("strong", { "data-testid": "saturation-total" }, pct(sat.saturation)),
      ` of ${sat.targetHouseholds.toLocaleString("en-GB")} households (target ${pct(sat.target)}); ${sat.areasMeetingTarget} areas at target; ${sat.kitsDelivered.toLocaleString("en-GB")} kits delivered.`));
    const layer = L.geoJSON(geo, {
      style: (f) => ({ color: "#1d3557", weight: f?.properties?.["target"] ? 2 : 1, dashArray: f?.properties?.["target"] ? undefined : "4 3",
        fillColor: saturationColour(f?.properties?.["saturation"] ?? 0, sat.target), fillOpacity: 0.6 }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 10, fillColor: saturationColour(f.properties?.["saturation"] ?? 0, sat.target), fillOpacity: 0.7, color: "#1d3557", weight: 1 }),
      onEachFeature: (f, l) => l.bindTooltip(`${f.properties?.["name"] ?? f.properties?.["code"]}: ${pct(f.properties?.["saturation"] ?? 0)} (${f.properties?.["registered"]}/${f.properties?.["households"]} households)${f.properties?.["target"] ? "" : " — comparison area"}`),
    }).addTo(map);
    if (layer.getBounds().isValid()) {
      map.fitBounds(layer.getBounds().pad(0.2));
    }
    replace(sections,
      h("h3", {}, "Areas"),
      table(["Area", "Name", "Target", "Households", "Registered", "Saturation", "Kits", "Kits to target"], sat.areas.map((a: Json) => [
        a.areaCode, a.name ?? "", a.isTarget ? "yes" : "comparison", a.households, a.registeredHouseholds, pct(a.saturation), a.kitsDelivered, a.kitsToTarget,
      ]), "saturation-areas"),
      h("p", {}, h("a", { href: `/api/marking/programmes/${p.id}/saturation.csv` }, "Saturation CSV"), " · ",
        h("a", { href: `/api/marking/programmes/${p.id}/saturation.geojson` }, "Saturation GeoJSON"), " · ",
        h("a", { href: `/api/marking/programmes/${p.id}/registrations.csv` }, "Registrations CSV")),
      progressSection(p), proposalSection(p), evaluationSection(p), returnsSection(p),
      p.canManage ? manageSection(p, () => void showProgramme(p)) : null);
  };

  void load();
  return () => map?.remove();
}

function createForm(done: () => void): HTMLElement {
  const out = h("div", {});
  const form = h("form", { class: "inline-form" },
    field("Name", input("name", { required: "true" })), field("Prefix (4)", input("prefix", { required: "true", maxlength: "4", size: "5" })),
    field("Kind", h("select", { name: "kind" }, ["household", "business", "infrastructure"].map((k) => h("option", { value: k }, k)))),
    field("Target %", input("target", { type: "number", value: "85", min: "1", max: "100" })),
    h("button", { type: "submit" }, "Start programme"), out);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    postJson("/api/marking/programmes", { name: v["name"], prefix: v["prefix"], kind: v["kind"], saturationTarget: Number(v["target"]) / 100 })
      .then(done).catch((e) => replace(out, problemBox(e, "Not created")));
  });
  return h("details", {}, h("summary", {}, "Start a programme"), form);
}

function progressSection(p: Json): HTMLElement {
  const box = h("div", {}, note("Loading progress…"));
  void getJson<Json>(`/api/marking/programmes/${p.id}/progress`).then((r) => replace(box,
    table(["Month", "Households registered", "Kits delivered", "Saturation"], r.months.map((m: Json) => [m.month, m.registeredHouseholds, m.kitsDelivered, pct(m.saturation)]), "progress")))
    .catch((e) => replace(box, problemBox(e)));
  return h("details", {}, h("summary", {}, "Progress against the target"), box);
}

function proposalSection(p: Json): HTMLElement {
  const out = h("div", {});
  const form = h("form", { class: "inline-form" }, field("Kits available", input("kits", { type: "number", value: "1000", min: "0" })),
    field("Months of burglary", input("months", { type: "number", value: "12", min: "1", max: "60" })), h("button", { type: "submit" }, "Propose areas"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    getJson<Json>(`/api/marking/programmes/${p.id}/proposals`, new URLSearchParams({ kits: v["kits"]!, months: v["months"]! }))
      .then((r) => replace(out, h("p", {}, `${r.kitsAllocated} of ${r.kits} kits allocated (residential burglary ${r.from.slice(0, 10)} to ${r.to.slice(0, 10)}).`),
        table(["Rank", "Area", "Name", "Burglaries", "Households", "Per 1,000", "Marked", "Kits needed", "Proposed"], r.areas.map((a: Json) => [
          a.rank, a.area, a.name ?? "", a.burglaries, a.households, fix(a.ratePerThousandHouseholds), a.markedHouseholds, a.kitsNeeded, a.proposed ? "yes" : "",
        ]), "proposals")))
      .catch((e) => replace(out, problemBox(e, "No proposal")));
  });
  return h("details", {}, h("summary", {}, "Choose the next target areas"), form, out);
}

function evaluationSection(p: Json): HTMLElement {
  const out = h("div", {});
  const form = h("form", { class: "inline-form" }, field("Months before/after", input("months", { type: "number", value: "6", min: "1", max: "36" })),
    field("Police hours per burglary", input("hours", { type: "number", step: "0.01", value: (109567 / 7652).toFixed(2) })), h("button", { type: "submit" }, "Evaluate"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    getJson<Json>(`/api/marking/programmes/${p.id}/evaluation`, new URLSearchParams({ months: v["months"]!, hoursPerBurglary: v["hours"]! }))
      .then((r) => replace(out,
        h("p", { "data-testid": "evaluation-summary" }, r.interpretation),
        table(["Measure", "Value"], [
          ["Difference in differences (burglaries per area)", `${fix(r.effect.estimate, 2)} (SE ${fix(r.effect.standardError, 2)}, ${Math.round(r.effect.confidenceLevel * 100)}% CI ${fix(r.effect.lower, 2)} to ${fix(r.effect.upper, 2)})`],
          ["Target areas", `${r.effect.treatedBefore} → ${r.effect.treatedAfter} (${fix(r.effect.treatedChangePercent)}%)`],
          ["Comparison areas", `${r.effect.controlBefore} → ${r.effect.controlAfter} (${fix(r.effect.controlChangePercent)}%)`],
          ["Burglaries prevented", `${fix(r.burglariesPrevented)} (${fix(r.burglariesPreventedLower)} to ${fix(r.burglariesPreventedUpper)})`],
          ["Police hours saved", `${fix(r.policeHoursSaved, 0)} (${fix(r.policeHoursSavedLower, 0)} to ${fix(r.policeHoursSavedUpper, 0)})`],
        ], "evaluation")))
      .catch((e) => replace(out, problemBox(e, "No evaluation")));
  });
  return h("details", {}, h("summary", {}, "Evaluation"), form, out);
}

function returnsSection(p: Json): HTMLElement {
  const box = h("div", {}, note("Loading…"));
  void getJson<Json>(`/api/marking/programmes/${p.id}/returns`).then((r) => replace(box,
    h("p", {}, `${r.returned} items returned to ${r.codesReturnedTo} holders, worth £${Number(r.valuePounds).toLocaleString("en-GB")}.`),
    table(["Returned", "Code", "Item", "By"], r.items.map((x: Json) => [x.returnedAt.slice(0, 10), x.code, x.itemDescription, x.returnedBy]))))
    .catch((e) => replace(box, problemBox(e)));
  return h("details", {}, h("summary", {}, "Property returned"), box);
}

function upload(label: string, url: string, accept: string, done: () => void): HTMLElement {
  const out = h("div", {});
  const file = h("input", { type: "file", accept });
  const button = h("button", { type: "button", onclick: async () => {
    const f = file.files?.[0];
    if (!f) {
      return;
    }
    try {
      const r = await request(url, { method: "POST", headers: { "Content-Type": accept.includes("json") ? "application/geo+json" : "text/csv" }, body: await f.text() });
      replace(out, note(`Saved: ${JSON.stringify(await r.json())}`));
      done();
    } catch (e) {
      const box = problemBox(e, `${label} not saved`);
      const rejected = (e as Json)?.problem?.rejected as Json[] | undefined;
      replace(out, box, rejected ? table(["Line", "Reason"], rejected.map((x) => [x.line, x.reason]), "rejected-rows") : null);
    }
  } }, "Upload");
  return h("div", { class: "inline-form" }, h("span", {}, label), file, button, out);
}

function manageSection(p: Json, refresh: () => void): HTMLElement {
  const out = h("div", {});
  const batch = h("form", { class: "inline-form" }, field("Codes to issue", input("count", { type: "number", value: "500", min: "1" })), h("button", { type: "submit" }, "Issue batch"));
  batch.addEventListener("submit", (ev) => {
    ev.preventDefault();
    postJson<Json>(`/api/marking/programmes/${p.id}/batches`, { count: Number(formValues(batch)["count"]) })
      .then((b) => replace(out, note(`Issued ${b.count} codes ${b.firstCode} to ${b.lastCode}.`), h("a", { href: `/api/marking/programmes/${p.id}/batches/${b.id}/codes.csv` }, "Codes CSV for the printer")))
      .catch((e) => replace(out, problemBox(e, "Not issued")));
  });
  const reg = h("form", { class: "inline-form", "data-testid": "register-form" },
    field("Code", input("code", { required: "true", placeholder: `${p.prefix}-000000-?` })), field("Holder", input("holderName", { required: "true" })),
    field("Address", input("address")), field("Postcode", input("postcode", { size: "8" })), field("Area (LSOA)", input("lsoaCode", { size: "10" })),
    field("Items marked (;)", input("items")), h("button", { type: "submit" }, "Register"));
  reg.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(reg);
    postJson<Json>(`/api/marking/programmes/${p.id}/registrations`, { ...v, holderKind: p.kind, items: (v["items"] ?? "").split(";").filter((x) => x.trim()).map((d) => ({ description: d.trim() })) })
      .then((r) => { replace(out, note(`Registered ${r.code}.`)); refresh(); })
      .catch((e) => {
        const likely = (e as Json)?.problem?.likelyCodes as string[] | undefined;
        replace(out, problemBox(e, "Not registered"), likely?.length ? note(`Did you mean ${likely.join(" or ")}?`, "warn") : null);
      });
  });
  const kit = h("form", { class: "inline-form" }, field("Delivered by", input("deliveredBy", { required: "true" })), field("Address", input("address", { required: "true" })),
    field("Postcode", input("postcode", { size: "8" })), field("Area (LSOA)", input("lsoaCode", { size: "10" })), field("Code", input("code")), h("button", { type: "submit" }, "Record kit"));
  kit.addEventListener("submit", (ev) => {
    ev.preventDefault();
    postJson(`/api/marking/programmes/${p.id}/kits`, { ...formValues(kit), deliveredAt: new Date().toISOString() })
      .then(() => { replace(out, note("Kit recorded.")); refresh(); }).catch((e) => replace(out, problemBox(e, "Not recorded")));
  });
  return h("section", {}, h("h3", {}, "Coordinator"), out,
    h("details", {}, h("summary", {}, "Issue codes"), batch),
    h("details", {}, h("summary", {}, "Register a code"), reg),
    h("details", {}, h("summary", {}, "Record a kit delivery"), kit),
    h("details", {}, h("summary", {}, "Uploads"),
      upload("Areas and households CSV (area_code, area_name, ward, households, target, marking_started)", `/api/marking/programmes/${p.id}/areas`, ".csv,text/csv", refresh),
      upload("Area boundaries GeoJSON", `/api/marking/programmes/${p.id}/boundaries`, ".geojson,.json,application/geo+json", refresh),
      upload("Registrations CSV", `/api/marking/programmes/${p.id}/registrations/import`, ".csv,text/csv", refresh),
      upload("Kits CSV", `/api/marking/programmes/${p.id}/kits/import`, ".csv,text/csv", refresh)));
}

function renderTrace(root: HTMLElement, me: Me): void {
  if (!isPolice(me)) {
    replace(root, note("Tracing codes is for police analysts and officers.", "warn"));
    return;
  }
  const out = h("div", { "data-testid": "trace-results" });
  const initial = new URLSearchParams(location.search).get("code") ?? "";
  const form = h("form", { class: "trace-form" },
    field("Codes read from the property (one a line)", h("textarea", { name: "codes", rows: 4, cols: 30, required: true }, initial)),
    field("Purpose (recorded in the audit log)", input("purpose", { required: "true", size: "50", placeholder: "e.g. recovered property, custody record 77/1234" })),
    field("Where found", h("select", { name: "context" }, ["recovered-property", "custody", "shop-scan", "scrap-yard", "search-warrant"].map((c) => h("option", { value: c }, c)))),
    h("button", { type: "submit" }, "Trace"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const codes = (v["codes"] ?? "").split(/[\n,]+/).map((c) => c.trim()).filter((c) => c);
    postJson<Json>("/api/marking/trace", { codes, purpose: v["purpose"], context: v["context"] })
      .then((r) => replace(out, h("p", {}, `${r.codes} codes: ${r.registered} registered, ${r.recordedStolen} recorded stolen.`), r.results.map(traceCard)))
      .catch((e) => replace(out, problemBox(e, "Trace failed")));
  });
  replace(root, h("h2", {}, "Trace a code"), form, out);
}

function traceCard(r: Json): HTMLElement {
  if (r.status === "invalid") {
    return h("div", { class: "problem trace-card" }, h("p", {}, h("strong", {}, r.input), ` — ${r.reason}`),
      r.likelyCodes.length ? h("p", {}, `Likely intended: ${r.likelyCodes.join(", ")}`) : null);
  }
  if (r.status === "no-registration") {
    return h("div", { class: "note note-warn trace-card" }, h("strong", {}, r.code), ` — ${r.reason}`);
  }
  return h("div", { class: "note trace-card" },
    h("p", {}, h("strong", {}, r.code), ` — ${r.programme.name} (${r.programme.ownerOrganisation})`),
    h("p", {}, `Holder: ${r.holder.name ?? "(not shown)"} · ${r.holder.kind}${r.holder.address ? ` · ${r.holder.address} ${r.holder.postcode ?? ""}` : ""}${r.holder.assetReference ? ` · ${r.holder.assetReference}` : ""}`),
    r.items.length ? h("p", {}, `Items marked: ${r.items.map((i: Json) => [i.description, i.make, i.serial].filter(Boolean).join(" ")).join("; ")}`) : null,
    r.stolenIn.length
      ? table(["Crime", "Category", "Occurred", "Owner", "Officer in charge", "Stolen"], r.stolenIn.map((c: Json) => [c.reference, c.category, c.occurredFrom.slice(0, 10), c.ownerOrganisation, c.officerInCharge ?? "", c.itemsStolen.join("; ")]))
      : h("p", {}, "Not recorded stolen in any crime you can see."),
    r.returned.length ? h("p", {}, `Returned before: ${r.returned.map((x: Json) => `${x.itemDescription} (${x.returnedAt.slice(0, 10)})`).join("; ")}`) : null);
}

function renderVisits(root: HTMLElement, me: Me, config: WebConfig): () => void {
  if (me.organisationKind !== "PoliceForce") {
    replace(root, note("Visits are seen by police forces only.", "warn"));
    return () => undefined;
  }
  const mapBox = h("div", { style: "height:380px", "data-testid": "visits-map" });
  const listBox = h("div", {}, note("Loading visits…"));
  const out = h("div", {});
  const form = h("form", { class: "inline-form" },
    field("Kind", h("select", { name: "premisesKind" }, ["second-hand-shop", "pawnbroker", "scrap-yard", "other"].map((k) => h("option", { value: k }, k)))),
    field("Premises", input("premisesName")), field("Licence no.", input("licenceNumber", { size: "14" })), field("Date", input("visitedOn", { type: "date", required: "true" })),
    field("Officers (;)", input("officers", { required: "true" })), field("Items scanned", input("itemsScanned", { type: "number", value: "0", min: "0" })),
    field("Positives", input("positives", { type: "number", value: "0", min: "0" })), field("Codes found (;)", input("codesFound")),
    field("Latitude", input("latitude", { size: "8" })), field("Longitude", input("longitude", { size: "8" })), h("button", { type: "submit" }, "Record visit"));
  const map = baseMap(mapBox, config);
  let layer: L.GeoJSON | null = null;
  const load = async (): Promise<void> => {
    const [visits, geo] = await Promise.all([getJson<Json[]>("/api/marking/visits"), getJson<FeatureCollection>("/api/marking/visits.geojson")]);
    replace(listBox, table(["Date", "Premises", "Kind", "Licence", "Officers", "Scanned", "Positives", "Codes"], visits.map((v) => [
      v.visitedOn, v.premisesName, v.premisesKind, v.licenceNumber ?? "", v.officers.join(", "), v.itemsScanned, v.positives, v.codesFound.join(", "),
    ]), "visits"));
    layer?.remove();
    layer = L.geoJSON(geo, {
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 8, color: "#1d3557", weight: 1, fillColor: (f.properties?.["positives"] ?? 0) > 0 ? "#d1495b" : "#457b9d", fillOpacity: 0.8 }),
      onEachFeature: (f, l) => l.bindTooltip(`${f.properties?.["premisesName"]} ${f.properties?.["visitedOn"]}: ${f.properties?.["positives"]}/${f.properties?.["itemsScanned"]} positive`),
    }).addTo(map);
    if (layer.getBounds().isValid()) {
      map.fitBounds(layer.getBounds().pad(0.3));
    }
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const list = (s?: string) => (s ?? "").split(";").map((x) => x.trim()).filter((x) => x);
    postJson("/api/marking/visits", {
      ...v, officers: list(v["officers"]), codesFound: list(v["codesFound"]), itemsScanned: Number(v["itemsScanned"]), positives: Number(v["positives"]),
      latitude: v["latitude"] ? Number(v["latitude"]) : null, longitude: v["longitude"] ? Number(v["longitude"]) : null,
    }).then(() => { replace(out, note("Visit recorded.")); void load(); }).catch((e) => replace(out, problemBox(e, "Not recorded")));
  });
  replace(root, h("h2", {}, "Visits to second-hand shops, pawnbrokers and scrap yards"), mapBox, listBox, isPolice(me) ? h("details", {}, h("summary", {}, "Record a visit"), form, out) : null);
  void load().catch((e) => replace(listBox, problemBox(e)));
  return () => map.remove();
}
