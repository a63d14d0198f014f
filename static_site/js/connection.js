// Which pixi connection the agent works on: the account's default, or another active one chosen in
// the header (only shown when the account has more than one). The choice travels as the header
// X-Pixi-Connection on every call (api.js); the server checks it against the tenant's connections.

import { api } from "./api.js";
import { h } from "./dom.js";
import { addMessages, t } from "./i18n.js";
import { chooseConnection, chosenConnection, onSessionChange } from "./session.js";

addMessages({
  de: {
    "connection.label": "pixi-Verbindung",
    "connection.default": "{name} (Standard)",
  },
  en: {
    "connection.label": "pixi connection",
    "connection.default": "{name} (default)",
  },
});

let connections = null; // [{connection_id, name, is_default}] of the signed-in agent's tenant
let pending = null;

onSessionChange((session) => {
  if (!session) {
    connections = null;
    pending = null;
  }
});

/** The tenant's active connections (once per session); a choice that is no longer active is dropped. */
export function loadConnections() {
  if (connections) return Promise.resolve(connections);
  if (!pending) {
    pending = api.get("/pixi-connections").then((answer) => {
      connections = answer.connections || [];
      pending = null;
      const chosen = chosenConnection();
      if (chosen && !connections.some((c) => c.connection_id === chosen.id && !c.is_default)) chooseConnection(null);
      return connections;
    }, (err) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

/** The header's chooser, or null while the list is unknown or there is nothing to choose. */
export function connectionSwitch(onChosen) {
  if (!connections || connections.length < 2) return null;
  const current = chosenConnection()?.id ?? connections.find((c) => c.is_default)?.connection_id;
  const select = h("select", {
    id: "connection-switch",
    class: "connection-select",
    "aria-label": t("connection.label"),
    title: t("connection.label"),
    onChange: () => {
      const picked = connections.find((c) => c.connection_id === select.value);
      if (!picked) return;
      chooseConnection(picked.is_default ? null : { id: picked.connection_id, name: picked.name });
      onChosen(picked);
    },
  }, connections.map((c) => h("option", { value: c.connection_id, selected: c.connection_id === current },
    c.is_default ? t("connection.default", { name: c.name }) : c.name)));
  return h("label", { class: "connection-switch" }, h("span", { class: "connection-label" }, t("connection.label")), select);
}
