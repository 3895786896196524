// The scrap-metal page. Dealers record receipts (every field of s.13 of the Scrap Metal Dealers Act 2013) one at a
// time or from a CSV, and see each receipt's checks: a breach with what to do, or that police follow-up is needed —
// never the intelligence behind it. Police, councils and admins see compliance per dealer and the flagged receipts.
import { getJson, postJson, request } from "./api";
import { h, note, problemBox, replace } from "./dom";
import type { Me } from "./types";

interface CheckResult { check: string; kind: string; passed: boolean; ran: boolean; code?: string; message?: string; detail?: string }
interface Receipt {
  id: string; reference: string; dealer?: string; licenceNumber?: string; receivedAt: string; totalWeightKg: number;
  items: { metalType: string; form?: string; weightKg: number }[]; payment: string; flagged: boolean; idVerified: boolean;
  breachCount: number; advice?: string; checks: CheckResult[];
}
interface RegisterEntry { id: string; licenceNumber: string; type: string; holderName: string; status: string; sites: { id: string; name: string }[]; details?: { dealerOrganisationId?: string } }
interface Compliance {
  dealers: { dealer: string; licences: { licenceNumber: string; status: string; expiresOn: string }[]; sites: { name: string }[]; receipts: number;
    idVerifiedShare?: number; receiptsWithBreaches: number; breaches: Record<string, number>; flagged: number; totalWeightKg: number; disposals: number }[];
}
interface UploadReport { rows: number; receipts: number; recorded: number; flagged: number; rejected: number; rejectedRows: { line: number; reason: string }[] }

const metals = ["copper", "brass", "bronze", "lead", "aluminium", "stainless-steel", "steel", "iron", "zinc", "catalytic-converter", "precious-metal", "other"];
const documents: [string, string][] = [["PhotocardDrivingLicence", "Photocard driving licence"], ["Passport", "Passport"], ["EeaIdentityCard", "EEA identity card"],
  ["BiometricResidencePermit", "Biometric residence permit"], ["Other", "Other document"], ["None", "None seen"]];
const proofs: [string, string][] = [["None", "None"], ["BankStatement", "Bank statement"], ["BuildingSocietyStatement", "Building society statement"],
  ["CreditCardStatement", "Credit card statement"], ["CouncilTax", "Council tax"], ["UtilityBill", "Utility bill"], ["MobilePhoneBill", "Mobile phone bill"], ["Other", "Other"]];
const payments: [string, string][] = [["ElectronicTransfer", "Electronic transfer"], ["NonTransferableCheque", "Non-transferable cheque"], ["Cash", "Cash"], ["InKind", "In kind"]];

const mayRecord = (me: Me): boolean => me.role === "dealer";
const maySeeCompliance = (me: Me): boolean => me.role === "admin" || me.role === "police-analyst" || me.role === "police-officer" || me.organisationKind === "LocalAuthority";
export const mayUseScrap = (me: Me): boolean => mayRecord(me) || maySeeCompliance(me);

function field(id: string, label: string, control: HTMLElement, help?: string): HTMLElement {
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, help ? h("p", { class: "help" }, help) : null);
}

function select(options: [string, string][] | string[]): HTMLSelectElement {
  return h("select", {}, options.map((o) => (Array.isArray(o) ? h("option", { value: o[0] }, o[1]) : h("option", { value: o }, o))));
}

function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function renderScrapPage(root: HTMLElement, me: Me): () => void {
  const main = h("main", { id: "main", class: "page scrap-page" }, h("h1", {}, "Scrap metal"));
  replace(root, main);
  if (!mayUseScrap(me)) {
    main.append(note("The metal-trade records are for dealers, police, councils and administrators.", "warn"));
    return () => undefined;
  }
  if (mayRecord(me)) {
    void renderDealer(main, me);
  } else {
    void renderOversight(main);
  }
  return () => undefined;
}

