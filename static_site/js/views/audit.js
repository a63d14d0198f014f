// B1 audit trail for admins at #/audit ("Protokoll"): every action taken for a customer (views,
// support requests, later orders and vouchers) and every admin action, newest first: when, agent,
// action in words, customer, order, outcome. Filters: agent (from the team list), customer (number
// like K10001 or key), date range, kind; all in the URL (#/audit?customer=K10001&from=2026-11-01), so a
// reload or a shared link shows the same. "Weitere laden" asks for the next page (cursor).

import * as agentsApi from "../api/agents.js";
import * as auditApi from "../api/audit.js";
import * as customersApi from "../api/customers.js";
import { ApiError, isApiStatus } from "../api/http.js";
import { h, replace } from "../dom.js";
import { formatDateTime } from "../format.js";
import { t } from "../i18n/index.js";
import { navigate } from "../router.js";
import { connectionLabel, currentConnectionId, switchToConnection } from "../state/customer_connections.js";
import { loadConnections } from "../state/pixi_connections.js";
import { isAdmin } from "../state/session.js";
import { field } from "../widgets/form.js";
import { asApiError, errorBox, skeleton, whileBusy } from "../widgets/loading.js";
import { actionText, outcomeText } from "../words/audit.js";

export const titleKey = "audit.title";
export const PAGE_SIZE = 50;
const FILTERS = ["agent", "customer", "from", "to", "kind"];
const KINDS = ["customer", "admin"];

// Customer numbers already resolved to keys in this session ("K10001" -> 1).
const customerKeys = new Map();

/** The filters a URL query describes: {agent, customer, from, to, kind} (empty strings when unset). */
export function filtersOf(query) {
  const f = Object.fromEntries(FILTERS.map((name) => [name, (query[name] || "").trim()]));
  if (!KINDS.includes(f.kind)) f.kind = "";
  if (f.from && !/^\d{4}-\d{2}-\d{2}$/.test(f.from)) f.from = "";
  if (f.to && !/^\d{4}-\d{2}-\d{2}$/.test(f.to)) f.to = "";
  return f;
}

