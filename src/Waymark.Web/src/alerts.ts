// The alerts page (/alerts): the organisation's inbox with filters (status, kind) and paging, unread alerts marked,
// and one alert opened beside it — its summary, evidence (the crimes as links to the map, the assets with their
// distance, the cluster statistics), history, deliveries and the actions: acknowledge, assign, close with a note.
// The query string keeps the view: ?status=open&kind=crime-near-asset&page=2&alert=<id>.
import { ApiError, getJson, isAbort, postJson } from "./api";
import { type AlertFeed, severityBadge } from "./alertFeed";
import type { Catalogue } from "./catalogue";
import { fieldError, h, note, problemBox, replace, showFieldErrors } from "./dom";
import { count, dateTime, num } from "./format";
import type { AlertDeliveryLog, AlertHistoryEntry, AlertPage, AlertView, Colleague, Me } from "./types";

/** The kinds of alert (AlertKinds on the server), in the words of the people who receive them. */
export const alertKinds: { value: string; label: string; help: string }[] = [
  { value: "crime-near-asset", label: "Crime near an asset", help: "A new crime within the rule's distance of one of your assets." },
  { value: "emerging-cluster", label: "Emerging cluster near an asset", help: "The scheduled space-time scan found an emerging cluster touching your assets." },
  { value: "near-repeat-risk", label: "Near-repeat risk at an asset", help: "A crime raised the prospective (near-repeat) risk at an asset above the rule's threshold." },
  { value: "series-grows", label: "A crime series grows", help: "A new crime scored as linked to an existing series." },
  { value: "anpr-hotlist-hit", label: "ANPR hotlist hit", help: "An ANPR read matched a live hotlist entry you own." },
  { value: "forensic-code-traced", label: "Forensic marking code traced", help: "A marking code registered to you was traced on recovered property." },
  { value: "scrap-receipt-flagged", label: "Scrap-metal receipt flagged", help: "A scrap-metal receipt failed its checks." },
];

export const kindLabel = (kind: string): string => alertKinds.find((k) => k.value === kind)?.label ?? kind;

const statuses = [["", "Any status"], ["open", "Open"], ["acknowledged", "Acknowledged"], ["closed", "Closed"]] as const;
const pageSize = 25;

interface InboxState {
  status: string;
  kind: string;
  page: number;
  alert: string | null;
}

function parse(search: string): InboxState {
  const p = new URLSearchParams(search);
  const status = p.get("status") ?? "";
  const alert = p.get("alert");
  return {
    status: statuses.some(([v]) => v === status) ? status : "",
    kind: p.get("kind") ?? "",
    page: Math.max(1, Number(p.get("page")) || 1),
    alert: alert && /^[0-9a-f-]{36}$/i.test(alert) ? alert : null,
  };
}

function toSearch(s: InboxState): string {
  const p = new URLSearchParams();
  if (s.status) p.set("status", s.status);
  if (s.kind) p.set("kind", s.kind);
  if (s.page > 1) p.set("page", String(s.page));
  if (s.alert) p.set("alert", s.alert);
  const text = p.toString();
  return text ? `?${text}` : "";
}

