// P1 "Aktionspreise" (admins, option product_import, per pixi connection: the one chosen in the
// header): the promo price file of each currency (download URL, EAN or item number, imported at
// 06:00 and 14:00 German time when active), checked with a preview before it can be saved; "Jetzt
// importieren"; the history of runs with their counts, the reason of a failure and the rejected
// rows as a CSV download; a running import shows the rows read so far (the history polls).

import { ApiError } from "../../api/http.js";
import * as promoImports from "../../api/promo_imports.js";
import { h, replace } from "../../dom.js";
import { formatDateTime, formatMoney, formatNumber } from "../../format.js";
import { t } from "../../i18n/index.js";
import { knownConnections } from "../../state/pixi_connections.js";
import { chosenConnection } from "../../state/session.js";
import { busy, field, messageLine, select } from "../../widgets/form.js";
import { errorBox, skeleton } from "../../widgets/loading.js";

export const titleKey = "promo.title";

/** @typedef {import("../../api/promo_imports.js").PromoImportConfig} PromoImportConfig */
/** @typedef {import("../../api/promo_imports.js").Preview} Preview */
/** @typedef {import("../../api/promo_imports.js").ImportRun} ImportRun */
/** @typedef {import("../../api/promo_imports.js").IdType} IdType */

const POLL_MS = 2000;
const PREVIEW_ROWS_SHOWN = 20;

/** The file's separator in words ("; (Semikolon)"). */
function separatorText(/** @type {string | null} */ separator) {
  return separator ? t(`promo.separator.${{ ",": "comma", ";": "semicolon", "|": "pipe" }[separator] || "other"}`) : "–";
}

/**
 * Save a text as a file download (the report needs the token, so no plain link).
 * @param {string} text
 * @param {string} filename
 */
