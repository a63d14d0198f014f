// Which pixi connection the agent works on: the account's default, or another active one chosen in
// the header (only shown when the account has more than one). The choice travels as the header
// X-Pixi-Connection on every call (api/http.js); the server checks it against the tenant's connections.

import { h } from "../dom.js";
import { t } from "../i18n/index.js";
import { knownConnections } from "../state/pixi_connections.js";
import { chooseConnection, chosenConnection } from "../state/session.js";

/**
 * The header's chooser, or null while the list is unknown or there is nothing to choose.
 * @param {(picked: import("../state/pixi_connections.js").ActiveConnection) => void} onChosen
 */
export function connectionSwitch(onChosen) {
  const connections = knownConnections();
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
