// Assets on a Leaflet map: points, lines and polygons (GET /api/assets/geojson) with their buffer — the corridor in
// which a crime concerns the asset — drawn around them to scale. A line's buffer is the line stroked as wide as the
// corridor with round ends and joins, which is exactly the set of places within that distance of it.
import L from "leaflet";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { formatRadius } from "./draw";

export interface AssetProperties {
  name: string;
  kind?: string | null;
  bufferMetres?: number;
  /** False for another organisation's asset shared with police. */
  own?: boolean;
}

export type AssetCollection = FeatureCollection<Geometry, AssetProperties>;

const ownColour = "#0f766e";
const sharedColour = "#6a4c93";

export class AssetLayer {
  private readonly group = L.layerGroup();
  private readonly buffers: { layer: L.Path; metres: number }[] = [];
  private features: Feature<Geometry, AssetProperties>[] = [];

  constructor(private readonly map: L.Map) {
    if (!map.getPane("assets")) {
      // Under the drawn selection (420) and the crimes (markers, 600), over the grid cells (390).
      map.createPane("assets").style.zIndex = "410";
    }
    map.on("zoomend", this.rescale, this);
  }

  get count(): number {
    return this.features.length;
  }

  show(collection: AssetCollection | null): void {
    this.group.clearLayers();
    this.buffers.length = 0;
    this.features = collection?.features ?? [];
    if (!collection || this.features.length === 0) {
      this.group.remove();
      return;
    }
    for (const feature of this.features) {
      this.addFeature(feature);
    }
    this.group.addTo(this.map);
    this.rescale();
  }

  /** The bounds of the assets shown, for "zoom to". */
  bounds(): L.LatLngBounds | null {
    if (this.features.length === 0) {
      return null;
    }
    const b = L.geoJSON({ type: "FeatureCollection", features: this.features } as FeatureCollection).getBounds();
    return b.isValid() ? b : null;
  }

  remove(): void {
    this.map.off("zoomend", this.rescale, this);
    this.group.remove();
  }

  private addFeature(feature: Feature<Geometry, AssetProperties>): void {
    const p = feature.properties;
    const colour = p.own === false ? sharedColour : ownColour;
    const buffer = Math.max(0, p.bufferMetres ?? 0);
    const label = `${p.name}${p.kind ? ` (${p.kind})` : ""}${buffer > 0 ? `, buffer ${formatRadius(buffer)}` : ""}${p.own === false ? " — shared with police by its owner" : ""}`;
    if (buffer > 0) {
      L.geoJSON(feature, {
        pane: "assets",
        interactive: false,
        style: { color: colour, opacity: 0.22, fill: feature.geometry.type.includes("Polygon"), fillColor: colour, fillOpacity: 0.08, lineCap: "round", lineJoin: "round", className: "asset-buffer" },
        pointToLayer: (_f, at) => L.circle(at, { pane: "assets", radius: buffer, color: colour, weight: 1, opacity: 0.4, fillColor: colour, fillOpacity: 0.15, interactive: false, className: "asset-buffer" }),
        onEachFeature: (f, layer) => {
          if (f.geometry.type !== "Point" && f.geometry.type !== "MultiPoint") {
            this.buffers.push({ layer: layer as L.Path, metres: buffer });
          }
        },
      }).addTo(this.group);
    }
    L.geoJSON(feature, {
      pane: "assets",
      style: { color: colour, weight: 2.5, opacity: 0.95, fillColor: colour, fillOpacity: 0.15, className: "asset-shape" },
      pointToLayer: (_f, at) => L.circleMarker(at, { pane: "assets", radius: 6, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1, className: "asset-shape" }),
      onEachFeature: (_f, layer) => layer.bindTooltip(label, { sticky: true }),
    }).addTo(this.group);
  }

  /** Strokes each buffer as wide on screen as its corridor on the ground at this zoom and latitude. */
  private rescale(): void {
    const zoom = this.map.getZoom();
    const lat = this.map.getCenter().lat;
    const metresPerPixel = (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / 2 ** (zoom + 8);
    for (const b of this.buffers) {
      b.layer.setStyle({ weight: Math.max(1, (2 * b.metres) / metresPerPixel) });
    }
  }
}
