// Logging in and out, the page header (user, organisation, role), and what each role may do in the app.
import { mayReadAlerts } from "./alertFeed";
import { ApiError, getJson, postJson, request } from "./api";
import { resetCatalogue } from "./catalogue";
import { h, problemBox, replace } from "./dom";
import { roleName } from "./format";
import { mayUseAnpr } from "./anpr";
import { mayUseScrap } from "./scrap";
import type { Me, WebConfig } from "./types";

/** Roles that may upload police.uk files, and partner CSVs (see ImportEndpoints on the server). */
export const policeUkImportRoles = ["admin", "police-analyst"];
export const partnerImportRoles = ["admin", "police-analyst", "partner-analyst"];

export const mayImport = (me: Me): boolean => partnerImportRoles.includes(me.role) || policeUkImportRoles.includes(me.role);

/** The signed-in user, or null when the session cookie is missing or expired. */
export async function currentUser(): Promise<Me | null> {
  try {
    return await getJson<Me>("/api/auth/me");
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return null;
    }
    throw e;
  }
}

export async function logOut(): Promise<void> {
  await request("/api/auth/logout", { method: "POST" });
  resetCatalogue();
}

/** The login page: e-mail and password, and the demo partnership's logins when this server has them. */
export function renderLogin(root: HTMLElement, config: WebConfig, reason: string | null, onLoggedIn: (me: Me) => void): void {
  const email = h("input", { id: "login-email", type: "email", name: "email", autocomplete: "username", required: true, spellcheck: "false" });
  const password = h("input", { id: "login-password", type: "password", name: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", class: "primary" }, "Log in");
  const messages = h("div", { class: "login-messages" });
  if (reason) {
    messages.append(h("p", { class: "note note-warn", role: "status" }, reason));
  }

  async function logIn(): Promise<void> {
    submit.disabled = true;
    submit.textContent = "Logging in…";
    messages.replaceChildren();
    try {
      const me = await postJson<Me>("/api/auth/login", { email: email.value.trim(), password: password.value });
      if (me) {
        onLoggedIn(me);
      }
    } catch (e) {
      messages.append(problemBox(e, "Not logged in"));
      password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = "Log in";
    }
  }

  const form = h("form", { class: "login-form", "aria-labelledby": "login-heading" },
    h("label", { for: "login-email" }, "E-mail"), email,
    h("label", { for: "login-password" }, "Password"), password,
    submit, messages);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void logIn();
  });

  const demo = config.demo;
  const demoSection = demo && demo.logins.length > 0
    ? h("section", { class: "demo-logins", "aria-labelledby": "demo-heading" },
      h("h2", { id: "demo-heading" }, "Demo partnership"),
      h("p", {}, "Each demo login sees the partnership as its role allows. Password for all: ", h("code", {}, demo.password)),
      h("ul", {}, demo.logins.map((login) => h("li", {},
        h("button", {
          type: "button",
          class: "link-button",
          "data-email": login.email,
          onclick: () => {
            email.value = login.email;
            password.value = demo.password;
            void logIn();
          },
        }, login.email),
        h("span", { class: "demo-role" }, ` ${roleName(login.role)}, ${login.organisation}`)))))
    : null;

  replace(root, h("main", { id: "main", class: "login-page" },
    h("div", { class: "login-card" },
      h("h1", { id: "login-heading" }, h("span", { class: "brand-mark", "aria-hidden": "true" }), "Waymark"),
      h("p", { class: "tagline" }, "Where crime is happening across the UK — shared by police and the organisations it hits."),
      form),
    demoSection));
  email.focus();
}

/** The header: brand, navigation, the alerts bell, who is signed in (name, organisation, role) and the logout button. */
export function renderHeader(me: Me, route: string, navigate: (path: string) => void, onLogout: () => void, bell: HTMLElement | null = null): HTMLElement {
  const link = (path: string, text: string) => h("a", {
    href: path,
    class: route === path ? "active" : null,
    "aria-current": route === path ? "page" : null,
    onclick: (ev: Event) => {
      const e = ev as MouseEvent;
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) {
        return;
      }
      ev.preventDefault();
      navigate(path);
    },
  }, text);
  return h("header", { class: "app-header" },
    h("a", { class: "brand", href: "/", onclick: (ev: Event) => { ev.preventDefault(); navigate("/"); } },
      h("span", { class: "brand-mark", "aria-hidden": "true" }), "Waymark"),
    h("nav", { "aria-label": "Main" }, link("/", "Map"),
      mayReadAlerts(me) ? [link("/alerts", "Alerts"), link("/assets", "Assets"), link("/alert-settings", "Alert settings")] : null,
      mayUseAnpr(me) ? link("/anpr", "ANPR") : null,
      me.role !== "dealer" && me.role !== "machine" ? link("/marking", "Marking") : null,
      mayUseScrap(me) ? link("/scrap", "Scrap metal") : null,
      mayImport(me) ? link("/import", "Import") : null),
    bell,
    h("div", { class: "whoami", "data-testid": "whoami" },
      h("span", { class: "who-name" }, (me.displayName ?? me.name).replace(` (${me.organisation})`, "")),
      h("span", { class: "who-org" }, me.organisation),
      h("span", { class: `role-badge role-${me.role}` }, roleName(me.role))),
    h("button", { type: "button", class: "logout", onclick: onLogout }, "Log out"));
}
