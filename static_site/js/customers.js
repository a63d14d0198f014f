// Customers the agent has seen in this session: the search rows by customer_key (so the next screen
// can show who was opened before its own data arrives) and the loaded overviews with the order
// history pages loaded so far (so back, a language switch or the order screen show them at once).
// Everything is dropped at sign-out.

import { api } from "./api.js";
import { onCustomerDataReset } from "./session.js";

/** How long a loaded overview is shown again without asking the API (the server caches ~60 s too). */
export const OVERVIEW_FRESH_MS = 60 * 1000;
export const ORDER_PAGE_SIZE = 20;

const seen = new Map();
const overviews = new Map(); // key -> {at, customer, orders: [...], nextBefore}

onCustomerDataReset(() => {
  seen.clear();
  overviews.clear();
});

export function rememberCustomers(customers) {
  for (const customer of customers) seen.set(String(customer.customer_key), customer);
}

/** The search row of a customer ({customer_key, customer_number, first_name, ...}) or null. */
export function knownCustomer(customerKey) {
  return seen.get(String(customerKey)) ?? null;
}

/** "Erika Mustermann", or the company when no person is named. */
export function customerName(customer) {
  if (customer.name) return customer.name;
  const person = [customer.first_name, customer.last_name].filter(Boolean).join(" ");
  return person || customer.company || "";
}

/** The loaded overview of a customer ({at, customer, orders, nextBefore}) or null. */
export function cachedOverview(customerKey, { fresh = true } = {}) {
  const entry = overviews.get(String(customerKey));
  if (!entry) return null;
  if (fresh && Date.now() - entry.at > OVERVIEW_FRESH_MS) return null;
  return entry;
}

/**
 * GET /customers/{key} (refresh: bypass the server cache). Resolves to the overview entry
 * {at, customer, orders, nextBefore}; the first page of orders replaces the pages loaded before.
 */
export async function loadOverview(customerKey, { refresh = false, signal } = {}) {
  const customer = await api.get(`/customers/${encodeURIComponent(customerKey)}`, {
    query: refresh ? { refresh: 1 } : {}, signal,
  });
  const page = customer.orders || { orders: [], next_before: null };
  const entry = { at: Date.now(), customer, orders: [...page.orders], nextBefore: page.next_before ?? null };
  overviews.set(String(customerKey), entry);
  seen.set(String(customerKey), customer);
  return entry;
}

/**
 * The next page of the order history (GET /customers/{key}/orders?before=); appends to the
 * entry without duplicates and returns the orders that were new.
 */
export async function loadMoreOrders(entry, { signal } = {}) {
  if (entry.nextBefore === null) return [];
  const key = entry.customer.customer_key;
  const page = await api.get(`/customers/${encodeURIComponent(key)}/orders`, {
    query: { before: entry.nextBefore, limit: ORDER_PAGE_SIZE }, signal,
  });
  const known = new Set(entry.orders.map((o) => o.order_number));
  const added = page.orders.filter((o) => !known.has(o.order_number));
  entry.orders.push(...added);
  entry.nextBefore = page.next_before ?? null;
  return added;
}

/** "Hauptstraße 5", "10115 Berlin" and the country when it is not Germany. */
export function addressLines(address) {
  const place = [address.zip_code, address.city].filter(Boolean).join(" ");
  return [address.street, address.country && address.country !== "DE" ? `${place} (${address.country})` : place]
    .filter(Boolean);
}
