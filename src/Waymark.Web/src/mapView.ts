// The Leaflet map: the shipped outline of the United Kingdom as base layer (or a deployment's own tile server),
// crime points clustered when dense, grid-cell counts, the selected crime and the drawn selection.
// Leaflet needs no WebGL, so the map works in any browser, headless ones included.
import L from "leaflet";
import "leaflet.markercluster";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import type { FeatureCollection } from "geojson";
import { getJson } from "./api";
import { colourGroupOf, colourGroups, type Catalogue } from "./catalogue";
import { h, replace } from "./dom";
import { count, date, monthLabel, num } from "./format";
import type { Selection } from "./state";
import type { Crime, DensitySurface, EmergingCluster, EmergingClusters, GridCell, GridCollection, HotspotCollection, WebConfig } from "./types";

/** Great Britain and Northern Ireland, for the first view and "Whole country". */
export const unitedKingdom = L.latLngBounds([49.9, -8.2], [60.9, 1.8]);

export interface View {
  lat: number;
  lon: number;
  zoom: number;
}

export interface MapViewEvents {
  onMove(view: View): void;
  onCrimeClick(id: string): void;
}

const guid = /^[0-9a-f-]{36}$/i;

export class MapView {
  readonly map: L.Map;
  private readonly points: L.MarkerClusterGroup;
  private readonly crimesById = new Map<string, Crime>();
  private grid: L.GeoJSON | null = null;
  private density: L.ImageOverlay | null = null;
  private highlight: L.CircleMarker | null = null;
  private selectionShape: L.Layer | null = null;
  private clusters: L.LayerGroup | null = null;
  /** The overlay's part of the legend, shown under the crime layer's while the overlay is on. */
  private readonly clusterLegend: HTMLElement;
  private readonly legend: HTMLDetailsElement;
  /** True once the person opened or folded the legend themselves: from then on it stays as they left it. */
  private legendChosen = false;
  private readonly legendBody: HTMLElement;

  constructor(container: HTMLElement, config: WebConfig, private readonly catalogue: Catalogue, events: MapViewEvents, initial: View | null) {
    this.map = L.map(container, {
      zoomSnap: 0.5,
      zoomDelta: 1,
      minZoom: 4,
      maxZoom: 18,
      worldCopyJump: false,
      keyboardPanDelta: 120,
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix("Leaflet");
    this.map.createPane("outline").style.zIndex = "250";
    this.map.createPane("cells").style.zIndex = "390";
    this.map.createPane("selection").style.zIndex = "420";
    // Emerging clusters: their true extent under the crimes, and a ring of fixed size above them (seen at any zoom).
    this.map.createPane("clusterAreas").style.zIndex = "430";
    this.map.createPane("clusterRings").style.zIndex = "620";
    this.map.createPane("highlight").style.zIndex = "650";
    this.map.getPane("highlight")!.style.pointerEvents = "none";

    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution ?? "", maxZoom: 19 }).addTo(this.map);
    }
    this.outline = this.loadOutline(!!config.tileUrl);

