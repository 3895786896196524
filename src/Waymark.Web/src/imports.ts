// The import page: upload police.uk street-level CSV files or a partner's CSV (the template), watch the upload's
// progress, then read the report — imported, duplicates, rejected (each with its line and reason) and unlocated.
import { ApiError, getJson, type ProblemDetails } from "./api";
import { partnerImportRoles, policeUkImportRoles } from "./auth";
import { h, note, problemBox, replace } from "./dom";
import { count, num, roleName } from "./format";
import type { ImportReport, ImportResponse, Me } from "./types";

type Kind = "policeuk" | "partner";

const kinds: { value: Kind; label: string; help: string; roles: string[] }[] = [
  {
    value: "policeuk",
    label: "police.uk street-level CSV",
    help: "Monthly files as published by data.police.uk (e.g. 2021-08-avon-and-somerset-street.csv). Re-importing a file adds nothing.",
    roles: policeUkImportRoles,
  },
  {
    value: "partner",
    label: "Partner crime reports (Waymark CSV template)",
    help: "Your organisation's crime reports in the partner template; rows are matched by external_id, so re-importing updates nothing twice.",
    roles: partnerImportRoles,
  },
];

/** Rejected rows shown on the page; the full list stays available from the import's report. */
const rejectedShown = 500;

export function renderImportPage(root: HTMLElement, me: Me, navigate: (path: string) => void): () => void {
  const allowed = kinds.filter((k) => k.roles.includes(me.role));
  const heading = h("h1", {}, "Import crimes");
  if (allowed.length === 0) {
    replace(root, h("main", { id: "main", class: "page import-page" }, heading,
      note(`Your role (${roleName(me.role)}) cannot import crimes. Imports are for administrators, police analysts and partner analysts.`, "warn")));
    return () => undefined;
  }

  let xhr: XMLHttpRequest | null = null;
  const fileInput = h("input", { id: "import-file", type: "file", name: "file", accept: ".csv,text/csv", multiple: true, required: true, "aria-describedby": "import-file-help" });
  const kindRadios = allowed.map((k, i) => {
    const input = h("input", { type: "radio", name: "kind", id: `kind-${k.value}`, value: k.value, checked: i === 0 });
    return h("div", { class: "radio" }, input, h("label", { for: `kind-${k.value}` }, k.label, h("span", { class: "help" }, k.help)));
  });
  const submit = h("button", { type: "submit", class: "primary" }, "Upload and import");
  const cancel = h("button", { type: "button", hidden: true, onclick: () => xhr?.abort() }, "Cancel upload");
  const progress = h("progress", { id: "import-progress", max: 100, value: 0, "aria-describedby": "import-progress-text" });
  const progressText = h("p", { id: "import-progress-text", class: "progress-text", "aria-live": "polite" });
  const progressBox = h("div", { class: "progress-box", hidden: true, "data-testid": "import-progress" }, h("label", { for: "import-progress" }, "Progress"), progress, progressText);
  const result = h("section", { class: "import-result", "aria-live": "polite", "data-testid": "import-result" });
  const history = h("section", { class: "import-history", "aria-labelledby": "history-heading" });

  const form = h("form", { class: "import-form", "aria-labelledby": "import-form-heading" },
    h("h2", { id: "import-form-heading" }, "Upload"),
    h("fieldset", {}, h("legend", {}, "Kind of file"), kindRadios),
    h("div", { class: "field" },
      h("label", { for: "import-file" }, "CSV files"),
      fileInput,
      h("p", { class: "help", id: "import-file-help" }, "Each file is imported whole or not at all. Rows without a location are kept as unlocated crimes.")),
    allowed.some((k) => k.value === "partner")
      ? h("p", { class: "help" }, "Partner template: ", h("a", { href: "/api/imports/partner/template", download: "waymark-partner-template.csv" }, "download the CSV template"), " (one example row).")
      : null,
    h("div", { class: "button-row" }, submit, cancel),
    progressBox);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const kind = (form.querySelector<HTMLInputElement>("input[name=kind]:checked")?.value ?? allowed[0]!.value) as Kind;
    const files = [...(fileInput.files ?? [])];
    if (files.length === 0) {
      replace(result, problemBox(new ApiError(400, { title: "Choose a file", detail: "Choose one or more CSV files to import." })));
      return;
    }
    upload(kind, files);
  });

  function upload(kind: Kind, files: File[]): void {
    const body = new FormData();
    for (const f of files) {
      body.append("file", f, f.name);
    }
    const size = files.reduce((a, f) => a + f.size, 0);
    xhr = new XMLHttpRequest();
    const request = xhr;
    request.open("POST", `/api/imports/${kind}`);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "text";
    submit.disabled = true;
    cancel.hidden = false;
    progressBox.hidden = false;
    progress.value = 0;
    progress.max = 100;
    progressText.textContent = `Uploading ${files.length === 1 ? files[0]!.name : `${files.length} files`} (${megabytes(size)})…`;
    replace(result);

    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        const pct = Math.round((e.loaded / e.total) * 100);
        progress.value = pct;
        progressText.textContent = `Uploading: ${pct}% (${megabytes(e.loaded)} of ${megabytes(e.total)})`;
      }
    });
    request.upload.addEventListener("load", () => {
      progress.removeAttribute("value"); // indeterminate while the server reads and stores the rows
      progressText.textContent = "Uploaded. Importing: the server is checking and storing each row…";
    });
    request.addEventListener("load", () => {
      finish();
      const json = parse(request.responseText);
      if (request.status >= 200 && request.status < 300 && json && typeof json === "object" && "files" in json) {
        const response = json as ImportResponse;
        progress.value = 100;
        progress.max = 100;
        progressText.textContent = `Done: ${count(response.rows, "row")} read.`;
        replace(result, renderResponse(response, navigate));
        fileInput.value = "";
        void loadHistory();
      } else {
        progressBox.hidden = true;
        const problem: ProblemDetails = json && typeof json === "object" ? (json as ProblemDetails) : { title: `HTTP ${request.status}`, detail: request.statusText };
        if (request.status === 403) {
          problem.title ??= "Your role may not import this kind of file";
        }
        replace(result, problemBox(new ApiError(request.status, problem), "Nothing was imported"));
      }
    });
    request.addEventListener("error", () => {
      finish();
      progressBox.hidden = true;
      replace(result, problemBox(new ApiError(0, { title: "The upload failed", detail: "The connection to the server was lost. Nothing may have been imported; check the recent imports below, then try again." })));
    });
    request.addEventListener("abort", () => {
      finish();
      progressBox.hidden = true;
      replace(result, note("Upload cancelled. A file is imported whole or not at all, so nothing from an unfinished upload was stored.", "warn"));
    });
    request.send(body);
  }

  function finish(): void {
    submit.disabled = false;
    cancel.hidden = true;
    xhr = null;
  }

  async function loadHistory(): Promise<void> {
    try {
      const runs = await getJson<ImportReport[]>("/api/imports");
      replace(history, h("h2", { id: "history-heading" }, "Recent imports"),
        runs.length === 0 ? note("No imports by your organisation yet.", "empty") : historyTable(runs, (report) => replace(result, renderReport(report, true))));
    } catch (e) {
      replace(history, h("h2", { id: "history-heading" }, "Recent imports"), problemBox(e, "The recent imports could not be loaded"));
    }
  }

  replace(root, h("main", { id: "main", class: "page import-page" }, heading,
    h("p", { class: "lead" }, `You are importing as ${me.organisation}. `,
      allowed.some((k) => k.value === "policeuk") ? "police.uk data is open and shared with the whole partnership; " : "",
      "partner reports stay your organisation's, shared as each row's visibility says."),
    h("div", { class: "import-columns" }, form, result),
    history));
  void loadHistory();
  return () => xhr?.abort();
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    if (e instanceof SyntaxError) {
      return null;
    }
    throw e;
  }
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