export function renderAlertsPage(root: HTMLElement, me: Me, catalogue: Catalogue, feed: AlertFeed, navigate: (path: string) => void): () => void {
  let state = parse(location.search);
  const controllers = new Map<string, AbortController>();
  const fresh = (key: string) => {
    controllers.get(key)?.abort();
    const c = new AbortController();
    controllers.set(key, c);
    return c.signal;
  };

  const statusSelect = h("select", { id: "alerts-status" }, statuses.map(([v, t]) => h("option", { value: v }, t)));
  const kindSelect = h("select", { id: "alerts-kind" }, h("option", { value: "" }, "Any kind"), alertKinds.map((k) => h("option", { value: k.value }, k.label)));
  statusSelect.value = state.status;
  kindSelect.value = state.kind;
  const onFilter = () => update({ status: statusSelect.value, kind: kindSelect.value, page: 1 });
  statusSelect.addEventListener("change", onFilter);
  kindSelect.addEventListener("change", onFilter);

  const listSummary = h("p", { class: "help", role: "status", "aria-live": "polite", "data-testid": "alerts-summary" });
  const list = h("div", { class: "alert-list-body" });
  const detail = h("section", { class: "alert-detail", "aria-label": "The alert", "data-testid": "alert-detail" });

  replace(root, h("main", { id: "main", class: "page alerts-page" },
    h("h1", {}, "Alerts"),
    h("p", { class: "lead" }, `Alerts to ${me.organisation}: raised when a rule matches (rules are on the `,
      h("a", { href: "/alert-settings", onclick: (ev: Event) => { ev.preventDefault(); navigate("/alert-settings"); } }, "Alert settings"), " page). New alerts arrive live."),
    h("div", { class: "alerts-columns" },
      h("section", { class: "alert-list", "aria-labelledby": "inbox-heading" },
        h("h2", { id: "inbox-heading" }, "Inbox"),
        h("div", { class: "filter-row" },
          h("div", { class: "field" }, h("label", { for: "alerts-status" }, "Status"), statusSelect),
          h("div", { class: "field" }, h("label", { for: "alerts-kind" }, "Kind"), kindSelect)),
        listSummary,
        list),
      detail)));

  function update(patch: Partial<InboxState>): void {
    const previous = state;
    state = { ...state, ...patch };
    history.replaceState(history.state, "", location.pathname + toSearch(state));
    if (state.status !== previous.status || state.kind !== previous.kind || state.page !== previous.page) {
      void loadList();
    } else {
      markSelected();
    }
    if (state.alert !== previous.alert) {
      void loadDetail(true);
    }
  }

  async function loadList(): Promise<void> {
    const signal = fresh("list");
    const p = new URLSearchParams();
    if (state.status) p.set("status", state.status);
    if (state.kind) p.set("kind", state.kind);
    p.set("page", String(state.page));
    p.set("pageSize", String(pageSize));
    if (!list.hasChildNodes()) {
      replace(list, note("Loading the alerts…"));
    }
    try {
      const page = await getJson<AlertPage>("/api/alerts", p, signal);
      const pages = Math.max(1, Math.ceil(page.total / pageSize));
      const filtered = !!(state.status || state.kind);
      listSummary.textContent = `${count(page.total, "alert")}${filtered ? " match" : ""}; ${count(page.unread, "unread alert")} in all.`;
      if (page.total === 0) {
        replace(list, h("div", { class: "empty-state" },
          note(filtered
            ? "No alert matches these filters. Choose “Any status” and “Any kind” to see every alert."
            : "No alerts yet. An alert arrives here when one of your rules matches — for example a crime near one of your assets.", "empty"),
          filtered ? null : h("p", {}, h("a", { href: "/assets", onclick: (ev: Event) => { ev.preventDefault(); navigate("/assets"); } }, "Add your assets"), " and ",
            h("a", { href: "/alert-settings", onclick: (ev: Event) => { ev.preventDefault(); navigate("/alert-settings"); } }, "set a rule"), ".")));
        return;
      }
      replace(list,
        h("ul", { class: "alert-rows" }, page.items.map((a) => h("li", {},
          h("button", {
            type: "button",
            class: `alert-row${a.unread ? " unread" : ""}`,
            "data-alert-id": a.id,
            "data-testid": "alert-row",
            "aria-current": a.id === state.alert ? "true" : null,
            onclick: () => update({ alert: a.id }),
          },
            h("span", { class: "alert-row-head" }, severityBadge(a.severity),
              a.unread ? h("span", { class: "unread-dot", title: "Unread" }, h("span", { class: "visually-hidden" }, "Unread: ")) : null,
              h("span", { class: "alert-row-title" }, a.title)),
            h("span", { class: "alert-row-meta" },
              `${kindLabel(a.kind)} · ${statusName(a.status)} · ${dateTime(a.updatedAt)}${a.occurrences > 1 ? ` · ${a.occurrences}×` : ""}${a.assignedToName ? ` · ${a.assignedToName}` : ""}`))))),
        pages > 1 ? h("div", { class: "button-row pager" },
          h("button", { type: "button", disabled: state.page <= 1, onclick: () => update({ page: state.page - 1 }) }, "Newer"),
          h("span", {}, `Page ${num(state.page)} of ${num(pages)}`),
          h("button", { type: "button", disabled: state.page >= pages, onclick: () => update({ page: state.page + 1 }) }, "Older")) : null);
    } catch (e) {
      if (!isAbort(e)) {
        replace(list, problemBox(e, "The alerts could not be loaded"));
      }
    }
  }

  function markSelected(): void {
    for (const row of list.querySelectorAll<HTMLElement>(".alert-row")) {
      if (row.dataset["alertId"] === state.alert) {
        row.setAttribute("aria-current", "true");
        row.classList.remove("unread");
        row.querySelector(".unread-dot")?.remove();
      } else {
        row.removeAttribute("aria-current");
      }
    }
  }

  async function loadDetail(focus: boolean): Promise<void> {
    const id = state.alert;
    if (!id) {
      replace(detail, note("Choose an alert in the inbox to see why it was raised and act on it.", "empty"));
      return;
    }
    const signal = fresh("detail");
    replace(detail, note("Loading the alert…"));
    try {
      const alert = await getJson<AlertView>(`/api/alerts/${id}`, undefined, signal); // opening it marks it read
      void feed.refresh();
      markSelected();
      const [historyResult, deliveryResult] = await Promise.allSettled([
        getJson<AlertHistoryEntry[]>(`/api/alerts/${id}/history`, undefined, signal),
        getJson<AlertDeliveryLog[]>(`/api/alerts/${id}/deliveries`, undefined, signal),
      ]);
      replace(detail, renderAlert(alert, historyResult, deliveryResult, catalogue, me, navigate, async () => {
        await Promise.all([loadDetail(false), loadList(), feed.refresh()]);
      }));
      if (focus) {
        detail.querySelector<HTMLElement>("h2")?.focus();
      }
    } catch (e) {
      if (!isAbort(e)) {
        replace(detail, h("h2", { tabindex: -1 }, "Alert"), problemBox(e, "The alert could not be loaded"));
      }
    }
  }

  // A new or updated alert: the inbox shows it at once (the open alert is reloaded only if it is the one that changed).
  const unsubscribe = feed.onAlert((a) => {
    void loadList();
    if (a.id === state.alert && !detail.contains(document.activeElement)) {
      void loadDetail(false);
    }
  });

  void loadList();
  void loadDetail(false);
  return () => {
    unsubscribe();
    for (const c of controllers.values()) {
      c.abort();
    }
  };
}

