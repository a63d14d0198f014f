// S1 customer search. Simple: one field, at least 3 characters (last name, e-mail, customer number).
// Advanced ("Erweiterte Suche"): name, first name, e-mail, customer number, ZIP, city, street,
// country, phone, order number, invoice number, in any combination; Enter in any field searches.
// Scope: all shops or one shop of the pixi connection (GET /shops); the last choice is remembered
// per tenant. Every criterion is in the URL (#/search?name=M%C3%BCller&city=K%C3%B6ln&shop=FHD), so
// reload and back keep the results; the same columns whatever matched.
// Keys: "/" focuses the field, ↓ goes from the field into the list, ↑↓ move, Enter opens, Home/End.

import * as customersApi from "../api/customers.js";
import { ApiError, isApiStatus } from "../api/http.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";
import { buildHash, navigate } from "../router.js";
import { rememberCustomers } from "../state/customers.js";
import { clearFormDraft, formDraft } from "../state/drafts.js";
import { rememberSearch, takeSearchFocus } from "../state/search_trail.js";
import { onCustomerDataReset } from "../state/session.js";
import { knownShops, loadShops, rememberedScope, rememberScope, shopLabel } from "../state/shops.js";
import { field, fieldError } from "../widgets/form.js";
import { listNavigation } from "../widgets/list_nav.js";
import { asApiError, errorBox, whileBusy } from "../widgets/loading.js";
import { recentCustomersCard } from "../widgets/recent_customers.js";
import { customerName } from "../words/customers.js";

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
];
const FIELD_NAMES = ADVANCED_FIELDS.map((f) => f.name);

export const titleKey = "search.title";

export const MIN_QUERY_LENGTH = 3;
const CACHE_MS = 2 * 60 * 1000;

// Answers of this session by search, so back, returns and a language switch show the list at once;
// which customer was selected, so coming back lands on the same row; whether the advanced search
// was open; and what the agent typed but did not search yet (a form draft, by the address it was
// typed on).
const answers = new Map();
let selectedKey = null;
let advancedOpen = false;
const DRAFT = "search";

onCustomerDataReset(() => {
  answers.clear();
  selectedKey = null;
  advancedOpen = false;
  clearFormDraft(DRAFT);
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
    placeholder: t("search.placeholder"), "aria-describedby": "search-hint",
    "aria-controls": "search-results",
  });
  const qError = fieldError(input, { id: "search-field-message", live: true, clearOnInput: false });
  const formMessage = h("p", { id: "search-form-message", class: "field-message", "aria-live": "polite" });
  const simpleRow = h("div", { class: "search-simple" },
    h("label", { for: "search-q", class: "search-label" }, t("search.label")),
    h("div", { class: "search-row" },
      input,
      h("button", { type: "submit", class: "button-primary" }, t("search.submit"))),
    h("p", { id: "search-hint", class: "hint" }, t("search.hint")),
    qError.message);

  const inputs = {};
  const fields = {};
  const advancedGrid = h("div", { class: "advanced-grid" }, ADVANCED_FIELDS.map((f) => {
    inputs[f.name] = h("input", {
      id: `adv-${f.name}`, name: f.name, type: f.type || "text", autocomplete: "off", spellcheck: "false",
      inputmode: f.inputmode || null,
      placeholder: ["country", "order_number"].includes(f.name) ? t(`placeholder.${f.name}`) : null,
    });
    fields[f.name] = field({ label: t(`field.${f.name}`), input: inputs[f.name], className: "adv-field", live: true });
    return fields[f.name].root;
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
    Object.assign(formDraft(DRAFT), { hash: window.location.hash, q: input.value },
      Object.fromEntries(FIELD_NAMES.map((n) => [n, inputs[n].value])));
  }

  function restoreDraft() {
    const draft = formDraft(DRAFT);
    if (draft.hash !== window.location.hash) return;
    input.value = draft.q;
    for (const name of FIELD_NAMES) inputs[name].value = draft[name] || "";
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
    const target = name === "q" ? qError : fields[name];
    target?.setError(text || "");
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

  /** Whether the fields still hold exactly the search that is shown. */
  function typedIsShown() {
    const typed = typedCriteria();
    if (criteria.mode === "advanced") {
      return advancedOpen && JSON.stringify(typed.fields) === JSON.stringify(criteria.fields);
    }
    return criteria.mode === "simple" && !advancedOpen && typed.q === criteria.q;
  }

  // Another shop: the shown search again in that shop. When the agent has typed something else
  // meanwhile, the typed text stays and nothing runs: the new scope applies to the next Enter.
  scope.addEventListener("change", () => {
    rememberScope(scope.value);
    if (criteria.mode !== "none" && typedIsShown()) {
      navigate("/search", queryOf({ ...criteria, shop: scope.value }));
    } else {
      saveDraft();
    }
  });

  toggle.addEventListener("click", () => {
    clearMessages();
    setAdvanced(!advancedOpen, { focus: true });
  });

  // ---- results ----
  // Esc or ↑ on the first row return to the field (the search screen is where "back" ends).
  const nav = listNavigation({
    root: results,
    linkSelector: "a.row-link",
    onSelect: (row) => { selectedKey = row.dataset.key; },
    onLeaveTop: () => focusField(),
    onEscape: () => focusField(),
  });
  const rowLinks = nav.links;
  const select = nav.select;

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
      const answer = await whileBusy(results, customersApi.search(query, { signal: controller.signal }), status);
      if (inflight !== controller) return;
      answers.set(key, { answer, at: Date.now() });
      renderAnswer(c, answer);
    } catch (err) {
      if (inflight !== controller || controller.signal.aborted) return;
      if (isApiStatus(err, 401)) return; // the shell sends the agent to the login
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
    if (el === input && qError.error() && input.value.trim().length >= MIN_QUERY_LENGTH) setMessage("q", "");
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
    if (form.isConnected && !isApiStatus(err, 401)) scopeNote.textContent = t("search.shopsFailed");
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