    this.points = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: (zoom: number) => (zoom >= 14 ? 28 : zoom >= 12 ? 40 : 48),
      chunkedLoading: true,
      spiderfyOnMaxZoom: true,
      disableClusteringAtZoom: 17,
      iconCreateFunction: (cluster) => {
        const n = cluster.getChildCount();
        const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
        return L.divIcon({
          html: `<span>${n >= 10000 ? `${Math.round(n / 1000)}k` : n}</span>`,
          className: `wm-cluster ${n < 10 ? "small" : n < 100 ? "medium" : "large"}`,
          iconSize: L.point(size, size),
        });
      },
    });
    this.points.addTo(this.map);

    this.legendBody = h("div", { class: "legend-body" });
    this.clusterLegend = h("div", { class: "legend-body legend-clusters", hidden: true });
    // Open on a wide map; folded where it would cover much of a narrow one (the side panel open at 1366 px).
    const summary = h("summary", {}, "Legend");
    summary.addEventListener("click", () => { this.legendChosen = true; });
    this.legend = h("details", { class: "map-legend leaflet-control", open: container.clientWidth >= 900 }, summary, this.legendBody, this.clusterLegend);
    const legendControl = new L.Control({ position: "bottomright" });
    legendControl.onAdd = () => {
      L.DomEvent.disableClickPropagation(this.legend);
      return this.legend;
    };
    legendControl.addTo(this.map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(this.map);

    if (initial) {
      this.map.setView([initial.lat, initial.lon], initial.zoom);
    } else {
      this.map.fitBounds(unitedKingdom);
    }
    this.map.on("moveend", () => {
      const c = this.map.getCenter();
      events.onMove({ lat: c.lat, lon: c.lng, zoom: this.map.getZoom() });
    });
    this.onCrimeClick = events.onCrimeClick;
    container.setAttribute("aria-label", "Crime map. Use the arrow keys to pan and plus or minus to zoom; Tab reaches the crimes and clusters shown.");
  }

  private readonly onCrimeClick: (id: string) => void;

  /** Settles when the base outline is drawn; rejects with the problem when it could not be loaded. */
  readonly outline: Promise<void>;

  private loadOutline(withTiles: boolean): Promise<void> {
    return drawOutline(this.map, withTiles);
  }

  /** minLon,minLat,maxLon,maxLat of what is on screen (a little beyond, so panning shows no gap), for bbox=. */
  bbox(): string {
    const b = this.map.getBounds().pad(0.05);
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(5)).join(",");
  }

  get zoom(): number {
    return this.map.getZoom();
  }

  showPoints(crimes: Crime[]): void {
    this.clearGrid();
    this.points.clearLayers();
    this.crimesById.clear();
    const markers: L.Marker[] = [];
    for (const c of crimes) {
      if (c.latitude === undefined || c.longitude === undefined || !guid.test(c.id)) {
        continue;
      }
      this.crimesById.set(c.id, c);
      const group = colourGroupOf(c.category, c.policeUkCategory);
      const when = c.source === "policeuk" ? monthLabel(c.occurredFrom.slice(0, 7)) : date(c.occurredFrom);
      const label = `${this.catalogue.categoryName(c.category)}, ${when}, ${c.reference}`;
      const marker = L.marker([c.latitude, c.longitude], {
        icon: L.divIcon({
          className: "crime-pin",
          html: `<span data-crime-id="${c.id}" style="background:${group.colour}"></span>`,
          iconSize: [14, 14],
        }),
        title: label,
        alt: label,
        keyboard: true,
        riseOnHover: true,
      });
      marker.on("click", () => this.onCrimeClick(c.id));
      markers.push(marker);
    }
    this.points.addLayers(markers);
    this.showPointLegend();
  }

  /** Counts in areas (grid squares or hexagons), shaded by quantile class; a click zooms into the area. */
  showCounts(cells: GridCollection, legendTitle: string): void {
    this.points.clearLayers();
    this.crimesById.clear();
    this.clearGrid();
    const counts = cells.features.map((f) => f.properties.count).filter((n) => n > 0).sort((a, b) => a - b);
    const breaks = classBreaks(counts);
    this.grid = L.geoJSON(cells as unknown as FeatureCollection, {
      pane: "cells",
      style: (f) => {
        const n = (f as unknown as GridCell).properties.count;
        return { color: "#5a3d2b", weight: 0.4, opacity: 0.5, fillColor: rampColour(n, breaks), fillOpacity: 0.72 };
      },
      onEachFeature: (f, layer) => {
        const cell = f as unknown as GridCell;
        const n = cell.properties.count;
        layer.bindTooltip(`${cell.properties.cell ? `${cell.properties.cell}: ` : ""}${num(n)} ${n === 1 ? "crime" : "crimes"}`, { sticky: true });
        layer.on("click", () => {
          const bounds = (layer as L.Polygon).getBounds();
          this.map.fitBounds(bounds, { maxZoom: Math.max(this.map.getZoom() + 2, 11) });
        });
      },
    }).addTo(this.map);
    this.showCountLegend(breaks, legendTitle);
  }

  /** Getis-Ord Gi* hotspots (red) and coldspots (blue), darker where more significant (99% against 95%). */
  showHotspots(cells: HotspotCollection): void {
    this.clearData();
    const colour = (cls: string, z: number) => cls === "hotspot" ? (z >= 2.576 ? "#b2182b" : "#ef8a62") : (z <= -2.576 ? "#2166ac" : "#67a9cf");
    this.grid = L.geoJSON(cells as unknown as FeatureCollection, {
      pane: "cells",
      style: (f) => {
        const p = (f as unknown as HotspotCollection["features"][number]).properties;
        return { color: "#333", weight: 0.3, opacity: 0.5, fillColor: colour(p.class, p.z), fillOpacity: 0.75 };
      },
      onEachFeature: (f, layer) => {
        const p = (f as unknown as HotspotCollection["features"][number]).properties;
        layer.bindTooltip(`${p.class === "hotspot" ? "Hotspot" : "Coldspot"} ${p.cell}: ${num(p.count)} ${p.count === 1 ? "crime" : "crimes"}, z = ${p.z.toFixed(2)}, p = ${p.p.toPrecision(2)}`, { sticky: true });
      },
    }).addTo(this.map);
    const cell = formatCell(cells.cellSize ?? 0);
    replace(this.legendBody,
      h("p", { class: "legend-title" }, `${cells.statistic ?? "Gi*"} on ${cell} cells`),
      h("ul", {},
        h("li", {}, h("span", { class: "swatch", style: "background:#b2182b" }), "Hotspot, 99% confidence"),
        h("li", {}, h("span", { class: "swatch", style: "background:#ef8a62" }), "Hotspot, 95%"),
        h("li", {}, h("span", { class: "swatch", style: "background:#67a9cf" }), "Coldspot, 95%"),
        h("li", {}, h("span", { class: "swatch", style: "background:#2166ac" }), "Coldspot, 99% confidence")),
      h("p", { class: "legend-note" }, `Neighbourhood: ${cells.neighbourhood ?? "queen"}${cells.falseDiscoveryRate ? "; false discovery rate controlled" : ""}.`));
  }

  /** A kernel density surface: the server's PNG (transparent, yellow to red) placed on its bounds. */
  showDensity(surface: DensitySurface): void {
    this.clearData();
    this.density = L.imageOverlay(`data:image/png;base64,${surface.png}`, surface.bounds, { opacity: 0.8, pane: "cells", className: "density" }).addTo(this.map);
    replace(this.legendBody,
      h("p", { class: "legend-title" }, `Density, ${surface.unit ?? "crimes per km²"}`),
      h("div", { class: "ramp", style: "background: linear-gradient(to right, rgba(255,255,0,0.15), #ffff00, #ff8000, #ff0000)" }),
      h("div", { class: "ramp-labels" }, h("span", {}, "0"), h("span", {}, Number((surface.max ?? 0).toPrecision(2)).toLocaleString("en-GB"))),
      h("p", { class: "legend-note" }, `${surface.kernel ?? "quartic"} kernel, bandwidth ${num(Math.round(surface.bandwidthMetres ?? 0))} m${surface.bandwidthRule ? ` (${surface.bandwidthRule})` : ""}.`));
  }

  /**
   * The emerging clusters overlay: each significant cluster (p ≤ 0.05) as a strong circle of its radius, with a ring
   * of fixed size at its centre so that it shows at any zoom; the top clusters that are not significant faintly,
   * dashed. null removes the overlay.
   */
  showClusters(result: EmergingClusters | null): void {
    this.clusters?.remove();
    this.clusters = null;
    if (!result) {
      this.clusterLegend.hidden = true;
      replace(this.clusterLegend);
      return;
    }
    const group = L.layerGroup();
    // Faint ones first, so that a significant cluster is drawn over any it overlaps.
    const ordered = [...result.clusters].sort((a, b) => Number(a.significant) - Number(b.significant) || b.rank - a.rank);
    for (const c of ordered) {
      const colour = c.significant ? clusterColour : "#6c757d";
      const popup = () => clusterPopup(c);
      // Auto-pan keeps the popup clear of the status lines over the top of the map.
      const popupOptions: L.PopupOptions = { maxWidth: 280, autoPanPaddingTopLeft: L.point(20, 140) };
      const label = clusterLabel(c);
      const area = L.circle([c.latitude, c.longitude], {
        pane: "clusterAreas",
        radius: Math.max(c.radiusMetres, 150),
        color: colour,
        weight: c.significant ? 3 : 1.5,
        opacity: c.significant ? 0.95 : 0.6,
        dashArray: c.significant ? undefined : "4 4",
        fillColor: colour,
        fillOpacity: c.significant ? 0.22 : 0.05,
        className: `emerging-cluster ${c.significant ? "significant" : "not-significant"}`,
      });
      area.bindPopup(popup, popupOptions);
      area.bindTooltip(label, { sticky: true });
      group.addLayer(area);
      const ring = L.circleMarker([c.latitude, c.longitude], {
        pane: "clusterRings",
        radius: c.significant ? 11 : 7,
        color: colour,
        weight: c.significant ? 3 : 1.5,
        opacity: c.significant ? 1 : 0.6,
        dashArray: c.significant ? undefined : "3 3",
        fillColor: "#ffffff",
        fillOpacity: c.significant ? 0.35 : 0,
        className: `emerging-cluster-ring ${c.significant ? "significant" : "not-significant"}`,
      });
      ring.bindPopup(popup, popupOptions);
      ring.bindTooltip(label);
      group.addLayer(ring);
    }
    this.clusters = group.addTo(this.map);
    this.clusterLegend.hidden = false;
    replace(this.clusterLegend,
      h("p", { class: "legend-title" }, "Emerging clusters"),
      h("ul", {},
        h("li", {}, h("span", { class: "swatch dot", style: `background:${clusterColour}` }), "Significant, p ≤ 0.05"),
        h("li", {}, h("span", { class: "swatch dot", style: "background:transparent;border:1.5px dashed #6c757d" }), "Top cluster, not significant (faint)")),
      h("p", { class: "legend-note" }, `Space-time scan of ${date(result.studyStart)} – ${date(lastDay(result.studyEnd))}; circles are each cluster's radius.`));
  }

  /** Brings the clusters on screen, zoomed in enough to see their circles. */
  fitClusters(clusters: EmergingCluster[]): void {
    if (clusters.length === 0) {
      return;
    }
    const bounds = L.latLngBounds([]);
    for (const c of clusters) {
      bounds.extend(L.latLng(c.latitude, c.longitude).toBounds(Math.max(c.radiusMetres, 500) * 2));
    }
    this.map.fitBounds(bounds, { maxZoom: 12, padding: [40, 40] });
  }

  clearData(): void {
    this.points.clearLayers();
    this.crimesById.clear();
    this.clearGrid();
  }

  private clearGrid(): void {
    this.grid?.remove();
    this.grid = null;
    this.density?.remove();
    this.density = null;
  }

  /** Rings the selected crime. pan: bring it on screen if it is off; zoom: centre on it at street level. */
  highlightCrime(crime: Crime | null, pan: boolean, zoom = false): void {
    this.highlight?.remove();
    this.highlight = null;
    if (!crime || crime.latitude === undefined || crime.longitude === undefined) {
      return;
    }
    const at = L.latLng(crime.latitude, crime.longitude);
    this.highlight = L.circleMarker(at, { pane: "highlight", radius: 13, color: "#111", weight: 3, fill: false, interactive: false }).addTo(this.map);
    if (zoom) {
      this.map.setView(at, Math.max(this.map.getZoom(), 12));
    } else if (pan && !this.map.getBounds().contains(at)) {
      this.map.setView(at, Math.max(this.map.getZoom(), 12));
    }
  }

  showSelection(selection: Selection | null): void {
    this.selectionShape?.remove();
    this.selectionShape = null;
    if (!selection) {
      return;
    }
    const style: L.PathOptions = { pane: "selection", color: "#1d3557", weight: 2, dashArray: "6 4", fillColor: "#457b9d", fillOpacity: 0.08, interactive: false };
    this.selectionShape = selection.kind === "circle"
      ? L.circle([selection.lat, selection.lon], { ...style, radius: selection.radius })
      : L.polygon(selection.ring.map(([lon, lat]) => [lat, lon] as [number, number]), style);
    this.selectionShape.addTo(this.map);
  }

  fitSelection(selection: Selection): void {
    const bounds = selection.kind === "circle"
      ? L.latLng(selection.lat, selection.lon).toBounds(selection.radius * 2)
      : L.latLngBounds(selection.ring.map(([lon, lat]) => [lat, lon] as [number, number]));
    this.map.fitBounds(bounds, { padding: [24, 24] });
  }

  showWholeCountry(): void {
    this.map.fitBounds(unitedKingdom);
  }

  invalidateSize(): void {
    this.map.invalidateSize();
    if (!this.legendChosen) {
      this.legend.open = this.map.getContainer().clientWidth >= 900;
    }
  }

  private showPointLegend(): void {
    replace(this.legendBody,
      h("p", { class: "legend-title" }, "Crimes"),
      h("ul", {}, colourGroups.map((g) => h("li", {}, h("span", { class: "swatch dot", style: `background:${g.colour}` }), g.label))),
      h("p", { class: "legend-note" }, "Numbered circles: clusters of nearby crimes."));
  }

  private showCountLegend(breaks: number[], title: string): void {
    const rows: HTMLElement[] = [];
    let lower = 1;
    breaks.forEach((upper, i) => {
      rows.push(h("li", {}, h("span", { class: "swatch", style: `background:${classColour(i, breaks.length)}` }),
        lower === upper ? num(upper) : `${num(lower)}–${num(upper)}`));
      lower = upper + 1;
    });
    replace(this.legendBody, h("p", { class: "legend-title" }, title), h("ul", {}, rows));
  }
}

