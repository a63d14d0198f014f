// The tenant's active pixi connections, loaded once per session for the header's chooser; a chosen
// connection that is no longer active is dropped.

import { activeConnections } from "../api/pixi_connections.js";
import { chooseConnection, chosenConnection, onSessionChange } from "./session.js";

/** @typedef {import("../api/pixi_connections.js").ActiveConnection} ActiveConnection */

/** @type {ActiveConnection[] | null} */
let connections = null;
/** @type {Promise<ActiveConnection[]> | null} */
let pending = null;

onSessionChange((session) => {
  if (!session) {
    connections = null;
    pending = null;
  }
});

/** @returns {Promise<ActiveConnection[]>} */
export function loadConnections() {
  if (connections) return Promise.resolve(connections);
  if (!pending) {
    pending = activeConnections().then((answer) => {
      connections = answer;
      pending = null;
      const chosen = chosenConnection();
      if (chosen && !answer.some((c) => c.connection_id === chosen.id && !c.is_default)) chooseConnection(null);
      return answer;
    }, (err) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

/** The connections if already loaded, else null. */
export function knownConnections() {
  return connections;
}
