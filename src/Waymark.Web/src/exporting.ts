// Export through GET /api/crimes/export: the server writes only what the caller may see (and personal data only to
// police roles that state a purpose). Fetched rather than navigated to, so a refused export shows its problem here.
import { request } from "./api";

export type ExportFormat = "csv" | "geojson";

export async function downloadExport(params: URLSearchParams, format: ExportFormat): Promise<string> {
  const query = new URLSearchParams(params);
  query.set("format", format);
  const response = await request(`/api/crimes/export?${query.toString()}`, { headers: { Accept: format === "csv" ? "text/csv" : "application/geo+json" } });
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get("content-disposition")) ?? `waymark-crimes.${format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) {
    return null;
  }
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    return decodeURIComponent(star[1]);
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}