async function renderDealer(main: HTMLElement, me: Me): Promise<void> {
  const register = await getJson<RegisterEntry[]>("/api/scrap/licences");
  const own = register.filter((l) => l.details?.dealerOrganisationId === me.organisationId);
  if (own.length === 0) {
    main.append(note("Your organisation holds no licence on the register: ask your council to record it before recording receipts.", "warn"));
    return;
  }

  const licence = select(own.map((l) => [l.licenceNumber, `${l.licenceNumber} (${l.type}, ${l.status})`] as [string, string]));
  const site = h("select", {});
  const fillSites = (): void => {
    const l = own.find((x) => x.licenceNumber === licence.value);
    site.replaceChildren(...(l?.sites ?? []).map((s) => h("option", { value: s.id }, s.name)));
  };
  licence.addEventListener("change", fillSites);
  fillSites();
  const receivedAt = h("input", { type: "datetime-local", value: localNow(), required: true });
  const metal = select(metals);
  const form = h("input", { type: "text", placeholder: "cable, sheet, pipe…" });
  const condition = h("input", { type: "text", placeholder: "used, burnt, stripped…" });
  const weight = h("input", { type: "number", step: "0.1", min: "0", required: true });
  const marks = h("input", { type: "text" });
  const markingCode = h("input", { type: "text" });
  const plate = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
  const foreign = h("input", { type: "checkbox" });
  const seller = h("input", { type: "text", required: true });
  const address = h("input", { type: "text", required: true });
  const idDocument = select(documents);
  const idCopy = h("input", { type: "text" });
  const proof = select(proofs);
  const proofDate = h("input", { type: "date" });
  const proofCopy = h("input", { type: "text" });
  const paidBy = h("input", { type: "text", required: true });
  const payment = select(payments);
  const paymentRef = h("input", { type: "text" });
  const amount = h("input", { type: "number", step: "0.01", min: "0" });
  const result = h("section", { class: "scrap-result", "aria-live": "polite", "data-testid": "receipt-result" });
  const submit = h("button", { type: "submit", class: "primary" }, "Record receipt");
  const list = h("section", { class: "scrap-list", "aria-labelledby": "receipts-heading" });

  const receiptForm = h("form", { class: "scrap-form", "aria-labelledby": "receipt-heading" },
    h("h2", { id: "receipt-heading" }, "Record a receipt"),
    h("fieldset", {}, h("legend", {}, "Where and when"),
      field("r-licence", "Licence", licence), field("r-site", "Site", site), field("r-received", "Received at", receivedAt)),
    h("fieldset", {}, h("legend", {}, "The metal"),
      field("r-metal", "Metal type", metal), field("r-form", "Form", form), field("r-condition", "Condition", condition),
      field("r-weight", "Weight (kg)", weight), field("r-marks", "Marks and distinguishing features", marks),
      field("r-code", "Forensic marking code read", markingCode, "If a UV-visible code was read on the metal.")),
    h("fieldset", {}, h("legend", {}, "Seller and vehicle"),
      field("r-seller", "Seller's full name", seller), field("r-address", "Seller's address", address),
      field("r-plate", "Vehicle registration", plate, "Leave empty if the metal came without a vehicle."),
      h("div", { class: "field checkbox" }, foreign, h("label", { for: "r-foreign" }, "Foreign plate"))),
    h("fieldset", {}, h("legend", {}, "Identity (s.11)"),
      field("r-id", "Identity document seen", idDocument), field("r-idcopy", "Reference of the copy kept", idCopy),
      field("r-proof", "Proof of address", proof, "Needed with a passport, EEA card or residence permit; dated within three months."),
      field("r-proofdate", "Proof of address dated", proofDate), field("r-proofcopy", "Reference of its copy", proofCopy)),
    h("fieldset", {}, h("legend", {}, "Payment (s.12)"),
      field("r-paidby", "Paid by (for the dealer)", paidBy), field("r-payment", "Payment", payment),
      field("r-payref", "Cheque or transfer reference", paymentRef), field("r-amount", "Amount (£)", amount)),
    submit, result);
  foreign.id = "r-foreign";

  receiptForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void (async () => {
      submit.disabled = true;
      result.replaceChildren(note("Recording and checking…"));
      try {
        const body = {
          licenceNumber: licence.value, siteId: site.value || null, receivedAt: new Date(receivedAt.value).toISOString(),
          items: [{ metalType: metal.value, form: form.value || null, condition: condition.value || null, weightKg: weight.value === "" ? null : Number(weight.value), marks: marks.value || null, markingCode: markingCode.value || null }],
          vehicleRegistration: plate.value || null, vehicleForeign: foreign.checked, sellerName: seller.value, sellerAddress: address.value,
          idDocument: idDocument.value, idCopyReference: idCopy.value || null, proofOfAddress: proof.value, proofOfAddressDate: proofDate.value || null,
          proofOfAddressCopyReference: proofCopy.value || null, paidBy: paidBy.value, payment: payment.value, paymentReference: paymentRef.value || null,
          amountPounds: amount.value === "" ? null : Number(amount.value),
        };
        const receipt = await postJson<Receipt>("/api/scrap/receipts?source=web", body);
        result.replaceChildren(receiptCard(receipt!));
        void loadList();
      } catch (e) {
        result.replaceChildren(problemBox(e, "The receipt was not recorded"));
      } finally {
        submit.disabled = false;
      }
    })();
  });

  const file = h("input", { id: "scrap-csv", type: "file", accept: ".csv,text/csv" });
  const uploadResult = h("div", { "data-testid": "upload-result", "aria-live": "polite" });
  const upload = h("form", { class: "scrap-upload", "aria-labelledby": "upload-heading" },
    h("h2", { id: "upload-heading" }, "Upload receipts (CSV)"),
    h("p", { class: "help" }, "One row per lot; rows sharing a reference are one mixed receipt. ",
      h("a", { href: "/api/scrap/receipts/template", download: "waymark-receipts-template.csv" }, "Download the template"), "."),
    field("scrap-csv-field", "CSV file", file), h("button", { type: "submit" }, "Upload"), uploadResult);
  file.id = "scrap-csv";
  upload.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void (async () => {
      const chosen = file.files?.[0];
      if (!chosen) {
        uploadResult.replaceChildren(note("Choose a CSV file.", "warn"));
        return;
      }
      const data = new FormData();
      data.append("file", chosen);
      try {
        const response = await request("/api/scrap/receipts/upload", { method: "POST", body: data });
        const report = (await response.json()) as UploadReport;
        replace(uploadResult,
          h("p", {}, `${report.recorded} of ${report.receipts} receipts recorded (${report.flagged} flagged); ${report.rejected} rows rejected.`),
          report.rejectedRows.length > 0 ? h("ul", {}, report.rejectedRows.map((r) => h("li", {}, `Line ${r.line}: ${r.reason}`))) : null);
        void loadList();
      } catch (e) {
        uploadResult.replaceChildren(problemBox(e, "The file was not uploaded"));
      }
    })();
  });

  async function loadList(): Promise<void> {
    try {
      const page = await getJson<{ total: number; items: Receipt[] }>("/api/scrap/receipts", new URLSearchParams({ pageSize: "50" }));
      replace(list, h("h2", { id: "receipts-heading" }, `Your receipts (${page.total})`), receiptTable(page.items));
    } catch (e) {
      replace(list, problemBox(e, "Receipts could not be loaded"));
    }
  }

  main.append(h("div", { class: "scrap-columns" }, receiptForm, h("div", {}, upload, list)));
  await loadList();
}

