// T3 tenant settings (admins only; the API refuses agents anyway):
//   - pixi API connections: list, add, edit (the password is write-only), remove, default, active;
//     "Verbindung testen" says what is wrong, saving tests first on the server.
//   - e-mail configuration: support address, sender address with its SES verification state.
//   - feature package: basic plus the options order function and product import.
//   - the latest changes: who changed what when.

import { api, ApiError } from "../../api.js";
import { h, replace } from "../../dom.js";
import { formatDateTime } from "../../format.js";
import { addMessages, has, t } from "../../i18n.js";
import { hasFeature, isAdmin, saveSession } from "../../session.js";
import { settings } from "./admin_api.js";
import {
  applyFieldErrors, busy, checkFields, confirmDialog, field, infoTip, messageLine, uid,
} from "./ui.js";

addMessages({
  de: {
    "settings.title": "Einstellungen",
    "settings.intro": "Hier richten Sie die pixi Callcenter App für Ihr Konto ein. Einige Punkte sind nur sichtbar, wenn Ihr Paket sie enthält.",
    "settings.loading": "Einstellungen werden geladen …",
    "settings.loadFailed": "Die Einstellungen konnten nicht geladen werden.",
    "settings.retry": "Erneut versuchen",
    "conn.title": "pixi-API-Verbindungen",
    "conn.intro": "Die Zugangsdaten Ihrer pixi SOAP API. Die Agenten arbeiten auf der Standard-API des Kontos oder wählen eine andere aktive Verbindung.",
    "conn.none": "Noch keine pixi-API-Verbindung. Legen Sie die erste an, damit die Agenten Kunden suchen können.",
    "conn.col.name": "Name",
    "conn.col.endpoint": "Adresse (Endpoint)",
    "conn.col.user": "Benutzer",
    "conn.col.state": "Status",
    "conn.col.actions": "Aktionen",
    "conn.active": "aktiv",
    "conn.inactive": "inaktiv",
    "conn.default": "Standard",
    "conn.add": "Verbindung hinzufügen",
    "conn.edit": "Bearbeiten",
    "conn.makeDefault": "Als Standard festlegen",
    "conn.remove": "Entfernen",
    "conn.formAdd": "Neue pixi-API-Verbindung",
    "conn.formEdit": "Verbindung „{name}“ bearbeiten",
    "conn.name": "Name",
    "conn.nameHint": "Frei wählbar, z. B. „pixi Produktiv“.",
    "conn.endpoint": "Adresse der pixi SOAP API",
    "conn.endpointHint": "z. B. https://api.pixi.eu/soap/pixiXYZ/",
    "conn.username": "Datenbank-Benutzer",
    "conn.password": "Passwort",
    "conn.passwordKept": "Passwort gespeichert — leer lassen, um es zu behalten.",
    "conn.passwordNew": "Wird verschlüsselt gespeichert und nie wieder angezeigt.",
    "conn.isActive": "Verbindung aktiv",
    "conn.isActiveInfo": "Nur aktive Verbindungen können die Agenten nutzen. Die Standard-Verbindung ist immer aktiv.",
    "conn.isDefault": "Konto-Standard-API",
    "conn.isDefaultInfo": "Auf dieser pixi-API arbeitet die Callcenter App, wenn ein Agent keine andere wählt.",
    "conn.test": "Verbindung testen",
    "conn.testing": "Verbindung wird getestet …",
    "conn.save": "Speichern",
    "conn.saving": "Wird getestet und gespeichert …",
    "conn.cancel": "Abbrechen",
    "conn.testOk": "Verbindung erfolgreich.",
    "conn.testShops": "{n} Shop(s) gefunden.",
    "conn.testFailed": "Verbindung fehlgeschlagen",
    "conn.problem.unreachable": "Server nicht erreichbar",
    "conn.problem.timeout": "Keine Antwort (Zeitüberschreitung)",
    "conn.problem.credentials": "Zugangsdaten abgelehnt",
    "conn.problem.not_pixi": "Keine pixi-API unter dieser Adresse",
    "conn.saveTestsFirst": "Beim Speichern wird die Verbindung zuerst getestet; eine Verbindung, die nicht funktioniert, wird nicht gespeichert.",
    "conn.added": "Die Verbindung „{name}“ wurde getestet und gespeichert.",
    "conn.updated": "Die Verbindung „{name}“ wurde gespeichert.",
    "conn.removed": "Die Verbindung „{name}“ wurde entfernt.",
    "conn.defaultSet": "„{name}“ ist jetzt die Standard-API des Kontos.",
    "conn.confirmRemove.title": "Verbindung entfernen?",
    "conn.confirmRemove.text": "Die Verbindung „{name}“ und ihr gespeichertes Passwort werden gelöscht. Agenten können sie danach nicht mehr nutzen.",
    "mail.title": "E-Mail-Konfiguration",
    "mail.intro": "Die Agenten können Ihrem Team Support-Anfragen per E-Mail schicken. Dafür braucht es eine Empfängeradresse und eine bestätigte Absenderadresse.",
    "mail.support": "Support-Adresse",
    "mail.supportInfo": "An diese Adresse gehen die Support-Anfragen der Agenten. Der Agent steht als Antwortadresse (Reply-To) in der E-Mail.",
    "mail.supportSave": "Support-Adresse speichern",
    "mail.supportSaved": "Die Support-Adresse wurde gespeichert.",
    "mail.sender": "Absenderadresse",
    "mail.senderInfo": "Von dieser Adresse werden die Support-E-Mails verschickt. Sie muss bestätigt sein, sonst kommen die E-Mails nicht an: Wir schicken dazu einen Bestätigungslink an diese Adresse.",
    "mail.senderRequest": "Bestätigung anfordern",
    "mail.senderRequested": "Die Bestätigung für {email} wurde angefordert. Bitte den Link in der E-Mail an diese Adresse öffnen.",
    "mail.refresh": "Status aktualisieren",
    "mail.state": "Status der Absenderadresse:",
    "mail.state.verified": "bestätigt",
    "mail.state.pending": "Bestätigung ausstehend",
    "mail.state.failed": "Bestätigung fehlgeschlagen",
    "mail.state.not_started": "nicht bestätigt",
    "mail.state.none": "keine Absenderadresse",
    "mail.busy": "Bitte warten …",
    "pkg.title": "Funktionspaket",
    "pkg.intro": "Das Basispaket enthält Kundensuche, Kundendetails und Support-Anfragen per E-Mail. Optionen buchen Sie dazu; nicht gebuchte Funktionen sind für die Agenten ausgeblendet.",
    "pkg.basic": "Basispaket: Kundensuche, Kunden- und Bestelldetails, Support-Anfragen per E-Mail",
    "pkg.basicIncluded": "immer enthalten",
    "pkg.ordering": "Option Bestellfunktion",
    "pkg.orderingInfo": "Agenten nehmen Bestellungen am Telefon auf; sie werden über einen Import-Channel in pixi importiert. Dafür muss in pixi ein Import-Channel (Art URL) angelegt und aktiviert sein. Zahlungsarten über Zahlungsanbieter (z. B. Klarna, Amazon Pay) funktionieren dabei nicht.",
    "pkg.productImport": "Option Produktimport (Aktionspreise)",
    "pkg.productImportInfo": "Aktionspreise aus einer CSV- oder TXT-Datei (Spalte 1 Produkt-ID: EAN oder pixi Shop-Artikelnummer, Spalte 2 Preis mit Dezimalkomma). Die Datei wird täglich um 6 und 14 Uhr abgeholt; liegt ein Aktionspreis vor, gilt er im Warenkorb.",
    "pkg.save": "Paket speichern",
    "pkg.saved": "Das Funktionspaket wurde gespeichert.",
    "hist.title": "Letzte Änderungen",
    "hist.none": "Noch keine Änderungen aufgezeichnet.",
    "hist.col.at": "Wann",
    "hist.col.who": "Wer",
    "hist.col.what": "Was",
    "settings.forbidden": "Keine Berechtigung für diese Seite oder Funktion.",
    "feature.search": "Kundensuche",
    "feature.details": "Details",
    "feature.support_mail": "Support-Mail",
    "feature.ordering": "Bestellfunktion",
    "feature.product_import": "Produktimport",
    "role.admin": "Administrator",
    "role.agent": "Agent",
    "action.agent.invited": "Agent eingeladen",
    "action.agent.invitation_resent": "Einladung erneut gesendet",
    "action.agent.invitation_revoked": "Einladung zurückgezogen",
    "action.agent.disabled": "Agent deaktiviert",
    "action.agent.enabled": "Agent aktiviert",
    "action.agent.role_changed": "Rolle geändert",
    "action.agent.unlocked": "Agent entsperrt",
    "action.email.sender_verification_started": "Bestätigung der Absenderadresse angefordert",
    "action.email.support_address_set": "Support-Adresse geändert",
    "action.package.changed": "Funktionspaket geändert",
    "action.pixi_connection.added": "pixi-Verbindung angelegt",
    "action.pixi_connection.default_set": "Standard-API geändert",
    "action.pixi_connection.removed": "pixi-Verbindung entfernt",
    "action.pixi_connection.updated": "pixi-Verbindung geändert",
  },
  en: {
    "settings.title": "Settings",
    "settings.intro": "Set up the pixi call-center app for your account here. Some items are only visible when your package includes them.",
    "settings.loading": "Loading settings …",
    "settings.loadFailed": "The settings could not be loaded.",
    "settings.retry": "Try again",
    "conn.title": "pixi API connections",
    "conn.intro": "The credentials of your pixi SOAP API. Agents work on the account's default API or choose another active connection.",
    "conn.none": "No pixi API connection yet. Add the first one so agents can search customers.",
    "conn.col.name": "Name",
    "conn.col.endpoint": "Address (endpoint)",
    "conn.col.user": "User",
    "conn.col.state": "State",
    "conn.col.actions": "Actions",
    "conn.active": "active",
    "conn.inactive": "inactive",
    "conn.default": "default",
    "conn.add": "Add connection",
    "conn.edit": "Edit",
    "conn.makeDefault": "Make default",
    "conn.remove": "Remove",
    "conn.formAdd": "New pixi API connection",
    "conn.formEdit": "Edit connection “{name}”",
    "conn.name": "Name",
    "conn.nameHint": "Any name, e.g. “pixi production”.",
    "conn.endpoint": "Address of the pixi SOAP API",
    "conn.endpointHint": "e.g. https://api.pixi.eu/soap/pixiXYZ/",
    "conn.username": "Database user",
    "conn.password": "Password",
    "conn.passwordKept": "Password saved — leave empty to keep it.",
    "conn.passwordNew": "Stored encrypted and never shown again.",
    "conn.isActive": "Connection active",
    "conn.isActiveInfo": "Agents can only use active connections. The default connection is always active.",
    "conn.isDefault": "Account default API",
    "conn.isDefaultInfo": "The call-center app works on this pixi API unless an agent chooses another one.",
    "conn.test": "Test connection",
    "conn.testing": "Testing connection …",
    "conn.save": "Save",
    "conn.saving": "Testing and saving …",
    "conn.cancel": "Cancel",
    "conn.testOk": "Connection works.",
    "conn.testShops": "{n} shop(s) found.",
    "conn.testFailed": "Connection failed",
    "conn.problem.unreachable": "Server not reachable",
    "conn.problem.timeout": "No answer (timeout)",
    "conn.problem.credentials": "Credentials refused",
    "conn.problem.not_pixi": "No pixi API at this address",
    "conn.saveTestsFirst": "Saving tests the connection first; a connection that does not work is not saved.",
    "conn.added": "The connection “{name}” was tested and saved.",
    "conn.updated": "The connection “{name}” was saved.",
    "conn.removed": "The connection “{name}” was removed.",
    "conn.defaultSet": "“{name}” is now the account's default API.",
    "conn.confirmRemove.title": "Remove connection?",
    "conn.confirmRemove.text": "The connection “{name}” and its stored password are deleted. Agents can no longer use it.",
    "mail.title": "E-mail configuration",
    "mail.intro": "Agents can send support requests to your team by e-mail. This needs a recipient address and a confirmed sender address.",
    "mail.support": "Support address",
    "mail.supportInfo": "Support requests of the agents go to this address. The agent is the reply-to address of the e-mail.",
    "mail.supportSave": "Save support address",
    "mail.supportSaved": "The support address has been saved.",
    "mail.sender": "Sender address",
    "mail.senderInfo": "Support e-mails are sent from this address. It must be confirmed, otherwise the e-mails do not arrive: we send a confirmation link to this address.",
    "mail.senderRequest": "Request confirmation",
    "mail.senderRequested": "Confirmation for {email} has been requested. Please open the link in the e-mail to this address.",
    "mail.refresh": "Refresh state",
    "mail.state": "State of the sender address:",
    "mail.state.verified": "confirmed",
    "mail.state.pending": "confirmation pending",
    "mail.state.failed": "confirmation failed",
    "mail.state.not_started": "not confirmed",
    "mail.state.none": "no sender address",
    "mail.busy": "Please wait …",
    "pkg.title": "Feature package",
    "pkg.intro": "The basic package contains customer search, customer details and support requests by e-mail. Options are booked on top; functions not booked are hidden for the agents.",
    "pkg.basic": "Basic package: customer search, customer and order details, support requests by e-mail",
    "pkg.basicIncluded": "always included",
    "pkg.ordering": "Option order function",
    "pkg.orderingInfo": "Agents take orders on the phone; they are imported into pixi through an import channel. This needs an import channel (type URL) created and activated in pixi. Payment methods through payment providers (e.g. Klarna, Amazon Pay) do not work with it.",
    "pkg.productImport": "Option product import (promo prices)",
    "pkg.productImportInfo": "Promo prices from a CSV or TXT file (column 1 product ID: EAN or pixi shop item number, column 2 price with decimal comma). The file is fetched daily at 6:00 and 14:00; a promo price applies in the cart.",
    "pkg.save": "Save package",
    "pkg.saved": "The feature package has been saved.",
    "hist.title": "Latest changes",
    "hist.none": "No changes recorded yet.",
    "hist.col.at": "When",
    "hist.col.who": "Who",
    "hist.col.what": "What",
    "settings.forbidden": "You are not allowed to see this page.",
    "feature.search": "Customer search",
    "feature.details": "Details",
    "feature.support_mail": "Support mail",
    "feature.ordering": "Order function",
    "feature.product_import": "Product import",
    "role.admin": "Administrator",
    "role.agent": "Agent",
    "action.agent.invited": "Agent invited",
    "action.agent.invitation_resent": "Invitation sent again",
    "action.agent.invitation_revoked": "Invitation revoked",
    "action.agent.disabled": "Agent disabled",
    "action.agent.enabled": "Agent enabled",
    "action.agent.role_changed": "Role changed",
    "action.agent.unlocked": "Agent unlocked",
    "action.email.sender_verification_started": "Sender address confirmation requested",
    "action.email.support_address_set": "Support address changed",
    "action.package.changed": "Feature package changed",
    "action.pixi_connection.added": "pixi connection added",
    "action.pixi_connection.default_set": "Default API changed",
    "action.pixi_connection.removed": "pixi connection removed",
    "action.pixi_connection.updated": "pixi connection changed",
  },
});

