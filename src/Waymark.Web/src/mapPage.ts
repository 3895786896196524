// The map page: filters and tools on the left, the map in the middle, a panel on the right for a crime's details,
// the crimes in a drawn selection, or the trends. Everything it shows follows the state in the URL (state.ts).
// Over the crimes: the organisation's assets (and, for police, partners' assets shared with police), and toasts for
// alerts arriving live.
import L from "leaflet";
import { type AlertFeed, severityBadge, Toasts } from "./alertFeed";
import { ApiError, getJson, isAbort, postJson } from "./api";
import { type AssetCollection, AssetLayer } from "./assetLayer";
import type { Catalogue } from "./catalogue";
import { crimeProblem, loadCrime, renderCrime } from "./crimeDetails";
import { h, note, problemBox, replace } from "./dom";
import { DrawTool, formatRadius } from "./draw";
import { downloadExport, type ExportFormat } from "./exporting";
import { renderFilters } from "./filters";
import { count, date, isPolice, monthLabel, num } from "./format";
import { clusterDates, formatP, MapView, recurrence } from "./mapView";
import {
  addSelectionParams, emptyFilters, filterParams, hasFilters, parseState, selectionPolygon, Store,
  type LayerMode, type MapState, type Panel, type Selection,
} from "./state";
import { loadTrends, renderTrends, trendsProblem } from "./trends";
import type { AlertView, Crime, CrimePage, DensitySurface, EmergingClusters, GridCollection, HotspotCollection, Me, WebConfig } from "./types";

/** The most crimes drawn as points at once (the API's largest page). Beyond it the map says how many are not drawn. */
const pointCap = 5000;
/** In automatic mode, views with more crimes than this are shown as grid counts rather than points. */
const autoPointLimit = 3000;
/** In automatic mode, from this zoom on (a town) crimes are always drawn as points. */
const autoPointsZoom = 12;
const selectionPageSize = 100;
/** The emerging clusters overlay scans the crimes of this many days up to today. */
const clusterStudyDays = 90;

/** The grid cell for a zoom level: about 20–60 pixels across on screen. */
export function cellFor(zoom: number): number {
  if (zoom < 6) return 25_000;
  if (zoom < 7.5) return 10_000;
  if (zoom < 8.5) return 5_000;
  if (zoom < 10) return 2_000;
  return 1_000;
}

