// O5 "Bestellfunktion" (admins only, per pixi connection: the one chosen in the header): every
// field with its help text from the API, payment methods from pixi's payment types (payment
// providers shown but not choosable, with the reason), each with an optional surcharge or
// discount (percent or an amount per currency), shipping methods with their countries and a cost
// and free-shipping threshold per active currency, and the change history. A refused save puts
// each message beside its field (the API names fields by path, e.g. payment_methods.1.adjustment.percent).

import { ApiError } from "../../api/http.js";
import * as orderConfig from "../../api/order_config.js";
import { h, replace } from "../../dom.js";
import { formatDateTime } from "../../format.js";
import { has, language, t } from "../../i18n/index.js";
import { goUp } from "../../router.js";
import { knownConnections } from "../../state/pixi_connections.js";
import { chosenConnection } from "../../state/session.js";
import { busy, field, messageLine, select, uid } from "../../widgets/form.js";
import { infoTip } from "../../widgets/info_tip.js";
import { errorBox, skeleton } from "../../widgets/loading.js";
import { actionText } from "../../words/audit.js";

export const titleKey = "ocfg.title";

/** The settings screen: where the order function is booked, one level up. */
const SETTINGS_HASH = "#/admin/settings";

/** @typedef {import("../../api/order_config.js").AdminOrderConfig} AdminOrderConfig */
/** @typedef {import("../../api/order_config.js").OrderConfig} OrderConfig */
/** @typedef {import("../../widgets/form.js").Field} Field */

/** The plain fields of the configuration, in the order of the form. */
const GENERAL = [
  { name: "enabled", kind: "check" },
  { name: "allow_without_stock", kind: "check" },
  { name: "stock_display", kind: "choice", options: ["number", "indicator"] },
  { name: "stock_few_threshold", kind: "int" },
  { name: "customer_number_prefix", kind: "text" },
  { name: "order_number_prefix", kind: "text" },
  { name: "comment_template", kind: "long" },
  { name: "default_currency", kind: "currency" },
  { name: "import_channel_id", kind: "int", optional: true },
  { name: "cart_expiry_hours", kind: "int" },
  { name: "order_confirmation_mail", kind: "check" },
];

/** "payment_methods.1.adjustment.percent" -> "payment_methods.*.adjustment.percent" (how help texts are keyed). */
export function genericPath(path) {
  return path.split(".").map((part) => (/^\d+$/.test(part) ? "*" : part)).join(".");
}

/** A typed number as a number; anything else as typed (the server says what is wrong with it). */
function intOrText(value, optional = false) {
  const v = value.trim();
  if (!v && optional) return null;
  return /^\d+$/.test(v) ? Number(v) : v;
}

