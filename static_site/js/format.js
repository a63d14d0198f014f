// Money and dates the way the agent reads them: "1.234,56 €" / "24.12.2026" in German,
// "€1,234.56" / "24/12/2026" in English. Formatters are cached per language.

import { locale } from "./i18n.js";

const cache = new Map();

function formatter(kind, key, make) {
  const id = `${locale()}|${kind}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = make(locale());
    cache.set(id, f);
  }
  return f;
}

/** "1.234,56 €" for (1234.56, "EUR"). Accepts numbers or decimal strings ("1234.56"). */
export function formatMoney(amount, currency = "EUR") {
  if (amount === null || amount === undefined || amount === "") return "";
  const value = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  const code = currency || "EUR";
  return formatter("money", code, (loc) => new Intl.NumberFormat(loc, { style: "currency", currency: code }))
    .format(value);
}

/** A plain number in the agent's language ("1.234,5"). */
export function formatNumber(value, fractionDigits) {
  if (value === null || value === undefined || value === "") return "";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  const options = fractionDigits === undefined
    ? {}
    : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return formatter("number", String(fractionDigits), (loc) => new Intl.NumberFormat(loc, options)).format(n);
}

/** A date-only ISO string ("2026-12-24") is a calendar day: never shift it by the time zone. */
function toDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === "string") {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (day) return new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  }
  return new Date(value);
}

/** "24.12.2026" / "24/12/2026". */
export function formatDate(value) {
  if (!value) return "";
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter("date", "", (loc) => new Intl.DateTimeFormat(loc, { day: "2-digit", month: "2-digit", year: "numeric" }))
    .format(d);
}

/** "24.12.2026, 14:05" / "24/12/2026, 14:05". */
export function formatDateTime(value) {
  if (!value) return "";
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return formatter("datetime", "", (loc) => new Intl.DateTimeFormat(loc, {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit",
  })).format(d);
}
