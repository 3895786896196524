// Drawing on the map: a polygon (click each corner; double-click, Enter or a click on the first corner closes it),
// a circle (click the centre, then the edge; Enter alone draws a circle of the chosen radius around the map's centre,
// so it can be done from the keyboard), a line (click each vertex; double-click or Enter ends it) or a point (a click,
// or Enter for the map's centre). Escape cancels; Backspace removes the last corner or vertex. From the keyboard, a
// polygon or line is drawn by panning with the arrow keys and pressing A to add the map's centre as the next corner.
// Polygons and circles are the map page's selections; lines, points and polygons are also assets (assets.ts).
import L from "leaflet";
import type { Selection } from "./state";

export type DrawMode = "polygon" | "circle" | "line" | "point";

/** What was drawn: a selection (polygon or circle), a line (path of [lon, lat]) or a point. */
export type Drawn =
  | Selection
  | { kind: "line"; path: [number, number][] }
  | { kind: "point"; lat: number; lon: number };

export interface DrawEvents {
  onHint(text: string | null): void;
  onDone(drawn: Drawn): void;
  onCancel(): void;
}

const style: L.PathOptions = { color: "#e76f51", weight: 2, dashArray: "5 4", fillColor: "#e76f51", fillOpacity: 0.08, interactive: false };

export class DrawTool {
  private mode: DrawMode | null = null;
  private corners: L.LatLng[] = [];
  private centre: L.LatLng | null = null;
  private readonly sketch = L.layerGroup();
  private rubber: L.Polygon | L.Polyline | null = null;
  private circle: L.Circle | null = null;
  private restoreDoubleClickZoom = false;

  constructor(private readonly map: L.Map, private readonly events: DrawEvents, private readonly keyboardRadius: () => number = () => 1000) {}

  get active(): DrawMode | null {
    return this.mode;
  }

  start(mode: DrawMode): void {
    this.stop();
    this.mode = mode;
    this.sketch.addTo(this.map);
    this.map.getContainer().classList.add("drawing");
    this.restoreDoubleClickZoom = this.map.doubleClickZoom.enabled();
    this.map.doubleClickZoom.disable();
    this.map.on("click", this.onClick, this);
    this.map.on("mousemove", this.onMove, this);
    this.map.on("dblclick", this.onDoubleClick, this);
    document.addEventListener("keydown", this.onKey, true);
    this.hint();
  }

  /** Ends drawing without a result. */
  cancel(): void {
    if (this.mode) {
      this.stop();
      this.events.onCancel();
    }
  }

  private stop(): void {
    this.map.off("click", this.onClick, this);
    this.map.off("mousemove", this.onMove, this);
    this.map.off("dblclick", this.onDoubleClick, this);
    document.removeEventListener("keydown", this.onKey, true);
    if (this.restoreDoubleClickZoom) {
      this.map.doubleClickZoom.enable();
    }
    this.map.getContainer().classList.remove("drawing");
    this.sketch.clearLayers();
    this.sketch.remove();
    this.mode = null;
    this.corners = [];
    this.centre = null;
    this.rubber = null;
    this.circle = null;
    this.events.onHint(null);
  }

  private hint(): void {
    if (this.mode === "polygon") {
      this.events.onHint(this.corners.length < 3
        ? `Polygon: click each corner, or press A for the map's centre (${this.corners.length} so far, at least 3). Esc cancels.`
        : `Polygon: ${this.corners.length} corners. Double-click, press Enter or click the first corner to finish; Backspace removes the last; Esc cancels.`);
    } else if (this.mode === "circle") {
      this.events.onHint(this.centre
        ? `Circle: click the edge (radius ${this.circle ? formatRadius(this.circle.getRadius()) : "0 m"}). Enter finishes; Esc cancels.`
        : `Circle: click the centre, then the edge — or press Enter for ${formatRadius(this.keyboardRadius())} around the map's centre. Esc cancels.`);
    } else if (this.mode === "line") {
      this.events.onHint(this.corners.length < 2
        ? `Line: click each point along the route, or press A for the map's centre (${this.corners.length} so far, at least 2). Esc cancels.`
        : `Line: ${this.corners.length} points, ${formatRadius(pathLength(this.corners))}. Double-click or press Enter to finish; Backspace removes the last; Esc cancels.`);
    } else if (this.mode === "point") {
      this.events.onHint("Point: click the place, or press Enter for the map's centre. Esc cancels.");
    }
  }

