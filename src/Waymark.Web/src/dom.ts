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
