// S1 customer search. Simple: one field, at least 3 characters (last name, e-mail, customer number).
// Advanced ("Erweiterte Suche"): name, first name, e-mail, customer number, ZIP, city, street,
// country, phone, order number, invoice number, in any combination; Enter in any field searches.
// Scope: all shops or one shop of the pixi connection (GET /shops); the last choice is remembered
// per tenant. Every criterion is in the URL (#/search?name=M%C3%BCller&city=K%C3%B6ln&shop=FHD), so
// reload and back keep the results; the same columns whatever matched.
// Keys: "/" focuses the field, ↓ goes from the field into the list, ↑↓ move, Enter opens, Home/End.

import { api, ApiError } from "../api.js";
import { customerName, rememberCustomers } from "../customers.js";
import { h, replace } from "../dom.js";
import { addMessages, t } from "../i18n.js";
import { asApiError, errorBox, whileBusy } from "../loading.js";
import { buildHash, navigate } from "../router.js";
import { recentCustomersCard } from "../recent.js";
import { rememberSearch, takeSearchFocus } from "../searchTrail.js";
import { onCustomerDataReset } from "../session.js";
import { knownShops, loadShops, rememberedScope, rememberScope, shopLabel } from "../shops.js";

/** The advanced fields, named as in the API, in the order of the form (two rows of six, the buttons last). */
export const ADVANCED_FIELDS = [
  { name: "name" },
  { name: "first_name" },
  { name: "email" },
  { name: "phone", type: "tel" },
  { name: "customer_number" },
  { name: "order_number", inputmode: "numeric" },
  { name: "street" },
  { name: "zip_code", inputmode: "numeric" },
  { name: "city" },
  { name: "country" },
  { name: "invoice_number" },
]
const FIELD_NAMES = ADVANCED_FIELDS.map((f) => f.name);

