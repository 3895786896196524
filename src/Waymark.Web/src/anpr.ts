// The ANPR page (police roles): the cameras on a map, the force's hotlist (add, remove, bulk load), and the
// investigation query — a plate's movements in a range as a table and as a trail on the map. Every query carries the
// purpose and the investigation reference the server demands, and the justification when it reaches restricted reads.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { FeatureCollection } from "geojson";
import { getJson, postJson, request } from "./api";
import { h, note, problemBox, replace } from "./dom";
import type { Me } from "./types";

interface Camera { id: number; code: string; name: string; latitude: number; longitude: number; direction: string; bearing: number; lanes: number; status: string }
interface CameraRef { id: number; code: string; name: string; latitude: number; longitude: number; direction: string }
interface ReadView { plate: string; at: string; camera: CameraRef; format: string; lane?: number; confidence?: number }
interface Movements { plate: string; format: string; from: string; to: string; restricted: boolean; count: number; reads: ReadView[] }
interface HotlistEntry { id: string; plate: string; reason: string; action: string; source: string; expiresAt?: string; live: boolean }

export const anprRoles = ["police-analyst", "police-officer"];
export const mayUseAnpr = (me: Me): boolean => me.organisationKind === "PoliceForce" && anprRoles.includes(me.role);

const time = (iso: string): string => new Date(iso).toLocaleString("en-GB", { timeZone: "Europe/London", dateStyle: "medium", timeStyle: "medium" });
const localInput = (d: Date): string => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

