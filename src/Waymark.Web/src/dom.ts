// Small DOM helpers: build elements without innerHTML (no markup injection from data), and show problems.
import { toProblem } from "./api";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: attributes (on* names become listeners; false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** An alert box showing an API problem: its title, its detail and each field's errors. */
export function problemBox(e: unknown, context?: string): HTMLElement {
  const p = toProblem(e);
  const fields = Object.entries(p.errors ?? {});
  return h("div", { class: "problem", role: "alert" },
    h("p", { class: "problem-title" }, context ? `${context}: ${p.title ?? "failed"}` : p.title ?? "The request failed"),
    p.detail ? h("p", { class: "problem-detail" }, p.detail) : null,
    fields.length > 0
      ? h("ul", { class: "problem-fields" }, fields.map(([field, messages]) => h("li", {}, h("code", {}, field), " ", messages.join(" "))))
      : null,
    p.traceId ? h("p", { class: "problem-trace" }, `Trace id: ${p.traceId}`) : null);
}

/** A short status message for empty states and notes. */
export function note(text: string, kind: "info" | "empty" | "warn" = "info"): HTMLElement {
  return h("p", { class: `note note-${kind}` }, text);
}

/** The place under a form field where the server's refusal of that field is shown (see showFieldErrors). */
export function fieldError(field: string, id: string): HTMLElement {
  return h("p", { class: "field-error", id, "data-error-for": field, hidden: true });
}

/**
 * Shows a ValidationProblem's messages next to the fields they name (elements made by fieldError, matched without
 * regard to case), marks those fields aria-invalid, and returns the messages no field on the form claims.
 * Any other error clears the fields and is returned whole, for a problem box.
 */
export function showFieldErrors(form: HTMLElement, e: unknown | null): Record<string, string[]> {
  for (const el of form.querySelectorAll<HTMLElement>("[data-error-for]")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of form.querySelectorAll<HTMLElement>("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
  }
  if (e === null) {
    return {};
  }
  const errors = toProblem(e).errors ?? {};
  const unclaimed: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    const el = [...form.querySelectorAll<HTMLElement>("[data-error-for]")].find((x) => x.dataset["errorFor"]?.toLowerCase() === field.toLowerCase());
    if (!el) {
      unclaimed[field] = messages;
      continue;
    }
    el.hidden = false;
    // The server words most refusals after the field ("is required…"), some as a sentence of their own.
    el.textContent = messages.map((m) => (/^(is|has|are|must) /.test(m) ? `${labelOf(form, el) ?? field.charAt(0).toUpperCase() + field.slice(1)} ${m}` : m.charAt(0).toUpperCase() + m.slice(1))).join(" ");
    const input = form.querySelector<HTMLElement>(`[aria-describedby~="${el.id}"]`);
    input?.setAttribute("aria-invalid", "true");
  }
  return unclaimed;
}

function labelOf(form: HTMLElement, error: HTMLElement): string | undefined {
  const input = form.querySelector<HTMLElement>(`[aria-describedby~="${error.id}"]`);
  const label = input?.id ? form.querySelector<HTMLLabelElement>(`label[for="${input.id}"]`) : null;
  return label?.textContent?.replace(/\s*\(.*\)$/, "").trim() || undefined;
}