function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function mount(container) {
  let alive = true;
  /** @type {number | null} */
  let pollTimer = null;
  /** @type {PromoImportConfig[]} */
  let configs = [];
  /** What the last successful preview was of: saving needs a good preview of exactly this. */
  let previewed = "";

  const heading = h("h1", { id: "promo-title", tabindex: "-1" }, t("promo.title"));
  const connectionLine = h("p", { class: "muted admin-intro", id: "promo-connection" });
  const configBox = h("div", { id: "promo-configs" });
  const runsBox = h("div", { id: "promo-runs" });
  const note = messageLine("promo-message");

  // ---- the form: one currency's file ----
  const currency = h("input", { type: "text", id: "promo-currency", name: "currency", maxlength: "3", autocomplete: "off",
    class: "input-short", value: "EUR" });
  const url = h("input", { type: "text", inputmode: "url", id: "promo-url", name: "url", autocomplete: "off", spellcheck: "false", placeholder: "https://…" });
  const idType = select({ id: "promo-id-type", name: "id_type" },
    [["ean", t("promo.idType.ean")], ["item_number", t("promo.idType.item_number")]], "ean");
  const active = h("input", { type: "checkbox", id: "promo-active", name: "active", checked: true });
  const fields = {
    currency: field({ label: t("promo.field.currency"), input: currency }),
    url: field({ label: t("promo.field.url"), input: url, hint: t("promo.field.urlHint"), className: "field-wide" }),
    id_type: field({ label: t("promo.field.idType"), input: idType }),
    active: field({ label: t("promo.field.active"), input: active, className: "field-check" }),
  };
  const previewButton = h("button", { type: "button", id: "promo-preview", class: "button" }, t("promo.preview"));
  const saveButton = h("button", { type: "submit", id: "promo-save", class: "button button-primary", disabled: true }, t("promo.save"));
  const previewBox = h("div", { id: "promo-preview-result", "aria-live": "polite" });
  const wanted = () => `${url.value.trim()}|${idType.value}`;
  const refreshSave = () => { saveButton.disabled = previewed !== wanted(); };
  for (const input of [url, idType]) {
    input.addEventListener("input", refreshSave);
    input.addEventListener("change", refreshSave);
  }
  const form = h("form", { class: "admin-form", id: "promo-form", novalidate: true },
    h("h2", null, t("promo.formTitle")),
    h("div", { class: "field-row" }, fields.currency.root, fields.id_type.root),
    fields.url.root, fields.active.root,
    h("div", { class: "form-actions" }, previewButton, " ", saveButton),
    note.el, previewBox);

  container.append(h("section", { class: "admin-view promo-view", "aria-labelledby": "promo-title" },
    heading, connectionLine, h("p", { class: "muted admin-intro" }, t("promo.intro")),
    configBox, form, h("h2", null, t("promo.historyTitle")), runsBox));

  /** @param {Preview} preview */
  function renderPreview(preview) {
    const c = preview.counts;
    const f = preview.format;
    replace(previewBox, h("div", { class: "promo-preview" },
      h("p", { id: "promo-preview-counts" }, t("promo.previewCounts", {
        rows: formatNumber(c.rows_read, 0), accepted: formatNumber(c.accepted, 0), rejected: formatNumber(c.rejected, 0),
      })),
      h("p", { class: "muted small", id: "promo-preview-format" }, t("promo.previewFormat", {
        encoding: f.encoding, separator: separatorText(f.separator),
        header: f.header ? f.header.join(" | ") : t("promo.noHeader"),
      })),
      h("table", { class: "data-table", id: "promo-accepted" },
        h("caption", null, t("promo.acceptedCaption", { count: Math.min(preview.accepted.length, PREVIEW_ROWS_SHOWN) })),
        h("thead", null, h("tr", null, h("th", null, t("promo.col.line")), h("th", null, t("promo.col.productId")), h("th", null, t("promo.col.price")))),
        h("tbody", null, preview.accepted.slice(0, PREVIEW_ROWS_SHOWN).map((row) => h("tr", null,
          h("td", null, String(row.line)), h("td", { class: "mono" }, row.product_id),
          h("td", null, formatMoney(row.price, currency.value.trim().toUpperCase() || "EUR")))))),
      preview.rejected.length ? h("table", { class: "data-table", id: "promo-rejected" },
        h("caption", null, t(preview.rejected_truncated ? "promo.rejectedCaptionTruncated" : "promo.rejectedCaption",
          { count: preview.rejected.length })),
        h("thead", null, h("tr", null, h("th", null, t("promo.col.line")), h("th", null, t("promo.col.productId")), h("th", null, t("promo.col.reason")))),
        h("tbody", null, preview.rejected.map((row) => h("tr", null,
          h("td", null, String(row.line)), h("td", { class: "mono" }, row.product_id), h("td", null, row.reason))))) : null));
  }

  previewButton.addEventListener("click", () => busy(previewButton, t("promo.previewing"), async () => {
    note.clear();
    previewed = "";
    refreshSave();
    replace(previewBox);
    try {
      const preview = await promoImports.preview(url.value.trim(), /** @type {IdType} */ (idType.value));
      if (!alive) return;
      renderPreview(preview);
      previewed = wanted();
      refreshSave();
      note.success(t("promo.previewOk"));
    } catch (err) {
      if (!alive || !(err instanceof ApiError)) throw err;
      note.apiError(err, fields);
    }
  }));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (saveButton.disabled) return;
    busy(saveButton, t("promo.saving"), async () => {
      note.clear();
      try {
        const saved = await promoImports.save({ currency: currency.value.trim().toUpperCase(), url: url.value.trim(),
          id_type: /** @type {IdType} */ (idType.value), active: active.checked });
        if (!alive) return;
        renderPreview(saved.preview);
        note.success(t("promo.saved", { currency: saved.configuration.currency }));
        await load();
      } catch (err) {
        if (!alive || !(err instanceof ApiError)) throw err;
        note.apiError(err, fields);
      }
    });
  });

  /** @param {PromoImportConfig} config */
  function edit(config) {
    currency.value = config.currency;
    url.value = config.url;
    idType.value = config.id_type;
    active.checked = config.active;
    previewed = "";
    refreshSave();
    replace(previewBox);
    note.info(t("promo.editHint"));
    url.focus();
  }

  /** @param {PromoImportConfig} config */
  function configCard(config) {
    const importButton = h("button", { type: "button", class: "button button-primary", dataset: { currency: config.currency } },
      t("promo.importNow"));
    importButton.addEventListener("click", () => busy(importButton, t("promo.starting"), async () => {
      note.clear();
      try {
        await promoImports.importNow(config.currency);
        if (!alive) return;
        note.success(t("promo.started", { currency: config.currency }));
        await loadRuns();
      } catch (err) {
        if (!alive || !(err instanceof ApiError)) throw err;
        note.error(err);
      }
    }));
    const editButton = h("button", { type: "button", class: "button" }, t("promo.edit"));
    editButton.addEventListener("click", () => edit(config));
    const prices = config.active_prices;
    return h("article", { class: "card promo-config", dataset: { currency: config.currency } },
      h("h3", null, config.currency, " ", h("span", { class: "muted small" },
        config.active ? t("promo.scheduled") : t("promo.notScheduled"))),
      h("p", { class: "mono small promo-url" }, config.url),
      h("p", { class: "small" }, t(`promo.idType.${config.id_type}`)),
      h("p", { class: "small promo-active-prices" }, prices
        ? t("promo.activePrices", { count: formatNumber(prices.prices, 0), since: formatDateTime(prices.since) })
        : t("promo.noActivePrices")),
      h("div", { class: "form-actions" }, importButton, " ", editButton));
  }

  /** @param {ImportRun} run */
  function runRow(run) {
    const reportButton = run.rejected_report
      ? h("button", { type: "button", class: "button button-small promo-report", dataset: { run: run.run_id } }, t("promo.report"))
      : null;
    reportButton?.addEventListener("click", () => busy(reportButton, t("promo.reportLoading"), async () => {
      try {
        const text = await promoImports.rejectedReport(run.run_id);
        download(text, `aktionspreise-${run.currency}-${run.run_id}-abgelehnt.csv`);
      } catch (err) {
        if (!alive || !(err instanceof ApiError)) throw err;
        note.error(err);
      }
    }));
    const underWay = run.outcome === "queued" || run.outcome === "running";
    const outcome = underWay
      ? t(`promo.outcome.${run.outcome}`, { rows: formatNumber(run.rows_read, 0) })
      : t(`promo.outcome.${run.outcome}`);
    return h("tr", { dataset: { run: run.run_id, outcome: run.outcome }, class: `run-${run.outcome}` },
      h("td", null, formatDateTime(run.started_at || run.queued_at)),
      h("td", null, run.currency),
      h("td", null, t(`promo.trigger.${run.trigger}`), h("br"), h("span", { class: "muted small" }, run.started_by)),
      h("td", { class: "promo-outcome" }, outcome, run.message ? h("p", { class: "small promo-run-message" }, run.message) : null),
      h("td", { class: "num" }, formatNumber(run.rows_read, 0)),
      h("td", { class: "num" }, formatNumber(run.accepted, 0)),
      h("td", { class: "num" }, formatNumber(run.rejected, 0)),
      h("td", { class: "num" }, run.duration_seconds === null ? "" : t("promo.seconds", { seconds: formatNumber(run.duration_seconds, 1) })),
      h("td", null, reportButton));
  }

  async function loadRuns() {
    if (pollTimer !== null) window.clearTimeout(pollTimer);
    pollTimer = null;
    let runs;
    try {
      runs = (await promoImports.runs({ limit: 20 })).runs;
    } catch (err) {
      if (!alive || !(err instanceof ApiError)) throw err;
      replace(runsBox, errorBox({ title: t("promo.runsFailed"), err, onRetry: loadRuns }));
      return;
    }
    if (!alive) return;
    replace(runsBox, runs.length
      ? h("table", { class: "data-table", id: "promo-runs-table" },
        h("thead", null, h("tr", null, ["when", "currency", "trigger", "outcome", "rows", "accepted", "rejected", "duration", "report"]
          .map((c) => h("th", null, t(`promo.col.${c}`))))),
        h("tbody", null, runs.map(runRow)))
      : h("p", { class: "muted", id: "promo-no-runs" }, t("promo.noRuns")));
    if (runs.some((r) => r.outcome === "queued" || r.outcome === "running")) {
      pollTimer = window.setTimeout(() => { loadAll(); }, POLL_MS);
    }
  }

  async function load() {
    try {
      const answer = await promoImports.configurations();
      if (!alive) return;
      configs = answer.configurations;
      const known = (knownConnections() || []).find((c) => c.connection_id === answer.connection_id);
      connectionLine.textContent = t("promo.connection", { name: known?.name || chosenConnection()?.name || answer.connection_id });
      replace(configBox, configs.length
        ? h("div", { class: "card-list" }, configs.map(configCard))
        : h("p", { class: "muted", id: "promo-no-configs" }, t("promo.noConfigs")));
    } catch (err) {
      if (!alive || !(err instanceof ApiError)) throw err;
      replace(configBox, errorBox({ title: t("promo.loadFailed"), err, onRetry: load }));
    }
  }

  async function loadAll() {
    await Promise.all([load(), loadRuns()]);
  }

  replace(configBox, skeleton(t("promo.loading"), { lines: 3 }));
  loadAll();
  heading.focus();

  return {
    unmount() {
      alive = false;
      if (pollTimer !== null) window.clearTimeout(pollTimer);
    },
  };
}
