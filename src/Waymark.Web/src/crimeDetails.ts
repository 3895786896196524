// One crime's details, exactly as the API returns them for the caller's role: the server leaves out personal data
// unless the role may see it and a purpose was stated, and answers 404 for a crime the caller may not see at all.
import { getJson } from "./api";
import type { Catalogue } from "./catalogue";
import { h, problemBox } from "./dom";
import { dateTime, isPolice, num, pounds, sectorName, timeWindow, visibilityName } from "./format";
import type { Crime, Me } from "./types";

export async function loadCrime(id: string, purpose: string | null, signal: AbortSignal): Promise<Crime> {
  const params = new URLSearchParams();
  if (purpose) {
    params.set("purpose", purpose);
  }
  return getJson<Crime>(`/api/crimes/${encodeURIComponent(id)}`, params, signal);
}

/** The "crime not visible" message: the API says 404 both for a missing crime and for one not shared with the caller. */
export function crimeProblem(e: unknown): HTMLElement {
  return h("div", { class: "crime-problem", "data-testid": "crime-problem" },
    problemBox(e, "This crime cannot be shown"),
    h("p", { class: "help" }, "A crime that is not shared with your organisation looks exactly like one that does not exist: Waymark does not reveal either way."));
}

type Row = [string, Node | string | null | undefined];

export function renderCrime(crime: Crime, catalogue: Catalogue, me: Me, onPurpose: (purpose: string) => void): HTMLElement {
  const location: Row[] = [
    ["Location", crime.locationDescription],
    ["Latitude, longitude", crime.latitude !== undefined && crime.longitude !== undefined ? `${crime.latitude.toFixed(5)}, ${crime.longitude.toFixed(5)}` : null],
    ["British National Grid", crime.easting !== undefined && crime.northing !== undefined ? `${num(Math.round(crime.easting))} E, ${num(Math.round(crime.northing))} N` : null],
    ["Irish Transverse Mercator", crime.itmEasting !== undefined && crime.itmNorthing !== undefined ? `${num(Math.round(crime.itmEasting))} E, ${num(Math.round(crime.itmNorthing))} N` : null],
    ["1 km grid cell", crime.cell1km],
    ["Neighbourhood (LSOA)", crime.lsoaName ? `${crime.lsoaName}${crime.lsoaCode ? ` (${crime.lsoaCode})` : ""}` : crime.lsoaCode],
    ["Note", crime.gridNote],
  ];
  const what: Row[] = [
    ["Category", catalogue.categoryName(crime.category)],
    ["police.uk category", crime.policeUkCategory !== crime.category ? catalogue.categoryName(crime.policeUkCategory) : null],
    ["Knife enabled", crime.knifeEnabled === undefined ? null : crime.knifeEnabled ? "Yes" : "No"],
    ["Sector", crime.sector ? sectorName(crime.sector) : null],
    ["Asset affected", crime.assetAffected],
    ["Occurred", timeWindow(crime.occurredFrom, crime.occurredTo, crime.source)],
    ["Reported", crime.source === "policeuk" ? null : dateTime(crime.reportedAt)],
    ["Modus operandi", crime.modusOperandi],
    ["MO tags", crime.moTags.length > 0 ? h("span", { class: "tags" }, crime.moTags.map((t) => h("span", { class: "tag" }, t))) : null],
    ["Disruption", crime.disruptionMinutes !== undefined ? `${num(crime.disruptionMinutes)} minutes` : null],
    ["Customers affected", crime.customersAffected !== undefined ? num(crime.customersAffected) : null],
    ["Repair cost", crime.repairCostPounds !== undefined ? pounds(crime.repairCostPounds) : null],
    ["Outcome", crime.outcomeTypeName ?? crime.outcomeText ?? null],
    ["Outcome detail", crime.outcomeTypeName && crime.outcomeText ? crime.outcomeText : null],
  ];
  const record: Row[] = [
    ["Recorded by", crime.ownerOrganisation ?? catalogue.organisationName(crime.ownerOrganisationId) ?? crime.ownerOrganisationId],
    ["Source", sourceName(crime.source)],
    ["External id", crime.externalId],
    ["Shared with", visibilityName(crime.visibility)],
    ["Grading (3x5x2)", crime.grading ? `${crime.grading.code}${crime.grading.conditions ? ` — ${crime.grading.conditions}` : ""}` : null],
    ["Last updated", dateTime(crime.updatedAt)],
  ];

  return h("article", { class: "crime", "aria-labelledby": "crime-heading", "data-crime-id": crime.id },
    h("h2", { id: "crime-heading" }, catalogue.categoryName(crime.category)),
    h("p", { class: "crime-ref" }, crime.reference),
    section("What happened", what),
    crime.propertyStolen.length > 0 ? propertyTable(crime) : null,
    section("Where", location),
    section("Record", record),
    personalSection(crime, me, onPurpose));
}

