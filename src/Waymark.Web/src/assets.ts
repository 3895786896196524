// The assets page (/assets): the organisation's assets — cable routes, substations, churches, depots — listed and on
// a map with their buffers; a new one drawn on the map (point, line or polygon) and described in a form; deletion; and
// bulk upload of a GeoJSON FeatureCollection or a CSV file with the server's report of each rejected row.
import type { Geometry } from "geojson";
import L from "leaflet";
import { getJson, postJson, request, deleteResource, isAbort } from "./api";
import { mayManageAlerting } from "./alertFeed";
import { type AssetCollection, AssetLayer } from "./assetLayer";
import { fieldError, h, note, problemBox, replace, showFieldErrors } from "./dom";
import { DrawTool, type Drawn, type DrawMode, formatRadius, pathLength } from "./draw";
import { count, num, roleName } from "./format";
import { basicMap } from "./mapView";
import type { Asset, AssetImportReport, Me, WebConfig } from "./types";

const kindSuggestions = ["cable route", "signalling cable", "overhead line", "substation", "signal box", "telecoms mast", "exchange", "church", "depot", "yard"];

export function renderAssetsPage(root: HTMLElement, me: Me, config: WebConfig): () => void {
  const manage = mayManageAlerting(me);
  const controllers: AbortController[] = [];
  let drawn: Drawn | null = null;

  const mapElement = h("div", { class: "map assets-map", id: "assets-map", tabindex: 0, role: "region", "aria-label": "Map of your assets. Arrow keys pan, plus and minus zoom." });
  const hint = h("div", { class: "map-hint", role: "status", "aria-live": "assertive", hidden: true });
  const list = h("section", { class: "asset-list card", "aria-labelledby": "asset-list-heading" });
  const formCard = h("section", { class: "card", "aria-labelledby": "asset-form-heading" });
  const importCard = h("section", { class: "card", "aria-labelledby": "asset-import-heading" });

  replace(root, h("main", { id: "main", class: "assets-page" },
    h("div", { class: "assets-side" },
      h("h1", {}, "Assets"),
      h("p", { class: "lead" }, `What ${me.organisation} wants to hear about: a crime near one of these raises an alert when a rule asks for it. `,
        "The buffer is the corridor around an asset within which a crime concerns it."),
      manage ? [formCard, importCard] : note(`Your role (${roleName(me.role)}) may see the assets but not change them: administrators and analysts do.`, "info"),
      list),
    h("section", { class: "map-area", "aria-label": "Map" }, mapElement, hint)));

  const { map, outline } = basicMap(mapElement, config);
  outline.catch((e: unknown) => {
    hint.hidden = false;
    replace(hint, problemBox(e, "The outline of the United Kingdom could not be loaded"));
  });
  const layer = new AssetLayer(map);
  const sketch = L.layerGroup().addTo(map);
  const resize = new ResizeObserver(() => map.invalidateSize());
  resize.observe(mapElement);

  const draw = new DrawTool(map, {
    onHint: (text) => {
      hint.hidden = !text;
      replace(hint, text ?? "");
      renderGeometry();
    },
    onDone: (d) => {
      drawn = d;
      showDrawn();
      renderGeometry();
      name.focus();
    },
    onCancel: () => renderGeometry(),
  });

  // ---- the form
  const name = h("input", { id: "asset-name", type: "text", name: "name", maxlength: 200, autocomplete: "off", "aria-describedby": "asset-name-error" });
  const kind = h("input", { id: "asset-kind", type: "text", name: "kind", list: "asset-kinds", autocomplete: "off", "aria-describedby": "asset-kind-error" });
  const reference = h("input", { id: "asset-reference", type: "text", name: "reference", autocomplete: "off", "aria-describedby": "asset-reference-help asset-reference-error" });
  const buffer = h("input", { id: "asset-buffer", type: "number", name: "bufferMetres", min: 0, max: 5000, step: 1, value: 10, inputmode: "numeric", "aria-describedby": "asset-buffer-help asset-buffer-error" });
  const shared = h("input", { id: "asset-shared", type: "checkbox", name: "sharedWithPolice" });
  const geometryBox = h("div", { class: "geometry-box", id: "asset-geometry", "aria-describedby": "asset-geometry-error", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "primary" }, "Save the asset");
  const formMessages = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "asset-form", novalidate: true },
    h("fieldset", {}, h("legend", {}, "Where it is"), geometryBox, fieldError("geometry", "asset-geometry-error"), fieldError("latitude", "asset-latitude-error")),
    h("div", { class: "field" }, h("label", { for: "asset-name" }, "Name"), name, fieldError("name", "asset-name-error")),
    h("div", { class: "field-pair" },
      h("div", { class: "field" }, h("label", { for: "asset-kind" }, "Kind"), kind, fieldError("kind", "asset-kind-error")),
      h("div", { class: "field" }, h("label", { for: "asset-reference" }, "Reference"), reference, h("p", { class: "help", id: "asset-reference-help" }, "Your own id; unique."), fieldError("reference", "asset-reference-error"))),
    h("datalist", { id: "asset-kinds" }, kindSuggestions.map((k) => h("option", { value: k }))),
    h("div", { class: "field" }, h("label", { for: "asset-buffer" }, "Buffer (metres)"), buffer,
      h("p", { class: "help", id: "asset-buffer-help" }, "0 to 5,000 m around the line, shape or point."), fieldError("bufferMetres", "asset-buffer-error")),
    h("div", { class: "check" }, shared, h("label", { for: "asset-shared" }, "Share its position with police",
      h("span", { class: "help" }, "Police analysts and officers may then see it on their map; other partners never do."))),
    h("div", { class: "button-row" }, save),
    formMessages);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void saveAsset();
  });
  replace(formCard, h("h2", { id: "asset-form-heading" }, "Add an asset"), form);

  function drawButton(mode: DrawMode, text: string): HTMLElement {
    const active = draw.active === mode;
    return h("button", {
      type: "button",
      "aria-pressed": String(active),
      onclick: () => {
        if (active) {
          draw.cancel();
        } else {
          draw.start(mode);
          mapElement.focus();
        }
      },
    }, active ? `Cancel ${text.toLowerCase()}` : `Draw ${text.toLowerCase()}`);
  }

  function renderGeometry(): void {
    replace(geometryBox,
      h("p", { class: "help", "data-testid": "asset-geometry-text" }, drawn ? describe(drawn) : "Nothing drawn yet: draw it on the map."),
      h("div", { class: "button-row" }, drawButton("point", "Point"), drawButton("line", "Line"), drawButton("polygon", "Polygon"),
        drawn ? h("button", { type: "button", onclick: () => { drawn = null; showDrawn(); renderGeometry(); } }, "Clear") : null));
  }

  function showDrawn(): void {
    sketch.clearLayers();
    if (!drawn) {
      return;
    }
    const style: L.PathOptions = { color: "#e76f51", weight: 3, dashArray: "6 4", fillOpacity: 0.1 };
    if (drawn.kind === "point") {
      L.circleMarker([drawn.lat, drawn.lon], { ...style, radius: 7, dashArray: undefined }).addTo(sketch);
    } else if (drawn.kind === "line") {
      L.polyline(drawn.path.map(([lon, lat]) => [lat, lon] as [number, number]), style).addTo(sketch);
    } else if (drawn.kind === "polygon") {
      L.polygon(drawn.ring.map(([lon, lat]) => [lat, lon] as [number, number]), style).addTo(sketch);
    }
  }

  async function saveAsset(): Promise<void> {
    showFieldErrors(form, null);
    replace(formMessages);
    const bufferValue = buffer.value.trim() === "" ? 0 : Number(buffer.value);
    const body = {
      name: name.value,
      kind: kind.value.trim() || null,
      reference: reference.value.trim() || null,
      bufferMetres: Number.isFinite(bufferValue) ? bufferValue : -1,
      sharedWithPolice: shared.checked,
      geometry: drawn ? geometryOf(drawn) : null,
    };
    save.disabled = true;
    try {
      const asset = await postJson<Asset>("/api/assets", body);
      replace(formMessages, note(`Saved ${asset?.name ?? "the asset"}.`));
      drawn = null;
      showDrawn();
      renderGeometry();
      name.value = "";
      reference.value = "";
      await loadAssets(false);
    } catch (e) {
      const unclaimed = showFieldErrors(form, e);
      const anyShown = form.querySelector("[data-error-for]:not([hidden])") !== null;
      replace(formMessages, anyShown && Object.keys(unclaimed).length === 0 ? note("The asset was not saved: see the fields marked above.", "warn") : problemBox(e, "The asset was not saved"));
      form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    } finally {
      save.disabled = false;
    }
  }

  // ---- bulk upload
  const file = h("input", { id: "asset-file", type: "file", name: "file", accept: ".geojson,.json,.csv,application/geo+json,text/csv", "aria-describedby": "asset-file-help" });
  const upload = h("button", { type: "submit" }, "Upload");
  const report = h("div", { class: "asset-report", "aria-live": "polite", "data-testid": "asset-import-result" });
  const importForm = h("form", { class: "asset-import", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "asset-file" }, "GeoJSON or CSV file"), file,
      h("p", { class: "help", id: "asset-file-help" },
        "GeoJSON: a FeatureCollection with properties name, kind, reference, bufferMetres, sharedWithPolice. ",
        "CSV: columns name and latitude,longitude or easting,northing (optional kind, reference, buffer_metres, shared_with_police). ",
        "A row whose reference you already use updates that asset.")),
    h("div", { class: "button-row" }, upload), report);
  importForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void importFile();
  });
  replace(importCard, h("h2", { id: "asset-import-heading" }, "Upload many"), importForm);

  async function importFile(): Promise<void> {
    const chosen = file.files?.[0];
    if (!chosen) {
      replace(report, note("Choose a .geojson or .csv file first.", "warn"));
      return;
    }
    const body = new FormData();
    body.append("file", chosen, chosen.name);
    upload.disabled = true;
    replace(report, note(`Uploading ${chosen.name}…`));
    try {
      const response = await request("/api/assets/import", { method: "POST", body });
      const r = (await response.json()) as AssetImportReport;
      replace(report, h("div", { "data-testid": "asset-import-report" },
        h("p", {}, h("strong", {}, chosen.name), `: ${count(r.rows, "row")} read — ${num(r.created)} created, ${num(r.updated)} updated, ${num(r.rejected.length)} rejected.`),
        r.rejected.length === 0 ? note("No row was rejected.") : h("table", { class: "compact rejected", "data-testid": "asset-rejected-rows" },
          h("caption", {}, `Rejected rows (${count(r.rejected.length, "row")})`),
          h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, "Line"), h("th", { scope: "col" }, "Reason"))),
          h("tbody", {}, r.rejected.map((row) => h("tr", {}, h("td", { class: "num" }, num(row.line)), h("td", {}, row.reason)))))));
      file.value = "";
      await loadAssets(r.created + r.updated > 0);
    } catch (e) {
      replace(report, problemBox(e, "Nothing was imported"));
    } finally {
      upload.disabled = false;
    }
  }

  // ---- the list and the map
  async function loadAssets(fit: boolean): Promise<void> {
    const c = new AbortController();
    controllers.push(c);
    try {
      const [assets, geojson] = await Promise.all([
        getJson<Asset[]>("/api/assets", undefined, c.signal),
        getJson<AssetCollection>("/api/assets/geojson", undefined, c.signal),
      ]);
      layer.show(geojson);
      const bounds = layer.bounds();
      if (fit && bounds) {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
      }
      renderList(assets);
    } catch (e) {
      if (!isAbort(e)) {
        replace(list, h("h2", { id: "asset-list-heading" }, "Your assets"), problemBox(e, "The assets could not be loaded"));
      }
    }
  }

  function renderList(assets: Asset[]): void {
    replace(list, h("h2", { id: "asset-list-heading" }, `Your assets (${num(assets.length)})`),
      assets.length === 0
        ? note(manage ? "No assets yet. Draw one on the map above, or upload a GeoJSON or CSV file." : "Your organisation has no assets yet.", "empty")
        : h("table", { class: "compact", "data-testid": "asset-table" },
          h("thead", {}, h("tr", {}, ["Name", "Kind", "Reference", "Shape", "Buffer", "Police", ""].map((c, i) => h("th", { scope: "col", class: i === 4 ? "num" : null }, c)))),
          h("tbody", {}, assets.map((a) => h("tr", { "data-asset-id": a.id },
            h("td", {}, h("button", { type: "button", class: "link-button", title: "Show on the map", onclick: () => zoomTo(a) }, a.name)),
            h("td", {}, a.kind ?? ""),
            h("td", {}, a.reference ?? ""),
            h("td", {}, shapeName(a.geometryType)),
            h("td", { class: "num" }, a.bufferMetres > 0 ? `${num(a.bufferMetres)} m` : "—"),
            h("td", {}, a.sharedWithPolice ? "Shared" : "No"),
            h("td", {}, manage ? h("button", { type: "button", class: "small", "aria-label": `Delete ${a.name}`, onclick: () => void remove(a) }, "Delete") : null))))));
  }

  function zoomTo(a: Asset): void {
    if (!a.geometry) {
      return;
    }
    const b = L.geoJSON(a.geometry).getBounds();
    if (b.isValid()) {
      map.fitBounds(b.pad(0.2), { maxZoom: 15 });
    }
  }

  async function remove(a: Asset): Promise<void> {
    if (!window.confirm(`Delete the asset “${a.name}”? Rules stop alerting on it at once.`)) {
      return;
    }
    try {
      await deleteResource(`/api/assets/${a.id}`);
      await loadAssets(false);
    } catch (e) {
      list.prepend(problemBox(e, `${a.name} was not deleted`));
    }
  }

  renderGeometry();
  void loadAssets(true);
  return () => {
    draw.cancel();
    resize.disconnect();
    for (const c of controllers) {
      c.abort();
    }
    layer.remove();
    map.remove();
  };
}

function geometryOf(d: Drawn): Geometry {
  switch (d.kind) {
    case "point":
      return { type: "Point", coordinates: [d.lon, d.lat] };
    case "line":
      return { type: "LineString", coordinates: d.path };
    case "polygon":
      return { type: "Polygon", coordinates: [[...d.ring, d.ring[0]!]] };
    case "circle":
      return { type: "Point", coordinates: [d.lon, d.lat] };
  }
}

function describe(d: Drawn): string {
  switch (d.kind) {
    case "point":
      return `Point at ${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}.`;
    case "line":
      return `Line of ${d.path.length} points, ${formatRadius(pathLength(d.path.map(([lon, lat]) => L.latLng(lat, lon))))} long.`;
    case "polygon":
      return `Polygon with ${d.ring.length} corners.`;
    case "circle":
      return `Point at ${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}.`;
  }
}

function shapeName(type: string): string {
  return type === "LineString" || type === "MultiLineString" ? "Line" : type === "Polygon" || type === "MultiPolygon" ? "Polygon" : type === "Point" ? "Point" : type;
}
