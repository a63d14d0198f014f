// Orders as the agent reads them: status words for orders, lines and invoices (German and
// English), and the loaded order details of this session (dropped at sign-out).

import { api } from "./api.js";
import { addMessages, has, t } from "./i18n.js";
import { onSessionChange } from "./session.js";

addMessages({
  de: {
    "orderStatus.OPEN": "offen",
    "orderStatus.CLOSED": "abgeschlossen",
    "orderStatus.HOLD": "angehalten",
    "lineStatus.HAL": "angehalten",
    "lineStatus.ANG": "freigegeben",
    "lineStatus.EIN": "verpackt",
    "lineStatus.AUS": "versandt",
    "lineStatus.RET": "retourniert",
    "lineStatus.MIN": "Ersatzlieferung",
    "lineStatus.STO": "storniert",
    "lineStatus.NLB": "nicht lieferbar",
    "invoiceState.paid": "bezahlt",
    "invoiceState.partly_paid": "teilweise bezahlt",
    "invoiceState.unpaid": "offen",
  },
  en: {
    "orderStatus.OPEN": "open",
    "orderStatus.CLOSED": "completed",
    "orderStatus.HOLD": "on hold",
    "lineStatus.HAL": "on hold",
    "lineStatus.ANG": "released",
    "lineStatus.EIN": "packed",
    "lineStatus.AUS": "shipped",
    "lineStatus.RET": "returned",
    "lineStatus.MIN": "replacement delivery",
    "lineStatus.STO": "cancelled",
    "lineStatus.NLB": "not deliverable",
    "invoiceState.paid": "paid",
    "invoiceState.partly_paid": "partly paid",
    "invoiceState.unpaid": "unpaid",
  },
});

export const ORDER_FRESH_MS = 60 * 1000;

const details = new Map(); // order number -> {at, order}

onSessionChange((session) => {
  if (!session) details.clear();
});

function word(prefix, code) {
  const key = `${prefix}.${code}`;
  return code && has(key) ? t(key) : code || "";
}

/** "offen" for OPEN; unknown codes are shown as they are. */
export const orderStatusText = (code) => word("orderStatus", code);
/** "versandt" for AUS. */
export const lineStatusText = (code) => word("lineStatus", code);
/** "teilweise bezahlt" for partly_paid. */
export const invoiceStateText = (state) => word("invoiceState", state);

export function cachedOrder(orderNumber) {
  const entry = details.get(String(orderNumber));
  return entry && Date.now() - entry.at <= ORDER_FRESH_MS ? entry.order : null;
}

/** GET /orders/{number} (refresh: bypass the server cache). */
export async function loadOrder(orderNumber, { refresh = false, signal } = {}) {
  const order = await api.get(`/orders/${encodeURIComponent(orderNumber)}`, {
    query: refresh ? { refresh: 1 } : {}, signal,
  });
  details.set(String(orderNumber), { at: Date.now(), order });
  return order;
}