function section(title: string, rows: Row[]): HTMLElement | null {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== "");
  if (shown.length === 0) {
    return null;
  }
  return h("section", { class: "crime-section" },
    h("h3", {}, title),
    h("dl", {}, shown.flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value as Node | string)])));
}

function propertyTable(crime: Crime): HTMLElement {
  return h("section", { class: "crime-section" },
    h("h3", {}, "Property stolen"),
    h("table", { class: "compact" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Item"), h("th", { scope: "col" }, "Qty"), h("th", { scope: "col" }, "Weight"),
        h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Marking"))),
      h("tbody", {}, crime.propertyStolen.map((p) => h("tr", {},
        h("td", {}, p.description ? `${p.type} — ${p.description}` : p.type),
        h("td", { class: "num" }, p.quantity !== undefined ? num(p.quantity) : ""),
        h("td", { class: "num" }, p.weightKg !== undefined ? `${num(p.weightKg)} kg` : ""),
        h("td", { class: "num" }, p.valuePounds !== undefined ? pounds(p.valuePounds) : ""),
        h("td", {}, p.markingCode ?? ""))))));
}

/** Personal data when the API returned it; otherwise the API's note and, for police roles, a purpose to state. */
function personalSection(crime: Crime, me: Me, onPurpose: (purpose: string) => void): HTMLElement | null {
  if (crime.personal) {
    const p = crime.personal;
    return h("section", { class: "crime-section personal" },
      h("h3", {}, "Personal data"),
      h("p", { class: "help" }, "Shown because your role may see it; this read is written to the audit log."),
      h("dl", {},
        [["Officer in charge", p.officerInCharge], ["Victim", p.victimName], ["Victim contact", p.victimContact],
          ["Suspect description", p.suspectDescription], ["Vehicles seen", p.vehiclesSeen?.join(", ")]]
          .filter(([, v]) => !!v)
          .flatMap(([label, v]) => [h("dt", {}, label!), h("dd", {}, v!)])));
  }
  if (!crime.personalDataNote) {
    return null;
  }
  const form = isPolice(me.role) || crime.ownerOrganisationId === me.organisationId ? purposeForm(onPurpose) : null;
  return h("section", { class: "crime-section personal" },
    h("h3", {}, "Personal data"),
    h("p", { class: "note note-info" }, crime.personalDataNote),
    form);
}

function purposeForm(onPurpose: (purpose: string) => void): HTMLElement {
  const input = h("input", { id: "purpose", type: "text", required: true, minlength: 5, maxlength: 200, autocomplete: "off" });
  const form = h("form", { class: "purpose-form" },
    h("label", { for: "purpose" }, "Purpose (for example an investigation or incident reference)"),
    h("div", { class: "search-row" }, input, h("button", { type: "submit" }, "Show personal data")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (input.value.trim()) {
      onPurpose(input.value.trim());
    }
  });
  return form;
}

function sourceName(source: string): string {
  switch (source) {
    case "policeuk": return "police.uk open data";
    case "partner-csv": return "Partner CSV import";
    case "api": return "Recorded through the API";
    case "demo": return "Demo data";
    default: return source;
  }
}
