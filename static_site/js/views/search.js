// S1 simple search: one field, at least 3 characters, Enter searches; the same columns whatever
// matched. The query lives in the URL (#/search?q=...), so reload and back keep the results.
// Keys: "/" focuses the field, ↓ goes from the field into the list, ↑↓ move, Enter opens, Home/End.

import { api, ApiError } from "../api.js";
import { customerName, rememberCustomers } from "../customers.js";
import { h, replace } from "../dom.js";
import { addMessages, t } from "../i18n.js";
import { navigate } from "../router.js";
import { onSessionChange } from "../session.js";

addMessages({
  de: {
    "search.title": "Kundensuche",
    "search.label": "Kunde suchen",
    "search.placeholder": "Nachname, E-Mail-Adresse oder Kundennummer",
    "search.hint": "Mindestens 3 Zeichen. Sucht in Nachname, E-Mail-Adresse und Kundennummer.",
    "search.submit": "Suchen",
    "search.tooShort": "Bitte mindestens 3 Zeichen eingeben.",
    "search.start": "Geben Sie einen Nachnamen, eine E-Mail-Adresse oder eine Kundennummer ein und drücken Sie Enter.",
    "search.loading": "Suche nach „{q}“ …",
    "search.count.one": "1 Kunde zu „{q}“ gefunden.",
    "search.count.many": "{n} Kunden zu „{q}“ gefunden.",
    "search.empty": "Keine Kunden zu „{q}“ gefunden.",
    "search.emptyHelp": "Prüfen Sie die Schreibweise oder suchen Sie nach dem Nachnamen allein, der vollständigen E-Mail-Adresse oder der Kundennummer (z. B. K10001).",
    "search.truncated": "Es werden nur die ersten {limit} Treffer angezeigt. Bitte grenzen Sie die Suche ein, z. B. mit der vollständigen E-Mail-Adresse oder der Kundennummer.",
    "search.failed": "Die Suche ist fehlgeschlagen.",
    "search.results": "Suchergebnis",
    "col.number": "Kundennummer",
    "col.name": "Name",
    "col.place": "PLZ/Ort",
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
    "search.loading": "Searching for “{q}” …",
    "search.count.one": "1 customer found for “{q}”.",
    "search.count.many": "{n} customers found for “{q}”.",
    "search.empty": "No customers found for “{q}”.",
    "search.emptyHelp": "Check the spelling, or search for the last name alone, the full e-mail address or the customer number (e.g. K10001).",
    "search.truncated": "Only the first {limit} matches are shown. Please narrow the search, e.g. with the full e-mail address or the customer number.",
    "search.failed": "The search failed.",
    "search.results": "Search result",
    "col.number": "Customer no.",
    "col.name": "Name",
    "col.place": "ZIP/City",
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

// Answers of this session by query, so back, reload-free returns and a language switch show the
// list at once; and which customer was selected, so coming back lands on the same row.
const answers = new Map();
let selectedKey = null;

onSessionChange((session) => {
  if (!session) {
    answers.clear();
    selectedKey = null;
  }
});

export function mount(container, match) {
  let inflight = null; // AbortController of the running search
  let current = null; // the query the list shows

  const input = h("input", {
    id: "search-q", name: "q", type: "search", autocomplete: "off", spellcheck: "false",
    placeholder: t("search.placeholder"), "aria-describedby": "search-hint search-field-message",
    "aria-controls": "search-results",
  });
  const fieldMessage = h("p", { id: "search-field-message", class: "field-message", "aria-live": "polite" });
  const status = h("div", { id: "search-status", class: "search-status", role: "status", "aria-live": "polite" });
  const results = h("div", { id: "search-results", class: "search-results" });
  const form = h("form", { class: "search-form", role: "search", "aria-label": t("search.title") },
    h("label", { for: "search-q", class: "search-label" }, t("search.label")),
    h("div", { class: "search-row" },
      input,
      h("button", { type: "submit", class: "button-primary" }, t("search.submit"))),
    h("p", { id: "search-hint", class: "hint" }, t("search.hint")),
    fieldMessage);

  container.append(h("section", { class: "search-view" },
    h("h1", { class: "visually-hidden" }, t("search.title")),
    form, status, results));

  const setFieldMessage = (text) => {
    fieldMessage.textContent = text;
    input.setAttribute("aria-invalid", String(Boolean(text)));
  };

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

  function renderAnswer(q, answer) {
    current = q;
    const customers = answer.customers || [];
    rememberCustomers(customers);
    results.removeAttribute("aria-busy");
    if (customers.length === 0) {
      showStatus("");
      replace(results, h("div", { class: "empty-state" },
        h("p", { class: "empty-title" }, t("search.empty", { q })),
        h("p", { class: "muted" }, t("search.emptyHelp"))));
      return;
    }
    showStatus(customers.length === 1 ? t("search.count.one", { q })
      : t("search.count.many", { n: customers.length, q }));
    const notice = answer.truncated
      ? h("p", { class: "notice notice-warning", role: "note" }, t("search.truncated", { limit: answer.limit ?? customers.length }))
      : null;
    replace(results, notice, resultTable(customers));
  }

  function renderError(q, err) {
    current = null;
    results.removeAttribute("aria-busy");
    showStatus("");
    const retry = h("button", { type: "button", class: "button-secondary", onClick: () => run(q, { force: true }) },
      t("error.retry"));
    replace(results, h("div", { class: "error-box", role: "alert" },
      h("p", { class: "error-title" }, t("search.failed")),
      h("p", { class: "error-message" }, err.message),
      err.requestId ? h("p", { class: "muted small" }, t("error.requestId", { id: err.requestId })) : null,
      h("div", { class: "actions" }, retry)));
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
        h("td", { class: "col-place" }, place, c.country && c.country !== "DE"
          ? h("span", { class: "country" }, ` (${c.country})`) : null),
        h("td", { class: "col-email" }, c.email || ""),
        h("td", { class: "col-phone" }, c.phone || ""),
        h("td", { class: "col-shop" }, c.shop_id || ""));
    }));
    return h("table", { class: "data-table results-table", "aria-label": t("search.results") }, head, body);
  }

  async function run(q, { force = false } = {}) {
    if (inflight) inflight.abort();
    inflight = null;
    input.value = q;
    if (!q) {
      current = null;
      setFieldMessage("");
      showStatus(t("search.start"), "muted");
      results.replaceChildren();
      return;
    }
    if (q.length < MIN_QUERY_LENGTH) {
      setFieldMessage(t("search.tooShort"));
      return;
    }
    setFieldMessage("");
    const cached = answers.get(q);
    if (!force && cached && Date.now() - cached.at < CACHE_MS) {
      renderAnswer(q, cached.answer);
      restoreSelection();
      return;
    }
    const controller = new AbortController();
    inflight = controller;
    results.setAttribute("aria-busy", "true");
    results.replaceChildren();
    showStatus(t("search.loading", { q }), "loading");
    try {
      const answer = await api.get("/customers", { query: { q }, signal: controller.signal });
      if (inflight !== controller) return;
      answers.set(q, { answer, at: Date.now() });
      renderAnswer(q, answer);
    } catch (err) {
      if (inflight !== controller || controller.signal.aborted) return;
      if (err instanceof ApiError && err.status === 401) return; // the shell sends the agent to the login
      if (err instanceof ApiError && err.status === 400 && err.fields?.q) {
        results.removeAttribute("aria-busy");
        showStatus("");
        setFieldMessage(err.fields.q);
        return;
      }
      renderError(q, err instanceof ApiError ? err : new ApiError({ status: 0, code: "client_error", message: String(err) }));
    } finally {
      if (inflight === controller) inflight = null;
    }
  }

  function restoreSelection() {
    const link = rowLinks().find((a) => a.closest("tr").dataset.key === selectedKey);
    if (link) select(link);
  }

  // Enter in the field searches. The same query again searches again (e.g. after a pixi error).
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (q.length < MIN_QUERY_LENGTH) {
      setFieldMessage(t("search.tooShort"));
      input.focus();
      return;
    }
    selectedKey = null;
    if (q === (match.query.q || "").trim()) run(q, { force: true });
    else navigate("/search", { q });
  });

  input.addEventListener("input", () => {
    if (fieldMessage.textContent && input.value.trim().length >= MIN_QUERY_LENGTH) setFieldMessage("");
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const links = rowLinks();
      if (links.length && input.value.trim() === current) {
        event.preventDefault();
        select(links.find((a) => a.closest("tr").dataset.key === selectedKey) || links[0]);
      }
    }
  });

  results.addEventListener("keydown", (event) => {
    const links = rowLinks();
    const at = links.indexOf(document.activeElement);
    if (at === -1) return;
    if (event.key === "Escape") {
      // Esc in the list returns to the field (the search screen is where "back" ends).
      event.preventDefault();
      input.focus();
      return;
    }
    let next = null;
    if (event.key === "ArrowDown") next = links[Math.min(at + 1, links.length - 1)];
    else if (event.key === "ArrowUp") {
      if (at === 0) {
        event.preventDefault();
        input.focus();
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

  const q = (match.query.q || "").trim();
  run(q);
  if (!results.contains(document.activeElement)) input.focus();

  return {
    update(next) {
      match = next;
      run((next.query.q || "").trim());
      if (!results.contains(document.activeElement)) input.focus();
    },
    focusSearch() {
      input.focus();
      input.select();
    },
    unmount() {
      if (inflight) inflight.abort();
      inflight = null;
    },
  };
}
