// Alerts as they happen: the unread count (GET /api/alerts/unread-count) kept up to date from the Server-Sent Events
// stream (GET /api/alerts/stream: events "ready" on connecting, "alert" with an AlertView, "ping" as a keep-alive),
// the bell in the header, and the toasts the map page shows when an alert arrives.
import { getJson, toProblem } from "./api";
import { h, replace } from "./dom";
import { count } from "./format";
import type { AlertView, Me } from "./types";

/** Roles that have an inbox (see SharingRules.CanReadAlerts): everyone but scrap-metal dealers. */
export const mayReadAlerts = (me: Me): boolean => me.role !== "dealer";

/** Roles that change assets, rules and webhooks (SharingRules.CanManageAlerting). */
export const mayManageAlerting = (me: Me): boolean => me.role === "admin" || me.role === "partner-analyst" || me.role === "police-analyst";

/** The unread count (null until known), a problem to show, and whether the live stream is connected. */
type UnreadListener = (unread: number | null, problem: string | null, live: boolean) => void;
type AlertListener = (alert: AlertView) => void;

/** One per signed-in session: started after login, stopped on logout. */
export class AlertFeed {
  private source: EventSource | null = null;
  private unread: number | null = null;
  private problem: string | null = null;
  private live = false;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private readonly unreadListeners = new Set<UnreadListener>();
  private readonly alertListeners = new Set<AlertListener>();

  start(): void {
    this.stop();
    const source = new EventSource("/api/alerts/stream");
    this.source = source;
    // Connected (or reconnected after a drop, when alerts may have been missed): count afresh.
    source.addEventListener("ready", () => {
      this.live = true;
      void this.refresh();
    });
    source.addEventListener("alert", (ev) => {
      const alert = parseAlert((ev as MessageEvent<string>).data);
      if (alert) {
        for (const listener of this.alertListeners) {
          listener(alert);
        }
      }
      void this.refresh();
    });
    source.addEventListener("error", () => {
      // EventSource retries by itself; it gives up (CLOSED) only when the server refuses the stream.
      this.live = false;
      this.setUnread(this.unread, this.problem);
      if (source.readyState === EventSource.CLOSED) {
        this.setUnread(this.unread, "Live alerts are not connected; the count may be out of date. Reload the page to reconnect.");
      }
    });
    void this.refresh();
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    this.unread = null;
    this.problem = null;
    this.live = false;
  }

  /** Asks the server for the unread count; calls made while one is under way are folded into one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          const { unread } = await getJson<{ unread: number }>("/api/alerts/unread-count");
          this.setUnread(unread, this.source?.readyState === EventSource.CLOSED ? this.problem : null);
        } catch (e) {
          this.setUnread(this.unread, `The unread count could not be loaded: ${toProblem(e).title ?? "failed"}.`);
        }
      } while (this.again);
      this.refreshing = null;
    })();
    return this.refreshing;
  }

  onUnread(listener: UnreadListener): () => void {
    this.unreadListeners.add(listener);
    listener(this.unread, this.problem, this.live);
    return () => this.unreadListeners.delete(listener);
  }

  onAlert(listener: AlertListener): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  private setUnread(unread: number | null, problem: string | null): void {
    this.unread = unread;
    this.problem = problem;
    for (const listener of this.unreadListeners) {
      listener(unread, problem, this.live);
    }
  }
}

function parseAlert(data: string): AlertView | null {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && "id" in value ? (value as AlertView) : null;
  } catch (e) {
    if (e instanceof SyntaxError) {
      return null;
    }
    throw e;
  }
}

/** The bell in the header: a link to the inbox with the unread count; returns the element and its unsubscribe. */
export function renderBell(feed: AlertFeed, active: boolean, navigate: (path: string) => void): { element: HTMLElement; dispose: () => void } {
  const badge = h("span", { class: "bell-count", "aria-hidden": "true", hidden: true });
  const label = h("span", { class: "visually-hidden" }, "Alerts");
  const element = h("a", {
    href: "/alerts",
    class: `bell${active ? " active" : ""}`,
    "data-testid": "alerts-bell",
    "aria-current": active ? "page" : null,
    onclick: (ev: Event) => {
      const e = ev as MouseEvent;
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) {
        return;
      }
      ev.preventDefault();
      navigate("/alerts");
    },
  }, bellIcon(), label, badge);
  const dispose = feed.onUnread((unread, problem, live) => {
    element.dataset["count"] = unread === null ? "" : String(unread);
    element.dataset["live"] = String(live);
    badge.hidden = !unread;
    badge.textContent = unread === null ? "" : unread > 99 ? "99+" : String(unread);
    label.textContent = unread === null ? "Alerts" : `Alerts, ${count(unread, "unread")}`;
    element.title = problem ?? (unread === null ? "Alerts" : `${count(unread, "unread alert")}`);
    element.classList.toggle("bell-problem", problem !== null);
  });
  return { element, dispose };
}

