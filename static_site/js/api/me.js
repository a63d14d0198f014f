// What belongs to the signed-in agent (GET /me/...).

import { http } from "./http.js";

/**
 * @typedef {object} RecentCustomer
 * @property {number | string} customer_key
 * @property {string} [connection_id]  the pixi connection the key belongs to
 * @property {boolean} [connection_recorded]  false: older events, taken as the default connection
 * @property {string} [customer_number]
 * @property {string} [name]
 * @property {string} [last_action]
 * @property {string} [last_outcome]
 * @property {string} at
 * @property {number | string | null} [order_number]
 */

/**
 * GET /me/recent-customers: the agent's own recent customers, newest first (up to 20).
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<RecentCustomer[]>}
 */
export async function recentCustomers({ signal } = {}) {
  const answer = await http.get("/me/recent-customers", { signal });
  return answer.customers || [];
}
