// T3 tenant settings (admins only; the API refuses agents anyway):
//   - pixi API connections: list, add, edit (the password is write-only), remove, default, active;
//     "Verbindung testen" says what is wrong, saving tests first on the server. A changed endpoint
//     needs the password again: the stored one is only ever sent to the endpoint it was saved with.
//   - e-mail configuration: support address and sender address, each confirmed by a link mailed to
//     it (this account's proof of ownership), the sender also with its SES verification state.
//   - feature package: the booked features (basic always, plus the options order function and
//     product import); the API sends and takes only the list of features.
//   - the latest changes: who changed what when.

import { ApiError } from "../../api/http.js";
import * as settings from "../../api/settings.js";
import { renewNow } from "../../auth.js";
import { h, replace } from "../../dom.js";
import { formatDateTime } from "../../format.js";
import { has, t } from "../../i18n/index.js";
import { hasFeature, isAdmin } from "../../state/session.js";
import { confirmDialog } from "../../widgets/dialog.js";
import {
  applyFieldErrors, busy, checkFields, field, messageLine, uid,
} from "../../widgets/form.js";
import { infoTip } from "../../widgets/info_tip.js";
import { actionText } from "../../words/audit.js";

export const titleKey = "settings.title";

/** The basic package: always booked, shown as one line. */
const BASIC_FEATURES = ["search", "details", "support_mail"];
/** The options a tenant books on top, each with its checkbox. */
const OPTIONS = [
  { feature: "ordering", id: "pkg-ordering", label: "pkg.ordering", info: "pkg.orderingInfo", configure: "#/settings/order" },
  { feature: "product_import", id: "pkg-product-import", label: "pkg.productImport", info: "pkg.productImportInfo", configure: "#/settings/promo-prices" },
];

/** GET /settings as this screen keeps it (the e-mail settings are updated in place). */
function normalize(/** @type {settings.Overview} */ answer) {
  return {
    connections: answer.connections || [],
    email: { support_address: "", sender_address: "", sender_state: "", support_confirmed: false, sender_confirmed: false, ...answer.email },
    features: answer.package?.features || [],
    changes: answer.recent_changes || [],
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
    const button = /** @type {HTMLElement | null} */ (connList.querySelector(`tr[data-connection-id="${CSS.escape(connectionId)}"] button`));
    (button || connNote.el).focus();
  }

  async function makeDefault(c, button) {
    connNote.clear();
    try {
      await busy(button, t("mail.busy"), () => settings.makeDefaultConnection(c.connection_id));
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

    // The stored password goes only to the endpoint it was saved with: another one needs it again.
    const sameEndpoint = (a, b) => a.trim().replace(/\/+$/, "").toLowerCase() === b.trim().replace(/\/+$/, "").toLowerCase();
    const needsPassword = () => !isEdit || !sameEndpoint(endpoint.input.value, c.endpoint || "");
    const passwordAgain = h("p", { class: "hint", id: "conn-password-again", hidden: true }, t("conn.passwordAgain"));
    password.root.append(passwordAgain);
    endpoint.input.addEventListener("input", () => { passwordAgain.hidden = !isEdit || !needsPassword(); });
    const passwordRule = (v) => (needsPassword() && !v ? (isEdit ? t("conn.passwordAgain") : t("ui.required")) : "");

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
      [password, passwordRule]]);

    testButton.addEventListener("click", async () => {
      note.clear();
      clearResult();
      if (!checkFields([[endpoint, "required"], [username, "required"], [password, passwordRule]])) return;
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
        if (isEdit && defaultBox.checked && !c.is_default) await settings.makeDefaultConnection(c.connection_id);
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
    const supportState = h("p", { class: "sender-state", id: "mail-support-state", "aria-live": "polite" });
    const renderSupportState = () => {
      const state = !data.email.support_address ? "none" : data.email.support_confirmed ? "confirmed" : "unconfirmed";
      replace(supportState, `${t("mail.supportState")} `,
        h("span", { class: `state-badge sender-${state === "confirmed" ? "verified" : "pending"}` }, t(`mail.supportState.${state}`)));
    };
    renderSupportState();
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
      renderSupportState();
      note.success(data.email.support_confirmed
        ? t("mail.supportSaved") : t("mail.supportConfirmSent", { email: data.email.support_address }));
      load({ quiet: true });
    });

    const sender = field({ label: t("mail.sender"), info: infoTip(t("mail.sender"), t("mail.senderInfo")),
      input: h("input", { name: "sender_address", id: "mail-sender", type: "email", autocomplete: "off", spellcheck: "false" }) });
    sender.input.value = data.email.sender_address || "";
    const stateLine = h("p", { class: "sender-state", id: "mail-sender-state", "aria-live": "polite" });
    const senderProof = h("p", { class: "hint", id: "mail-sender-unconfirmed", "aria-live": "polite", hidden: true });
    const renderState = () => {
      const state = data.email.sender_address ? (data.email.sender_state || "not_started") : "none";
      replace(stateLine, `${t("mail.state")} `,
        h("span", { class: `state-badge sender-${state}` }, t(`mail.state.${state}`)));
      const unconfirmed = Boolean(data.email.sender_address) && !data.email.sender_confirmed;
      replace(senderProof, unconfirmed ? t("mail.senderUnconfirmed") : "");
      senderProof.hidden = !unconfirmed;
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
      renderSupportState();
    });

    replace(mailSection,
      h("h2", { id: "mail-title" }, t("mail.title")),
      h("p", { class: "muted" }, t("mail.intro")),
      supportForm, supportState, senderForm,
      h("div", { class: "sender-row" }, stateLine, refresh), senderProof,
      note.el);
  }

  // ---- feature package ----
  function renderPackage() {
    const note = messageLine("pkg-message");
    const boxes = OPTIONS.map((option) => {
      const box = h("input", { type: "checkbox", id: option.id, name: option.feature });
      box.checked = data.features.includes(option.feature);
      return { option, box };
    });
    const save = h("button", { type: "submit", class: "button-secondary", id: "pkg-save" }, t("pkg.save"));
    const basicBox = h("input", { type: "checkbox", id: "pkg-basic", checked: true, disabled: true });
    const form = h("form", { class: "package-form", novalidate: true },
      h("ul", { class: "package-list" },
        h("li", null, h("label", { class: "check" }, basicBox, " ", t("pkg.basic")), h("span", { class: "muted small" }, ` (${t("pkg.basicIncluded")})`)),
        boxes.map(({ option, box }) => h("li", null,
          h("label", { class: "check" }, box, " ", t(option.label)), infoTip(t(option.label), t(option.info)),
          option.configure && data.features.includes(option.feature)
            ? h("a", { class: "option-configure", id: `${option.id}-configure`, href: option.configure }, t("pkg.configure")) : null))),
      note.el,
      h("div", { class: "form-actions" }, save));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      note.clear();
      const wanted = [...BASIC_FEATURES, ...boxes.filter(({ box }) => box.checked).map(({ option }) => option.feature)];
      let saved;
      try {
        saved = await busy(save, t("mail.busy"), () => settings.savePackage(wanted));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.error(err);
        return;
      }
      data.features = saved?.features || wanted;
      note.success(t("pkg.saved"));
      // The page shows only booked functions: take the new package into this session at once.
      try {
        await renewNow();
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
    const label = actionText(change.action);
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
