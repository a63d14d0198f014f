// "Zuletzt bearbeitet": the last answer of GET /me/recent-customers in this session, shown at once
// when the search screen opens again.

import { recentCustomers } from "../api/me.js";
import { onSessionChange } from "./session.js";

/** @typedef {import("../api/me.js").RecentCustomer} RecentCustomer */

/** @type {RecentCustomer[] | null} */
let lastAnswer = null;

onSessionChange((session) => {
  if (!session) lastAnswer = null;
});

/** The list loaded last in this session, or null. */
export function lastRecentCustomers() {
  return lastAnswer;
}

/**
 * @param {{signal?: AbortSignal}} [options]
 * @returns {Promise<RecentCustomer[]>}
 */
export async function loadRecentCustomers({ signal } = {}) {
  lastAnswer = await recentCustomers({ signal });
  return lastAnswer;
}