export function renderAnprPage(root: HTMLElement, me: Me): () => void {
  if (!mayUseAnpr(me)) {
    replace(root, h("main", { id: "main", class: "page" }, h("h1", {}, "ANPR"),
      note("ANPR reads and hotlists are for police analysts and officers.", "warn")));
    return () => undefined;
  }

  const mapBox = h("div", { id: "anpr-map", class: "anpr-map", "aria-label": "ANPR cameras and the vehicle's trail" });
  const results = h("section", { class: "anpr-results", "aria-live": "polite", "data-testid": "anpr-results" });
  const params = new URLSearchParams(location.search);
  const plate = h("input", { id: "anpr-plate", name: "plate", required: true, value: params.get("plate") ?? "", spellcheck: "false", autocomplete: "off" });
  const now = new Date();
  const from = h("input", { id: "anpr-from", type: "datetime-local", value: localInput(new Date(now.getTime() - 14 * 86400000)) });
  const to = h("input", { id: "anpr-to", type: "datetime-local", value: localInput(now) });
  const purpose = h("input", { id: "anpr-purpose", required: true, placeholder: "why these reads are needed" });
  const reference = h("input", { id: "anpr-reference", required: true, placeholder: "crime number or operation" });
  const justification = h("textarea", { id: "anpr-justification", rows: 2, placeholder: "only for reads older than 90 days (police analysts)" });
  const run = h("button", { type: "submit", class: "primary" }, "Show movements");
  const form = h("form", { class: "anpr-form", "aria-labelledby": "anpr-query-heading" },
    h("h2", { id: "anpr-query-heading" }, "Movements of a plate"),
    h("label", { for: "anpr-plate" }, "Plate"), plate,
    h("label", { for: "anpr-from" }, "From"), from,
    h("label", { for: "anpr-to" }, "To"), to,
    h("label", { for: "anpr-purpose" }, "Purpose"), purpose,
    h("label", { for: "anpr-reference" }, "Investigation reference"), reference,
    h("label", { for: "anpr-justification" }, "Justification"), justification,
    run);

  const hotlist = h("section", { class: "anpr-hotlist", "aria-labelledby": "hotlist-heading" });
  replace(root, h("main", { id: "main", class: "page anpr-page" },
    h("h1", {}, "ANPR"),
    h("p", { class: "tagline" }, "Every query is recorded with its purpose and reference. Reads older than 90 days need a police analyst's justification."),
    h("div", { class: "anpr-layout" }, h("div", { class: "anpr-side" }, form), mapBox),
    results, hotlist));

  const map = L.map(mapBox, { minZoom: 4, maxZoom: 18, zoomSnap: 0.5 });
  map.fitBounds(L.latLngBounds([49.9, -8.2], [60.9, 1.8]));
  void getJson<FeatureCollection>("/geo/outline.geojson").then((outline) => L.geoJSON(outline, {
    interactive: false, style: { color: "#7d8a96", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1 },
  }).addTo(map).bringToBack());
  const cameraLayer = L.layerGroup().addTo(map);
  const trailLayer = L.layerGroup().addTo(map);

  void getJson<Camera[]>("/api/anpr/cameras").then((cameras) => {
    for (const c of cameras) {
      L.circleMarker([c.latitude, c.longitude], {
        radius: 6, color: c.status === "Active" ? "#1d3557" : "#b45309", weight: 2, fillColor: "#ffffff", fillOpacity: 1,
        className: "anpr-camera",
      }).bindTooltip(`${c.name} (${c.code}) — heading ${c.direction}, ${c.lanes} lanes, ${c.status.toLowerCase()}`).addTo(cameraLayer);
    }
    if (cameras.length > 0) {
      map.fitBounds(L.latLngBounds(cameras.map((c) => [c.latitude, c.longitude] as [number, number])).pad(0.2));
    }
    mapBox.dataset["cameras"] = String(cameras.length);
  }).catch((e: unknown) => results.append(problemBox(e, "Cameras could not be loaded")));

  async function showMovements(): Promise<void> {
    run.disabled = true;
    replace(results, note("Searching…"));
    trailLayer.clearLayers();
    const q = new URLSearchParams({
      plate: plate.value, from: new Date(from.value).toISOString(), to: new Date(to.value).toISOString(),
      purpose: purpose.value, reference: reference.value,
    });
    if (justification.value.trim()) {
      q.set("justification", justification.value.trim());
    }
    try {
      const m = await getJson<Movements>("/api/anpr/movements", q);
      const points = m.reads.map((r) => [r.camera.latitude, r.camera.longitude] as [number, number]);
      if (points.length > 0) {
        L.polyline(points, { color: "#c2410c", weight: 4, opacity: 0.85, className: "anpr-trail" }).addTo(trailLayer);
        m.reads.forEach((r, i) => L.circleMarker([r.camera.latitude, r.camera.longitude], { radius: 8, color: "#c2410c", fillColor: "#fed7aa", fillOpacity: 1 })
          .bindTooltip(`${i + 1}. ${time(r.at)} ${r.camera.name}`).addTo(trailLayer));
        map.fitBounds(L.latLngBounds(points).pad(0.3));
      }
      replace(results,
        h("h2", {}, `${m.plate} (${m.format}): ${m.count} reads`),
        m.restricted ? note("This range reaches restricted reads; your justification was recorded.", "warn") : null,
        m.count === 0 ? note("No reads of this plate in the range.", "empty") : h("table", { class: "compact", "data-testid": "anpr-reads" },
          h("thead", {}, h("tr", {}, h("th", {}, "#"), h("th", {}, "Time (UK)"), h("th", {}, "Camera"), h("th", {}, "Heading"), h("th", { class: "num" }, "Lane"), h("th", { class: "num" }, "Confidence"))),
          h("tbody", {}, m.reads.map((r, i) => h("tr", {},
            h("td", {}, i + 1), h("td", {}, time(r.at)), h("td", {}, `${r.camera.name} (${r.camera.code})`), h("td", {}, r.camera.direction),
            h("td", { class: "num" }, r.lane ?? ""), h("td", { class: "num" }, r.confidence ?? ""))))));
    } catch (e) {
      replace(results, problemBox(e, "The query was not run"));
    } finally {
      run.disabled = false;
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void showMovements();
  });

  async function loadHotlist(): Promise<void> {
    const newPlate = h("input", { id: "hot-plate", required: true });
    const reason = h("select", { id: "hot-reason" }, ["stolen", "wanted", "no-insurance", "no-tax", "intelligence", "missing-person", "other"].map((r) => h("option", { value: r }, r)));
    const action = h("input", { id: "hot-action", required: true, placeholder: "what an officer should do on a hit" });
    const source = h("input", { id: "hot-source", required: true, placeholder: "PNC, intelligence report…" });
    const file = h("input", { id: "hot-file", type: "file", accept: ".csv,text/csv" });
    const messages = h("div", {});
    const add = h("form", { class: "anpr-hot-form" },
      h("label", { for: "hot-plate" }, "Plate"), newPlate, h("label", { for: "hot-reason" }, "Reason"), reason,
      h("label", { for: "hot-action" }, "Action"), action, h("label", { for: "hot-source" }, "Source"), source,
      h("button", { type: "submit" }, "Add to hotlist"));
    add.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void postJson("/api/anpr/hotlist", { plate: newPlate.value, reason: reason.value, action: action.value, source: source.value })
        .then(() => loadHotlist()).catch((e: unknown) => replace(messages, problemBox(e, "Not added")));
    });
    file.addEventListener("change", () => {
      const f = file.files?.[0];
      if (!f) {
        return;
      }
      const body = new FormData();
      body.append("file", f);
      void request("/api/anpr/hotlist/upload", { method: "POST", body }).then(async (r) => {
        const report = (await r.json()) as { rows: number; added: number; rejections: { line: number; field: string; reason: string }[] };
        await loadHotlist();
        replace(messages, h("div", { "data-testid": "hotlist-upload-report" }, h("p", {}, `${report.rows} rows: ${report.added} added, ${report.rejections.length} refused.`),
          h("ul", {}, report.rejections.map((x) => h("li", {}, `Line ${x.line}: ${x.field} ${x.reason}`)))));
      }).catch((e: unknown) => replace(messages, problemBox(e, "The file was not loaded")));
    });
    try {
      const entries = await getJson<HotlistEntry[]>("/api/anpr/hotlist");
      replace(hotlist, h("h2", { id: "hotlist-heading" }, `Your force's hotlist (${entries.length})`),
        h("table", { class: "compact", "data-testid": "hotlist" },
          h("thead", {}, h("tr", {}, h("th", {}, "Plate"), h("th", {}, "Reason"), h("th", {}, "Action"), h("th", {}, "Source"), h("th", {}, "Expires"), h("th", {}, ""))),
          h("tbody", {}, entries.map((e) => h("tr", {},
            h("td", {}, h("a", { href: `/anpr?plate=${encodeURIComponent(e.plate)}`, onclick: (ev: Event) => { ev.preventDefault(); plate.value = e.plate; plate.focus(); } }, e.plate)),
            h("td", {}, e.reason), h("td", {}, e.action), h("td", {}, e.source), h("td", {}, e.expiresAt ? time(e.expiresAt) : "—"),
            h("td", {}, h("button", { type: "button", class: "link-button", onclick: () => {
              void request(`/api/anpr/hotlist/${e.id}`, { method: "DELETE" }).then(() => loadHotlist()).catch((x: unknown) => replace(messages, problemBox(x, "Not removed")));
            } }, "Remove")))))),
        h("h3", {}, "Add a plate"), add,
        h("p", {}, h("label", { for: "hot-file" }, "Load a hotlist file (CSV: plate,reason,action,source,expires) "), file),
        messages);
    } catch (e) {
      replace(hotlist, problemBox(e, "The hotlist could not be loaded"));
    }
  }

  void loadHotlist();
  return () => map.remove();
}
