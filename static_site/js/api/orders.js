// Order details (GET /orders/{number}).

import { http, path } from "./http.js";

/**
 * GET /orders/{number} (refresh: bypass the server cache). customerKey: the customer the agent came
 * from; the server reads that customer beside the order, so `order.customer` carries the lock state.
 * @param {string | number} orderNumber
 * @param {{refresh?: boolean, customerKey?: string | number | null, signal?: AbortSignal}} [options]
 * @returns {Promise<Record<string, any>>}
 */
export function order(orderNumber, { refresh = false, customerKey = null, signal } = {}) {
  /** @type {import("./http.js").Query} */
  const query = {};
  if (refresh) query.refresh = 1;
  if (customerKey) query.customer_key = customerKey;
  return http.get(path("orders", orderNumber), { query, signal });
}