function renderResponse(response: ImportResponse, navigate: (path: string) => void): HTMLElement {
  return h("div", { class: "report", "data-testid": "import-report" },
    h("h2", {}, "Import report"),
    tiles(response),
    response.imported > 0
      ? h("p", {}, h("a", { href: "/", onclick: (ev: Event) => { ev.preventDefault(); navigate("/"); } }, "See the crimes on the map"))
      : null,
    response.files.map((f) => renderReport(f, response.files.length === 1)));
}

function tiles(r: { rows: number; imported: number; duplicates: number; rejected: number; unlocated: number }): HTMLElement {
  const tile = (key: string, label: string, value: number, help: string) =>
    h("div", { class: `tile tile-${key}`, "data-testid": `import-${key}` }, h("span", { class: "tile-value" }, num(value)), h("span", { class: "tile-label" }, label), h("span", { class: "help" }, help));
  return h("div", { class: "tiles" },
    tile("rows", "Rows read", r.rows, "in the file"),
    tile("imported", "Imported", r.imported, "new crimes stored"),
    tile("duplicates", "Duplicates", r.duplicates, "already in Waymark"),
    tile("rejected", "Rejected", r.rejected, "not stored — see below"),
    tile("unlocated", "Unlocated", r.unlocated, "rows without a location"));
}

function renderReport(report: ImportReport, single: boolean): HTMLElement {
  const shown = report.rejectedRows.slice(0, rejectedShown);
  return h("section", { class: "file-report", "data-file": report.fileName },
    h("h3", {}, report.fileName, " ", h("span", { class: "kind" }, report.kind === "policeuk" ? "police.uk" : "partner CSV")),
    single ? null : tiles(report),
    single && report.summary ? null : h("p", { class: "help" }, report.summary ?? ""),
    report.rejectedRows.length === 0
      ? note("No row was rejected.")
      : h("div", {},
        h("table", { class: "compact rejected", "data-testid": "rejected-rows" },
          h("caption", {}, `Rejected rows (${count(report.rejectedRows.length, "row")}${report.rejectedRows.length > shown.length ? `, the first ${num(shown.length)} shown` : ""})`),
          h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, "Line"), h("th", { scope: "col" }, "Reason"))),
          h("tbody", {}, shown.map((r) => h("tr", {}, h("td", { class: "num" }, num(r.line)), h("td", {}, r.reason)))))));
}

function historyTable(runs: ImportReport[], open: (r: ImportReport) => void): HTMLElement {
  return h("table", { class: "compact history" },
    h("thead", {}, h("tr", {}, ["File", "Kind", "Rows", "Imported", "Duplicates", "Rejected", "Unlocated"].map((c, i) => h("th", { scope: "col", class: i > 1 ? "num" : null }, c)))),
    h("tbody", {}, runs.map((r) => h("tr", {},
      h("td", {}, h("button", { type: "button", class: "link-button", onclick: () => open(r) }, r.fileName)),
      h("td", {}, r.kind === "policeuk" ? "police.uk" : "partner CSV"),
      [r.rows, r.imported, r.duplicates, r.rejected, r.unlocated].map((n) => h("td", { class: "num" }, num(n)))))));
}
