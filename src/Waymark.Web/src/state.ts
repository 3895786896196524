// The map page's state, kept in the URL so that a view can be shared as a link:
//   ?from=2021-08&to=2021-08&category=burglary,robbery&sector=rail&owner=mine&q=cable
//   &lat=51.45&lon=-2.59&z=11&layer=auto&clusters=1&assets=1&shared=1&crime=<id>&panel=trends&sel=c:51.45,-2.59,2000
// Map moves replace the history entry; nothing else is stored anywhere but the URL.
import { isMonth, monthEnd, monthStart } from "./format";

export interface Filters {
  from: string | null;
  to: string | null;
  categories: string[];
  sectors: string[];
  /** "" for every organisation whose crimes the caller may see, "mine", or an organisation id. */
  owner: string;
  q: string;
}

export type LayerMode = "auto" | "points" | "grid" | "hex" | "density" | "hotspots";

const layerModes: LayerMode[] = ["auto", "points", "grid", "hex", "density", "hotspots"];

export type Panel = "crime" | "selection" | "trends";

/** A drawn selection: a circle (centre, radius in metres) or a polygon (ring of [lon, lat], not closed). */
export type Selection =
  | { kind: "circle"; lat: number; lon: number; radius: number }
  | { kind: "polygon"; ring: [number, number][] };

export interface MapState {
  filters: Filters;
  view: { lat: number; lon: number; zoom: number } | null;
  layer: LayerMode;
  /** The "Emerging clusters" overlay, drawn over whichever crime layer is chosen. */
  clusters: boolean;
  /** The "Our assets" overlay: the organisation's assets with their buffers. */
  assets: boolean;
  /** Police roles: other organisations' assets shared with police. */
  sharedAssets: boolean;
  crime: string | null;
  panel: Panel | null;
  selection: Selection | null;
}

export const emptyFilters = (): Filters => ({ from: null, to: null, categories: [], sectors: [], owner: "", q: "" });

const list = (value: string | null): string[] => (value ? value.split(",").map((v) => v.trim()).filter((v) => v.length > 0) : []);

const finite = (value: string | null): number | null => {
  if (value === null || value.trim() === "") {
    return null;
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

export function parseState(search: string): MapState {
  const p = new URLSearchParams(search);
  const from = p.get("from");
  const to = p.get("to");
  const lat = finite(p.get("lat"));
  const lon = finite(p.get("lon"));
  const zoom = finite(p.get("z"));
  const layer = p.get("layer");
  const panel = p.get("panel");
  const crime = p.get("crime");
  return {
    filters: {
      from: isMonth(from) ? from : null,
      to: isMonth(to) ? to : null,
      categories: list(p.get("category")),
      sectors: list(p.get("sector")),
      owner: p.get("owner") ?? "",
      q: p.get("q") ?? "",
    },
    view: lat !== null && lon !== null && zoom !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon, zoom } : null,
    layer: layerModes.find((m) => m === layer) ?? "auto",
    clusters: p.get("clusters") === "1",
    assets: p.get("assets") === "1",
    sharedAssets: p.get("shared") === "1",
    crime: crime && /^[0-9a-f-]{36}$/i.test(crime) ? crime : null,
    panel: panel === "crime" || panel === "selection" || panel === "trends" ? panel : crime ? "crime" : null,
    selection: parseSelection(p.get("sel")),
  };
}

export function stateToSearch(s: MapState): string {
  const p = new URLSearchParams();
  const f = s.filters;
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.categories.length > 0) p.set("category", f.categories.join(","));
  if (f.sectors.length > 0) p.set("sector", f.sectors.join(","));
  if (f.owner) p.set("owner", f.owner);
  if (f.q) p.set("q", f.q);
  if (s.view) {
    p.set("lat", s.view.lat.toFixed(4));
    p.set("lon", s.view.lon.toFixed(4));
    p.set("z", String(s.view.zoom));
  }
  if (s.layer !== "auto") p.set("layer", s.layer);
  if (s.clusters) p.set("clusters", "1");
  if (s.assets) p.set("assets", "1");
  if (s.sharedAssets) p.set("shared", "1");
  if (s.crime) p.set("crime", s.crime);
  if (s.panel && !(s.panel === "crime" && s.crime)) p.set("panel", s.panel);
  if (s.selection) p.set("sel", selectionToString(s.selection));
  const text = p.toString().replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%3B/g, ";");
  return text ? `?${text}` : "";
}

function parseSelection(value: string | null): Selection | null {
  if (!value) {
    return null;
  }
  if (value.startsWith("c:")) {
    const [lat, lon, radius] = value.slice(2).split(",").map(Number);
    if (lat !== undefined && lon !== undefined && radius !== undefined && [lat, lon, radius].every(Number.isFinite) && radius > 0) {
      return { kind: "circle", lat, lon, radius };
    }
    return null;
  }
  if (value.startsWith("p:")) {
    const ring = value.slice(2).split(";").map((pair) => pair.split(",").map(Number) as [number, number]);
    if (ring.length >= 3 && ring.every((pt) => pt.length === 2 && pt.every(Number.isFinite))) {
      return { kind: "polygon", ring };
    }
  }
  return null;
}

function selectionToString(s: Selection): string {
  return s.kind === "circle"
    ? `c:${s.lat.toFixed(5)},${s.lon.toFixed(5)},${Math.round(s.radius)}`
    : `p:${s.ring.map(([lon, lat]) => `${lon.toFixed(5)},${lat.toFixed(5)}`).join(";")}`;
}

/** The selection as a GeoJSON Polygon (closed ring), as the API's polygon filter takes it. */
export function selectionPolygon(s: Extract<Selection, { kind: "polygon" }>): { type: "Polygon"; coordinates: [number, number][][] } {
  const first = s.ring[0]!;
  return { type: "Polygon", coordinates: [[...s.ring, first]] };
}

/** The crime filters as the API's query parameters (shared by search, export and analytics). */
export function filterParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.from) p.set("from", monthStart(f.from));
  if (f.to) p.set("to", monthEnd(f.to));
  if (f.categories.length > 0) p.set("category", f.categories.join(","));
  if (f.sectors.length > 0) p.set("sector", f.sectors.join(","));
  if (f.owner) p.set("owner", f.owner);
  if (f.q.trim()) p.set("q", f.q.trim());
  return p;
}

/** Adds the selection to query parameters: lat/lon/radius, or polygon as GeoJSON text. */
export function addSelectionParams(p: URLSearchParams, s: Selection): void {
  if (s.kind === "circle") {
    p.set("lat", s.lat.toFixed(6));
    p.set("lon", s.lon.toFixed(6));
    p.set("radius", String(Math.round(s.radius)));
  } else {
    p.set("polygon", JSON.stringify(selectionPolygon(s)));
  }
}

export function hasFilters(f: Filters): boolean {
  return !!(f.from || f.to || f.categories.length || f.sectors.length || f.owner || f.q.trim());
}

type Listener = (state: MapState, previous: MapState) => void;

/** Holds the map page's state, mirrors it into the URL and tells listeners about each change. */
export class Store {
  private state: MapState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: MapState) {
    this.state = initial;
  }

  get current(): MapState {
    return this.state;
  }

  update(patch: Partial<MapState>): void {
    const previous = this.state;
    this.state = { ...this.state, ...patch };
    const search = stateToSearch(this.state);
    if (search !== location.search) {
      history.replaceState(history.state, "", location.pathname + search);
    }
    for (const listener of this.listeners) {
      listener(this.state, previous);
    }
  }

  updateFilters(patch: Partial<Filters>): void {
    this.update({ filters: { ...this.state.filters, ...patch } });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
