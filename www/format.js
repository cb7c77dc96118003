// How figures are written for a worker: money with thousands separators and two decimals, hours
// with one decimal, ages and record lengths in years (and months). Pure string work on the engine's
// decimal strings (never through a binary float for money); unit-tested by state.test.mjs.

/** "91875.33976904780296082411976" → "91,875.34"; "1386.5" → "1,386.50"; null → "—". */
export function money(v) {
  if (v == null || v === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(v).trim());
  if (!m) return String(v);
  let [, sign, int, frac = ''] = m;
  // Half up at the fen, on the digits (the engine's figures already have two decimals; this only
  // guards a raw value from a text).
  if (frac.length > 2) {
    const up = Number(frac[2]) >= 5;
    frac = frac.slice(0, 2);
    if (up) {
      const cents = (BigInt(int) * 100n + BigInt(frac) + 1n).toString().padStart(3, '0');
      int = cents.slice(0, -2);
      frac = cents.slice(-2);
    }
  }
  frac = frac.padEnd(2, '0');
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** One decimal: "44.3333" → "44.3", "28" → "28.0". */
export function oneDecimal(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v ?? '');
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** A count with separators: 1100 → "1,100". */
export function count(v) {
  const s = String(v ?? '');
  return /^\d+$/.test(s) ? s.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : s;
}

/** An age: {years: 63, months: 0} → "63岁" / "63"; with months "58岁4个月" / "58 years 4 months". */
export function age(a, lang) {
  const y = a?.years ?? 0;
  const m = a?.months ?? 0;
  if (lang === 'zh') return m ? `${y}岁${m}个月` : `${y}岁`;
  return m ? `${y} years ${m} month${m === 1 ? '' : 's'}` : `${y}`;
}

/** Months as years and months: 247 → "20年7个月" / "20 years 7 months". */
export function yearsMonths(total, lang) {
  const n = Math.max(0, Math.round(Number(total) || 0));
  const y = Math.floor(n / 12);
  const m = n % 12;
  if (lang === 'zh') return `${y ? `${y}年` : ''}${m || !y ? `${m}个月` : ''}`;
  const parts = [];
  if (y) parts.push(`${y} year${y === 1 ? '' : 's'}`);
  if (m || !y) parts.push(`${m} month${m === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Minimum years as published: "15", "15.5", "20" (a decimal string or number). */
export function years(v) {
  const n = Number(v);
  return Number.isFinite(n) ? String(Math.round(n * 10) / 10) : String(v ?? '');
}

/** A month for reading: "2026-03" → "2026年3月" / "Mar 2026". */
export function month(m, lang) {
  const r = /^(\d{4})-(\d{2})$/.exec(m ?? '');
  if (!r) return String(m ?? '');
  if (lang === 'zh') return `${r[1]}年${Number(r[2])}月`;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(r[2]) - 1]} ${r[1]}`;
}

/** A rate as a percent: "0.08" → "8%", "0.095" → "9.5%". */
export function percent(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v ?? '');
  return `${Math.round(n * 10000) / 100}%`;
}
