// The shops (sales channels) of the pixi connection (GET /shops).

import { http } from "./http.js";

/** @typedef {{shop_id: string, name: string}} Shop */

/**
 * @param {{refresh?: boolean}} [options]  refresh: ask pixi again
 * @returns {Promise<Shop[]>}
 */
export async function shops({ refresh = false } = {}) {
  const answer = await http.get("/shops", { query: refresh ? { refresh: 1 } : {} });
  return answer.shops || [];
}
