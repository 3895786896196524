// The rules and webhooks page (/alert-settings): what the organisation wants to be told about (alert rules: kind,
// categories, sectors, severity, distance, risk threshold, window, e-mails, quiet hours, digest) and where alerts are
// POSTed (webhooks: created with a signing secret shown once, disabled, and each one's delivery log).
import { deleteResource, getJson, isAbort, postJson, putJson, ApiError } from "./api";
import { alertKinds, deliveryTable, distanceText, kindLabel } from "./alerts";
import { mayManageAlerting } from "./alertFeed";
import type { Catalogue } from "./catalogue";
import { fieldError, h, note, problemBox, replace, showFieldErrors } from "./dom";
import { dateTime, roleName, sectorName } from "./format";
import type { AlertDeliveryLog, AlertRule, Me, Webhook } from "./types";

const severities = ["Low", "Medium", "High", "Critical"] as const;

/** Kinds whose rules reach out from the organisation's assets, and so need a distance. */
const spatialKinds = ["crime-near-asset", "emerging-cluster", "near-repeat-risk"];

export function renderAlertSettingsPage(root: HTMLElement, me: Me, catalogue: Catalogue): () => void {
  const manage = mayManageAlerting(me);
  const rulesSection = h("section", { class: "card", "aria-labelledby": "rules-heading" });
  const ruleFormSection = h("section", { class: "card", "aria-labelledby": "rule-form-heading" });
  const hooksSection = h("section", { class: "card", "aria-labelledby": "hooks-heading" });
  let rules: AlertRule[] = [];
  let editing: AlertRule | null = null;

  replace(root, h("main", { id: "main", class: "page settings-page" },
    h("h1", {}, "Alert settings"),
    h("p", { class: "lead" }, `The rules that raise alerts for ${me.organisation}, and the webhooks they are sent to. Alerts always arrive in the inbox; `,
      "webhooks receive every alert; e-mail goes to the addresses a rule names."),
    manage ? null : note(`Your role (${roleName(me.role)}) may read the rules but not change them; administrators and analysts do.`, "info"),
    h("div", { class: "settings-columns" }, h("div", {}, rulesSection, manage ? hooksSection : null), manage ? ruleFormSection : null)));

  // ---- rules
  async function loadRules(): Promise<void> {
    try {
      rules = await getJson<AlertRule[]>("/api/alert-rules");
      renderRules();
    } catch (e) {
      replace(rulesSection, h("h2", { id: "rules-heading" }, "Rules"), problemBox(e, "The rules could not be loaded"));
    }
  }

  function renderRules(): void {
    replace(rulesSection, h("h2", { id: "rules-heading" }, `Rules (${rules.length})`),
      rules.length === 0
        ? note(manage ? "No rules yet: nothing raises alerts for you. Add one with the form — “Crime near an asset” within 500 m is a good start." : "No rules yet.", "empty")
        : h("table", { class: "compact", "data-testid": "rules-table" },
          h("thead", {}, h("tr", {}, ["Name", "Kind", "Reach", "Severity", "Sent to", "On", ""].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, rules.map((r) => h("tr", { "data-rule-id": r.id },
            h("td", {}, r.name),
            h("td", {}, kindLabel(r.kind)),
            h("td", {}, [
              r.distanceMetres > 0 ? `within ${distanceText(r.distanceMetres)}` : "",
              r.riskThreshold ? `risk ≥ ${r.riskThreshold}` : "",
              r.windowDays ? `${r.windowDays} days` : "",
              r.categories.length ? `${r.categories.length} categories` : "",
              r.sectors.length ? r.sectors.map(sectorName).join(", ") : "",
            ].filter((x) => x).join("; ") || "everything"),
            h("td", {}, `${r.minimumSeverity} and above`),
            h("td", {}, [r.emailTo.length ? r.emailTo.join(", ") : "inbox and webhooks", r.dailyDigest ? " (daily digest)" : "", r.quietFrom && r.quietTo ? `; quiet ${r.quietFrom.slice(0, 5)}–${r.quietTo.slice(0, 5)}` : ""].join("")),
            h("td", {}, r.enabled ? "Yes" : "No"),
            h("td", { class: "nowrap" }, manage ? [
              h("button", { type: "button", class: "small", "aria-label": `Edit ${r.name}`, onclick: () => { editing = r; renderRuleForm(); } }, "Edit"), " ",
              h("button", { type: "button", class: "small", "aria-label": `Delete ${r.name}`, onclick: () => void removeRule(r) }, "Delete"),
            ] : null))))));
  }

  async function removeRule(r: AlertRule): Promise<void> {
    if (!window.confirm(`Delete the rule “${r.name}”? Alerts it raised stay in the inbox.`)) {
      return;
    }
    try {
      await deleteResource(`/api/alert-rules/${r.id}`);
      if (editing?.id === r.id) {
        editing = null;
        renderRuleForm();
      }
      await loadRules();
    } catch (e) {
      rulesSection.append(problemBox(e, `${r.name} was not deleted`));
    }
  }

  function renderRuleForm(): void {
    const r = editing;
    const id = (name: string) => `rule-${name}`;
    const name = h("input", { id: id("name"), type: "text", maxlength: 200, value: r?.name ?? "", "aria-describedby": "rule-name-error" });
    const kind = h("select", { id: id("kind"), "aria-describedby": "rule-kind-help rule-kind-error" }, alertKinds.map((k) => h("option", { value: k.value }, k.label)));
    kind.value = r?.kind ?? "crime-near-asset";
    const kindHelp = h("p", { class: "help", id: "rule-kind-help" });
    const categories = h("select", { id: id("categories"), multiple: true, size: 7, "aria-describedby": "rule-categories-help rule-categories-error" },
      [...catalogue.categories].sort((a, b) => a.name.localeCompare(b.name)).map((c) => h("option", { value: c.slug, selected: r?.categories.includes(c.slug) ?? false }, c.name)));
    const sectors = h("select", { id: id("sectors"), multiple: true, size: Math.min(6, Math.max(3, catalogue.sectors.length)), "aria-describedby": "rule-sectors-help rule-sectors-error" },
      catalogue.sectors.map((s) => h("option", { value: s, selected: r?.sectors.includes(s) ?? false }, sectorName(s))));
    const severity = h("select", { id: id("severity"), "aria-describedby": "rule-severity-error" }, severities.map((s) => h("option", { value: s }, s)));
    severity.value = r?.minimumSeverity ?? "Low";
    const distance = h("input", { id: id("distance"), type: "number", min: 0, max: 50000, step: 10, value: r ? String(r.distanceMetres) : "500", "aria-describedby": "rule-distance-help rule-distance-error" });
    const risk = h("input", { id: id("risk"), type: "number", min: 0, step: 0.1, value: r?.riskThreshold ?? "", "aria-describedby": "rule-risk-help rule-risk-error" });
    const windowDays = h("input", { id: id("window"), type: "number", min: 3, max: 365, step: 1, value: r?.windowDays ?? "", "aria-describedby": "rule-window-help rule-window-error" });
    const emails = h("textarea", { id: id("emails"), rows: 2, "aria-describedby": "rule-emails-help rule-emails-error" });
    emails.value = r?.emailTo.join("\n") ?? "";
    const quietFrom = h("input", { id: id("quiet-from"), type: "time", value: r?.quietFrom?.slice(0, 5) ?? "", "aria-describedby": "rule-quiet-help rule-quiet-error" });
    const quietTo = h("input", { id: id("quiet-to"), type: "time", value: r?.quietTo?.slice(0, 5) ?? "", "aria-describedby": "rule-quiet-help rule-quiet-error" });
    const digest = h("input", { id: id("digest"), type: "checkbox", checked: r?.dailyDigest ?? false });
    const enabled = h("input", { id: id("enabled"), type: "checkbox", checked: r?.enabled ?? true });
    const save = h("button", { type: "submit", class: "primary" }, r ? "Save the rule" : "Add the rule");
    const messages = h("div", { "aria-live": "polite" });
    const distanceField = h("div", { class: "field" }, h("label", { for: id("distance") }, "Distance (metres)"), distance,
      h("p", { class: "help", id: "rule-distance-help" }, "How far from one of your assets a crime or cluster may be and still concern it."), fieldError("distanceMetres", "rule-distance-error"));
    const riskField = h("div", { class: "field" }, h("label", { for: id("risk") }, "Risk threshold"), risk,
      h("p", { class: "help", id: "rule-risk-help" }, "Near-repeat risk score at an asset that raises an alert (a crime next door this week weighs 1)."), fieldError("riskThreshold", "rule-risk-error"));
    const windowField = h("div", { class: "field" }, h("label", { for: id("window") }, "Window (days)"), windowDays,
      h("p", { class: "help", id: "rule-window-help" }, "Emerging clusters: the days the scan looks back over. Series: the days a series may span. 3 to 365."), fieldError("windowDays", "rule-window-error"));
    const syncKind = () => {
      const k = kind.value;
      kindHelp.textContent = alertKinds.find((x) => x.value === k)?.help ?? "";
      distanceField.hidden = !spatialKinds.includes(k);
      riskField.hidden = k !== "near-repeat-risk";
      windowField.hidden = k !== "emerging-cluster" && k !== "series-grows";
    };
    kind.addEventListener("change", syncKind);

    const form = h("form", { class: "rule-form", novalidate: true, "data-testid": "rule-form" },
      h("div", { class: "field" }, h("label", { for: id("name") }, "Name"), name, fieldError("name", "rule-name-error")),
      h("div", { class: "field" }, h("label", { for: id("kind") }, "Kind"), kind, kindHelp, fieldError("kind", "rule-kind-error")),
      distanceField, riskField, windowField,
      h("div", { class: "field-pair" },
        h("div", { class: "field" }, h("label", { for: id("categories") }, "Categories"), categories,
          h("p", { class: "help", id: "rule-categories-help" }, "None chosen: every category. Ctrl or Shift to choose several."), fieldError("categories", "rule-categories-error")),
        h("div", { class: "field" }, h("label", { for: id("sectors") }, "Sectors"), sectors,
          h("p", { class: "help", id: "rule-sectors-help" }, "None chosen: every sector."), fieldError("sectors", "rule-sectors-error"))),
      h("div", { class: "field" }, h("label", { for: id("severity") }, "Minimum severity"), severity, fieldError("minimumSeverity", "rule-severity-error")),
      h("div", { class: "field" }, h("label", { for: id("emails") }, "E-mail to"), emails,
        h("p", { class: "help", id: "rule-emails-help" }, "One address a line (up to 20). Empty: the inbox and webhooks only."), fieldError("emailTo", "rule-emails-error")),
      h("fieldset", { class: "quiet" }, h("legend", {}, "Quiet hours (UK time)"),
        h("div", { class: "field-pair" },
          h("div", { class: "field" }, h("label", { for: id("quiet-from") }, "From"), quietFrom),
          h("div", { class: "field" }, h("label", { for: id("quiet-to") }, "To"), quietTo)),
        h("p", { class: "help", id: "rule-quiet-help" }, "E-mails and webhooks wait until quiet hours end, unless the alert is critical. Leave both empty for none."),
        fieldError("quietFrom", "rule-quiet-error")),
      h("div", { class: "check" }, digest, h("label", { for: id("digest") }, "Daily digest", h("span", { class: "help" }, "One e-mail a day with the day's alerts instead of one per alert."))),
      h("div", { class: "check" }, enabled, h("label", { for: id("enabled") }, "Enabled")),
      h("div", { class: "button-row" }, save, r ? h("button", { type: "button", onclick: () => { editing = null; renderRuleForm(); } }, "Cancel") : null),
      messages);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void submit();
    });
    syncKind();

    async function submit(): Promise<void> {
      showFieldErrors(form, null);
      replace(messages);
      const numberOrNull = (input: HTMLInputElement) => (input.value.trim() === "" ? null : Number(input.value));
      const spatial = spatialKinds.includes(kind.value);
      const body = {
        name: name.value,
        kind: kind.value,
        categories: [...categories.selectedOptions].map((o) => o.value),
        sectors: [...sectors.selectedOptions].map((o) => o.value),
        minimumSeverity: severity.value,
        distanceMetres: spatial ? numberOrNull(distance) : null,
        riskThreshold: kind.value === "near-repeat-risk" ? numberOrNull(risk) : null,
        windowDays: !windowField.hidden ? numberOrNull(windowDays) : null,
        enabled: enabled.checked,
        emailTo: emails.value.split(/[\n,;]+/).map((x) => x.trim()).filter((x) => x),
        quietFrom: quietFrom.value || null,
        quietTo: quietTo.value || null,
        dailyDigest: digest.checked,
      };
      save.disabled = true;
      try {
        const saved = r ? await putJson<AlertRule>(`/api/alert-rules/${r.id}`, body) : await postJson<AlertRule>("/api/alert-rules", body);
        editing = null;
        renderRuleForm();
        ruleFormSection.querySelector("[aria-live]")?.replaceChildren(note(`Saved the rule “${saved?.name ?? body.name}”.`));
        await loadRules();
      } catch (e) {
        const unclaimed = showFieldErrors(form, e);
        const anyShown = form.querySelector("[data-error-for]:not([hidden])") !== null;
        replace(messages, anyShown && Object.keys(unclaimed).length === 0 ? note("The rule was not saved: see the fields marked above.", "warn") : problemBox(e, "The rule was not saved"));
        form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
        save.disabled = false;
      }
    }

    replace(ruleFormSection, h("h2", { id: "rule-form-heading" }, r ? `Edit “${r.name}”` : "Add a rule"), form);
    if (r) {
      name.focus();
    }
  }

  // ---- webhooks
  const hookUrl = h("input", { id: "hook-url", type: "url", placeholder: "https://", autocomplete: "off", spellcheck: "false", "aria-describedby": "hook-url-error" });
  const hookDescription = h("input", { id: "hook-description", type: "text", maxlength: 200, autocomplete: "off" });
  const hookSave = h("button", { type: "submit", class: "primary" }, "Add the webhook");
  const hookMessages = h("div", { "aria-live": "polite", "data-testid": "webhook-created" });
  const hookForm = h("form", { class: "hook-form", novalidate: true },
    h("div", { class: "field" }, h("label", { for: "hook-url" }, "Receiver URL"), hookUrl, fieldError("url", "hook-url-error")),
    h("div", { class: "field" }, h("label", { for: "hook-description" }, "Description"), hookDescription),
    h("div", { class: "button-row" }, hookSave));
  hookForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void createHook();
  });
  const hookList = h("div", {});
  const hookLog = h("div", { class: "hook-log", "aria-live": "polite" });

  async function createHook(): Promise<void> {
    showFieldErrors(hookForm, null);
    replace(hookMessages);
    hookSave.disabled = true;
    try {
      const hook = await postJson<Webhook>("/api/webhooks", { url: hookUrl.value.trim(), description: hookDescription.value.trim() || null });
      hookUrl.value = "";
      hookDescription.value = "";
      if (hook?.secret) {
        replace(hookMessages, secretBox(hook));
      }
      await loadHooks();
    } catch (e) {
      const unclaimed = showFieldErrors(hookForm, e);
      if (Object.keys(unclaimed).length > 0 || !(e instanceof ApiError && e.status === 400)) {
        replace(hookMessages, problemBox(e, "The webhook was not saved"));
      }
    } finally {
      hookSave.disabled = false;
    }
  }

  async function loadHooks(): Promise<void> {
    try {
      const hooks = await getJson<Webhook[]>("/api/webhooks");
      replace(hookList, hooks.length === 0
        ? note("No webhooks: alerts reach only the inbox (and any e-mail a rule names).", "empty")
        : h("table", { class: "compact", "data-testid": "webhooks-table" },
          h("thead", {}, h("tr", {}, ["URL", "Description", "State", "Added", ""].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, hooks.map((w) => h("tr", {},
            h("td", { class: "wrap" }, w.url),
            h("td", {}, w.description ?? ""),
            h("td", {}, w.enabled ? "Enabled" : "Disabled"),
            h("td", {}, dateTime(w.createdAt)),
            h("td", { class: "nowrap" },
              h("button", { type: "button", class: "small", "aria-label": `Delivery log of ${w.url}`, onclick: () => void showLog(w) }, "Delivery log"), " ",
              w.enabled ? h("button", { type: "button", class: "small", "aria-label": `Disable ${w.url}`, onclick: () => void disable(w) }, "Disable") : null))))));
    } catch (e) {
      replace(hookList, problemBox(e, "The webhooks could not be loaded"));
    }
  }

  async function disable(w: Webhook): Promise<void> {
    if (!window.confirm(`Disable the webhook ${w.url}? It will receive no more alerts; its delivery log is kept.`)) {
      return;
    }
    try {
      await deleteResource(`/api/webhooks/${w.id}`);
      await loadHooks();
    } catch (e) {
      replace(hookLog, problemBox(e, "The webhook was not disabled"));
    }
  }

  let logController: AbortController | null = null;
  async function showLog(w: Webhook): Promise<void> {
    logController?.abort();
    logController = new AbortController();
    replace(hookLog, h("h3", {}, `Delivery log: ${w.url}`), note("Loading…"));
    try {
      const log = await getJson<AlertDeliveryLog[]>(`/api/webhooks/${w.id}/deliveries`, new URLSearchParams({ take: "100" }), logController.signal);
      replace(hookLog, h("h3", { tabindex: -1 }, `Delivery log: ${w.url}`),
        log.length === 0 ? note("Nothing sent to it yet.", "empty") : deliveryTable(log));
      hookLog.querySelector<HTMLElement>("h3")?.focus();
    } catch (e) {
      if (!isAbort(e)) {
        replace(hookLog, h("h3", {}, `Delivery log: ${w.url}`), problemBox(e, "The delivery log could not be loaded"));
      }
    }
  }

  replace(hooksSection, h("h2", { id: "hooks-heading" }, "Webhooks"),
    h("p", { class: "help" }, "Every alert to your organisation is POSTed as JSON to each enabled webhook, signed, and retried with back-off when the receiver fails."),
    hookList, h("h3", {}, "Add a webhook"), hookForm, hookMessages, hookLog);

  void loadRules();
  if (manage) {
    renderRuleForm();
    void loadHooks();
  }
  return () => logController?.abort();
}

