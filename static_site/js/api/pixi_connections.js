// The tenant's active pixi connections an agent may work on (GET /pixi-connections).

import { http } from "./http.js";

/** @typedef {{connection_id: string, name: string, is_default: boolean}} ActiveConnection */

/** @returns {Promise<ActiveConnection[]>} */
export async function activeConnections() {
  const answer = await http.get("/pixi-connections");
  return answer.connections || [];
}