export function renderMapPage(
  root: HTMLElement, me: Me, config: WebConfig, catalogue: Catalogue, feed: AlertFeed | null = null, navigate: (path: string) => void = (p) => location.assign(p),
): () => void {
  const store = new Store(parseState(location.search));
  const controllers = new Map<string, AbortController>();
  const fresh = (key: string) => {
    controllers.get(key)?.abort();
    const c = new AbortController();
    controllers.set(key, c);
    return c.signal;
  };
  let gridAvailable = true;
  let purpose: string | null = null;

  // ---- layout
  const mapElement = h("div", { class: "map", id: "map", tabindex: 0, role: "region" });
  const status = h("div", { class: "map-status", role: "status", "aria-live": "polite", "data-testid": "map-status", "data-state": "loading" }, "Loading crimes…");
  const hint = h("div", { class: "map-hint", role: "status", "aria-live": "assertive", hidden: true });
  const empty = h("div", { class: "map-empty", hidden: true, "data-testid": "map-empty" });
  const clusterStatus = h("div", { class: "map-status", role: "status", "aria-live": "polite", "data-testid": "clusters-status", hidden: true });
  const panelBody = h("div", { class: "panel-body" });
  const tabs = h("div", { class: "panel-tabs", role: "tablist", "aria-label": "Panel" });
  const panel = h("aside", { class: "panel", "aria-label": "Details", hidden: true }, h("div", { class: "panel-head" }, tabs,
    h("button", { type: "button", class: "icon-button", "aria-label": "Close the panel", title: "Close", onclick: () => store.update({ panel: null, crime: null }) }, "×")), panelBody);
  const trendsButton = h("button", { type: "button", class: "map-button", "aria-pressed": "false", onclick: () => togglePanel("trends") }, "Trends");
  const toolbar = h("div", { class: "map-toolbar" },
    h("button", { type: "button", class: "map-button", onclick: () => view.showWholeCountry() }, "Whole country"),
    trendsButton);

  const layers = renderLayers(store);
  const overlays = renderOverlays(store, isPolice(me.role));
  const toasts = new Toasts((a) => void showAlert(a));
  const selectionTools = h("section", { class: "tools", "aria-labelledby": "selection-heading" });
  const exportTools = h("section", { class: "tools", "aria-labelledby": "export-heading" });
  const sidebar = h("aside", { class: "sidebar", "aria-label": "Filters and tools" },
    renderFilters(store, catalogue, me), layers.element, overlays.element, selectionTools, exportTools);
  const page = h("main", { id: "main", class: "map-page" }, sidebar,
    // The toolbar and status come before the map in the tab order, ahead of the map's many markers.
    h("section", { class: "map-area", "aria-label": "Map" }, toolbar, h("div", { class: "map-statuses" }, status, clusterStatus), mapElement, hint, empty, toasts.element), panel);
  replace(root, page);

  const view = new MapView(mapElement, config, catalogue, {
    onMove: (v) => store.update({ view: { lat: round4(v.lat), lon: round4(v.lon), zoom: v.zoom } }),
    onCrimeClick: (id) => store.update({ crime: id, panel: "crime" }),
  }, store.current.view);
  view.outline.catch((e: unknown) => {
    hint.hidden = false;
    replace(hint, problemBox(e, "The outline of the United Kingdom could not be loaded"));
  });
  const resize = new ResizeObserver(() => view.invalidateSize());
  resize.observe(mapElement);

  const radius = h("input", { id: "draw-radius", type: "number", min: 0.1, max: 500, step: 0.1, value: 5, inputmode: "decimal" });
  const draw = new DrawTool(view.map, {
    onHint: (text) => {
      if (text) {
        hint.hidden = false;
        replace(hint, text);
      } else {
        hint.hidden = true;
      }
      renderSelectionTools();
    },
    onDone: (drawn) => {
      if (drawn.kind === "polygon" || drawn.kind === "circle") {
        store.update({ selection: drawn, panel: "selection", crime: null });
      }
    },
    onCancel: () => renderSelectionTools(),
  }, () => Math.min(500_000, Math.max(100, Number(radius.value) * 1000 || 5000)));

  // ---- assets and alerts
  const assetLayer = new AssetLayer(view.map);
  async function loadAssets(): Promise<void> {
    const s = store.current;
    if (!s.assets && !s.sharedAssets) {
      controllers.get("assets")?.abort();
      assetLayer.show(null);
      overlays.assetNote(null);
      return;
    }
    const signal = fresh("assets");
    try {
      // scope=shared answers the organisation's own assets and those others share with police.
      const p = new URLSearchParams(s.sharedAssets && isPolice(me.role) ? { scope: "shared" } : {});
      const all = await getJson<AssetCollection>("/api/assets/geojson", p, signal);
      const features = all.features.filter((f) => (f.properties.own === false ? s.sharedAssets : s.assets));
      assetLayer.show({ ...all, features });
      const own = features.filter((f) => f.properties.own !== false).length;
      const others = features.length - own;
      overlays.assetNote(features.length === 0
        ? s.assets ? "No assets to show. Add them on the Assets page." : "No partner has shared an asset with police."
        : [s.assets ? count(own, "asset") + " of yours" : "", s.sharedAssets ? `${count(others, "shared asset")}` : ""].filter((x) => x).join(", ") + " shown.");
    } catch (e) {
      if (!isAbort(e)) {
        assetLayer.show(null);
        overlays.assetNote(null, e);
      }
    }
  }

  /** "Show" on a toast: the map goes to the alert, a popup says what it is, and its crime opens in the panel. */
  async function showAlert(alert: AlertView): Promise<void> {
    if (alert.latitude === null || alert.latitude === undefined || alert.longitude === null || alert.longitude === undefined) {
      return;
    }
    const at = L.latLng(alert.latitude, alert.longitude);
    view.map.setView(at, Math.max(view.zoom, 15));
    const open = h("a", { href: `/alerts?alert=${alert.id}`, onclick: (ev: Event) => { ev.preventDefault(); navigate(`/alerts?alert=${alert.id}`); } }, "Open the alert");
    const popup = h("div", { class: "alert-popup", "data-testid": "alert-popup" },
      h("p", { class: "alert-popup-title" }, severityBadge(alert.severity), " ", alert.title),
      h("p", {}, alert.summary),
      h("p", {}, open));
    L.popup({ maxWidth: 300, offset: L.point(0, -12), autoPanPaddingTopLeft: L.point(20, 140) }).setLatLng(at).setContent(popup).openOn(view.map);
    open.focus();
    const crime = (alert.evidence?.["crime"] as { id?: string } | undefined)?.id;
    if (crime && /^[0-9a-f-]{36}$/i.test(crime)) {
      store.update({ crime, panel: "crime" });
    }
    try {
      await getJson<AlertView>(`/api/alerts/${alert.id}`); // opening it marks it read
    } finally {
      void feed?.refresh();
    }
  }

  const unsubscribeAlerts = feed?.onAlert((a) => {
    // New alerts and recurrences; an alert someone acknowledged, assigned or closed is not news.
    if (a.status === "Open") {
      toasts.show(a);
    }
    if (a.kind === "crime-near-asset" || a.kind === "near-repeat-risk") {
      scheduleData(500); // the crime behind it is new on the map too
    }
  }) ?? (() => undefined);

  // ---- data on the map
  let dataTimer = 0;
  const scheduleData = (delay = 200) => {
    window.clearTimeout(dataTimer);
    dataTimer = window.setTimeout(() => void loadData(), delay);
  };

  function scopeParams(s: MapState, useView: boolean): URLSearchParams {
    const p = filterParams(s.filters);
    if (s.selection) {
      addSelectionParams(p, s.selection);
    } else if (useView) {
      p.set("bbox", view.bbox());
    }
    return p;
  }

  async function searchCrimes(s: MapState, pageSize: number, page: number, signal: AbortSignal): Promise<CrimePage> {
    if (s.selection?.kind === "polygon") {
      const f = s.filters;
      const p = filterParams(f);
      const body = {
        polygon: selectionPolygon(s.selection),
        from: p.get("from") ?? undefined,
        to: p.get("to") ?? undefined,
        category: f.categories.length ? f.categories : undefined,
        sector: f.sectors.length ? f.sectors : undefined,
        owner: f.owner ? [f.owner] : undefined,
        q: f.q.trim() || undefined,
        page,
        pageSize,
      };
      return (await postJson<CrimePage>("/api/crimes/search", body, signal))!;
    }
    const p = scopeParams(s, true);
    p.set("pageSize", String(pageSize));
    p.set("page", String(page));
    return getJson<CrimePage>("/api/crimes", p, signal);
  }

  function setStatus(state: "loading" | "ready" | "error", ...content: (string | Node)[]): void {
    status.dataset["state"] = state;
    replace(status, ...content);
  }

  async function loadData(): Promise<void> {
    const s = store.current;
    const signal = fresh("data");
    const where = s.selection ? "in the selection" : "in view";
    const zoom = view.zoom;
    const wantGrid = s.layer === "grid" || (s.layer === "auto" && zoom < autoPointsZoom && gridAvailable);
    setStatus("loading", "Loading crimes…");
    try {
      if (s.layer === "hex" || s.layer === "density" || s.layer === "hotspots") {
        await loadSurface(s, s.layer, zoom, where, signal);
        return;
      }
      let gridNote: string | null = null;
      if (wantGrid) {
        const cell = cellFor(zoom);
        const p = scopeParams(s, true);
        p.set("cell", String(cell));
        try {
          const grid = await getJson<GridCollection>("/api/analytics/grid", p, signal);
          const total = grid.total ?? grid.features.reduce((a, f) => a + f.properties.count, 0);
          if (s.layer === "grid" || total > autoPointLimit) {
            view.showCounts(grid, `Crimes per ${formatRadius(cell)} square`);
            showEmpty(total === 0, s);
            status.dataset["total"] = String(total);
            status.dataset["shown"] = "0";
            setStatus("ready", `${count(total, "crime")} ${where}, counted in ${formatRadius(cell)} cells (${num(grid.features.length)} cells). `,
              s.layer === "auto" ? "Zoom in to see individual crimes." : "Choose “Crime points” to see individual crimes.",
              grid.note ? ` ${grid.note}` : "");
            return;
          }
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404)) {
            throw e;
          }
          gridAvailable = false;
          layers.markGridMissing();
          if (s.layer === "grid") {
            view.clearData();
            showEmpty(false, s);
            setStatus("error", problemBox(e, "Grid counts are not available"),
              "This server does not offer grid counts yet (GET /api/analytics/grid answered 404). Choose “Crime points” or “Automatic”.");
            return;
          }
          gridNote = "Grid counts are not available on this server, so crimes are drawn as points.";
        }
      }

      const page = await searchCrimes(s, pointCap, 1, signal);
      view.showPoints(page.items);
      showEmpty(page.total === 0, s);
      status.dataset["total"] = String(page.total);
      status.dataset["shown"] = String(page.items.length);
      const located = page.items.filter((c) => c.latitude !== undefined).length;
      const parts: string[] = [];
      if (page.total > page.items.length) {
        parts.push(`Showing the newest ${num(page.items.length)} of ${count(page.total, "crime")} ${where}. Zoom in or narrow the filters to see them all.`);
      } else {
        parts.push(`${count(page.total, "crime")} ${where}.`);
      }
      if (located < page.items.length) {
        parts.push(`${num(page.items.length - located)} without a location are not drawn.`);
      }
      if (gridNote) {
        parts.push(gridNote);
      }
      setStatus("ready", parts.join(" "));
    } catch (e) {
      if (isAbort(e)) {
        return;
      }
      view.clearData();
      showEmpty(false, s);
      setStatus("error", problemBox(e, "Crimes could not be loaded"));
    }
  }

  /** Hexagon counts or the kernel density surface: analyses of the crimes in view (or the selection). */
  async function loadSurface(s: MapState, layer: "hex" | "density" | "hotspots", zoom: number, where: string, signal: AbortSignal): Promise<void> {
    const p = scopeParams(s, true);
    const endpoint = `/api/analytics/${layer === "hex" ? "hexbins" : layer === "density" ? "kde" : "hotspots"}`;
    try {
      if (layer === "hotspots") {
        const cell = cellFor(zoom);
        p.set("cell", String(cell));
        p.set("fdr", "true");
        const spots = await getJson<HotspotCollection>(endpoint, p, signal);
        view.showHotspots(spots);
        showEmpty(spots.total === 0, s);
        status.dataset["total"] = String(spots.total ?? 0);
        status.dataset["shown"] = "0";
        setStatus("ready", `Getis-Ord Gi* on ${count(spots.total ?? 0, "crime")} ${where} in ${formatRadius(cell)} cells: `,
          `${count(spots.hotspots ?? 0, "hotspot cell")} and ${count(spots.coldspots ?? 0, "coldspot cell")} significant at ${Math.round((1 - (spots.alpha ?? 0.05)) * 100)}% (false discovery rate controlled).`,
          spots.note ? ` ${spots.note}` : "");
      } else if (layer === "hex") {
        // A hexagon of centre-to-vertex size s has the area of a square of side 1.61 s: match the grid's cells.
        const size = Math.round(cellFor(zoom) / 1.61);
        p.set("size", String(size));
        const hexes = await getJson<GridCollection>(endpoint, p, signal);
        const total = hexes.total ?? hexes.features.reduce((a, f) => a + f.properties.count, 0);
        view.showCounts(hexes, `Crimes per hexagon (${formatRadius(size)} centre to corner)`);
        showEmpty(total === 0, s);
        status.dataset["total"] = String(total);
        status.dataset["shown"] = "0";
        setStatus("ready", `${count(total, "crime")} ${where}, counted in ${num(hexes.features.length)} hexagons.`, hexes.note ? ` ${hexes.note}` : "");
      } else {
        const surface = await getJson<DensitySurface>(endpoint, p, signal);
        view.showDensity(surface);
        showEmpty(surface.total === 0, s);
        status.dataset["total"] = String(surface.total ?? 0);
        status.dataset["shown"] = "0";
        setStatus("ready", `Kernel density of ${count(surface.total ?? 0, "crime")} ${where}: yellow to red, denser.`, surface.note ? ` ${surface.note}` : "");
      }
    } catch (e) {
      if (isAbort(e)) {
        throw e;
      }
      view.clearData();
      showEmpty(false, s);
      const what = layer === "hex" ? "Hexagon counts" : layer === "density" ? "The density surface" : "Hotspots";
      setStatus("error", problemBox(e, e instanceof ApiError && e.status === 404 ? `${what} are not available on this server` : `${what} could not be made`));
    }
  }

  /**
   * The emerging clusters overlay: the space-time scan of the crimes matching the filters (and inside the selection)
   * over the last 90 days. It covers the whole area, not the view, so moving the map does not reload it.
   */
  async function loadClusters(): Promise<void> {
    const s = store.current;
    if (!s.clusters) {
      controllers.get("clusters")?.abort();
      view.showClusters(null);
      clusterStatus.hidden = true;
      delete clusterStatus.dataset["state"];
      return;
    }
    const signal = fresh("clusters");
    const setClusterStatus = (state: "loading" | "ready" | "error", ...content: (string | Node)[]) => {
      clusterStatus.hidden = false;
      clusterStatus.dataset["state"] = state;
      replace(clusterStatus, ...content);
    };
    setClusterStatus("loading", `Looking for emerging clusters in the last ${clusterStudyDays} days…`);
    const p = scopeParams(s, false);
    p.set("studyDays", String(clusterStudyDays));
    try {
      const result = await getJson<EmergingClusters>("/api/analytics/clusters", p, signal);
      const significant = result.clusters.filter((c) => c.significant);
      view.showClusters(result);
      clusterStatus.dataset["significant"] = String(significant.length);
      const where = s.selection ? " in the selection" : "";
      const top = significant[0];
      if (!top) {
        setClusterStatus("ready", `No significant emerging clusters${where} in the last ${clusterStudyDays} days (${count(result.events, "crime")} scanned).`,
          result.clusters.length > 0 ? " The strongest candidates are drawn faintly, dashed." : "", result.note ? ` ${result.note}` : "");
        return;
      }
      const every = recurrence(top.recurrenceIntervalDays);
      setClusterStatus("ready",
        h("strong", {}, `${count(significant.length, "emerging cluster")}${where} in the last ${clusterStudyDays} days. `),
        `${significant.length > 1 ? "Strongest: " : ""}${count(top.observed, "crime")} observed where ${top.expected.toFixed(1)} expected, ${clusterDates(top)}; `,
        `${formatP(top.p)}${every ? `, ${every}` : ""}.`,
        result.note ? ` ${result.note}` : "", " ",
        h("button", { type: "button", class: "link-button", onclick: () => view.fitClusters(significant) }, significant.length > 1 ? "Zoom to them" : "Zoom to it"));
    } catch (e) {
      if (isAbort(e)) {
        return;
      }
      view.showClusters(null);
      clusterStatus.dataset["significant"] = "0";
      setClusterStatus("error", problemBox(e, e instanceof ApiError && e.status === 404
        ? "Emerging clusters are not available on this server" : "Emerging clusters could not be found"));
    }
  }

  function showEmpty(isEmpty: boolean, s: MapState): void {
    empty.hidden = !isEmpty;
    if (!isEmpty) {
      return;
    }
    const filtered = hasFilters(s.filters);
    replace(empty,
      h("p", { class: "empty-title" }, s.selection ? "No crimes in the selection" : "No crimes here"),
      h("p", {}, filtered
        ? "No crime you may see matches these filters in this area. Clear the filters, zoom out or move the map."
        : "No crime you may see is recorded in this area. Zoom out or move the map, or import crimes on the Import page."),
      h("div", { class: "chips" },
        filtered ? h("button", { type: "button", onclick: () => store.update({ filters: emptyFilters() }) }, "Clear filters") : null,
        s.selection ? h("button", { type: "button", onclick: () => store.update({ selection: null }) }, "Clear the selection") : null,
        h("button", { type: "button", onclick: () => view.showWholeCountry() }, "Whole country")));
  }

  // ---- selection tools and export (sidebar)
  function renderSelectionTools(): void {
    const s = store.current.selection;
    const drawing = draw.active;
    replace(selectionTools,
      h("h2", { id: "selection-heading" }, "Selection"),
      h("p", { class: "help" }, s ? describeSelection(s) : "Draw an area to see, count and export only the crimes inside it."),
      h("div", { class: "button-row" },
        h("button", { type: "button", "aria-pressed": String(drawing === "polygon"), onclick: () => (drawing === "polygon" ? draw.cancel() : startDrawing("polygon")) },
          drawing === "polygon" ? "Cancel polygon" : "Draw polygon"),
        h("button", { type: "button", "aria-pressed": String(drawing === "circle"), onclick: () => (drawing === "circle" ? draw.cancel() : startDrawing("circle")) },
          drawing === "circle" ? "Cancel circle" : "Draw circle")),
      h("div", { class: "field inline" }, h("label", { for: "draw-radius" }, "Circle radius for Enter (km)"), radius),
      s ? h("div", { class: "button-row" },
        h("button", { type: "button", onclick: () => store.update({ panel: "selection", crime: null }) }, "List crimes"),
        h("button", { type: "button", onclick: () => view.fitSelection(s) }, "Zoom to it"),
        h("button", { type: "button", onclick: () => store.update({ selection: null, panel: store.current.panel === "selection" ? null : store.current.panel }) }, "Clear")) : null);
  }

  function startDrawing(mode: "polygon" | "circle"): void {
    draw.start(mode);
    mapElement.focus();
  }

  const exportPurpose = h("input", { id: "export-purpose", type: "text", maxlength: 200, autocomplete: "off" });
  const exportMessages = h("div", { class: "export-messages", "aria-live": "polite" });
  function renderExportTools(): void {
    const s = store.current;
    const scope = s.selection ? "the crimes in the selection" : "the crimes in the map view";
    const button = (format: ExportFormat, text: string) => h("button", {
      type: "button",
      onclick: async (ev: Event) => {
        const b = ev.currentTarget as HTMLButtonElement;
        b.disabled = true;
        replace(exportMessages, note(`Preparing the ${text} file…`));
        try {
          const p = scopeParams(store.current, true);
          if (exportPurpose.value.trim()) {
            p.set("purpose", exportPurpose.value.trim());
          }
          const name = await downloadExport(p, format);
          replace(exportMessages, note(`Downloaded ${name}.`));
        } catch (e) {
          replace(exportMessages, problemBox(e, "The export failed"));
        } finally {
          b.disabled = false;
        }
      },
    }, text);
    replace(exportTools,
      h("h2", { id: "export-heading" }, "Export"),
      h("p", { class: "help" }, `Downloads ${scope} that match the filters — only what your role may see.`),
      isPolice(me.role) ? h("div", { class: "field" }, h("label", { for: "export-purpose" }, "Purpose, to include personal data (audited)"), exportPurpose) : null,
      h("div", { class: "button-row" }, button("csv", "CSV"), button("geojson", "GeoJSON")),
      exportMessages);
  }

  // ---- right panel
  function togglePanel(p: Panel): void {
    store.update({ panel: store.current.panel === p ? null : p });
  }

  function renderTabs(s: MapState): void {
    const tab = (p: Panel, text: string, enabled: boolean) => h("button", {
      type: "button",
      role: "tab",
      id: `tab-${p}`,
      "aria-selected": String(s.panel === p),
      tabindex: s.panel === p ? 0 : -1,
      disabled: !enabled,
      onclick: () => store.update({ panel: p }),
      onkeydown: (ev: Event) => moveTab(ev as KeyboardEvent),
    }, text);
    replace(tabs, tab("crime", "Crime", !!s.crime), tab("selection", "Selection", !!s.selection), tab("trends", "Trends", true));
  }

  function moveTab(ev: KeyboardEvent): void {
    if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") {
      return;
    }
    const all = [...tabs.querySelectorAll<HTMLButtonElement>("[role=tab]:not([disabled])")];
    const i = all.indexOf(ev.currentTarget as HTMLButtonElement);
    const next = all[(i + (ev.key === "ArrowRight" ? 1 : all.length - 1)) % all.length];
    next?.click();
    next?.focus();
  }

  async function renderPanel(focus: boolean, pan: boolean): Promise<void> {
    const s = store.current;
    panel.hidden = s.panel === null;
    trendsButton.setAttribute("aria-pressed", String(s.panel === "trends"));
    renderTabs(s);
    if (s.panel !== "crime") {
      view.highlightCrime(null, false);
    }
    if (s.panel === null) {
      return;
    }
    panelBody.setAttribute("role", "tabpanel");
    panelBody.setAttribute("aria-labelledby", `tab-${s.panel}`);
    const signal = fresh("panel");
    replace(panelBody, note("Loading…"));
    try {
      if (s.panel === "crime" && s.crime) {
        await showCrime(s.crime, signal, pan);
      } else if (s.panel === "crime") {
        replace(panelBody, note("Choose a crime on the map, or in a selection's list, to see its details.", "empty"));
      } else if (s.panel === "selection") {
        await showSelectionList(s, 1, signal);
      } else {
        await showTrends(s, signal);
      }
      if (focus) {
        panelBody.querySelector<HTMLElement>("h2")?.focus();
      }
    } catch (e) {
      if (!isAbort(e)) {
        replace(panelBody, problemBox(e));
      }
    }
  }

  // A link to a crime without a map view (?crime=ID) opens the map on that crime.
  let zoomToLinkedCrime = store.current.crime !== null && store.current.view === null;

  async function showCrime(id: string, signal: AbortSignal, pan: boolean): Promise<void> {
    try {
      const crime = await loadCrime(id, purpose, signal);
      const article = renderCrime(crime, catalogue, me, (stated) => {
        purpose = stated;
        void renderPanel(true, false);
      });
      article.querySelector("h2")?.setAttribute("tabindex", "-1");
      replace(panelBody, article);
      view.highlightCrime(crime, pan, zoomToLinkedCrime);
      zoomToLinkedCrime = false;
    } catch (e) {
      if (isAbort(e)) {
        throw e;
      }
      view.highlightCrime(null, false);
      replace(panelBody, h("h2", { tabindex: -1 }, "Crime"), crimeProblem(e));
    }
  }

  async function showSelectionList(s: MapState, page: number, signal: AbortSignal): Promise<void> {
    if (!s.selection) {
      replace(panelBody, h("h2", { tabindex: -1 }, "Selection"), note("Draw a polygon or a circle on the map (Selection, in the left column) to list the crimes inside it.", "empty"));
      return;
    }
    const result = await searchCrimes(s, selectionPageSize, page, signal);
    const pages = Math.max(1, Math.ceil(result.total / selectionPageSize));
    const list = h("ol", { class: "crime-list", start: (page - 1) * selectionPageSize + 1 }, result.items.map((c: Crime) => h("li", {},
      h("button", { type: "button", class: "crime-row", onclick: () => store.update({ crime: c.id, panel: "crime" }) },
        h("span", { class: "crime-row-title" }, catalogue.categoryName(c.category)),
        h("span", { class: "crime-row-meta" }, `${occurred(c)} · ${c.reference}${c.locationDescription ? ` · ${c.locationDescription}` : ""}`)))));
    const pager = pages > 1 ? h("div", { class: "button-row pager" },
      h("button", { type: "button", disabled: page <= 1, onclick: () => void showSelectionList(store.current, page - 1, fresh("panel")) }, "Newer"),
      h("span", {}, `Page ${num(page)} of ${num(pages)}`),
      h("button", { type: "button", disabled: page >= pages, onclick: () => void showSelectionList(store.current, page + 1, fresh("panel")) }, "Older")) : null;
    replace(panelBody,
      h("h2", { tabindex: -1 }, "Crimes in the selection"),
      h("p", { class: "help" }, `${describeSelection(s.selection)} — ${count(result.total, "crime")} match the filters, newest first.`),
      result.total === 0 ? note("No crime you may see lies inside the selection with these filters.", "empty") : list,
      pager);
  }

  const trendsInView = h("input", { id: "trends-in-view", type: "checkbox" });
  trendsInView.addEventListener("change", () => void renderPanel(false, false));
  async function showTrends(s: MapState, signal: AbortSignal): Promise<void> {
    const useView = !s.selection && trendsInView.checked;
    const scope = s.selection ? "In the selection" : useView ? "In the map view" : "Everywhere";
    const heading = h("h2", { tabindex: -1 }, "Trends");
    const option = s.selection ? null : h("div", { class: "check" }, trendsInView, h("label", { for: "trends-in-view" }, "Only the area in the map view"));
    replace(panelBody, heading, option, note("Loading the trends…"));
    try {
      const trends = await loadTrends(scopeParams(s, useView), signal);
      const width = Math.max(280, panelBody.clientWidth - 8);
      replace(panelBody, heading, option, renderTrends(trends, catalogue, `${scope}, ${hasFilters(s.filters) ? "matching the filters" : "all crimes you may see"}`, width));
    } catch (e) {
      if (isAbort(e)) {
        throw e;
      }
      replace(panelBody, heading, option, trendsProblem(e));
    }
  }

  // ---- wiring
  const unsubscribe = store.subscribe((s, prev) => {
    const filtersChanged = s.filters !== prev.filters;
    const selectionChanged = s.selection !== prev.selection;
    const viewChanged = s.view !== prev.view;
    if (filtersChanged || selectionChanged || s.layer !== prev.layer) {
      scheduleData(filtersChanged ? 250 : 0);
    } else if (viewChanged) {
      scheduleData();
    }
    if (selectionChanged) {
      view.showSelection(s.selection);
      renderSelectionTools();
    }
    if (selectionChanged || filtersChanged) {
      renderExportTools();
    }
    if (s.clusters !== prev.clusters || (s.clusters && (selectionChanged || filtersChanged))) {
      void loadClusters();
    }
    const panelChanged = s.panel !== prev.panel || s.crime !== prev.crime;
    const panelData = (s.panel === "selection" || s.panel === "trends") && (filtersChanged || selectionChanged);
    const trendsFollowView = s.panel === "trends" && viewChanged && trendsInView.checked && !s.selection;
    if (panelChanged || panelData || trendsFollowView) {
      void renderPanel(panelChanged && s.panel !== null, false);
    }
    if (s.assets !== prev.assets || s.sharedAssets !== prev.sharedAssets) {
      void loadAssets();
    }
    layers.sync(s.layer);
    overlays.sync(s);
  });

  view.showSelection(store.current.selection);
  renderSelectionTools();
  renderExportTools();
  layers.sync(store.current.layer);
  overlays.sync(store.current);
  void loadClusters();
  void loadAssets();
  void renderPanel(false, true);
  scheduleData(0);

  return () => {
    unsubscribe();
    unsubscribeAlerts();
    assetLayer.remove();
    draw.cancel();
    resize.disconnect();
    window.clearTimeout(dataTimer);
    for (const c of controllers.values()) {
      c.abort();
    }
    view.map.remove();
  };
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** When a crime occurred, as precisely as its source says: police.uk publishes the month only. */
const occurred = (c: Crime) => (c.source === "policeuk" ? monthLabel(c.occurredFrom.slice(0, 7)) : date(c.occurredFrom));