const statusName = (s: string): string => (s === "Open" ? "Open" : s === "Acknowledged" ? "Acknowledged" : s === "Closed" ? "Closed" : s);

function renderAlert(
  alert: AlertView,
  historyResult: PromiseSettledResult<AlertHistoryEntry[]>,
  deliveryResult: PromiseSettledResult<AlertDeliveryLog[]>,
  catalogue: Catalogue,
  me: Me,
  navigate: (path: string) => void,
  reload: () => Promise<void>,
): HTMLElement {
  // Links to the map view also turn on the assets overlay, so the crime is seen beside the asset it concerns.
  const mapLink = (link: string, text: string) => {
    const href = link.startsWith("/?") && !/[?&]assets=/.test(link) ? `${link}&assets=1` : link;
    return h("a", { href, onclick: (ev: Event) => { ev.preventDefault(); navigate(href); } }, text);
  };
  return h("article", { class: "alert", "data-status": alert.status },
    h("h2", { tabindex: -1 }, alert.title),
    h("p", { class: "alert-badges" }, severityBadge(alert.severity), " ",
      h("span", { class: `status status-${alert.status.toLowerCase()}`, "data-testid": "alert-status" }, statusName(alert.status)), " ",
      h("span", { class: "help" }, kindLabel(alert.kind))),
    h("p", { class: "alert-summary" }, alert.summary),
    alert.link ? h("p", {}, mapLink(alert.link, "Show on the map")) : null,
    h("dl", { class: "facts" },
      h("dt", {}, "Raised"), h("dd", {}, dateTime(alert.createdAt)),
      h("dt", {}, "Last change"), h("dd", {}, dateTime(alert.updatedAt)),
      alert.occurrences > 1 ? [h("dt", {}, "Occurrences"), h("dd", {}, `${num(alert.occurrences)} (the same pattern recurring)`)] : null,
      h("dt", {}, "Assigned to"), h("dd", {}, alert.assignedToName ?? "Nobody"),
      alert.closingNote ? [h("dt", {}, "Closing note"), h("dd", {}, alert.closingNote)] : null),
    renderEvidence(alert, catalogue, mapLink),
    renderActions(alert, me, reload),
    h("section", { class: "alert-section" }, h("h3", {}, "History"),
      historyResult.status === "rejected" ? problemBox(historyResult.reason, "The history could not be loaded")
        : historyResult.value.length === 0 ? note("Nothing has happened to this alert yet.", "empty")
          : h("table", { class: "compact", "data-testid": "alert-history" },
            h("thead", {}, h("tr", {}, ["When", "Who", "What", "Note"].map((c) => h("th", { scope: "col" }, c)))),
            h("tbody", {}, historyResult.value.map((e) => h("tr", {}, h("td", {}, dateTime(e.at)), h("td", {}, e.actor), h("td", {}, e.action), h("td", {}, e.note ?? "")))))),
    h("section", { class: "alert-section" }, h("h3", {}, "Deliveries"),
      deliveryResult.status === "rejected" ? problemBox(deliveryResult.reason, "The deliveries could not be loaded")
        : deliveryResult.value.length === 0 ? note("Not sent anywhere outside Waymark: no webhook or e-mail is set for it.", "empty")
          : deliveryTable(deliveryResult.value)));
}