function receiptCard(r: Receipt): HTMLElement {
  const failed = r.checks.filter((c) => !c.passed);
  // A passed check can still leave the dealer something to do (a marking code that is not a valid code: re-read it).
  const toDo = r.checks.filter((c) => c.passed && c.message);
  return h("article", { class: `receipt ${r.flagged ? "receipt-flagged" : "receipt-clear"}`, "data-testid": "receipt-card" },
    h("h3", {}, `Receipt ${r.reference}: ${r.flagged ? "flagged" : "all checks passed"}`),
    r.advice ? h("p", { class: "note note-warn" }, r.advice) : null,
    failed.length > 0 ? h("ul", {}, failed.map((c) => h("li", {}, h("strong", {}, c.kind === "breach" ? `Breach (${c.code ?? c.check})` : "Police follow-up"), ": ", c.message ?? ""))) : null,
    toDo.length > 0 ? h("ul", {}, toDo.map((c) => h("li", {}, h("strong", {}, "To do"), ": ", c.message ?? ""))) : null);
}

function receiptTable(items: Receipt[]): HTMLElement {
  if (items.length === 0) {
    return note("No receipts yet.", "empty");
  }
  return h("table", { class: "scrap-table" },
    h("thead", {}, h("tr", {}, ["Reference", "Received", "Dealer", "Metal", "kg", "Payment", "ID verified", "Status"].map((t) => h("th", {}, t)))),
    h("tbody", {}, items.map((r) => h("tr", { class: r.flagged ? "flagged" : "" },
      h("td", {}, r.reference), h("td", {}, new Date(r.receivedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })),
      h("td", {}, r.dealer ?? ""), h("td", {}, r.items.map((i) => i.metalType).join(", ")), h("td", {}, r.totalWeightKg.toFixed(1)),
      h("td", {}, r.payment), h("td", {}, r.idVerified ? "yes" : "no"),
      h("td", {}, r.flagged ? (r.breachCount > 0 ? `flagged, ${r.breachCount} breach${r.breachCount > 1 ? "es" : ""}` : "flagged") : "clear")))));
}

