// Builds Waymark's browser application into ../Waymark.Server/wwwroot:
//   index.html            the shell (names the hashed bundles; served for every route of the app)
//   assets/app-HASH.js    the TypeScript bundle (esbuild; type-checked by `tsc --noEmit` before this runs)
//   assets/app-HASH.css   Leaflet's, the marker cluster's and Waymark's styles
//   geo/outline.geojson   the United Kingdom (Great Britain and Northern Ireland) and its neighbours as a base layer,
//                         from Natural Earth via the world-atlas package, so the map needs no tiles from the internet.
// Usage: node build.mjs [--dev]   (--dev: no minification, inline source maps)
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { feature } from "topojson-client";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../Waymark.Server/wwwroot");
const dev = process.argv.includes("--dev");
const require = createRequire(import.meta.url);

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, "geo"), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: path.join(here, "src/main.ts") },
  bundle: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox115", "safari16"],
  outdir: path.join(out, "assets"),
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  loader: { ".png": "file", ".svg": "file" },
  minify: !dev,
  sourcemap: dev ? "inline" : false,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => path.relative(out, path.resolve(p)).split(path.sep).join("/"));
const js = outputs.find((p) => /^assets\/app-[^/]+\.js$/.test(p));
const css = outputs.find((p) => /^assets\/app-[^/]+\.css$/.test(p));
if (!js || !css) {
  throw new Error(`esbuild wrote no app bundle: ${outputs.join(", ")}`);
}

const shell = await readFile(path.join(here, "static/index.html"), "utf8");
await writeFile(path.join(out, "index.html"), shell.replace("%APP_CSS%", `/${css}`).replace("%APP_JS%", `/${js}`));
await writeFile(path.join(out, "favicon.svg"), await readFile(path.join(here, "static/favicon.svg")));
await writeFile(path.join(out, "geo/outline.geojson"), JSON.stringify(outline()));

const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`waymark-web: wrote ${outputs.length} bundle files (${Math.round(bytes / 1024)} KiB) and the outline to ${out}`);

/**
 * The base layer: the United Kingdom from Natural Earth 1:10m (detailed enough to read coastlines at city zoom),
 * with Ireland, the Isle of Man and the Channel Islands at 1:10m and the nearest continental coast at 1:50m as faint
 * context. Coordinates are rounded to 1e-4 degrees (about 10 m), well inside the source's own accuracy.
 */
function outline() {
  const fine = require("world-atlas/countries-10m.json");
  const coarse = require("world-atlas/countries-50m.json");
  const fineFeatures = feature(fine, fine.objects.countries).features;
  const coarseFeatures = feature(coarse, coarse.objects.countries).features;
  const pick = (features, name, role) => {
    const f = features.find((x) => x.properties.name === name);
    if (!f) {
      throw new Error(`world-atlas has no country named ${name}`);
    }
    return { type: "Feature", properties: { name, role }, geometry: clipToRegion(f.geometry) };
  };
  const features = [
    ...["Ireland", "Isle of Man", "Jersey", "Guernsey"].map((n) => pick(fineFeatures, n, "context")),
    ...["France", "Belgium", "Netherlands", "Norway", "Denmark"].map((n) => pick(coarseFeatures, n, "context")),
    pick(fineFeatures, "United Kingdom", "focus"),
  ].filter((f) => f.geometry !== null);
  return { type: "FeatureCollection", features };
}

/** Keeps the polygons of a (Multi)Polygon whose bounds meet north-west Europe (drops overseas territories) and rounds them. */
function clipToRegion(geometry) {
  const region = { minLon: -15, minLat: 42, maxLon: 12, maxLat: 63 };
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const kept = polygons
    .filter((rings) => {
      const lons = rings[0].map((p) => p[0]);
      const lats = rings[0].map((p) => p[1]);
      return Math.max(...lons) >= region.minLon && Math.min(...lons) <= region.maxLon
        && Math.max(...lats) >= region.minLat && Math.min(...lats) <= region.maxLat;
    })
    .map((rings) => rings.map((ring) => ring.map(([lon, lat]) => [Math.round(lon * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4])));
  if (kept.length === 0) {
    return null;
  }
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] } : { type: "MultiPolygon", coordinates: kept };
}
