// Waymark in the browser: finds out who is logged in, then shows the login page, the map, the alert pages or the
// import page. Routes: /login, / (the map; its state is in the query string), /alerts, /assets, /alert-settings,
// /anpr, /marking (with /marking/trace and /marking/visits), /scrap and /import. Unknown paths say so. While someone is
// logged in, the alert feed keeps the header's bell up to date.
import { AlertFeed, mayReadAlerts, renderBell } from "./alertFeed";
import { renderAlertSettingsPage } from "./alertSettings";
import { renderAlertsPage } from "./alerts";
import { getJson, unauthorizedEvent } from "./api";
import { renderAssetsPage } from "./assets";
import { currentUser, logOut, mayImport, renderHeader, renderLogin } from "./auth";
import { loadCatalogue } from "./catalogue";
import { h, note, problemBox, replace } from "./dom";
import { renderAnprPage } from "./anpr";
import { renderImportPage } from "./imports";
import { renderMapPage } from "./mapPage";
import { renderMarkingPage } from "./marking";
import { renderScrapPage } from "./scrap";
import type { Me, WebConfig } from "./types";
// Last, so Waymark's styles come after Leaflet's in the bundle and win where they differ.
import "./styles/app.css";

const app = document.getElementById("app")!;
let me: Me | null = null;
let config: WebConfig = {};
let dispose: () => void = () => undefined;
let loginReason: string | null = null;
let feed: AlertFeed | null = null;

/** Starts (or stops) the live alerts for whoever is logged in now. */
function syncFeed(): void {
  if (me && mayReadAlerts(me)) {
    if (!feed) {
      feed = new AlertFeed();
      feed.start();
    }
  } else {
    feed?.stop();
    feed = null;
  }
}

function navigate(path: string, replaceEntry = false): void {
  if (replaceEntry) {
    history.replaceState(null, "", path);
  } else {
    history.pushState(null, "", path);
  }
  void route();
}

async function route(): Promise<void> {
  dispose();
  dispose = () => undefined;
  const path = location.pathname.replace(/\/+$/, "") || "/";

  if (path === "/login") {
    if (me) {
      navigate(nextAfterLogin(), true);
      return;
    }
    document.title = "Log in — Waymark";
    renderLogin(app, config, loginReason, (user) => {
      me = user;
      loginReason = null;
      syncFeed();
      navigate(nextAfterLogin(), true);
    });
    return;
  }

  if (!me) {
    const next = location.pathname + location.search;
    navigate(`/login${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`, true);
    return;
  }

  const user = me;
  const content = h("div", { class: "content" });
  const bell = feed ? renderBell(feed, path === "/alerts", navigate) : null;
  dispose = () => bell?.dispose();
  replace(app, renderHeader(user, path, navigate, () => void signOut(), bell?.element ?? null), content);
  const withBell = (pageDispose: () => void) => () => {
    pageDispose();
    bell?.dispose();
  };
  try {
    if (path === "/") {
      document.title = "Map — Waymark";
      replace(content, note("Loading the map…"));
      const catalogue = await loadCatalogue();
      dispose = withBell(renderMapPage(content, user, config, catalogue, feed, navigate));
    } else if (path === "/alerts" && feed) {
      document.title = "Alerts — Waymark";
      replace(content, note("Loading the alerts…"));
      const catalogue = await loadCatalogue();
      dispose = withBell(renderAlertsPage(content, user, catalogue, feed, navigate));
    } else if (path === "/assets" && feed) {
      document.title = "Assets — Waymark";
      dispose = withBell(renderAssetsPage(content, user, config));
    } else if (path === "/alert-settings" && feed) {
      document.title = "Alert settings — Waymark";
      replace(content, note("Loading the settings…"));
      const catalogue = await loadCatalogue();
      dispose = withBell(renderAlertSettingsPage(content, user, catalogue));
    } else if (path === "/alerts" || path === "/assets" || path === "/alert-settings") {
      document.title = "Alerts — Waymark";
      replace(content, h("main", { id: "main", class: "page" }, h("h1", {}, "Alerts"),
        note("Your role has no alerts, assets or alert rules in Waymark: they are for the partnership's organisations and police forces.", "warn")));
    } else if (path === "/anpr") {
      document.title = "ANPR — Waymark";
      dispose = withBell(renderAnprPage(content, user));
    } else if (path === "/scrap") {
      document.title = "Scrap metal — Waymark";
      dispose = withBell(renderScrapPage(content, user));
    } else if (path === "/import") {
      document.title = "Import — Waymark";
      dispose = withBell(renderImportPage(content, user, navigate));
    } else if (path === "/marking" || path === "/marking/trace" || path === "/marking/visits") {
      document.title = "Forensic marking — Waymark";
      dispose = withBell(renderMarkingPage(content, user, config, path, navigate));
    } else {
      document.title = "Not found — Waymark";
      replace(content, h("main", { id: "main", class: "page" },
        h("h1", {}, "Page not found"),
        h("p", {}, `Waymark has no page at ${location.pathname}. `,
          h("a", { href: "/", onclick: (ev: Event) => { ev.preventDefault(); navigate("/"); } }, "Open the map"),
          mayImport(user) ? [" or ", h("a", { href: "/import", onclick: (ev: Event) => { ev.preventDefault(); navigate("/import"); } }, "import crimes")] : null,
          ".")));
    }
  } catch (e) {
    replace(content, h("main", { id: "main", class: "page" }, problemBox(e, "This page could not be loaded")));
  }
}

function nextAfterLogin(): string {
  const next = new URLSearchParams(location.search).get("next");
  // Only paths on this site: never an absolute or protocol-relative address.
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

async function signOut(): Promise<void> {
  try {
    await logOut();
  } finally {
    me = null;
    syncFeed();
    loginReason = "You have logged out.";
    navigate("/login", true);
  }
}

window.addEventListener("popstate", () => void route());
window.addEventListener(unauthorizedEvent, () => {
  if (me) {
    me = null;
    syncFeed();
    loginReason = "Your session has ended. Log in again to carry on.";
    const next = location.pathname + location.search;
    navigate(`/login?next=${encodeURIComponent(next)}`, true);
  }
});

async function start(): Promise<void> {
  try {
    [config, me] = await Promise.all([getJson<WebConfig>("/api/config"), currentUser()]);
    syncFeed();
  } catch (e) {
    replace(app, h("main", { id: "main", class: "page" }, h("h1", {}, "Waymark"), problemBox(e, "Waymark could not start")));
    return;
  }
  await route();
}

void start();
