// Customers the agent has seen in this session: the search rows by customer_key (so the next screen
// can show who was opened before its own data arrives) and the loaded overviews with the order
// history pages loaded so far (so back, a language switch or the order screen show them at once).
// Everything is dropped at sign-out and when the pixi connection changes.

import * as customersApi from "../api/customers.js";
import { onCustomerDataReset } from "./session.js";

/** @typedef {import("../api/customers.js").Customer} Customer */
/** @typedef {{at: number, customer: Customer, orders: Record<string, any>[], nextBefore: number | null}} OverviewEntry */

/** How long a loaded overview is shown again without asking the API (the server caches ~60 s too). */
export const OVERVIEW_FRESH_MS = 60 * 1000;
export const ORDER_PAGE_SIZE = 20;

/** @type {Map<string, Customer>} */
const seen = new Map();
/** @type {Map<string, OverviewEntry>} */
const overviews = new Map();

// The order selected last per customer: coming back from that order (also after a reload) selects
// it again. Kept in sessionStorage, which is dropped with the session.
const SELECTED_ORDERS_KEY = "pcc.selectedOrders";

onCustomerDataReset(() => {
  seen.clear();
  overviews.clear();
  try {
    window.sessionStorage.removeItem(SELECTED_ORDERS_KEY);
  } catch {
    /* nothing kept */
  }
});

/** @returns {Record<string, string>} */
function selectedOrders() {
  try {
    return JSON.parse(window.sessionStorage.getItem(SELECTED_ORDERS_KEY) || "{}");
  } catch {
    return {};
  }
}

/**
 * The order number selected last for this customer, or undefined.
 * @param {string | number} customerKey
 */
export function selectedOrder(customerKey) {
  return selectedOrders()[String(customerKey)];
}

/**
 * @param {string | number} customerKey
 * @param {string | undefined} orderNumber
 */
export function rememberSelectedOrder(customerKey, orderNumber) {
  try {
    window.sessionStorage.setItem(SELECTED_ORDERS_KEY,
      JSON.stringify({ ...selectedOrders(), [String(customerKey)]: orderNumber }));
  } catch {
    /* storage unavailable: the selection lasts while the screen is open */
  }
}

/** @param {Customer[]} customers */
export function rememberCustomers(customers) {
  for (const customer of customers) seen.set(String(customer.customer_key), customer);
}

/**
 * The search row (or overview) of a customer, or null.
 * @param {string | number} customerKey
 * @returns {Customer | null}
 */
export function knownCustomer(customerKey) {
  return seen.get(String(customerKey)) ?? null;
}

/**
 * The loaded overview of a customer, or null (fresh: only within OVERVIEW_FRESH_MS).
 * @param {string | number} customerKey
 * @param {{fresh?: boolean}} [options]
 * @returns {OverviewEntry | null}
 */
export function cachedOverview(customerKey, { fresh = true } = {}) {
  const entry = overviews.get(String(customerKey));
  if (!entry) return null;
  if (fresh && Date.now() - entry.at > OVERVIEW_FRESH_MS) return null;
  return entry;
}

/**
 * Load the overview (refresh: bypass the server cache); the first page of orders replaces the
 * pages loaded before.
 * @param {string | number} customerKey
 * @param {{refresh?: boolean, signal?: AbortSignal}} [options]
 * @returns {Promise<OverviewEntry>}
 */
export async function loadOverview(customerKey, { refresh = false, signal } = {}) {
  const customer = await customersApi.overview(customerKey, { refresh, signal });
  const page = customer.orders || { orders: [], next_before: null };
  /** @type {OverviewEntry} */
  const entry = { at: Date.now(), customer, orders: [...page.orders], nextBefore: page.next_before ?? null };
  overviews.set(String(customerKey), entry);
  seen.set(String(customerKey), customer);
  return entry;
}

/**
 * The next page of the order history; appends to the entry without duplicates and returns the
 * orders that were new.
 * @param {OverviewEntry} entry
 * @param {{signal?: AbortSignal}} [options]
 */
export async function loadMoreOrders(entry, { signal } = {}) {
  if (entry.nextBefore === null) return [];
  const page = await customersApi.orders(entry.customer.customer_key, {
    before: entry.nextBefore, limit: ORDER_PAGE_SIZE, signal,
  });
  const known = new Set(entry.orders.map((o) => o.order_number));
  const added = page.orders.filter((o) => !known.has(o.order_number));
  entry.orders.push(...added);
  entry.nextBefore = page.next_before ?? null;
  return added;
}
