// S2 customer overview and S3 order history at #/customers/<key>.
// Left: profile (private/business, payment method on file) and every known address with billing /
// shipping marked; a locked customer gets a banner with the reason. Right: the orders, newest first,
// one page at a time ("Weitere laden" asks for the next page with ?before=, never the whole history).
// Keys: ↑↓ (also from anywhere on the screen) move through the orders, Enter opens one, Esc goes
// back to the search results. Coming back from an order selects that order again.

import { isApiStatus } from "../api/http.js";
import { h, isTyping, replace } from "../dom.js";
import { formatDate, formatMoney } from "../format.js";
import { t } from "../i18n/index.js";
import { goUp } from "../router.js";
import {
  cachedOverview, knownCustomer, loadMoreOrders, loadOverview, rememberSelectedOrder, selectedOrder,
} from "../state/customers.js";
import { lastSearchHash } from "../state/search_trail.js";
import { hasFeature } from "../state/session.js";
import { shopLabel } from "../state/shops.js";
import { supportAction } from "../support_request.js";
import { customerBar, renderCustomerBar } from "../widgets/customer_bar.js";
import { listNavigation } from "../widgets/list_nav.js";
import { asApiError, errorBox, refreshButton, skeleton, whileBusy } from "../widgets/loading.js";
import { addressLines, customerName } from "../words/customers.js";
import { orderStatusText } from "../words/orders.js";

export const titleKey = "customer.title";

/** "/customers/1/orders/100928" as a hash. */
export function orderHash(customerKey, orderNumber) {
  return `#/customers/${encodeURIComponent(customerKey)}/orders/${encodeURIComponent(orderNumber)}`;
}