function describeDetails(event) {
  const d = event.details || {};
  const parts = [];
  if (event.action === "support_request.sent") {
    if (d.message_excerpt) parts.push(`„${d.message_excerpt}“`);
    if (d.to) parts.push(t("audit.detail.to", { to: d.to }));
  } else {
    for (const [name, value] of Object.entries(d)) {
      if (name === "error" || value === null || value === undefined || typeof value === "object") continue;
      parts.push(`${name}: ${value}`);
    }
  }
  if (d.error) parts.push(t("audit.detail.error", { code: d.error }));
  const text = parts.join(" · ");
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export function mount(container, match) {
  if (!isAdmin()) {
    container.append(h("section", { class: "panel" }, h("h1", null, t("audit.forbidden")),
      h("p", null, h("a", { href: "#/search" }, t("app.toSearch")))));
    return {};
  }

  let filters = filtersOf(match.query);
  let controller = null;
  let events = [];
  let nextCursor = null;
  let agents = null;

  // ---- filter form ----
  const agentSelect = h("select", { id: "audit-agent", name: "agent" }, h("option", { value: "" }, t("audit.allAgents")));
  const customerInput = h("input", {
    id: "audit-customer", name: "customer", type: "text", autocomplete: "off", spellcheck: "false",
    placeholder: t("audit.customerPlaceholder"),
  });
  const fromInput = h("input", { id: "audit-from", name: "from", type: "date" });
  const toInput = h("input", { id: "audit-to", name: "to", type: "date" });
  const kindSelect = h("select", { id: "audit-kind", name: "kind" },
    h("option", { value: "" }, t("audit.kind.all")),
    KINDS.map((kind) => h("option", { value: kind }, t(`audit.kind.${kind}`))));
  const inputs = { agent: agentSelect, customer: customerInput, from: fromInput, to: toInput, kind: kindSelect };
  /** @param {string} name @param {string} label @param {string | null} [hint] */
  const filterField = (name, label, hint = null) => field({
    label, input: inputs[name], hint, className: `audit-field audit-field-${name}`, live: true,
  });
  const fields = {
    agent: filterField("agent", t("audit.agent")),
    customer: filterField("customer", t("audit.customer"), t("audit.customerHint")),
    from: filterField("from", t("audit.from")),
    to: filterField("to", t("audit.to")),
  };
  const agentNote = h("p", { class: "hint", id: "audit-agent-note" });
  fields.agent.root.insertBefore(agentNote, fields.agent.root.querySelector(".field-message"));
  const resetButton = h("button", { type: "button", class: "button-quiet" }, t("audit.reset"));
  const form = h("form", { class: "audit-filters", "aria-label": t("audit.filters"), novalidate: true },
    fields.agent.root, fields.customer.root, fields.from.root, fields.to.root,
    h("div", { class: "field audit-field audit-field-kind" }, h("label", { for: "audit-kind" }, t("audit.kind")), kindSelect),
    h("div", { class: "audit-actions" },
      h("button", { type: "submit", class: "button-primary" }, t("audit.apply")),
      resetButton));

  const status = h("div", { class: "view-status audit-status", role: "status", "aria-live": "polite" });
  const results = h("div", { class: "audit-results", id: "audit-results" });
  container.append(h("section", { class: "audit-view" },
    h("h1", { id: "audit-title", tabindex: "-1" }, t("audit.title")),
    h("p", { class: "muted" }, t("audit.intro")),
    form, status, results));

  function setMessage(name, text) {
    fields[name]?.setError(text || "");
  }

  function clearMessages() {
    for (const name of Object.keys(fields)) setMessage(name, "");
  }

  function fillForm() {
    fillAgents();
    customerInput.value = filters.customer;
    fromInput.value = filters.from;
    toInput.value = filters.to;
    kindSelect.value = filters.kind;
  }

  function fillAgents() {
    const list = agents || [];
    const ids = new Set(list.map((a) => a.agent_id));
    replace(agentSelect,
      h("option", { value: "" }, t("audit.allAgents")),
      list.map((a) => h("option", { value: a.agent_id }, a.name && a.name !== a.email ? `${a.email} – ${a.name}` : a.email)),
      filters.agent && !ids.has(filters.agent) ? h("option", { value: filters.agent }, filters.agent) : null);
    agentSelect.value = filters.agent;
  }

  async function loadAgents() {
    try {
      agents = [...(await agentsApi.list())].sort((a, b) => a.email.localeCompare(b.email));
      if (form.isConnected) fillAgents();
    } catch (err) {
      if (isApiStatus(err, 401)) return;
      if (form.isConnected) agentNote.textContent = t("audit.agentsFailed");
    }
  }

  /** The customer filter as a key: a number is the key, a customer number is looked up in pixi. */
  async function customerKeyOf(value, signal) {
    if (!value) return null;
    if (/^\d+$/.test(value)) return Number(value);
    const known = customerKeys.get(value.toUpperCase());
    if (known) return known;
    if (value.length < 3) throw new FilterError("customer", t("audit.customerTooShort"));
    let answer;
    try {
      answer = await customersApi.search({ q: value }, { signal });
    } catch (err) {
      if (signal.aborted || isApiStatus(err, 401)) throw err;
      throw new FilterError("customer", t("audit.customerLookupFailed"));
    }
    const found = (answer.customers || []).find((c) => String(c.customer_number).toUpperCase() === value.toUpperCase());
    if (!found) throw new FilterError("customer", t("audit.customerUnknown", { value }));
    customerKeys.set(value.toUpperCase(), found.customer_key);
    return found.customer_key;
  }

  async function query(signal, cursor = null) {
    if (filters.from && filters.to && filters.to < filters.from) throw new FilterError("to", t("audit.rangeInvalid"));
    const customerKey = await customerKeyOf(filters.customer, signal);
    // A customer key names a customer of the connection the page works on (where it was looked up).
    const connectionId = customerKey !== null ? currentConnectionId() : null;
    return auditApi.events({
      agent_id: filters.agent, customer_key: customerKey, from: filters.from, to: filters.to,
      kind: filters.kind, cursor, limit: PAGE_SIZE, ...(connectionId ? { connection_id: connectionId } : {}),
    }, { signal });
  }

  function anyFilter() {
    return FILTERS.some((name) => filters[name]);
  }

  async function load() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    clearMessages();
    events = [];
    nextCursor = null;
    status.textContent = "";
    replace(results, skeleton(t("audit.loading"), { lines: 6 }));
    try {
      // The connections say where a customer opens and name them in the rows.
      const [page] = await Promise.all([whileBusy(results, query(mine.signal), status),
        loadConnections().catch(() => [])]);
      if (controller !== mine) return;
      events = page.events || [];
      nextCursor = page.next_cursor ?? null;
      render();
    } catch (err) {
      if (controller !== mine || mine.signal.aborted) return;
      if (isApiStatus(err, 401)) return;
      results.replaceChildren();
      if (err instanceof FilterError) {
        setMessage(err.field, err.message);
        inputs[err.field].focus();
        return;
      }
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.fields || {}).length) {
        const byParam = { agent_id: "agent", customer_key: "customer", from: "from", to: "to" };
        let first = null;
        for (const [param, text] of Object.entries(err.fields)) {
          const name = byParam[param];
          if (name) {
            setMessage(name, text);
            first = first || inputs[name];
          }
        }
        if (first) {
          first.focus();
          return;
        }
      }
      replace(results, errorBox({ title: t("audit.failed"), err: asApiError(err), onRetry: () => load() }));
    } finally {
      if (controller === mine) controller = null;
    }
  }

  function render() {
    if (!events.length) {
      status.textContent = "";
      replace(results, h("div", { class: "empty-state audit-empty" },
        h("p", { class: "empty-title" }, t(anyFilter() ? "audit.none" : "audit.noneAtAll"))));
      return;
    }
    const body = h("tbody", null, events.map(eventRow));
    const moreArea = h("div", { class: "orders-more audit-more" });
    const table = h("table", { class: "data-table audit-table", "aria-label": t("audit.table") },
      h("thead", null, h("tr", null,
        h("th", { scope: "col", class: "col-at" }, t("audit.col.at")),
        h("th", { scope: "col" }, t("audit.col.agent")),
        h("th", { scope: "col" }, t("audit.col.action")),
        h("th", { scope: "col" }, t("audit.col.customer")),
        h("th", { scope: "col" }, t("audit.col.order")),
        h("th", { scope: "col" }, t("audit.col.outcome")))),
      body);
    const count = () => {
      status.textContent = t(nextCursor ? "audit.shownMore" : "audit.shown", { n: events.length });
    };
    const renderMore = () => {
      moreArea.replaceChildren();
      if (!nextCursor) return;
      const button = h("button", { type: "button", class: "button-secondary more-button" }, t("audit.more"));
      button.addEventListener("click", () => more(button));
      moreArea.append(button);
    };
    async function more(button) {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      button.textContent = t("audit.loadingMore");
      for (const box of moreArea.querySelectorAll(".error-box")) box.remove();
      const mine = new AbortController();
      controller = mine;
      try {
        const page = await whileBusy(table, query(mine.signal, nextCursor), moreArea);
        if (controller !== mine) return;
        const known = new Set(events.map((e) => e.event_id));
        const added = (page.events || []).filter((e) => !known.has(e.event_id));
        events.push(...added);
        nextCursor = page.next_cursor ?? null;
        body.append(...added.map(eventRow));
        count();
        renderMore();
        status.textContent = `${t("audit.added", { n: added.length })} ${status.textContent}`;
        const first = added.length
          ? /** @type {HTMLElement | null} */ (body.querySelector(`tr[data-event="${CSS.escape(added[0].event_id)}"]`)) : null;
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus({ preventScroll: false });
        } else moreArea.querySelector("button")?.focus();
      } catch (err) {
        if (controller !== mine || mine.signal.aborted) return;
        if (isApiStatus(err, 401)) return;
        button.removeAttribute("aria-busy");
        button.textContent = t("audit.more");
        moreArea.append(errorBox({ title: t("audit.moreFailed"), err, onRetry: () => more(button) }));
      } finally {
        if (controller === mine) controller = null;
      }
    }
    count();
    renderMore();
    replace(results, h("div", { class: "table-scroll" }, table), moreArea);
  }

  function eventRow(e) {
    const key = e.customer_key;
    const customerHash = key !== null && key !== undefined ? `#/customers/${encodeURIComponent(key)}` : null;
    const details = describeDetails(e);
    const failed = e.outcome === "failed";
    // The customer of another connection opens there (the same key is someone else elsewhere).
    const onConnection = (/** @type {Event} */ event) => {
      if (!switchToConnection(e.connection_id)) event.preventDefault();
    };
    const connection = connectionLabel(e.connection_id, e.connection_recorded);
    return h("tr", { dataset: { event: e.event_id, action: e.action, outcome: e.outcome }, class: failed ? "is-failed" : null },
      h("td", { class: "col-at" }, h("time", { datetime: e.at, title: e.at }, formatDateTime(e.at))),
      h("td", { class: "col-agent" }, e.agent_email || e.agent_id),
      h("td", { class: "col-action" },
        h("span", { class: "action-name", title: e.action }, actionText(e.action)),
        details ? h("span", { class: "action-details" }, details) : null),
      h("td", { class: "col-customer" }, customerHash
        ? h("a", { href: customerHash, onClick: onConnection },
          h("span", { class: "mono" }, e.customer_number || String(key)),
          e.customer_name ? h("span", { class: "customer-name" }, e.customer_name) : null,
          connection ? h("span", { class: "muted audit-connection" }, ` · ${connection}`) : null)
        : "–"),
      h("td", { class: "col-order mono" }, e.order_number
        ? (customerHash ? h("a", { href: `${customerHash}/orders/${encodeURIComponent(e.order_number)}`, onClick: onConnection },
          String(e.order_number))
          : String(e.order_number))
        : "–"),
      h("td", { class: "col-outcome" },
        h("span", { class: `outcome-badge outcome-${e.outcome}` }, failed ? "✗ " : "✓ ", outcomeText(e.outcome))));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    const next = {
      agent: agentSelect.value,
      customer: customerInput.value.trim(),
      from: fromInput.value,
      to: toInput.value,
      kind: kindSelect.value,
    };
    if (next.from && next.to && next.to < next.from) {
      setMessage("to", t("audit.rangeInvalid"));
      toInput.focus();
      return;
    }
    const same = FILTERS.every((name) => (next[name] || "") === filters[name]);
    if (same) load();
    else navigate("/audit", next);
  });
  resetButton.addEventListener("click", () => {
    if (anyFilter()) navigate("/audit", {});
    else load();
    customerInput.focus();
  });

  fillForm();
  loadAgents();
  load();
  form.querySelector("select")?.focus();

  return {
    update(next) {
      filters = filtersOf(next.query);
      fillForm();
      load();
    },
    unmount() {
      controller?.abort();
      controller = null;
    },
  };
}

class FilterError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}