async function renderOversight(main: HTMLElement): Promise<void> {
  const compliance = h("section", { "aria-labelledby": "compliance-heading", "data-testid": "compliance" });
  const flagged = h("section", { "aria-labelledby": "flagged-heading" });
  main.append(compliance, flagged);
  try {
    const report = await getJson<Compliance>("/api/scrap/compliance");
    replace(compliance, h("h2", { id: "compliance-heading" }, "Compliance per dealer (last 12 months)"),
      report.dealers.length === 0 ? note("No licensed dealers you oversee.", "empty") : h("table", { class: "scrap-table" },
        h("thead", {}, h("tr", {}, ["Dealer", "Licences", "Sites", "Receipts", "ID verified", "With breaches", "Breaches", "Flagged", "kg received", "Disposals"].map((t) => h("th", {}, t)))),
        h("tbody", {}, report.dealers.map((d) => h("tr", {},
          h("td", {}, d.dealer), h("td", {}, d.licences.map((l) => `${l.licenceNumber} (${l.status}, to ${l.expiresOn})`).join("; ")),
          h("td", {}, d.sites.map((s) => s.name).join(", ")), h("td", {}, d.receipts),
          h("td", {}, d.idVerifiedShare === undefined || d.idVerifiedShare === null ? "–" : `${Math.round(d.idVerifiedShare * 100)}%`),
          h("td", {}, d.receiptsWithBreaches), h("td", {}, Object.entries(d.breaches).map(([k, v]) => `${k} ${v}`).join(", ")),
          h("td", {}, d.flagged), h("td", {}, d.totalWeightKg.toLocaleString("en-GB")), h("td", {}, d.disposals))))),
      h("p", { class: "help" }, "Sites as GeoJSON for a map: ", h("a", { href: "/api/scrap/compliance?format=geojson" }, "/api/scrap/compliance?format=geojson"), "."));
    const page = await getJson<{ total: number; items: Receipt[] }>("/api/scrap/receipts", new URLSearchParams({ flagged: "true", pageSize: "50" }));
    replace(flagged, h("h2", { id: "flagged-heading" }, `Flagged receipts (${page.total})`), receiptTable(page.items),
      page.items.length > 0 ? h("div", { class: "flagged-checks" }, page.items.map((r) => h("details", {},
        h("summary", {}, `${r.reference} — ${r.checks.filter((c) => !c.passed).map((c) => c.check).join(", ")}`),
        h("ul", {}, r.checks.filter((c) => !c.passed).map((c) => h("li", {}, h("strong", {}, c.check), ": ", c.detail ?? c.message ?? "")))))) : null);
  } catch (e) {
    replace(compliance, problemBox(e, "Compliance could not be loaded"));
  }
}