/** The most toasts shown at once; older ones give way (the inbox keeps every alert). */
const maxToasts = 4;

/**
 * Toasts for arriving alerts, in a live region: each says the severity and title, with "Show" (calls onShow) and a
 * dismiss button. They stay until dismissed, so an operator away from the screen does not miss one.
 */
export class Toasts {
  readonly element: HTMLElement;

  constructor(private readonly onShow: (alert: AlertView) => void) {
    this.element = h("div", { class: "toasts", role: "region", "aria-label": "New alerts" });
  }

  show(alert: AlertView): void {
    this.element.querySelector(`[data-alert-id="${CSS.escape(alert.id)}"]`)?.remove();
    const toast = h("div", { class: `toast toast-${alert.severity.toLowerCase()}`, role: "status", "aria-live": "polite", "aria-atomic": "true", "data-alert-id": alert.id, "data-testid": "alert-toast" });
    const dismiss = () => {
      const next = toast.nextElementSibling ?? toast.previousElementSibling;
      toast.remove();
      (next?.querySelector<HTMLElement>("button") ?? null)?.focus();
    };
    replace(toast,
      h("div", { class: "toast-head" },
        severityBadge(alert.severity),
        h("span", { class: "toast-kind" }, alert.occurrences > 1 ? `New alert (${alert.occurrences}×)` : "New alert"),
        h("button", { type: "button", class: "icon-button", "aria-label": `Dismiss the alert: ${alert.title}`, title: "Dismiss", onclick: dismiss }, "×")),
      h("p", { class: "toast-title" }, alert.title),
      h("div", { class: "button-row" },
        alert.latitude !== null && alert.latitude !== undefined
          ? h("button", { type: "button", class: "primary", onclick: () => { toast.remove(); this.onShow(alert); } }, "Show")
          : h("a", { href: `/alerts?alert=${alert.id}` }, "Open in the inbox")));
    toast.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") {
        dismiss();
      }
    });
    this.element.prepend(toast);
    while (this.element.children.length > maxToasts) {
      this.element.lastElementChild?.remove();
    }
  }
}

/** A bell drawn in SVG (an emoji would depend on the fonts installed). */
function bellIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "bell-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M12 2a1.5 1.5 0 0 0-1.5 1.5v.7A6.5 6.5 0 0 0 5.5 10.5v4.2L3.6 17.4a1 1 0 0 0 .8 1.6h15.2a1 1 0 0 0 .8-1.6l-1.9-2.7v-4.2a6.5 6.5 0 0 0-5-6.3v-.7A1.5 1.5 0 0 0 12 2Zm-2.6 18a2.6 2.6 0 0 0 5.2 0Z");
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

export function severityBadge(severity: string): HTMLElement {
  return h("span", { class: `severity severity-${severity.toLowerCase()}`, "data-testid": "severity" }, severity);
}