function describeSelection(s: Selection): string {
  return s.kind === "circle"
    ? `Circle of ${formatRadius(s.radius)} around ${s.lat.toFixed(4)}, ${s.lon.toFixed(4)}`
    : `Polygon with ${s.ring.length} corners`;
}

/** The layer choice: automatic, points or grid counts. */
function renderLayers(store: Store): { element: HTMLElement; sync(mode: LayerMode): void; markGridMissing(): void } {
  const options: [LayerMode, string, string][] = [
    ["auto", "Automatic", `Points where there are up to ${num(autoPointLimit)} crimes in view or from town zoom on; grid counts beyond.`],
    ["points", "Crime points", `Clustered when dense; at most ${num(pointCap)} at once (the newest).`],
    ["grid", "Grid counts", "Crimes counted in squares of the British National Grid, sized to the zoom."],
    ["hex", "Hexagon counts", "Crimes counted in hexagons of the same area."],
    ["density", "Density (heat) surface", "Kernel density estimate of the crimes in view: where crime concentrates."],
    ["hotspots", "Hotspots and coldspots", "Getis-Ord Gi*: grid cells with significantly more (or fewer) crimes than their surroundings."],
  ];
  const radios = options.map(([value, text, help]) => {
    const input = h("input", { type: "radio", name: "layer", id: `layer-${value}`, value });
    input.addEventListener("change", () => {
      if (input.checked) {
        store.update({ layer: value });
      }
    });
    return { input, row: h("div", { class: "radio" }, input, h("label", { for: `layer-${value}` }, text, h("span", { class: "help" }, help))) };
  });
  const missing = h("p", { class: "note note-warn", hidden: true }, "This server does not offer grid counts yet (the grid endpoint answered 404).");
  const element = h("fieldset", { class: "layers" }, h("legend", {}, "Show crimes as"), radios.map((r) => r.row), missing);
  return {
    element,
    sync(mode) {
      for (const r of radios) {
        r.input.checked = r.input.value === mode;
      }
    },
    markGridMissing() {
      missing.hidden = false;
    },
  };
}