addMessages({
  de: {
    "search.title": "Kundensuche",
    "search.label": "Kunde suchen",
    "search.placeholder": "Nachname, E-Mail-Adresse oder Kundennummer",
    "search.hint": "Mindestens 3 Zeichen. Sucht in Nachname, E-Mail-Adresse und Kundennummer.",
    "search.submit": "Suchen",
    "search.tooShort": "Bitte mindestens 3 Zeichen eingeben.",
    "search.start": "Geben Sie einen Nachnamen, eine E-Mail-Adresse oder eine Kundennummer ein und drücken Sie Enter.",
    "search.startAdvanced": "Füllen Sie ein oder mehrere Felder aus und drücken Sie Enter.",
    "search.loading": "Suche nach {what} …",
    "search.count.one": "1 Kunde zu {what} {scope} gefunden.",
    "search.count.many": "{n} Kunden zu {what} {scope} gefunden.",
    "search.count.cut": "{n} von {total} Kunden zu {what} {scope} angezeigt.",
    "search.count.cutCapped": "{n} von mehr als {total} Kunden zu {what} {scope} angezeigt.",
    "search.empty": "Keine Kunden zu {what} gefunden.",
    "search.emptyHelp": "Prüfen Sie die Schreibweise oder suchen Sie nach dem Nachnamen allein, der vollständigen E-Mail-Adresse oder der Kundennummer (z. B. K10001).",
    "search.emptyAdvanced1": "Weniger Felder ausfüllen: ein Kunde wird nur gefunden, wenn jedes ausgefüllte Feld passt.",
    "search.emptyAdvanced2": "Nur den Anfang eingeben (z. B. „Muster“): Name, Vorname, PLZ, Ort, Straße und Kundennummer werden am Anfang verglichen.",
    "search.emptyAdvanced3": "Ohne Platzhalter (*) und in anderer Schreibweise versuchen (ä/ae, ß/ss, mit oder ohne Bindestrich).",
    "search.emptyShop": "Gesucht wurde nur im Shop {shop}.",
    "search.allShopsButton": "In allen Shops suchen",
    "search.truncated": "Es wurden {total} Treffer gefunden, {limit} werden angezeigt — bitte die Suche eingrenzen.",
    "search.truncatedCapped": "Es wurden mehr als {total} Treffer gefunden, {limit} werden angezeigt — bitte die Suche eingrenzen.",
    "search.failed": "Die Suche ist fehlgeschlagen.",
    "search.results": "Suchergebnis",
    "search.quoted": "„{text}“",
    "search.scope": "Shop",
    "search.allShops": "Alle Shops",
    "search.scopeAll": "in allen Shops",
    "search.scopeOne": "im Shop {shop}",
    "search.shopsFailed": "Die Shop-Liste konnte nicht geladen werden; gesucht wird in allen Shops oder im gemerkten Shop.",
    "search.advanced": "Erweiterte Suche",
    "search.simple": "Einfache Suche",
    "search.clear": "Felder leeren",
    "search.advancedHint": "Jedes ausgefüllte Feld muss passen. Namen, PLZ, Ort, Straße und Kundennummer: Anfang genügt; * steht für beliebige Zeichen.",
    "search.noCriteria": "Bitte mindestens ein Feld ausfüllen.",
    "field.name": "Nachname/Firma",
    "field.first_name": "Vorname",
    "field.email": "E-Mail",
    "field.customer_number": "Kundennummer",
    "field.zip_code": "PLZ",
    "field.city": "Ort",
    "field.street": "Straße",
    "field.country": "Land",
    "field.phone": "Telefon",
    "field.order_number": "Auftragsnummer",
    "field.invoice_number": "Rechnungsnummer",
    "placeholder.country": "DE oder Deutschland",
    "placeholder.order_number": "z. B. 100928",
    "col.number": "Kundennummer",
    "col.name": "Name",
    "col.place": "Anschrift",
    "col.email": "E-Mail",
    "col.phone": "Telefon",
    "col.shop": "Shop",
    "customer.locked": "gesperrt",
    "customer.business": "Firma",
  },
  en: {
    "search.title": "Customer search",
    "search.label": "Find customer",
    "search.placeholder": "Last name, e-mail address or customer number",
    "search.hint": "At least 3 characters. Searches last name, e-mail address and customer number.",
    "search.submit": "Search",
    "search.tooShort": "Please enter at least 3 characters.",
    "search.start": "Enter a last name, an e-mail address or a customer number and press Enter.",
    "search.startAdvanced": "Fill in one or more fields and press Enter.",
    "search.loading": "Searching for {what} …",
    "search.count.one": "1 customer found for {what} {scope}.",
    "search.count.many": "{n} customers found for {what} {scope}.",
    "search.count.cut": "{n} of {total} customers for {what} {scope} shown.",
    "search.count.cutCapped": "{n} of more than {total} customers for {what} {scope} shown.",
    "search.empty": "No customers found for {what}.",
    "search.emptyHelp": "Check the spelling, or search for the last name alone, the full e-mail address or the customer number (e.g. K10001).",
    "search.emptyAdvanced1": "Fill in fewer fields: a customer is found only if every filled field matches.",
    "search.emptyAdvanced2": "Enter only the beginning (e.g. “Muster”): name, first name, ZIP, city, street and customer number match at the beginning.",
    "search.emptyAdvanced3": "Try without wildcards (*) and with another spelling (ä/ae, ß/ss, with or without hyphen).",
    "search.emptyShop": "Only shop {shop} was searched.",
    "search.allShopsButton": "Search all shops",
    "search.truncated": "{total} matches were found, {limit} are shown — please narrow the search.",
    "search.truncatedCapped": "More than {total} matches were found, {limit} are shown — please narrow the search.",
    "search.failed": "The search failed.",
    "search.results": "Search result",
    "search.quoted": "“{text}”",
    "search.scope": "Shop",
    "search.allShops": "All shops",
    "search.scopeAll": "in all shops",
    "search.scopeOne": "in shop {shop}",
    "search.shopsFailed": "The shop list could not be loaded; the search covers all shops or the remembered shop.",
    "search.advanced": "Advanced search",
    "search.simple": "Simple search",
    "search.clear": "Clear fields",
    "search.advancedHint": "Every filled field must match. Names, ZIP, city, street and customer number: the beginning is enough; * stands for any characters.",
    "search.noCriteria": "Please fill in at least one field.",
    "field.name": "Last name/Company",
    "field.first_name": "First name",
    "field.email": "E-mail",
    "field.customer_number": "Customer no.",
    "field.zip_code": "ZIP",
    "field.city": "City",
    "field.street": "Street",
    "field.country": "Country",
    "field.phone": "Phone",
    "field.order_number": "Order no.",
    "field.invoice_number": "Invoice no.",
    "placeholder.country": "DE or Germany",
    "placeholder.order_number": "e.g. 100928",
    "col.number": "Customer no.",
    "col.name": "Name",
    "col.place": "Address",
    "col.email": "E-mail",
    "col.phone": "Phone",
    "col.shop": "Shop",
    "customer.locked": "locked",
    "customer.business": "Company",
  },
});