/** Draws the shipped outline of the United Kingdom and its neighbours (in a pane "outline", made if missing). */
export async function drawOutline(map: L.Map, withTiles: boolean): Promise<void> {
  if (!map.getPane("outline")) {
    map.createPane("outline").style.zIndex = "250";
  }
  const outline = await getJson<FeatureCollection>("/geo/outline.geojson");
  L.geoJSON(outline, {
    pane: "outline",
    interactive: false,
    style: (f) => {
      const focus = f?.properties?.["role"] === "focus";
      return withTiles
        ? { color: "#1d3557", weight: focus ? 1.2 : 0, fill: false, opacity: 0.6 }
        : focus
          ? { color: "#7d8a96", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1 }
          : { color: "#c3cbd2", weight: 0.8, fillColor: "#eef0ee", fillOpacity: 1 };
    },
  }).addTo(map);
}

/** A map for the app's other pages (assets): the outline or the deployment's tiles, a scale, the whole country in view. */
export function basicMap(container: HTMLElement, config: WebConfig): { map: L.Map; outline: Promise<void> } {
  const map = L.map(container, { zoomSnap: 0.5, minZoom: 4, maxZoom: 18, keyboardPanDelta: 120 });
  map.attributionControl.setPrefix("Leaflet");
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution ?? "", maxZoom: 19 }).addTo(map);
  }
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  map.fitBounds(unitedKingdom);
  return { map, outline: drawOutline(map, !!config.tileUrl) };
}