/** Overlays drawn over the crimes, whichever way they are shown: the emerging clusters and the assets. */
function renderOverlays(store: Store, police: boolean): {
  element: HTMLElement; sync(s: MapState): void; assetNote(text: string | null, problem?: unknown): void;
} {
  const box = h("input", { type: "checkbox", id: "overlay-clusters" });
  box.addEventListener("change", () => store.update({ clusters: box.checked }));
  const assets = h("input", { type: "checkbox", id: "overlay-assets" });
  assets.addEventListener("change", () => store.update({ assets: assets.checked }));
  const shared = police ? h("input", { type: "checkbox", id: "overlay-shared-assets" }) : null;
  shared?.addEventListener("change", () => store.update({ sharedAssets: shared.checked }));
  const note = h("div", { class: "help overlay-note", "aria-live": "polite", "data-testid": "assets-note" });
  const element = h("fieldset", { class: "layers overlays" }, h("legend", {}, "Overlays"),
    h("div", { class: "check" }, box, h("label", { for: "overlay-clusters" }, `Emerging clusters (last ${clusterStudyDays} days)`,
      h("span", { class: "help" }, "Space-time scan: places where crimes matching the filters recently came together more than chance would explain (p ≤ 0.05)."))),
    h("div", { class: "check" }, assets, h("label", { for: "overlay-assets" }, "Our assets",
      h("span", { class: "help" }, "Your organisation's assets, each with its buffer (the corridor in which a crime concerns it)."))),
    shared ? h("div", { class: "check" }, shared, h("label", { for: "overlay-shared-assets" }, "Partners' assets shared with police",
      h("span", { class: "help" }, "Cable routes, substations and other sites their owners shared with police (purple)."))) : null,
    note);
  return {
    element,
    sync(s) {
      box.checked = s.clusters;
      assets.checked = s.assets;
      if (shared) {
        shared.checked = s.sharedAssets;
      }
    },
    assetNote(text, problem) {
      replace(note, problem ? problemBox(problem, "The assets could not be loaded") : text ?? "");
    },
  };
}