export function deliveryTable(log: AlertDeliveryLog[]): HTMLElement {
  return h("table", { class: "compact", "data-testid": "deliveries" },
    h("thead", {}, h("tr", {}, ["Created", "Channel", "Target", "Status", "Attempts", "Answer"].map((c, i) => h("th", { scope: "col", class: i === 4 ? "num" : null }, c)))),
    h("tbody", {}, log.map((d) => h("tr", {},
      h("td", {}, dateTime(d.createdAt)),
      h("td", {}, d.channel === "Webhook" ? "Webhook" : d.channel === "Email" ? "E-mail" : "Daily digest"),
      h("td", { class: "wrap" }, d.target),
      h("td", {}, h("span", { class: `delivery delivery-${d.status.toLowerCase()}` }, d.status),
        d.status === "Pending" ? h("span", { class: "help" }, ` next try ${dateTime(d.nextAttemptAt)}`) : null,
        d.sentAt ? h("span", { class: "help" }, ` ${dateTime(d.sentAt)}`) : null),
      h("td", { class: "num" }, num(d.attempts)),
      h("td", {}, [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : "", d.lastError ?? ""].filter((x) => x).join(": "))))));
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);
const numOf = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A distance as the alerts word it: inside the corridor, metres, or kilometres. */
export function distanceText(metres: number): string {
  return metres < 1 ? "inside the buffer" : metres < 1000 ? `${num(Math.round(metres))} m` : `${(metres / 1000).toFixed(1)} km`;
}

