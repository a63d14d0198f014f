// A customer key means a customer only on one pixi connection. What "Zuletzt bearbeitet" and the
// audit trail need to open a customer on the connection it was seen on.

import { t } from "../i18n/index.js";
import { knownConnections } from "./pixi_connections.js";
import { chooseConnection, chosenConnection } from "./session.js";

/** The pixi connection the page works on now (the chosen one, else the default), if known. */
export function currentConnectionId() {
  const chosen = chosenConnection();
  if (chosen) return chosen.id;
  return (knownConnections() || []).find((c) => c.is_default)?.connection_id ?? null;
}

/**
 * The active connection with this id; null when it is no longer active (or not loaded).
 * @param {string | null | undefined} connectionId
 */
function activeConnection(connectionId) {
  return (knownConnections() || []).find((c) => c.connection_id === connectionId) || null;
}

/**
 * Before a customer seen on `connectionId` opens: work on that connection. False when it is no
 * longer active (the customer cannot be opened: the key would name someone else elsewhere).
 * @param {string | null | undefined} connectionId
 */
export function switchToConnection(connectionId) {
  if (!connectionId || !knownConnections()) return true;
  const target = activeConnection(connectionId);
  if (!target) return false;
  if (target.connection_id !== currentConnectionId()) {
    chooseConnection(target.is_default ? null : { id: target.connection_id, name: target.name });
  }
  return true;
}

/**
 * The connection's name for a row when the tenant has several ("" otherwise); `recorded` false:
 * an older record without a connection, taken as the default one.
 * @param {string | null | undefined} connectionId
 * @param {boolean | undefined} recorded
 */
export function connectionLabel(connectionId, recorded) {
  if ((knownConnections() || []).length < 2 || !connectionId) return "";
  const name = activeConnection(connectionId)?.name || t("recent.connectionGone");
  return recorded === false ? t("recent.connectionAssumed", { name }) : name;
}
