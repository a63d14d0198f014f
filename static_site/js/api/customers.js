// Customers in pixi: the search, the overview and the order history (GET /customers/...).

import { http, path } from "./http.js";

/** @typedef {Record<string, any>} Customer  a search row or an overview, as the API sends it */
/** @typedef {{orders: Record<string, any>[], next_before: number | null}} OrderPage */

/**
 * GET /customers?q=... or with the advanced fields (and shop).
 * @param {Record<string, string>} query
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<{customers: Customer[], total?: number, truncated?: boolean, total_capped?: boolean, limit?: number}>}
 */
export function search(query, { signal } = {}) {
  return http.get("/customers", { query, signal });
}

/**
 * GET /customers/{key} with the first page of orders (refresh: bypass the server cache).
 * @param {string | number} customerKey
 * @param {{refresh?: boolean, signal?: AbortSignal}} [options]
 * @returns {Promise<Customer & {orders?: OrderPage}>}
 */
export function overview(customerKey, { refresh = false, signal } = {}) {
  return http.get(path("customers", customerKey), { query: refresh ? { refresh: 1 } : {}, signal });
}

/**
 * GET /customers/{key}/orders?before=&limit=: the next page of the order history.
 * @param {string | number} customerKey
 * @param {{before: number, limit: number, signal?: AbortSignal}} options
 * @returns {Promise<OrderPage>}
 */
export function orders(customerKey, { before, limit, signal }) {
  return http.get(`${path("customers", customerKey)}/orders`, { query: { before, limit }, signal });
}