  private onClick(e: L.LeafletMouseEvent): void {
    if (this.mode === "point") {
      this.finishPoint(e.latlng);
    } else if (this.mode === "line") {
      const last = this.corners[this.corners.length - 1];
      if (last && this.map.latLngToContainerPoint(last).distanceTo(e.containerPoint) < 4) {
        return; // the second click of a double-click
      }
      this.corners.push(e.latlng);
      L.circleMarker(e.latlng, { radius: 4, color: "#e76f51", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(this.sketch);
      this.redrawLine(e.latlng);
      this.hint();
    } else if (this.mode === "polygon") {
      const last = this.corners[this.corners.length - 1];
      if (last && this.map.latLngToContainerPoint(last).distanceTo(e.containerPoint) < 4) {
        return; // the second click of a double-click
      }
      const first = this.corners[0];
      if (first && this.corners.length >= 3 && this.map.latLngToContainerPoint(first).distanceTo(e.containerPoint) < 10) {
        this.finishPolygon();
        return;
      }
      this.corners.push(e.latlng);
      L.circleMarker(e.latlng, { radius: 4, color: "#e76f51", weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false }).addTo(this.sketch);
      this.redrawPolygon(e.latlng);
      this.hint();
    } else if (this.mode === "circle") {
      if (!this.centre) {
        this.centre = e.latlng;
        this.circle = L.circle(e.latlng, { ...style, radius: 1 }).addTo(this.sketch);
        this.hint();
      } else {
        this.finishCircle(this.centre, this.centre.distanceTo(e.latlng));
      }
    }
  }

  private onMove(e: L.LeafletMouseEvent): void {
    if (this.mode === "polygon" && this.corners.length > 0) {
      this.redrawPolygon(e.latlng);
    } else if (this.mode === "line" && this.corners.length > 0) {
      this.redrawLine(e.latlng);
    } else if (this.mode === "circle" && this.centre && this.circle) {
      this.circle.setRadius(this.centre.distanceTo(e.latlng));
      this.hint();
    }
  }

  private onDoubleClick(e: L.LeafletMouseEvent): void {
    L.DomEvent.stop(e);
    if (this.mode === "polygon" && this.corners.length >= 3) {
      this.finishPolygon();
    } else if (this.mode === "line" && this.corners.length >= 2) {
      this.finishLine();
    }
  }

  private readonly onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement | null;
    if (target && target !== this.map.getContainer() && target.closest("input, select, textarea")) {
      return; // typing in a field (the radius, say) is not a drawing command
    }
    if (e.key === "Escape") {
      e.preventDefault();
      this.cancel();
    } else if ((e.key === "a" || e.key === "A") && (this.mode === "polygon" || this.mode === "line") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const centre = this.map.getCenter();
      this.onClick({ latlng: centre, containerPoint: this.map.latLngToContainerPoint(centre) } as L.LeafletMouseEvent);
    } else if (e.key === "Enter") {
      if (this.mode === "polygon" && this.corners.length >= 3) {
        e.preventDefault();
        this.finishPolygon();
      } else if (this.mode === "line" && this.corners.length >= 2) {
        e.preventDefault();
        this.finishLine();
      } else if (this.mode === "point") {
        e.preventDefault();
        this.finishPoint(this.map.getCenter());
      } else if (this.mode === "circle") {
        e.preventDefault();
        if (this.centre && this.circle && this.circle.getRadius() > 1) {
          this.finishCircle(this.centre, this.circle.getRadius());
        } else {
          this.finishCircle(this.map.getCenter(), this.keyboardRadius());
        }
      }
    } else if (e.key === "Backspace" && (this.mode === "polygon" || this.mode === "line") && this.corners.length > 0) {
      e.preventDefault();
      this.corners.pop();
      const markers = this.sketch.getLayers().filter((l) => l instanceof L.CircleMarker);
      if (markers.length > 0) {
        this.sketch.removeLayer(markers[markers.length - 1]!);
      }
      const cursor = this.corners[this.corners.length - 1] ?? null;
      if (this.mode === "line") {
        this.redrawLine(cursor);
      } else {
        this.redrawPolygon(cursor);
      }
      this.hint();
    }
  };

  private redrawPolygon(cursor: L.LatLng | null): void {
    const path = cursor ? [...this.corners, cursor] : [...this.corners];
    if (!this.rubber) {
      this.rubber = L.polygon(path, style).addTo(this.sketch);
    } else {
      this.rubber.setLatLngs(path);
    }
  }

  private redrawLine(cursor: L.LatLng | null): void {
    const path = cursor ? [...this.corners, cursor] : [...this.corners];
    if (!this.rubber) {
      this.rubber = L.polyline(path, { ...style, fill: false, weight: 3 }).addTo(this.sketch);
    } else {
      this.rubber.setLatLngs(path);
    }
  }

  private finishLine(): void {
    const path = this.corners.map((c) => [round(c.lng), round(c.lat)] as [number, number]);
    this.stop();
    this.events.onDone({ kind: "line", path });
  }

  private finishPoint(at: L.LatLng): void {
    this.stop();
    this.events.onDone({ kind: "point", lat: round(at.lat), lon: round(at.lng) });
  }

  private finishPolygon(): void {
    const ring = this.corners.map((c) => [round(c.lng), round(c.lat)] as [number, number]);
    this.stop();
    this.events.onDone({ kind: "polygon", ring });
  }

  private finishCircle(centre: L.LatLng, radius: number): void {
    this.stop();
    this.events.onDone({ kind: "circle", lat: round(centre.lat), lon: round(centre.lng), radius: Math.max(50, Math.round(radius)) });
  }
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** The length of a path along the ground, metres. */
export function pathLength(points: L.LatLng[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    total += points[i - 1]!.distanceTo(points[i]!);
  }
  return total;
}

export function formatRadius(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(metres >= 10000 ? 0 : 1).replace(/\.0$/, "")} km` : `${Math.round(metres)} m`;
}