export const titleKey = "settings.title";

const FEATURE_ORDERING = "ordering";
const FEATURE_PRODUCT_IMPORT = "product_import";

/** The overview answer in one shape, whatever the API nests. */
function normalize(answer) {
  const a = answer || {};
  const email = a.email || {};
  const pkg = a.package || {};
  const features = pkg.features || a.features || [];
  return {
    connections: a.connections || a.pixi_connections || [],
    email: {
      support_address: email.support_address ?? a.support_address ?? "",
      sender_address: email.sender_address ?? a.sender_address ?? "",
      sender_state: email.sender_state ?? a.sender_state ?? "",
    },
    package: {
      ordering: Boolean(pkg.ordering ?? features.includes(FEATURE_ORDERING)),
      product_import: Boolean(pkg.product_import ?? features.includes(FEATURE_PRODUCT_IMPORT)),
    },
    changes: a.recent_changes || a.changes || a.history || [],
  };
}

export function mount(container) {
  if (!isAdmin()) {
    container.append(h("section", { class: "panel" }, h("h1", null, t("settings.forbidden"))));
    return {};
  }
  let alive = true;
  let data = null;
  let editor = null; // {connectionId|null} while the connection form is open

  const heading = h("h1", { id: "settings-title", tabindex: "-1" }, t("settings.title"));
  const content = h("div", { id: "settings-content" });
  container.append(h("section", { class: "admin-view settings-view", "aria-labelledby": "settings-title" },
    heading, h("p", { class: "muted admin-intro" }, t("settings.intro")), content));

  // Section elements are built once; their content is re-rendered on every load.
  const connNote = messageLine("conn-message");
  const connList = h("div", { id: "conn-list" });
  const connEditor = h("div", { id: "conn-editor" });
  const addButton = h("button", { type: "button", class: "button-secondary", id: "conn-add" }, t("conn.add"));
  addButton.addEventListener("click", () => openEditor(null));
  const connSection = h("section", { class: "panel settings-section", id: "settings-connections", "aria-labelledby": "conn-title" },
    h("div", { class: "section-head" }, h("h2", { id: "conn-title" }, t("conn.title")), addButton),
    h("p", { class: "muted" }, t("conn.intro")),
    connNote.el, connList, connEditor);

  const mailSection = h("section", { class: "panel settings-section", id: "settings-email", "aria-labelledby": "mail-title" });
  const pkgSection = h("section", { class: "panel settings-section", id: "settings-package", "aria-labelledby": "pkg-title" });
  const histSection = h("section", { class: "panel settings-section", id: "settings-history", "aria-labelledby": "hist-title" });

  async function load({ quiet = false } = {}) {
    if (!data && !quiet) replace(content, h("p", { class: "status-line status-loading", role: "status" }, t("settings.loading")));
    let answer;
    try {
      answer = await settings.overview();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (!alive) return;
      if (data) {
        connNote.error(err);
        return;
      }
      replace(content, h("div", { class: "error-box", role: "alert", id: "settings-error" },
        h("p", { class: "error-title" }, t("settings.loadFailed")),
        h("p", { class: "error-message" }, err.message),
        h("p", { class: "actions" }, h("button", { type: "button", class: "button-secondary", onClick: () => load() }, t("settings.retry")))));
      return;
    }
    if (!alive) return;
    const first = data === null;
    data = normalize(answer);
    if (first) {
      replace(content, connSection, hasFeature("support_mail") ? mailSection : null, pkgSection, histSection);
      renderMail();
      renderPackage();
    }
    renderConnections();
    renderHistory();
  }

  // ---- pixi connections ----
  function renderConnections() {
    const rows = data.connections;
    if (!rows.length) {
      replace(connList, h("p", { class: "empty-state" }, t("conn.none")));
      return;
    }
    replace(connList, h("table", { class: "data-table conn-table", id: "conn-table", "aria-labelledby": "conn-title" },
      h("thead", null, h("tr", null, ["name", "endpoint", "user", "state", "actions"].map((c) =>
        h("th", { scope: "col", class: `col-${c}` }, t(`conn.col.${c}`))))),
      h("tbody", null, rows.map((c) => h("tr", { dataset: { connectionId: c.connection_id, name: c.name } },
        h("td", { class: "col-name" }, c.name),
        h("td", { class: "col-endpoint" }, h("code", null, c.endpoint)),
        h("td", { class: "col-user" }, c.username),
        h("td", { class: "col-state" },
          h("span", { class: `state-badge ${c.active ? "state-active" : "state-disabled"}` }, t(c.active ? "conn.active" : "conn.inactive")),
          c.is_default ? h("span", { class: "state-badge state-default" }, t("conn.default")) : null),
        h("td", { class: "col-actions" }, h("div", { class: "row-actions" },
          rowButton(c, "edit", t("conn.edit"), () => openEditor(c)),
          !c.is_default && c.active ? rowButton(c, "default", t("conn.makeDefault"), (button) => makeDefault(c, button)) : null,
          rowButton(c, "remove", t("conn.remove"), (button) => remove(c, button), true))))))));
  }

  function rowButton(c, kind, label, onClick, danger = false) {
    const button = h("button", {
      type: "button", class: danger ? "button-quiet button-quiet-danger" : "button-quiet",
      dataset: { action: kind, connectionId: c.connection_id },
    }, label);
    button.addEventListener("click", () => onClick(button));
    return button;
  }

  function focusRow(connectionId) {
    const button = connList.querySelector(`tr[data-connection-id="${CSS.escape(connectionId)}"] button`);
    (button || connNote.el).focus();
  }

  async function makeDefault(c, button) {
    connNote.clear();
    try {
      await busy(button, t("mail.busy"), () => settings.setDefault(c.connection_id));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      connNote.error(err);
      connNote.el.focus();
      return;
    }
    await load({ quiet: true });
    connNote.success(t("conn.defaultSet", { name: c.name }));
    focusRow(c.connection_id);
  }

  async function remove(c, button) {
    connNote.clear();
    const ok = await confirmDialog({ title: t("conn.confirmRemove.title"), text: t("conn.confirmRemove.text", { name: c.name }),
      confirmLabel: t("conn.remove"), danger: true });
    if (!ok) return;
    try {
      await busy(button, t("mail.busy"), () => settings.removeConnection(c.connection_id));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      connNote.error(err);
      connNote.el.focus();
      return;
    }
    if (editor?.connectionId === c.connection_id) closeEditor();
    await load({ quiet: true });
    connNote.success(t("conn.removed", { name: c.name }));
    connNote.el.focus();
  }

  function closeEditor({ focusBack = null } = {}) {
    editor = null;
    connEditor.replaceChildren();
    addButton.disabled = false;
    if (focusBack) focusBack.focus();
  }

  function openEditor(c) {
    connNote.clear();
    const opener = document.activeElement;
    editor = { connectionId: c ? c.connection_id : null };
    addButton.disabled = true;
    const isEdit = Boolean(c);
    const name = field({ label: t("conn.name"), hint: t("conn.nameHint"),
      input: h("input", { name: "name", id: "conn-name", type: "text", maxlength: "80", autocomplete: "off" }) });
    const endpoint = field({ label: t("conn.endpoint"), hint: t("conn.endpointHint"),
      input: h("input", { name: "endpoint", id: "conn-endpoint", type: "text", inputmode: "url", spellcheck: "false", autocomplete: "off" }) });
    const username = field({ label: t("conn.username"),
      input: h("input", { name: "username", id: "conn-username", type: "text", spellcheck: "false", autocomplete: "off" }) });
    const password = field({ label: t("conn.password"), hint: isEdit && c.has_password !== false ? t("conn.passwordKept") : t("conn.passwordNew"),
      input: h("input", { name: "password", id: "conn-password", type: "password", autocomplete: "new-password" }) });
    const activeBox = h("input", { type: "checkbox", id: "conn-active", name: "active" });
    const defaultBox = h("input", { type: "checkbox", id: "conn-default", name: "is_default" });
    activeBox.checked = isEdit ? Boolean(c.active) : true;
    defaultBox.checked = isEdit ? Boolean(c.is_default) : data.connections.length === 0;
    if (isEdit && c.is_default) defaultBox.disabled = true; // another one becomes default by its own row
    if (isEdit) {
      name.input.value = c.name || "";
      endpoint.input.value = c.endpoint || "";
      username.input.value = c.username || "";
    }
    const result = h("div", { id: "conn-test-result", class: "test-result", "aria-live": "polite" });
    const note = messageLine("conn-form-message");
    const testButton = h("button", { type: "button", class: "button-secondary", id: "conn-test" }, t("conn.test"));
    const saveButton = h("button", { type: "submit", class: "button-primary", id: "conn-save" }, t("conn.save"));
    const cancelButton = h("button", { type: "button", class: "button-quiet", id: "conn-cancel" }, t("conn.cancel"));
    const titleId = uid("conn-form-title");
    const form = h("form", { class: "admin-form conn-form", novalidate: true, "aria-labelledby": titleId },
      h("h3", { id: titleId }, isEdit ? t("conn.formEdit", { name: c.name }) : t("conn.formAdd")),
      h("div", { class: "form-grid" }, name.root, endpoint.root, username.root, password.root),
      h("div", { class: "check-row" },
        h("label", { class: "check" }, activeBox, " ", t("conn.isActive")), infoTip(t("conn.isActive"), t("conn.isActiveInfo")),
        h("label", { class: "check" }, defaultBox, " ", t("conn.isDefault")), infoTip(t("conn.isDefault"), t("conn.isDefaultInfo"))),
      result,
      note.el,
      h("p", { class: "hint" }, t("conn.saveTestsFirst")),
      h("div", { class: "form-actions" }, saveButton, testButton, cancelButton));
    const fields = { name, endpoint, username, password };

    const clearResult = () => result.replaceChildren();
    for (const f of Object.values(fields)) f.input.addEventListener("input", clearResult);

    function showResult(test) {
      if (test.ok) {
        replace(result, h("div", { class: "test-ok", role: "status" },
          h("strong", null, t("conn.testOk")), " ",
          typeof test.shop_count === "number" ? t("conn.testShops", { n: test.shop_count }) : null));
        return;
      }
      const problemKey = `conn.problem.${test.problem}`;
      const title = test.problem && has(problemKey) ? `${t("conn.testFailed")}: ${t(problemKey)}` : t("conn.testFailed");
      replace(result, h("div", { class: "error-box test-failed", role: "alert" },
        h("p", { class: "error-title" }, title),
        h("p", { class: "error-message" }, test.message)));
    }

    const check = () => checkFields([[name, "required"], [endpoint, "required"], [username, "required"],
      [password, (v) => (!isEdit && !v ? t("ui.required") : "")]]);

    testButton.addEventListener("click", async () => {
      note.clear();
      clearResult();
      if (!checkFields([[endpoint, "required"], [username, "required"],
        [password, (v) => (!isEdit && !v ? t("ui.required") : "")]])) return;
      const body = { endpoint: endpoint.input.value.trim(), username: username.input.value.trim() };
      if (password.input.value) body.password = password.input.value;
      if (isEdit) body.connection_id = c.connection_id;
      try {
        const test = await busy(testButton, t("conn.testing"), () => settings.testConnection(body));
        showResult(test);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.apiError(err, fields);
      }
    });

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (saveButton.disabled) return;
      note.clear();
      clearResult();
      if (!check()) return;
      const body = {
        name: name.input.value.trim(),
        endpoint: endpoint.input.value.trim(),
        username: username.input.value.trim(),
        active: activeBox.checked,
      };
      if (password.input.value) body.password = password.input.value;
      if (!isEdit) body.is_default = defaultBox.checked;
      let saved;
      try {
        saved = await busy(saveButton, t("conn.saving"),
          () => (isEdit ? settings.updateConnection(c.connection_id, body) : settings.addConnection(body)));
        if (isEdit && defaultBox.checked && !c.is_default) await settings.setDefault(c.connection_id);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === "pixi_connection_failed") {
          showResult({ ok: false, problem: null, message: err.message });
          applyFieldErrors(err.fields, fields);
          return;
        }
        if (!note.apiError(err, fields)) note.el.focus();
        return;
      }
      const savedName = body.name;
      const savedId = saved?.connection_id || c?.connection_id;
      closeEditor();
      await load({ quiet: true });
      connNote.success(t(isEdit ? "conn.updated" : "conn.added", { name: savedName }));
      if (savedId) focusRow(savedId);
      else connNote.el.focus();
    });

    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.defaultPrevented && document.querySelector("dialog[open]") === null) {
        event.preventDefault();
        event.stopPropagation();
        closeEditor({ focusBack: opener instanceof HTMLElement && opener.isConnected ? opener : addButton });
      }
    });
    cancelButton.addEventListener("click", () => closeEditor({ focusBack: addButton }));

    replace(connEditor, form);
    name.input.focus();
  }

  // ---- e-mail configuration ----
  function renderMail() {
    const note = messageLine("mail-message");
    const support = field({ label: t("mail.support"), info: infoTip(t("mail.support"), t("mail.supportInfo")),
      input: h("input", { name: "support_address", id: "mail-support", type: "email", autocomplete: "off", spellcheck: "false" }) });
    support.input.value = data.email.support_address || "";
    const supportSave = h("button", { type: "submit", class: "button-secondary", id: "mail-support-save" }, t("mail.supportSave"));
    const supportForm = h("form", { class: "inline-form", novalidate: true },
      support.root, h("div", { class: "field field-action" }, supportSave));
    supportForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (supportSave.disabled) return;
      note.clear();
      if (!checkFields([[support, "email"]])) return;
      try {
        const answer = await busy(supportSave, t("mail.busy"), () => settings.saveSupportAddress(support.input.value.trim()));
        if (answer) Object.assign(data.email, answer);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.apiError(err, { support_address: support, address: support });
        return;
      }
      note.success(t("mail.supportSaved"));
      load({ quiet: true });
    });

    const sender = field({ label: t("mail.sender"), info: infoTip(t("mail.sender"), t("mail.senderInfo")),
      input: h("input", { name: "sender_address", id: "mail-sender", type: "email", autocomplete: "off", spellcheck: "false" }) });
    sender.input.value = data.email.sender_address || "";
    const stateLine = h("p", { class: "sender-state", id: "mail-sender-state", "aria-live": "polite" });
    const renderState = () => {
      const state = data.email.sender_address ? (data.email.sender_state || "not_started") : "none";
      replace(stateLine, `${t("mail.state")} `,
        h("span", { class: `state-badge sender-${state}` }, t(`mail.state.${state}`)));
    };
    renderState();
    const senderRequest = h("button", { type: "submit", class: "button-secondary", id: "mail-sender-request" }, t("mail.senderRequest"));
    const refresh = h("button", { type: "button", class: "button-quiet", id: "mail-refresh" }, t("mail.refresh"));
    const senderForm = h("form", { class: "inline-form", novalidate: true },
      sender.root, h("div", { class: "field field-action" }, senderRequest));
    senderForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (senderRequest.disabled) return;
      note.clear();
      if (!checkFields([[sender, "email"]])) return;
      const address = sender.input.value.trim();
      try {
        const answer = await busy(senderRequest, t("mail.busy"), () => settings.requestSenderVerification(address));
        Object.assign(data.email, answer || { sender_address: address, sender_state: "pending" });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.apiError(err, { sender_address: sender, address: sender });
        return;
      }
      renderState();
      note.success(t("mail.senderRequested", { email: address }));
      load({ quiet: true });
    });
    refresh.addEventListener("click", async () => {
      note.clear();
      try {
        const answer = await busy(refresh, t("mail.busy"), () => settings.email());
        Object.assign(data.email, answer || {});
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.error(err);
        return;
      }
      renderState();
    });

    replace(mailSection,
      h("h2", { id: "mail-title" }, t("mail.title")),
      h("p", { class: "muted" }, t("mail.intro")),
      supportForm, senderForm,
      h("div", { class: "sender-row" }, stateLine, refresh),
      note.el);
  }

  // ---- feature package ----
  function renderPackage() {
    const note = messageLine("pkg-message");
    const ordering = h("input", { type: "checkbox", id: "pkg-ordering", name: "ordering" });
    const productImport = h("input", { type: "checkbox", id: "pkg-product-import", name: "product_import" });
    ordering.checked = data.package.ordering;
    productImport.checked = data.package.product_import;
    const save = h("button", { type: "submit", class: "button-secondary", id: "pkg-save" }, t("pkg.save"));
    const basicBox = h("input", { type: "checkbox", id: "pkg-basic", checked: true, disabled: true });
    const form = h("form", { class: "package-form", novalidate: true },
      h("ul", { class: "package-list" },
        h("li", null, h("label", { class: "check" }, basicBox, " ", t("pkg.basic")), h("span", { class: "muted small" }, ` (${t("pkg.basicIncluded")})`)),
        h("li", null, h("label", { class: "check" }, ordering, " ", t("pkg.ordering")), infoTip(t("pkg.ordering"), t("pkg.orderingInfo"))),
        h("li", null, h("label", { class: "check" }, productImport, " ", t("pkg.productImport")), infoTip(t("pkg.productImport"), t("pkg.productImportInfo")))),
      note.el,
      h("div", { class: "form-actions" }, save));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      note.clear();
      const body = { ordering: ordering.checked, product_import: productImport.checked };
      try {
        await busy(save, t("mail.busy"), () => settings.savePackage(body));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.error(err);
        return;
      }
      data.package = body;
      note.success(t("pkg.saved"));
      // The page shows only booked functions: take the new package into this session at once.
      try {
        saveSession(await api.post("/auth/refresh"));
      } catch {
        /* the next renewal brings it */
      }
      load({ quiet: true });
    });
    replace(pkgSection, h("h2", { id: "pkg-title" }, t("pkg.title")), h("p", { class: "muted" }, t("pkg.intro")), form);
  }

  // ---- history ----
  function value(v) {
    if (Array.isArray(v)) return v.map(value).join(", ");
    if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => `${k}: ${value(x)}`).join(", ");
    if (has(`feature.${v}`)) return t(`feature.${v}`);
    return has(`role.${v}`) ? t(`role.${v}`) : String(v);
  }

  /** "Funktionspaket geändert: Kundensuche, … → Kundensuche, …, Bestellfunktion" */
  function describe(change) {
    const key = `action.${change.action}`;
    const label = has(key) ? t(key) : change.action;
    const { from, to, ...rest } = change.details || {};
    const parts = Object.entries(rest).filter(([k]) => !k.endsWith("_id")).map(([, v]) => value(v)).filter(Boolean);
    if (from !== undefined || to !== undefined) parts.push(`${value(from ?? "–")} → ${value(to ?? "–")}`);
    return parts.length ? `${label}: ${parts.join(" · ")}` : label;
  }

  function renderHistory() {
    const changes = data.changes;
    replace(histSection, h("h2", { id: "hist-title" }, t("hist.title")),
      changes.length
        ? h("table", { class: "data-table hist-table", id: "hist-table", "aria-labelledby": "hist-title" },
          h("thead", null, h("tr", null, ["at", "who", "what"].map((c) => h("th", { scope: "col", class: `col-${c}` }, t(`hist.col.${c}`))))),
          h("tbody", null, changes.map((change) => h("tr", null,
            h("td", { class: "col-at" }, formatDateTime(change.at)),
            h("td", { class: "col-who" }, change.agent_email || change.agent_id || ""),
            h("td", { class: "col-what" }, describe(change))))))
        : h("p", { class: "muted" }, t("hist.none")));
  }

  heading.focus();
  load();
  return { unmount() { alive = false; } };
}
