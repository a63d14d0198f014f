// Money and dates the way the agent reads them: "1.234,56 €" / "24.12.2026" in German,
// "€1,234.56" / "24/12/2026" in English. Formatters are cached per language.

import { locale, t } from "./i18n/index.js";

/** @type {Map<string, Intl.NumberFormat | Intl.DateTimeFormat>} */
const cache = new Map();

/**
 * @template {Intl.NumberFormat | Intl.DateTimeFormat} F
 * @param {string} kind
 * @param {string} key
 * @param {(locale: string) => F} make
 * @returns {F}
 */
function formatter(kind, key, make) {
  const id = `${locale()}|${kind}|${key}`;
  let f = /** @type {F | undefined} */ (cache.get(id));
  if (!f) {
    f = make(locale());
    cache.set(id, f);
  }
  return f;
}

/**
 * "1.234,56 €" for (1234.56, "EUR"). Accepts numbers or decimal strings ("1234.56").
 * @param {number | string | null | undefined} amount
 * @param {string | null} [currency]
 */
export function formatMoney(amount, currency = "EUR") {
  if (amount === null || amount === undefined || amount === "") return "";
  const value = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  const code = currency || "EUR";
  return formatter("money", code, (loc) => new Intl.NumberFormat(loc, { style: "currency", currency: code }))
    .format(value);
}

/**
 * A plain number in the agent's language ("1.234,5").
 * @param {number | string | null | undefined} value
 * @param {number} [fractionDigits]
 */
export function formatNumber(value, fractionDigits) {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const options = fractionDigits === undefined
    ? {}
    : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return formatter("number", String(fractionDigits), (loc) => new Intl.NumberFormat(loc, options)).format(n);
}

/**
 * A date-only ISO string ("2026-12-24") is a calendar day, and a date-time without a zone
 * ("2026-12-24T14:05:00.123000", pixi's local time) is a wall-clock time: neither is shifted by the
 * time zone. Strings with a zone ("Z", "+01:00") are instants.
 * @param {Date | string | number} value
 */
function toDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === "string") {
    const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(value);
    if (local) {
      const [, y, mo, d, hh = "0", mi = "0", ss = "0", frac = ""] = local;
      const ms = Number((frac + "000").slice(0, 3));
      return new Date(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mi), Number(ss), ms);
    }
  }
  return new Date(value);
}

/**
 * "24.12.2026" / "24/12/2026".
 * @param {Date | string | null | undefined} value
 */
export function formatDate(value) {
  if (!value) return "";
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter("date", "", (loc) => new Intl.DateTimeFormat(loc, { day: "2-digit", month: "2-digit", year: "numeric" }))
    .format(d);
}

/**
 * "24.12.2026, 14:05" / "24/12/2026, 14:05".
 * @param {Date | string | null | undefined} value
 */
export function formatDateTime(value) {
  if (!value) return "";
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter("datetime", "", (loc) => new Intl.DateTimeFormat(loc, {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  })).format(d);
}

/**
 * "10 %" / "12,5 %" for a percentage given as a number or decimal string ("12.50").
 * @param {number | string | null | undefined} value
 */
export function formatPercent(value) {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return formatter("percent", "", (loc) => new Intl.NumberFormat(loc, { style: "percent", maximumFractionDigits: 2 }))
    .format(n / 100);
}

/**
 * "vor 5 Min." within the last hour, "gerade eben" for now, else the date and time ("22.11.2026, 09:14").
 * @param {string} iso
 * @param {number} [now]
 */
export function formatWhen(iso, now = Date.now()) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return String(iso || "");
  const minutes = Math.round((now - at.getTime()) / 60000);
  if (minutes < 1 && minutes > -2) return t("time.justNow");
  if (minutes >= 1 && minutes < 60) {
    return new Intl.RelativeTimeFormat(locale(), { numeric: "auto", style: "short" }).format(-minutes, "minute");
  }
  return formatDateTime(at);
}