/** The new webhook's secret, shown once, with how a receiver checks the signature. */
function secretBox(hook: Webhook): HTMLElement {
  const secret = hook.secret ?? "";
  const code = h("code", { class: "secret", "data-testid": "webhook-secret" }, secret);
  const copied = h("span", { class: "help", role: "status", "aria-live": "polite" });
  return h("div", { class: "secret-box", role: "region", "aria-label": "The new webhook's secret" },
    h("p", {}, h("strong", {}, "Copy this secret now: it is shown only once."), " Waymark cannot show it again; if it is lost, add a new webhook and disable this one."),
    h("div", { class: "secret-row" }, code,
      h("button", {
        type: "button",
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(secret);
            copied.textContent = "Copied.";
          } catch (e) {
            const range = document.createRange();
            range.selectNodeContents(code);
            window.getSelection()?.removeAllRanges();
            window.getSelection()?.addRange(range);
            copied.textContent = `Copying was refused (${e instanceof Error ? e.message : String(e)}): the secret is selected, press Ctrl+C.`;
          }
        },
      }, "Copy"), copied),
    h("p", {}, "How your receiver checks that a request came from Waymark:"),
    h("ol", {},
      h("li", {}, "Read the headers ", h("code", {}, "X-Waymark-Timestamp"), " (Unix seconds) and ", h("code", {}, "X-Waymark-Signature"), " (", h("code", {}, "sha256=…"), ")."),
      h("li", {}, "Compute HMAC-SHA256 with this secret as the key over the text ", h("code", {}, "{timestamp}.{body}"), " — the timestamp, a full stop, then the raw request body exactly as received — and write it in lower-case hex."),
      h("li", {}, "Accept the request only if ", h("code", {}, "sha256=<your hex>"), " equals the signature header (compare in constant time) and the timestamp is within a few minutes of now, so an old request cannot be replayed.")),
    h("pre", { class: "snippet" }, `expected = "sha256=" + hex(hmac_sha256(secret, timestamp + "." + body))`));
}