export const titleKey = "search.title";

export const MIN_QUERY_LENGTH = 3;
const CACHE_MS = 2 * 60 * 1000;

// Answers of this session by search, so back, returns and a language switch show the list at once;
// which customer was selected, so coming back lands on the same row; whether the advanced search
// was open; and what the agent typed but did not search yet (by the address it was typed on).
const answers = new Map();
let selectedKey = null;
let advancedOpen = false;
let draft = null; // {hash, q, fields: {...}}

onCustomerDataReset(() => {
  answers.clear();
  selectedKey = null;
  advancedOpen = false;
  draft = null;
});

/** The search a URL query describes: {mode: "simple"|"advanced"|"none", q, fields, shop}. */
export function criteriaOf(query) {
  const fields = {};
  for (const name of FIELD_NAMES) {
    const value = (query[name] || "").trim();
    if (value) fields[name] = value;
  }
  const q = (query.q || "").trim();
  const shop = (query.shop || "").trim();
  const mode = Object.keys(fields).length ? "advanced" : q ? "simple" : "none";
  return { mode, q, fields, shop };
}

function queryOf(criteria) {
  const base = criteria.mode === "advanced" ? { ...criteria.fields } : criteria.mode === "simple" ? { q: criteria.q } : {};
  return criteria.shop ? { ...base, shop: criteria.shop } : base;
}