export function mount(container) {
  let alive = true;
  /** @type {AdminOrderConfig | null} */
  let data = null;
  const heading = h("h1", { id: "ocfg-title", tabindex: "-1" }, t("ocfg.title"));
  const connectionLine = h("p", { class: "muted admin-intro", id: "ocfg-connection" });
  const content = h("div", { id: "ocfg-content" });
  container.append(h("section", { class: "admin-view order-config-view", "aria-labelledby": "ocfg-title" },
    h("a", { class: "back-link", href: SETTINGS_HASH }, `← ${t("nav.settings")}`),
    heading, connectionLine, h("p", { class: "muted admin-intro" }, t("ocfg.intro")), content));

  /** The help text of a field path in the page's language. */
  function helpOf(path) {
    const help = data?.help?.[path] || data?.help?.[genericPath(path)];
    return help ? (language() === "en" ? help.en : help.de) : null;
  }

  async function load() {
    if (!data) replace(content, skeleton(t("ocfg.loading"), { lines: 6 }));
    try {
      data = await orderConfig.load();
    } catch (err) {
      if (!alive || !(err instanceof ApiError)) throw err;
      replace(content, errorBox({ title: t("ocfg.loadFailed"), err, onRetry: load }));
      return;
    }
    if (!alive) return;
    render();
  }

  function render({ saved = false } = {}) {
    const answer = /** @type {AdminOrderConfig} */ (data);
    const config = answer.config;
    const currencies = answer.reference.currencies.filter((c) => c.active).map((c) => c.code);
    const chosen = chosenConnection();
    const connection = (knownConnections() || []).find((c) => c.connection_id === answer.connection_id);
    connectionLine.textContent = t("ocfg.connection", { name: connection?.name || chosen?.name || answer.connection_id });
    /** @type {Map<string, Field>} fields by path, rebuilt with the body on every save */
    let byPath = new Map();
    const note = messageLine("ocfg-message");

    // ---- general fields ----
    /** @type {Record<string, Field>} */
    const general = {};
    const generalRoots = GENERAL.map((spec) => {
      const id = `ocfg-${spec.name.replaceAll("_", "-")}`;
      const value = config[spec.name];
      let input;
      if (spec.kind === "check") {
        input = h("input", { type: "checkbox", id, name: spec.name });
        input.checked = Boolean(value);
      } else if (spec.kind === "choice") {
        input = select({ id, name: spec.name }, spec.options.map((o) => [o, t(`ocfg.${spec.name}.${o}`)]), String(value));
      } else if (spec.kind === "currency") {
        input = select({ id, name: spec.name }, [["", t("ocfg.choose")], ...currencies.map((c) => /** @type {[string, string]} */ ([c, c]))], value || "");
      } else if (spec.kind === "long") {
        input = h("textarea", { id, name: spec.name, rows: "3" });
        input.value = value ?? "";
      } else {
        input = h("input", { type: "text", id, name: spec.name, inputmode: spec.kind === "int" ? "numeric" : null, autocomplete: "off" });
        input.value = value === null || value === undefined ? "" : String(value);
      }
      const f = field({ label: t(`ocfg.field.${spec.name}`), input, hint: helpOf(spec.name),
        className: spec.kind === "check" ? "field-check" : spec.kind === "long" ? "field-wide" : "" });
      general[spec.name] = f;
      return f.root;
    });

    // ---- payment methods ----
    const configured = new Map(config.payment_methods.map((m) => [m.code, m]));
    const types = [...answer.reference.payment_types];
    for (const m of config.payment_methods) {
      if (!types.some((p) => p.code === m.code)) {
        types.push({ code: m.code, text: m.code, xml_tag: "", kind: "", choosable: false, reason: t("ocfg.notInPixi") });
      }
    }
    const paymentRows = types.map((type) => {
      const chosenMethod = configured.get(type.code) || null;
      const base = `ocfg-pm-${type.code}`;
      const offer = h("input", { type: "checkbox", id: `${base}-offer`, dataset: { code: type.code } });
      offer.checked = Boolean(chosenMethod);
      offer.disabled = !type.choosable && !chosenMethod;
      const adjustment = chosenMethod?.adjustment || null;
      const kind = select({ id: `${base}-kind`, "aria-label": t("ocfg.pm.kindOf", { name: type.text }) },
        [["", t("ocfg.pm.none")], ["surcharge", t("ocfg.pm.surcharge")], ["discount", t("ocfg.pm.discount")]], adjustment?.kind || "");
      const mode = select({ id: `${base}-mode`, "aria-label": t("ocfg.pm.modeOf", { name: type.text }) },
        [["percent", t("ocfg.pm.percent")], ["amounts", t("ocfg.pm.amounts")]], adjustment && adjustment.percent === null ? "amounts" : "percent");
      const percent = h("input", { type: "text", id: `${base}-percent`, inputmode: "decimal", class: "input-short",
        "aria-label": t("ocfg.pm.percentOf", { name: type.text }), value: adjustment?.percent ?? "" });
      const amounts = Object.fromEntries(currencies.map((c) => [c, h("input", {
        type: "text", id: `${base}-amount-${c}`, inputmode: "decimal", class: "input-short",
        "aria-label": t("ocfg.pm.amountOf", { name: type.text, currency: c }), value: adjustment?.amounts?.[c] ?? "",
      })]));
      const errorLine = h("p", { class: "field-message", id: `${base}-message` });
      /** @param {HTMLInputElement | HTMLSelectElement} input */
      const asField = (input) => ({ root: errorLine, input, error: () => errorLine.textContent || "",
        setError: (text) => {
          errorLine.textContent = text;
          if (text) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
        } });
      const amountBox = h("span", { class: "amounts" }, currencies.map((c) => h("label", { class: "amount" }, amounts[c], ` ${c}`)));
      const percentBox = h("label", { class: "amount" }, percent, " %");
      const showAdjustment = () => {
        const on = offer.checked && kind.value !== "";
        mode.hidden = !on;
        percentBox.hidden = !on || mode.value !== "percent";
        amountBox.hidden = !on || mode.value !== "amounts";
        kind.disabled = !offer.checked;
      };
      for (const el of [offer, kind, mode]) el.addEventListener("change", showAdjustment);
      showAdjustment();
      const tr = h("tr", { dataset: { code: type.code }, class: type.choosable ? null : "is-provider" },
        h("td", null, h("label", { class: "check" }, offer, " ", h("span", null, type.text)), h("span", { class: "mono muted small" }, ` ${type.code}`)),
        h("td", { class: "muted small" }, type.choosable
          ? (has(`paymentKind.${type.kind}`) ? t(`paymentKind.${type.kind}`) : type.kind)
          : h("span", { class: "provider-reason" }, type.reason || t("ocfg.pm.provider"))),
        h("td", null, kind, " ", mode, " ", percentBox, amountBox, errorLine));
      return {
        tr,
        /** @param {number} index @returns {import("../../api/order_config.js").PaymentMethodConfig | null} */
        collect(index) {
          if (!offer.checked) return null;
          const at = `payment_methods.${index}`;
          byPath.set(at, asField(offer));
          byPath.set(`${at}.code`, asField(offer));
          byPath.set(`${at}.adjustment`, asField(kind));
          byPath.set(`${at}.adjustment.kind`, asField(kind));
          byPath.set(`${at}.adjustment.percent`, asField(percent));
          byPath.set(`${at}.adjustment.amounts`, asField(amounts[currencies[0]] || kind));
          for (const c of currencies) byPath.set(`${at}.adjustment.amounts.${c}`, asField(amounts[c]));
          if (!kind.value) return { code: type.code, adjustment: null };
          const byPercent = mode.value === "percent";
          return { code: type.code, adjustment: {
            kind: /** @type {"surcharge" | "discount"} */ (kind.value),
            percent: byPercent ? percent.value.trim() : null,
            amounts: byPercent ? {} : Object.fromEntries(currencies.filter((c) => amounts[c].value.trim()).map((c) => [c, amounts[c].value.trim()])),
          } };
        },
        clear: () => { errorLine.textContent = ""; },
      };
    });

    // ---- shipping methods ----
    const shippingBox = h("div", { class: "shipping-methods", id: "ocfg-shipping" });
    /** @type {{root: HTMLElement, collect: (i: number) => import("../../api/order_config.js").ShippingMethodConfig}[]} */
    let shippingRows = [];
    /** @param {import("../../api/order_config.js").ShippingMethodConfig | null} method */
    function shippingRow(method) {
      const n = uid("ship");
      const text = (/** @type {string} */ name, /** @type {string} */ value, extra = {}) =>
        h("input", { type: "text", id: `${n}-${name}`, name, autocomplete: "off", value, ...extra });
      const vendor = field({ label: t("ocfg.sm.vendor_code"), input: text("vendor_code", method?.vendor_code || "", { maxlength: "3" }),
        info: helpOf("shipping_methods.*.vendor_code") ? infoTip(t("ocfg.sm.vendor_code"), helpOf("shipping_methods.*.vendor_code")) : null });
      const name = field({ label: t("ocfg.sm.name"), input: text("name", method?.name || ""),
        info: helpOf("shipping_methods.*.name") ? infoTip(t("ocfg.sm.name"), helpOf("shipping_methods.*.name")) : null });
      const countries = field({ label: t("ocfg.sm.countries"), input: text("countries", (method?.countries || []).join(", ")),
        hint: helpOf("shipping_methods.*.countries") });
      const prices = currencies.map((c) => {
        const price = method?.prices.find((p) => p.currency === c);
        return {
          currency: c,
          cost: field({ label: t("ocfg.sm.cost", { currency: c }), input: text(`cost-${c}`, price?.cost ?? "", { inputmode: "decimal" }),
            info: helpOf("shipping_methods.*.prices.*.cost") ? infoTip(t("ocfg.sm.cost", { currency: c }), helpOf("shipping_methods.*.prices.*.cost")) : null }),
          freeFrom: field({ label: t("ocfg.sm.free_from", { currency: c }), input: text(`free-${c}`, price?.free_from ?? "", { inputmode: "decimal" }),
            info: helpOf("shipping_methods.*.prices.*.free_from") ? infoTip(t("ocfg.sm.free_from", { currency: c }), helpOf("shipping_methods.*.prices.*.free_from")) : null }),
        };
      });
      const remove = h("button", { type: "button", class: "button-quiet button-quiet-danger" }, t("ocfg.sm.remove"));
      const root = h("fieldset", { class: "shipping-method" },
        h("legend", null, method?.name || t("ocfg.sm.new")),
        h("div", { class: "form-grid" }, vendor.root, name.root, countries.root),
        h("div", { class: "form-grid" }, prices.map((p) => [p.cost.root, p.freeFrom.root])),
        h("div", { class: "form-actions" }, remove));
      const row = {
        root,
        /** @param {number} index */
        collect(index) {
          const at = `shipping_methods.${index}`;
          byPath.set(`${at}.vendor_code`, vendor);
          byPath.set(`${at}.name`, name);
          byPath.set(`${at}.countries`, countries);
          byPath.set(`${at}.prices`, prices[0]?.cost || name);
          const given = prices.filter((p) => p.cost.input.value.trim() || p.freeFrom.input.value.trim());
          given.forEach((p, j) => {
            byPath.set(`${at}.prices.${j}`, p.cost);
            byPath.set(`${at}.prices.${j}.cost`, p.cost);
            byPath.set(`${at}.prices.${j}.currency`, p.cost);
            byPath.set(`${at}.prices.${j}.free_from`, p.freeFrom);
          });
          return {
            vendor_code: vendor.input.value.trim().toUpperCase(),
            name: name.input.value.trim(),
            countries: countries.input.value.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean),
            prices: given.map((p) => ({ currency: p.currency, cost: p.cost.input.value.trim(), free_from: p.freeFrom.input.value.trim() || null })),
          };
        },
      };
      remove.addEventListener("click", () => {
        shippingRows = shippingRows.filter((r) => r !== row);
        root.remove();
        addShipping.focus();
      });
      return row;
    }
    const addShipping = h("button", { type: "button", class: "button-secondary", id: "ocfg-shipping-add" }, t("ocfg.sm.add"));
    addShipping.addEventListener("click", () => {
      const row = shippingRow(null);
      shippingRows.push(row);
      shippingBox.append(row.root);
      /** @type {HTMLInputElement | null} */ (row.root.querySelector("input"))?.focus();
    });
    shippingRows = config.shipping_methods.map(shippingRow);
    replace(shippingBox, shippingRows.map((r) => r.root));

    // ---- save ----
    const save = h("button", { type: "submit", class: "button-primary", id: "ocfg-save" }, t("ocfg.save"));
    const form = h("form", { class: "admin-form order-config-form", id: "ocfg-form", novalidate: true },
      h("section", { class: "panel settings-section", "aria-labelledby": "ocfg-general-title" },
        h("h2", { id: "ocfg-general-title" }, t("ocfg.general")),
        h("div", { class: "form-grid" }, generalRoots)),
      h("section", { class: "panel settings-section", "aria-labelledby": "ocfg-payment-title" },
        h("div", { class: "section-head" }, h("h2", { id: "ocfg-payment-title" }, t("ocfg.payment")),
          helpOf("payment_methods") ? infoTip(t("ocfg.payment"), helpOf("payment_methods")) : null),
        h("p", { class: "muted" }, helpOf("payment_methods.*.adjustment") || ""),
        h("table", { class: "data-table payment-config", id: "ocfg-payment" },
          h("thead", null, h("tr", null, ["method", "kind", "adjustment"].map((c) => h("th", { scope: "col" }, t(`ocfg.pm.col.${c}`))))),
          h("tbody", null, paymentRows.map((r) => r.tr)))),
      h("section", { class: "panel settings-section", "aria-labelledby": "ocfg-shipping-title" },
        h("div", { class: "section-head" }, h("h2", { id: "ocfg-shipping-title" }, t("ocfg.shipping")), addShipping),
        h("p", { class: "muted" }, helpOf("shipping_methods.*.prices") || helpOf("shipping_methods") || ""),
        shippingBox),
      note.el,
      h("div", { class: "form-actions" }, save));

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      note.clear();
      byPath = new Map(Object.entries(general));
      for (const f of Object.values(general)) f.setError("");
      for (const r of paymentRows) r.clear();
      const payment = [];
      for (const r of paymentRows) {
        const m = r.collect(payment.length);
        if (m) payment.push(m);
      }
      /** @type {OrderConfig} */
      const body = {
        enabled: /** @type {HTMLInputElement} */ (general.enabled.input).checked,
        allow_without_stock: /** @type {HTMLInputElement} */ (general.allow_without_stock.input).checked,
        stock_display: /** @type {"number" | "indicator"} */ (general.stock_display.input.value),
        stock_few_threshold: /** @type {number} */ (intOrText(general.stock_few_threshold.input.value)),
        customer_number_prefix: general.customer_number_prefix.input.value.trim(),
        order_number_prefix: general.order_number_prefix.input.value.trim(),
        comment_template: general.comment_template.input.value,
        default_currency: general.default_currency.input.value || null,
        import_channel_id: /** @type {number | null} */ (intOrText(general.import_channel_id.input.value, true)),
        cart_expiry_hours: /** @type {number} */ (intOrText(general.cart_expiry_hours.input.value)),
        order_confirmation_mail: /** @type {HTMLInputElement} */ (general.order_confirmation_mail.input).checked,
        payment_methods: payment,
        shipping_methods: shippingRows.map((r, i) => r.collect(i)),
      };
      let saved;
      try {
        saved = await busy(save, t("ocfg.saving"), () => orderConfig.save(body));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        showErrors(err);
        return;
      }
      if (!alive) return;
      data = saved;
      render({ saved: true });
    });

    /** Each message beside the field of its path (or of the nearest path above it). */
    function showErrors(err) {
      /** @type {string[]} */
      const rest = [];
      /** @type {Field | null} */
      let first = null;
      for (const [key, text] of Object.entries(err.fields || {})) {
        const parts = key.replace(/^(body|config)\./, "").split(".");
        let target = null;
        while (parts.length && !target) {
          target = byPath.get(parts.join(".")) || null;
          parts.pop();
        }
        if (target) {
          target.setError(text);
          first = first || target;
        } else rest.push(`${key}: ${text}`);
      }
      if (first) {
        note.error(t("ui.checkFields"), rest);
        first.input.focus();
      } else note.error(err, rest);
    }

    replace(content, form, historySection(answer.changes || []));
    if (saved) {
      note.success(t("ocfg.saved"));
      note.el.focus();
    }
  }

  function historySection(changes) {
    /** @param {unknown} v @returns {string} */
    const value = (v) => {
      const text = Array.isArray(v) ? v.map(value).join(", ")
        : v && typeof v === "object" ? Object.entries(v).map(([k, x]) => `${k}: ${value(x)}`).join(", ") : String(v ?? "–");
      return text.length > 80 ? `${text.slice(0, 79)}…` : text;
    };
    /** "Standardwährung: – → EUR · Präfix Bestellnummer: – → CC-" from {changed: {field: {from, to}}}. */
    const describe = (/** @type {Record<string, any>} */ details) => {
      const changed = details?.changed && typeof details.changed === "object" ? details.changed : {};
      return Object.entries(changed).map(([name, change]) => {
        const label = has(`ocfg.field.${name}`) ? t(`ocfg.field.${name}`) : has(`ocfg.${name}`) ? t(`ocfg.${name}`) : name;
        return `${label}: ${value(change?.from)} → ${value(change?.to)}`;
      }).join(" · ");
    };
    return h("section", { class: "panel settings-section", id: "ocfg-history", "aria-labelledby": "ocfg-hist-title" },
      h("h2", { id: "ocfg-hist-title" }, t("hist.title")),
      changes.length
        ? h("table", { class: "data-table hist-table", id: "ocfg-hist-table" },
          h("thead", null, h("tr", null, ["at", "who", "what"].map((c) => h("th", { scope: "col" }, t(`hist.col.${c}`))))),
          h("tbody", null, changes.map((c) => h("tr", null,
            h("td", null, formatDateTime(c.at)),
            h("td", null, c.agent_email),
            h("td", null, actionText(c.action), describe(c.details) ? `: ${describe(c.details)}` : "")))))
        : h("p", { class: "muted" }, t("hist.none")));
  }

  heading.focus();
  load();
  return {
    goUp: () => goUp(SETTINGS_HASH),
    unmount() { alive = false; },
  };
}
