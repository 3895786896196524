// Waymark in the browser: finds out who is logged in, then shows the login page, the map or the import page.
// Routes: /login, / (the map; its state is in the query string), /import and /scrap. Unknown paths say so.
import { getJson, unauthorizedEvent } from "./api";
import { currentUser, logOut, mayImport, renderHeader, renderLogin } from "./auth";
import { loadCatalogue } from "./catalogue";
import { h, note, problemBox, replace } from "./dom";
import { renderImportPage } from "./imports";
import { renderMapPage } from "./mapPage";
import { renderScrapPage } from "./scrap";
import type { Me, WebConfig } from "./types";
// Last, so Waymark's styles come after Leaflet's in the bundle and win where they differ.
import "./styles/app.css";

const app = document.getElementById("app")!;
let me: Me | null = null;
let config: WebConfig = {};
let dispose: () => void = () => undefined;
let loginReason: string | null = null;

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
  replace(app, renderHeader(user, path, navigate, () => void signOut()), content);
  try {
    if (path === "/") {
      document.title = "Map — Waymark";
      replace(content, note("Loading the map…"));
      const catalogue = await loadCatalogue();
      dispose = renderMapPage(content, user, config, catalogue);
    } else if (path === "/scrap") {
      document.title = "Scrap metal — Waymark";
      dispose = renderScrapPage(content, user);
    } else if (path === "/import") {
      document.title = "Import — Waymark";
      dispose = renderImportPage(content, user, navigate);
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
    loginReason = "You have logged out.";
    navigate("/login", true);
  }
}

window.addEventListener("popstate", () => void route());
window.addEventListener(unauthorizedEvent, () => {
  if (me) {
    me = null;
    loginReason = "Your session has ended. Log in again to carry on.";
    const next = location.pathname + location.search;
    navigate(`/login?next=${encodeURIComponent(next)}`, true);
  }
});

async function start(): Promise<void> {
  try {
    [config, me] = await Promise.all([getJson<WebConfig>("/api/config"), currentUser()]);
  } catch (e) {
    replace(app, h("main", { id: "main", class: "page" }, h("h1", {}, "Waymark"), problemBox(e, "Waymark could not start")));
    return;
  }
  await route();
}

void start();