export function mount(container, match) {
  let inflight = null; // AbortController of the running search
  let shown = null; // the criteria key the list shows
  let criteria = criteriaOf(match.query);
  if (criteria.mode === "advanced") advancedOpen = true;

  // ---- form ----
  const input = h("input", {
    id: "search-q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
    placeholder: t("search.placeholder"), "aria-describedby": "search-hint search-field-message",
    "aria-controls": "search-results",
  });
  const fieldMessage = h("p", { id: "search-field-message", class: "field-message", "aria-live": "polite" });
  const formMessage = h("p", { id: "search-form-message", class: "field-message", "aria-live": "polite" });
  const simpleRow = h("div", { class: "search-simple" },
    h("label", { for: "search-q", class: "search-label" }, t("search.label")),
    h("div", { class: "search-row" },
      input,
      h("button", { type: "submit", class: "button-primary" }, t("search.submit"))),
    h("p", { id: "search-hint", class: "hint" }, t("search.hint")),
    fieldMessage);

  const inputs = {};
  const messages = {};
  const advancedGrid = h("div", { class: "advanced-grid" }, ADVANCED_FIELDS.map((f) => {
    const id = `adv-${f.name}`;
    messages[f.name] = h("p", { id: `${id}-message`, class: "field-message", "aria-live": "polite" });
    inputs[f.name] = h("input", {
      id, name: f.name, type: f.type || "text", autocomplete: "off", spellcheck: "false",
      inputmode: f.inputmode || null, "aria-describedby": `${id}-message`,
      placeholder: ["country", "order_number"].includes(f.name) ? t(`placeholder.${f.name}`) : null,
    });
    return h("div", { class: "field adv-field" },
      h("label", { for: id }, t(`field.${f.name}`)), inputs[f.name], messages[f.name]);
  }));
  advancedGrid.append(h("div", { class: "advanced-actions" },
    h("button", { type: "submit", class: "button-primary" }, t("search.submit"))));
  const clearButton = h("button", { type: "button", class: "button-quiet clear-button", onClick: clearFields }, t("search.clear"));
  const advanced = h("fieldset", { id: "search-advanced", class: "search-advanced", "aria-describedby": "search-advanced-hint" },
    h("legend", null, t("search.advanced")),
    h("p", { id: "search-advanced-hint", class: "hint" }, t("search.advancedHint")),
    advancedGrid,
    formMessage);

  const scope = h("select", { id: "search-shop", name: "shop", "aria-describedby": "search-shop-note" },
    h("option", { value: "" }, t("search.allShops")));
  const scopeNote = h("span", { id: "search-shop-note", class: "muted small" });
  const toggle = h("button", {
    type: "button", class: "button-quiet advanced-toggle", "aria-controls": "search-advanced",
    "aria-expanded": "false", id: "search-advanced-toggle",
  });
  const options = h("div", { class: "search-options" },
    h("div", { class: "scope-field" }, h("label", { for: "search-shop" }, t("search.scope")), scope, scopeNote),
    clearButton,
    toggle);

  const form = h("form", { class: "search-form", role: "search", "aria-label": t("search.title"), novalidate: true },
    simpleRow, advanced, options);

  const status = h("div", { id: "search-status", class: "search-status", role: "status", "aria-live": "polite" });
  const results = h("div", { id: "search-results", class: "search-results" });
  // B1 "Zuletzt bearbeitet": the agent's recent customers, shown while no search result is.
  const recent = recentCustomersCard({ onLeaveTop: () => focusField() });
  container.append(h("section", { class: "search-view" },
    h("h1", { class: "visually-hidden" }, t("search.title")),
    form, status, results));

  // ---- mode, fields, scope ----
  function setAdvanced(open, { focus = false } = {}) {
    advancedOpen = open;
    advanced.hidden = !open;
    simpleRow.hidden = open;
    clearButton.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? `${t("search.simple")} ▴` : `${t("search.advanced")} ▾`;
    if (focus) (open ? inputs.name : input).focus();
  }

  function fillFields(c) {
    input.value = c.q;
    for (const name of FIELD_NAMES) inputs[name].value = c.fields[name] || "";
  }

  function typedCriteria() {
    const fields = {};
    for (const name of FIELD_NAMES) {
      const value = inputs[name].value.trim();
      if (value) fields[name] = value;
    }
    return { q: input.value.trim(), fields };
  }

  function saveDraft() {
    draft = { hash: window.location.hash, q: input.value, fields: Object.fromEntries(FIELD_NAMES.map((n) => [n, inputs[n].value])) };
  }

  function restoreDraft() {
    if (!draft || draft.hash !== window.location.hash) return;
    input.value = draft.q;
    for (const name of FIELD_NAMES) inputs[name].value = draft.fields[name] || "";
  }

  function clearFields() {
    for (const name of FIELD_NAMES) {
      inputs[name].value = "";
      setMessage(name, "");
    }
    formMessage.textContent = "";
    saveDraft();
    inputs.name.focus();
  }

  function setMessage(name, text) {
    const el = name === "q" ? fieldMessage : messages[name];
    const field = name === "q" ? input : inputs[name];
    if (!el) return;
    el.textContent = text || "";
    field.setAttribute("aria-invalid", String(Boolean(text)));
  }

  function clearMessages() {
    setMessage("q", "");
    for (const name of FIELD_NAMES) setMessage(name, "");
    formMessage.textContent = "";
  }

  function fillScope(selected) {
    const list = knownShops() || [];
    const ids = new Set(list.map((s) => s.shop_id));
    replace(scope,
      h("option", { value: "" }, t("search.allShops")),
      list.map((s) => h("option", { value: s.shop_id }, `${s.name} (${s.shop_id})`)),
      selected && !ids.has(selected) ? h("option", { value: selected }, selected) : null);
    scope.value = selected || "";
  }

  function initialScope() {
    return criteria.mode === "none" ? rememberedScope() : criteria.shop;
  }

  scope.addEventListener("change", () => {
    rememberScope(scope.value);
    if (criteria.mode !== "none") navigate("/search", queryOf({ ...criteria, shop: scope.value }));
  });

  toggle.addEventListener("click", () => {
    clearMessages();
    setAdvanced(!advancedOpen, { focus: true });
  });

  // ---- results ----
  const rowLinks = () => [...results.querySelectorAll("a.row-link")];

  function select(link, { focus = true } = {}) {
    for (const row of results.querySelectorAll("tr[aria-selected]")) row.setAttribute("aria-selected", "false");
    if (!link) return;
    const row = link.closest("tr");
    row.setAttribute("aria-selected", "true");
    selectedKey = row.dataset.key;
    if (focus) link.focus();
  }

  function showStatus(text, kind = "info") {
    replace(status, text ? h("p", { class: `status-line status-${kind}` }, text) : null);
  }

  /** „Mustermann“ or Nachname/Firma „Müll“, Ort „Köln“ (the words of the search). */
  function describe(c) {
    if (c.mode === "simple") return t("search.quoted", { text: c.q });
    return Object.entries(c.fields).map(([name, value]) => `${t(`field.${name}`)} ${t("search.quoted", { text: value })}`).join(", ");
  }

  function scopeText(c) {
    return c.shop ? t("search.scopeOne", { shop: shopLabel(c.shop) }) : t("search.scopeAll");
  }

  function renderAnswer(c, answer) {
    shown = buildHash("/search", queryOf(c));
    const customers = answer.customers || [];
    rememberCustomers(customers);
    results.removeAttribute("aria-busy");
    const what = describe(c);
    if (customers.length === 0) {
      showStatus("");
      const help = c.mode === "advanced"
        ? h("ul", { class: "empty-help" },
          h("li", null, t("search.emptyAdvanced1")), h("li", null, t("search.emptyAdvanced2")), h("li", null, t("search.emptyAdvanced3")))
        : h("p", { class: "muted" }, t("search.emptyHelp"));
      const shopHelp = c.shop ? h("p", { class: "empty-shop" }, t("search.emptyShop", { shop: shopLabel(c.shop) }), " ",
        h("button", {
          type: "button", class: "button-secondary",
          onClick: () => {
            rememberScope("");
            navigate("/search", queryOf({ ...c, shop: "" }));
          },
        }, t("search.allShopsButton"))) : null;
      replace(results, h("div", { class: "empty-state" },
        h("p", { class: "empty-title" }, t("search.empty", { what })), help, shopHelp));
      return;
    }
    const total = answer.total ?? customers.length;
    const where = scopeText(c);
    let count;
    if (answer.truncated) {
      count = t(answer.total_capped ? "search.count.cutCapped" : "search.count.cut", { n: customers.length, total, what, scope: where });
    } else {
      count = customers.length === 1 ? t("search.count.one", { what, scope: where }) : t("search.count.many", { n: customers.length, what, scope: where });
    }
    showStatus(count);
    const notice = answer.truncated
      ? h("p", { class: "notice notice-warning", role: "note", id: "search-truncated" },
        t(answer.total_capped ? "search.truncatedCapped" : "search.truncated", { total, limit: answer.limit ?? customers.length }))
      : null;
    replace(results, notice, resultTable(customers));
  }

  function renderError(c, err) {
    shown = null;
    results.removeAttribute("aria-busy");
    showStatus("");
    replace(results, errorBox({ title: t("search.failed"), err, onRetry: () => run(c, { force: true }) }));
  }

  function resultTable(customers) {
    const head = h("thead", null, h("tr", null,
      ["col.number", "col.name", "col.place", "col.email", "col.phone", "col.shop"].map((key) =>
        h("th", { scope: "col" }, t(key)))));
    const body = h("tbody", null, customers.map((c) => {
      const name = customerName(c);
      const company = c.customer_type === "business" && c.company && c.company !== name ? c.company : "";
      const place = [c.zip_code, c.city].filter(Boolean).join(" ");
      return h("tr", { dataset: { key: String(c.customer_key) }, "aria-selected": "false", class: c.locked ? "is-locked" : null },
        h("td", { class: "col-number" },
          h("a", { class: "row-link", href: `#/customers/${encodeURIComponent(c.customer_key)}` }, c.customer_number)),
        h("td", { class: "col-name" },
          h("span", { class: "name" }, name),
          c.locked ? h("span", { class: "badge badge-locked" }, t("customer.locked")) : null,
          company ? h("span", { class: "company" }, company) : null),
        h("td", { class: "col-place" },
          c.street ? h("span", { class: "street" }, c.street) : null,
          h("span", { class: "place" }, place, c.country && c.country !== "DE"
            ? h("span", { class: "country" }, ` (${c.country})`) : null)),
        h("td", { class: "col-email" }, c.email || ""),
        h("td", { class: "col-phone" }, c.phone || ""),
        h("td", { class: "col-shop", title: shopLabel(c.shop_id) }, c.shop_id || ""));
    }));
    return h("table", { class: "data-table results-table", "aria-label": t("search.results") }, head, body);
  }

  async function run(c, { force = false } = {}) {
    if (inflight) inflight.abort();
    inflight = null;
    clearMessages();
    if (c.mode === "none") {
      shown = null;
      showStatus(t(advancedOpen ? "search.startAdvanced" : "search.start"), "muted");
      replace(results, recent.element);
      recent.refresh();
      return;
    }
    if (c.mode === "simple" && c.q.length < MIN_QUERY_LENGTH) {
      setMessage("q", t("search.tooShort"));
      return;
    }
    const key = buildHash("/search", queryOf(c));
    const cached = answers.get(key);
    if (!force && cached && Date.now() - cached.at < CACHE_MS) {
      renderAnswer(c, cached.answer);
      restoreSelection();
      return;
    }
    const controller = new AbortController();
    inflight = controller;
    results.replaceChildren();
    showStatus(t("search.loading", { what: describe(c) }), "loading");
    try {
      const query = queryOf(c);
      const answer = await whileBusy(results, api.get("/customers", { query, signal: controller.signal }), status);
      if (inflight !== controller) return;
      answers.set(key, { answer, at: Date.now() });
      renderAnswer(c, answer);
    } catch (err) {
      if (inflight !== controller || controller.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) return; // the shell sends the agent to the login
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.fields || {}).length) {
        results.removeAttribute("aria-busy");
        showStatus("");
        showFieldErrors(c, err);
        return;
      }
      renderError(c, asApiError(err));
    } finally {
      if (inflight === controller) inflight = null;
    }
  }

  function showFieldErrors(c, err) {
    let first = null;
    for (const [name, text] of Object.entries(err.fields)) {
      if (name === "q" && c.mode === "simple") {
        setMessage("q", text);
        first = first || input;
      } else if (inputs[name]) {
        setMessage(name, text);
        first = first || inputs[name];
      } else {
        formMessage.textContent = text;
        if (c.mode === "simple") setMessage("q", text);
      }
    }
    (first || (advancedOpen ? inputs.name : input)).focus();
  }

  function restoreSelection() {
    const link = rowLinks().find((a) => a.closest("tr").dataset.key === selectedKey);
    if (link) select(link);
  }

  function focusField() {
    const target = advancedOpen ? FIELD_NAMES.map((n) => inputs[n]).find((el) => el.value) || inputs.name : input;
    target.focus();
    target.select?.();
  }

  // Enter in any field searches. The same search again searches again (e.g. after a pixi error).
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = typedCriteria();
    clearMessages();
    let next;
    if (advancedOpen) {
      if (!Object.keys(typed.fields).length) {
        formMessage.textContent = t("search.noCriteria");
        inputs.name.focus();
        return;
      }
      next = { mode: "advanced", q: "", fields: typed.fields, shop: scope.value };
    } else {
      if (typed.q.length < MIN_QUERY_LENGTH) {
        setMessage("q", t("search.tooShort"));
        input.focus();
        return;
      }
      next = { mode: "simple", q: typed.q, fields: {}, shop: scope.value };
    }
    selectedKey = null;
    const hash = buildHash("/search", queryOf(next));
    if (hash === window.location.hash) run(next, { force: true });
    else navigate("/search", queryOf(next));
  });

  form.addEventListener("input", (event) => {
    saveDraft();
    const el = event.target;
    if (el === input && fieldMessage.textContent && input.value.trim().length >= MIN_QUERY_LENGTH) setMessage("q", "");
    else if (el.name && messages[el.name]?.textContent) setMessage(el.name, "");
  });

  form.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" || !(event.target instanceof HTMLInputElement)) return;
    if (results.contains(recent.element)) {
      // No results shown: ↓ goes into "Zuletzt bearbeitet".
      if (recent.focusFirst()) event.preventDefault();
      return;
    }
    const links = rowLinks();
    if (links.length && shown === window.location.hash) {
      event.preventDefault();
      select(links.find((a) => a.closest("tr").dataset.key === selectedKey) || links[0]);
    }
  });

  results.addEventListener("keydown", (event) => {
    const links = rowLinks();
    const at = links.indexOf(document.activeElement);
    if (at === -1) return;
    if (event.key === "Escape") {
      // Esc in the list returns to the field (the search screen is where "back" ends).
      event.preventDefault();
      focusField();
      return;
    }
    let next = null;
    if (event.key === "ArrowDown") next = links[Math.min(at + 1, links.length - 1)];
    else if (event.key === "ArrowUp") {
      if (at === 0) {
        event.preventDefault();
        focusField();
        return;
      }
      next = links[at - 1];
    } else if (event.key === "Home") next = links[0];
    else if (event.key === "End") next = links[links.length - 1];
    if (next) {
      event.preventDefault();
      select(next);
    }
  });

  results.addEventListener("focusin", (event) => {
    if (event.target.matches?.("a.row-link")) select(event.target, { focus: false });
  });

  // A click anywhere on a row opens the customer (text stays selectable for copying).
  results.addEventListener("click", (event) => {
    const row = event.target.closest?.("tbody tr");
    if (!row || event.target.closest("a") || window.getSelection()?.toString()) return;
    row.querySelector("a.row-link")?.click();
  });

  function show(next) {
    criteria = criteriaOf(next.query);
    if (criteria.mode === "advanced" && !advancedOpen) setAdvanced(true);
    if (criteria.mode === "simple" && advancedOpen) setAdvanced(false);
    fillFields(criteria);
    restoreDraft();
    fillScope(initialScope());
    rememberSearch(window.location.hash);
    run(criteria);
    if (takeSearchFocus() || !results.contains(document.activeElement)) focusField();
  }

  setAdvanced(advancedOpen);
  show(match);
  loadShops().then(() => {
    if (form.isConnected) fillScope(scope.value);
  }).catch((err) => {
    if (form.isConnected && !(err instanceof ApiError && err.status === 401)) scopeNote.textContent = t("search.shopsFailed");
  });

  return {
    update(next) {
      match = next;
      show(next);
    },
    focusSearch() {
      focusField();
    },
    unmount() {
      if (inflight) inflight.abort();
      inflight = null;
      recent.dispose();
    },
  };
}