export function mount(container, match) {
  const key = match.params.key;
  let entry = cachedOverview(key);
  let controller = null;

  const bar = customerBar();
  const status = h("div", { class: "view-status", role: "status", "aria-live": "polite" });
  const notices = h("div", { class: "view-notices" });
  const content = h("div", { class: "customer-content", id: "customer-content" });
  const view = h("section", { class: "customer-view", dataset: { customerKey: key } }, bar, notices, status, content);
  container.append(view);

  const refresh = refreshButton(() => load({ refresh: true }));
  // T1: "Support-Anfrage" about this customer (hidden when the package has no support mail).
  const support = supportAction({
    context: () => {
      const customer = entry?.customer ?? knownCustomer(key);
      return {
        customerKey: key,
        customerNumber: customer?.customer_number ?? "",
        customerName: customer ? customerName(customer) : "",
        customerEmail: customer?.email ?? "",
        orderNumber: null,
      };
    },
    flashTarget: notices,
  });

  // O1: "Bestellung anlegen" for this customer (only with the ordering option).
  const orderButton = hasFeature("ordering")
    ? h("a", { class: "button-secondary order-button", id: "customer-order", href: `#/order/new?customer=${encodeURIComponent(key)}` },
      t("orderForm.create"))
    : null;

  function showBar(placeholder = null) {
    const customer = entry?.customer ?? knownCustomer(key);
    renderCustomerBar(bar, { customer, customerKey: key, heading: true, actions: [support?.button, orderButton, refresh], placeholder });
    if (entry) document.title = `${customerName(entry.customer)} – ${t("app.name")}`;
  }

  async function load({ refresh: force = false } = {}) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    notices.replaceChildren();
    const hadData = Boolean(entry);
    if (!hadData) replace(content, skeleton(t("customer.loading"), { lines: 6 }));
    else status.textContent = t("load.refreshing");
    try {
      entry = await whileBusy(content, loadOverview(key, { refresh: force, signal: mine.signal }), hadData ? notices : content);
      if (controller !== mine) return;
      showBar();
      render();
      status.textContent = force ? t("customer.refreshed") : "";
    } catch (err) {
      if (controller !== mine || mine.signal.aborted) return;
      if (isApiStatus(err, 401)) return;
      status.textContent = "";
      const error = asApiError(err);
      showBar(t("customer.keyTitle", { key }));
      if (error.status === 404) {
        replace(content, h("div", { class: "error-box", role: "alert" },
          h("p", { class: "error-title" }, t("customer.notFound")),
          h("p", null, h("a", { href: lastSearchHash() }, t("app.toSearch")))));
        return;
      }
      if (hadData) {
        // Keep what the agent sees; say that it is the data loaded before.
        replace(notices, errorBox({
          title: t("customer.refreshFailed"), err: error, onRetry: () => load({ refresh: true }),
          extra: h("span", { class: "muted small" }, t("load.staleNote")),
        }));
      } else {
        replace(content, errorBox({ title: t("customer.failed"), err: error, onRetry: () => load() }));
      }
    } finally {
      if (controller === mine) controller = null;
    }
  }

  function render() {
    const c = entry.customer;
    const lockBanner = c.locked
      ? h("div", { class: "lock-banner", role: "note", "aria-label": t("customer.lockedTitle") },
        h("span", { class: "lock-icon", "aria-hidden": "true" }, "!"),
        h("div", null,
          h("p", { class: "lock-title" }, t("customer.lockedTitle")),
          h("p", { class: "lock-reason" }, c.lock_reason || t("customer.lockedNoReason"))))
      : null;
    replace(content,
      lockBanner,
      h("div", { class: "customer-layout" },
        h("div", { class: "customer-side" }, profileCard(c), addressesCard(c.addresses || [])),
        ordersSection()));
  }

  function profileCard(c) {
    const row = (label, value, cls = null) => (value === "" || value === null || value === undefined ? null
      : [h("dt", null, label), h("dd", { class: cls }, value)]);
    const business = c.customer_type === "business";
    return h("section", { class: "card profile-card", "aria-labelledby": "profile-title" },
      h("h2", { id: "profile-title" }, t("customer.profile")),
      h("dl", { class: "facts" },
        row(t("customer.type"), h("span", { class: `badge badge-${c.customer_type}` }, t(`customer.type.${c.customer_type}`))),
        row(t("customer.salutation"), c.salutation),
        row(t("customer.name"), [c.first_name, c.last_name].filter(Boolean).join(" ")),
        business ? row(t("customer.company"), c.company || "–", "profile-company") : null,
        business ? row(t("customer.vatId"), c.vat_id || "–", "profile-vat mono") : null,
        row(t("customer.number"), c.customer_number, "mono"),
        row(t("customer.email"), c.email, "profile-email"),
        row(t("customer.phone"), c.phone),
        row(t("customer.shop"), shopLabel(c.shop_id)),
        row(t("customer.since"), formatDate(c.created_at)),
        row(t("customer.payment"), c.payment_method ? c.payment_method.text : t("customer.noPayment"), "profile-payment")));
  }

  function addressesCard(addresses) {
    const marks = (a) => [
      a.is_billing ? h("span", { class: "badge badge-billing" }, t("address.billing"),
        a.is_default_billing ? ` · ${t("address.default")}` : "") : null,
      a.is_shipping ? h("span", { class: "badge badge-shipping" }, t("address.shipping"),
        a.is_default_shipping ? ` · ${t("address.default")}` : "") : null,
      !a.is_billing && !a.is_shipping ? h("span", { class: "badge" }, t("address.other")) : null,
    ];
    return h("section", { class: "card addresses-card", "aria-labelledby": "addresses-title" },
      h("h2", { id: "addresses-title" }, t("customer.addresses")),
      addresses.length === 0 ? h("p", { class: "muted" }, t("customer.noAddresses"))
        : h("ul", { class: "address-list" }, addresses.map((a) => h("li", {
          class: "address-card",
          dataset: { billing: String(a.is_billing), shipping: String(a.is_shipping) },
        },
        h("div", { class: "address-marks" }, marks(a)),
        h("address", null,
          a.company ? h("span", { class: "address-line" }, a.company) : null,
          h("span", { class: "address-line address-name" }, [a.salutation, a.first_name, a.last_name].filter(Boolean).join(" ")),
          addressLines(a).map((line) => h("span", { class: "address-line" }, line)))))));
  }

  function ordersSection() {
    const section = h("section", { class: "card orders-card", "aria-labelledby": "orders-title" },
      h("h2", { id: "orders-title" }, t("orders.title")));
    if (entry.orders.length === 0) {
      section.append(h("div", { class: "empty-state orders-empty" }, h("p", { class: "empty-title" }, t("orders.none"))));
      return section;
    }
    const count = h("p", { class: "muted small orders-count" });
    const body = h("tbody");
    const table = h("table", { class: "data-table orders-table row-table", "aria-label": t("orders.table") },
      h("thead", null, h("tr", null,
        h("th", { scope: "col" }, t("orders.number")),
        h("th", { scope: "col" }, t("orders.external")),
        h("th", { scope: "col" }, t("orders.date")),
        h("th", { scope: "col" }, t("orders.shipDate")),
        h("th", { scope: "col", class: "num" }, t("orders.amount")),
        h("th", { scope: "col" }, t("orders.status")))),
      body);
    const moreArea = h("div", { class: "orders-more" });
    const updateCount = () => {
      count.textContent = entry.nextBefore === null ? t("orders.shownAll", { n: entry.orders.length })
        : t("orders.shown", { n: entry.orders.length });
    };
    const appendRows = (orders) => body.append(...orders.map(orderRow));
    const renderMore = () => {
      moreArea.replaceChildren();
      if (entry.nextBefore === null) return;
      const button = h("button", { type: "button", class: "button-secondary more-button" }, t("orders.more"));
      button.addEventListener("click", () => more(button));
      moreArea.append(button);
    };
    async function more(button) {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      button.textContent = t("orders.loadingMore");
      for (const box of moreArea.querySelectorAll(".error-box")) box.remove();
      try {
        const added = await whileBusy(table, loadMoreOrders(entry), moreArea);
        appendRows(added);
        updateCount();
        status.textContent = t("orders.added", { n: added.length });
        renderMore();
        const first = added.length
          ? /** @type {HTMLAnchorElement | null} */ (body.querySelector(`tr[data-order="${added[0].order_number}"] a.row-link`)) : null;
        if (first) selectRow(first);
        else moreArea.querySelector("button")?.focus();
      } catch (err) {
        if (isApiStatus(err, 401)) return;
        button.removeAttribute("aria-busy");
        button.textContent = t("orders.more");
        moreArea.append(errorBox({ title: t("orders.moreFailed"), err, onRetry: () => more(button) }));
      }
    }
    appendRows(entry.orders);
    updateCount();
    renderMore();
    section.append(count, h("div", { class: "table-scroll" }, table), moreArea);
    return section;
  }

  function orderRow(o) {
    const selected = String(selectedOrder(key)) === String(o.order_number);
    return h("tr", { dataset: { order: String(o.order_number) }, "aria-selected": String(selected) },
      h("td", { class: "col-order" }, h("a", { class: "row-link", href: orderHash(key, o.order_number) }, String(o.order_number))),
      h("td", { class: "col-external mono" }, o.external_order_number || "–"),
      h("td", { class: "col-date" }, formatDate(o.order_date)),
      h("td", { class: "col-date" }, formatDate(o.ship_date) || "–"),
      h("td", { class: "num col-amount" }, formatMoney(o.total, o.currency)),
      h("td", { class: "col-status" }, h("span", { class: `status-badge status-${String(o.status).toLowerCase()}` }, orderStatusText(o.status))));
  }

  const nav = listNavigation({
    root: content,
    linkSelector: ".orders-table a.row-link",
    onSelect: (row) => rememberSelectedOrder(key, row.dataset.order),
  });
  const rowLinks = nav.links;
  const selectRow = nav.select;

  function selectedLink() {
    const chosen = selectedOrder(key);
    return rowLinks().find((a) => a.closest("tr").dataset.order === String(chosen)) || null;
  }

  // From anywhere on the screen (not while typing), ↓/↑ go into the order list.
  function onKeyDown(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = rowLinks();
    if (!links.length || links.some((link) => link === document.activeElement)) return;
    if (isTyping(event.target) || event.target.closest?.("select, .bar-actions button")) return;
    event.preventDefault();
    selectRow(selectedLink() || links[0]);
  }
  document.addEventListener("keydown", onKeyDown);

  showBar();
  if (entry) {
    render();
    const link = selectedLink();
    if (link) selectRow(link);
    else bar.querySelector("h1")?.focus();
  } else {
    bar.querySelector("h1")?.focus();
    load().then(() => {
      if (!view.isConnected) return;
      const link = selectedLink();
      if (link && !view.contains(document.activeElement)) selectRow(link);
      else if (document.activeElement === document.body || document.activeElement?.id === "main") bar.querySelector("h1")?.focus();
    });
  }

  return {
    parentHash: () => lastSearchHash(),
    goUp: () => goUp(lastSearchHash(), (prev) => prev.startsWith("#/search")),
    unmount() {
      controller?.abort();
      support?.dispose();
      document.removeEventListener("keydown", onKeyDown);
    },
  };
}