/** A strong magenta, apart from the crime colours, the count ramp and the hotspot reds and blues. */
const clusterColour = "#c2007a";

/** The day before an exclusive end (the API's cluster and study ends are the day after the last). */
const lastDay = (exclusiveEnd: string) => new Date(Date.parse(exclusiveEnd) - 86_400_000).toISOString();

/** The dates a cluster covers, e.g. "3 Nov 2026 – 20 Nov 2026". */
export function clusterDates(c: EmergingCluster): string {
  const first = date(c.start);
  const last = date(lastDay(c.end));
  return first === last ? first : `${first} – ${last}`;
}

/** A p-value as the Monte-Carlo test can state it. */
export function formatP(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

/** The recurrence interval in words: how often a cluster this strong would arise by chance alone. */
export function recurrence(days: number | null | undefined): string | null {
  if (days === null || days === undefined || !Number.isFinite(days)) {
    return null;
  }
  const n = Math.round(days);
  return n >= 730 ? `once in ${num(n)} days (about ${num(Math.round(n / 365.25))} years) by chance` : `once in ${num(n)} days by chance`;
}

const formatExpected = (e: number) => (e >= 10 ? num(Math.round(e * 10) / 10) : e.toFixed(1));

function clusterLabel(c: EmergingCluster): string {
  return `${c.significant ? "Emerging cluster" : "Not significant"}: ${count(c.observed, "crime")} where ${formatExpected(c.expected)} expected, ${formatP(c.p)}`;
}

function clusterPopup(c: EmergingCluster): HTMLElement {
  const rr = c.relativeRisk;
  const every = recurrence(c.recurrenceIntervalDays);
  return h("div", { class: "cluster-popup", "data-testid": "cluster-popup" },
    h("p", { class: "cluster-popup-title" }, c.significant ? `Emerging cluster ${c.rank}` : `Cluster ${c.rank} (not significant)`),
    h("dl", {},
      h("dt", {}, "Observed"), h("dd", {}, `${count(c.observed, "crime")} (${formatExpected(c.expected)} expected)`),
      rr !== null && rr !== undefined ? [h("dt", {}, "Relative risk"), h("dd", {}, `${rr.toFixed(1)} × expected`)] : null,
      h("dt", {}, "Dates"), h("dd", {}, clusterDates(c)),
      h("dt", {}, "Radius"), h("dd", {}, c.radiusMetres >= 1000 ? `${(c.radiusMetres / 1000).toFixed(1)} km` : `${num(Math.round(c.radiusMetres))} m`),
      h("dt", {}, "Significance"), h("dd", {}, formatP(c.p)),
      every ? [h("dt", {}, "Recurrence"), h("dd", {}, every)] : null));
}

const formatCell = (metres: number) => (metres >= 1000 ? `${metres / 1000} km` : `${metres} m`);

// Sequential colours (ColorBrewer YlOrRd, 5 classes) for cell counts.
const ramp = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

/** Upper bounds of up to five classes by quantile of the counts, so a few very busy cells do not wash out the rest. */
function classBreaks(sorted: number[]): number[] {
  if (sorted.length === 0) {
    return [];
  }
  const breaks: number[] = [];
  for (let k = 1; k <= ramp.length; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((k / ramp.length) * sorted.length) - 1)]!;
    if (breaks.length === 0 || v > breaks[breaks.length - 1]!) {
      breaks.push(v);
    }
  }
  return breaks;
}

function rampColour(n: number, breaks: number[]): string {
  const i = breaks.findIndex((b) => n <= b);
  return classColour(i < 0 ? breaks.length - 1 : i, breaks.length);
}

/** The colour of class i of n: spread over the whole ramp, so two classes are light and dark, not two light ones. */
function classColour(i: number, n: number): string {
  const at = n <= 1 ? ramp.length - 2 : Math.round((i * (ramp.length - 1)) / (n - 1));
  return ramp[Math.min(ramp.length - 1, Math.max(0, at))]!;
}