function renderEvidence(alert: AlertView, catalogue: Catalogue, mapLink: (href: string, text: string) => HTMLElement): HTMLElement {
  const e = obj(alert.evidence) ?? {};
  const parts: (HTMLElement | null)[] = [];
  const rule = obj(e["rule"]);
  if (rule) {
    const distance = numOf(rule["distanceMetres"]);
    parts.push(h("p", {}, "Matched your rule ", h("strong", {}, str(rule["name"]) ?? "(unnamed)"),
      distance ? ` (within ${distanceText(distance)})` : "", numOf(rule["threshold"]) !== null ? ` (risk threshold ${rule["threshold"]})` : "", "."));
  }
  const crime = obj(e["crime"]);
  if (crime) {
    parts.push(h("h4", {}, "The crime"), crimeFacts(crime, catalogue, mapLink, alert.link));
  }
  const assets = Array.isArray(e["assets"]) ? (e["assets"] as unknown[]).map(obj).filter((a): a is Json => a !== null) : [];
  if (assets.length > 0) {
    const risk = assets.some((a) => numOf(a["riskAfter"]) !== null);
    parts.push(h("h4", {}, "Your assets"),
      h("table", { class: "compact", "data-testid": "evidence-assets" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Asset"), h("th", { scope: "col" }, "Kind"),
          risk ? [h("th", { scope: "col", class: "num" }, "Risk before"), h("th", { scope: "col", class: "num" }, "Risk after")]
            : h("th", { scope: "col", class: "num" }, "Distance"))),
        h("tbody", {}, assets.map((a) => h("tr", {},
          h("td", {}, str(a["name"]) ?? "?"),
          h("td", {}, str(a["kind"]) ?? ""),
          risk ? [h("td", { class: "num" }, str(a["riskBefore"]) ?? ""), h("td", { class: "num" }, str(a["riskAfter"]) ?? "")]
            : h("td", { class: "num" }, numOf(a["distanceMetres"]) !== null ? distanceText(numOf(a["distanceMetres"])!) : ""))))));
  }
  const cluster = obj(e["cluster"]);
  if (cluster) {
    const fact = (label: string, value: string | null) => (value ? [h("dt", {}, label), h("dd", {}, value)] : null);
    const observed = numOf(cluster["observed"]);
    const expected = numOf(cluster["expected"]);
    const p = numOf(cluster["p"]);
    const rr = numOf(cluster["relativeRisk"]);
    const radius = numOf(cluster["radiusMetres"]);
    const every = numOf(cluster["recurrenceIntervalDays"]);
    parts.push(h("h4", {}, "The cluster"),
      h("dl", { class: "facts", "data-testid": "evidence-cluster" },
        fact("Observed", observed !== null ? `${count(observed, "crime")}${expected !== null ? ` where ${expected.toFixed(1)} expected` : ""}` : null),
        fact("Relative risk", rr !== null ? `${rr.toFixed(1)} × expected` : null),
        fact("Significance", p !== null ? (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`) : null),
        fact("Radius", radius !== null ? distanceText(radius) : null),
        fact("Dates", str(cluster["start"]) && str(cluster["end"]) ? `${dateTime(str(cluster["start"])!)} – ${dateTime(str(cluster["end"])!)}` : null),
        fact("Recurrence", every !== null ? `once in ${num(Math.round(every))} days by chance` : null),
        fact("Window", numOf(obj(e["rule"])?.["windowDays"]) !== null ? `${obj(e["rule"])!["windowDays"]} days` : null)));
  }
  const series = Array.isArray(e["series"]) ? (e["series"] as unknown[]).map(obj).filter((c): c is Json => c !== null) : [];
  if (series.length > 0) {
    parts.push(h("h4", {}, `The series (${count(series.length, "crime")})`),
      h("ul", {}, series.map((c) => h("li", {}, crimeLink(c, catalogue, mapLink)))));
  }
  for (const key of ["statistic", "model", "linkage"]) {
    const text = str(e[key]);
    if (text) {
      parts.push(h("p", { class: "help" }, `${key.charAt(0).toUpperCase()}${key.slice(1)}: ${text}`));
    }
  }
  const known = new Set(["rule", "crime", "assets", "cluster", "series", "statistic", "model", "linkage", "crimesCounted"]);
  const rest = Object.entries(e).filter(([k]) => !known.has(k));
  if (rest.length > 0) {
    parts.push(h("details", { class: "table-details" }, h("summary", {}, "Other evidence"), h("pre", { class: "evidence-json" }, JSON.stringify(Object.fromEntries(rest), null, 2))));
  }
  return h("section", { class: "alert-section", "data-testid": "alert-evidence" }, h("h3", {}, "Why it was raised"),
    parts.length > 0 ? parts : note("This alert carries no evidence beyond its summary.", "empty"));
}

function crimeHref(c: Json): string | null {
  const id = str(c["id"]);
  const lat = numOf(c["latitude"]);
  const lon = numOf(c["longitude"]);
  if (!id) {
    return null;
  }
  return lat !== null && lon !== null ? `/?lat=${lat.toFixed(5)}&lon=${lon.toFixed(5)}&z=15&crime=${id}` : `/?crime=${id}`;
}

function crimeLink(c: Json, catalogue: Catalogue, mapLink: (href: string, text: string) => HTMLElement): (HTMLElement | string)[] {
  const href = crimeHref(c);
  const text = `${catalogue.categoryName(str(c["category"]) ?? "")} ${str(c["reference"]) ?? ""}`.trim();
  const when = str(c["occurredFrom"]);
  return [href ? mapLink(href, text) : text, when ? `, ${dateTime(when)}` : "", str(c["location"]) ? `, ${str(c["location"])}` : ""];
}

function crimeFacts(c: Json, catalogue: Catalogue, mapLink: (href: string, text: string) => HTMLElement, alertLink: string | null | undefined): HTMLElement {
  const href = alertLink && alertLink.includes("crime=") ? alertLink : crimeHref(c);
  const row = (label: string, value: (HTMLElement | string) | null) => (value ? [h("dt", {}, label), h("dd", {}, value)] : null);
  return h("dl", { class: "facts", "data-testid": "evidence-crime" },
    row("Crime", href ? mapLink(href, str(c["reference"]) ?? "Open on the map") : str(c["reference"])),
    row("Category", str(c["category"]) ? catalogue.categoryName(str(c["category"])!) : null),
    row("Occurred", str(c["occurredFrom"]) ? dateTime(str(c["occurredFrom"])!) : null),
    row("Location", str(c["location"])),
    row("Asset affected", str(c["assetAffected"])),
    row("Recorded by", str(c["owner"])));
}

function renderActions(alert: AlertView, me: Me, reload: () => Promise<void>): HTMLElement {
  const messages = h("div", { class: "action-messages", "aria-live": "polite" });
  const section = h("section", { class: "alert-section alert-actions", "aria-labelledby": "actions-heading" }, h("h3", { id: "actions-heading" }, "Act on it"));
  if (alert.status === "Closed") {
    section.append(note(alert.closingNote ? `Closed with the note: ${alert.closingNote}` : "Closed.", "info"));
    return section;
  }

  async function act(form: HTMLElement, button: HTMLButtonElement, path: string, body: unknown, done: string): Promise<void> {
    button.disabled = true;
    replace(messages);
    showFieldErrors(section, null);
    try {
      await postJson<AlertView>(`/api/alerts/${alert.id}/${path}`, body);
      await reload();
      document.querySelector<HTMLElement>("[data-testid=alert-detail] .action-messages")?.replaceChildren(note(done));
    } catch (e) {
      const unclaimed = showFieldErrors(form, e);
      const claimed = Object.keys(unclaimed).length === 0 && form.querySelector("[data-error-for]:not([hidden])");
      replace(messages, claimed ? null : problemBox(e, "Not done"));
      button.disabled = false;
    }
  }

  const ack = h("button", { type: "button", class: "primary", disabled: alert.status !== "Open" }, "Acknowledge");
  const ackForm = h("div", { class: "button-row" }, ack,
    alert.status !== "Open" ? h("span", { class: "help" }, "Acknowledged.") : h("span", { class: "help" }, "Tells colleagues someone is on it."));
  ack.addEventListener("click", () => void act(ackForm, ack, "acknowledge", {}, "Acknowledged."));

  const userId = h("select", { id: "assign-user", name: "userId", "aria-describedby": "assign-user-help assign-user-error" },
    h("option", { value: "" }, "Loading colleagues…")) as HTMLSelectElement;
  const assignButton = h("button", { type: "submit" }, "Assign");
  const assignForm = h("form", { class: "assign-form", novalidate: true },
    h("div", { class: "field" },
      h("label", { for: "assign-user" }, "Colleague"),
      h("div", { class: "search-row" }, userId, assignButton),
      h("p", { class: "help", id: "assign-user-help" }, "People in your organisation."),
      fieldError("userId", "assign-user-error")),
    me.userId ? h("div", { class: "button-row" }, h("button", {
      type: "button",
      onclick: (ev: Event) => void act(assignForm, ev.currentTarget as HTMLButtonElement, "assign", { userId: me.userId }, "Assigned to you."),
    }, "Assign to me"), alert.assignedToUserId === me.userId ? h("span", { class: "help" }, "It is assigned to you.") : null) : null);
  void getJson<Colleague[]>("/api/alerts/colleagues").then((people) => {
    replace(userId, h("option", { value: "" }, "Choose a colleague…"),
      ...people.map((p) => h("option", { value: p.id, selected: p.id === alert.assignedToUserId }, p.name ? `${p.name} (${p.email})` : p.email)));
  }, (e: unknown) => {
    replace(userId, h("option", { value: "" }, "Colleagues could not be loaded"));
    replace(messages, problemBox(e, "Colleagues could not be loaded"));
  });
  assignForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = userId.value;
    if (!id) {
      showFieldErrors(assignForm, new ApiError(400, { errors: { userId: ["choose the colleague to assign the alert to."] } }));
      userId.focus();
      return;
    }
    void act(assignForm, assignButton, "assign", { userId: id }, "Assigned.");
  });

  const closeNote = h("textarea", { id: "close-note", name: "note", rows: 3, "aria-required": "true", "aria-describedby": "close-note-help close-note-error" });
  const closeButton = h("button", { type: "submit" }, "Close the alert");
  const closeForm = h("form", { class: "close-form", novalidate: true },
    h("div", { class: "field" },
      h("label", { for: "close-note" }, "Closing note (required)"),
      closeNote,
      h("p", { class: "help", id: "close-note-help" }, "What was done, or why no action is needed."),
      fieldError("note", "close-note-error")),
    h("div", { class: "button-row" }, closeButton));
  closeForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void act(closeForm, closeButton, "close", { note: closeNote.value }, "Closed.");
  });

  section.append(ackForm, h("h4", {}, "Assign"), assignForm, h("h4", {}, "Close"), closeForm, messages);
  return section;
}
