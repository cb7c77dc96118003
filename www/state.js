// The calculator's state and everything that follows from it without a browser or the engine: the
// default and example states, month ranges, cleaning what a worker types, the JSON API v1 request the
// form describes, share links, and the form field an engine error points at. Pure functions only
// (unit-tested by state.test.mjs under node:test); no rule of the law is computed here.

export const SECTORS = ['instant_delivery', 'ride_hailing', 'freight', 'other'];
export const BASE_KINDS = ['floor', 'income', 'percent', 'amount', 'ceiling'];
export const TRACKS = ['', 'male_60', 'female', 'female_55', 'female_50'];
export const MEDICAL_SCHEMES = ['employee', 'none'];
/** The engine refuses more than 600 months in one request. */
export const MAX_MONTHS = 600;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of a date (the browser's clock, in local time). */
export function currentMonth(date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The twelve months up to and including `month`. */
export function lastMonths(n, month) {
  return { from: addMonths(month, -(n - 1)), to: month };
}

const platform = (p = {}) => ({ name: '', sector: 'instant_delivery', hours: '', income: '', orders: '', ...p });

/** What the page opens on: this month, no place, one empty platform; nothing the worker did not type. */
export function blankState(month = currentMonth()) {
  return {
    lang: 'zh',
    region: '',
    regionText: '',
    from: month,
    to: month,
    same: true,
    platforms: [platform()],
    overrides: {}, // month -> [{hours, income, orders}] by platform index
    base: { kind: 'floor', value: '' },
    medical: { scheme: 'employee', tier: '', rate: '' },
    person: { birth: '', track: '', years: '', index: '', balance: '', credited: '' },
    subsidies: { difficulty: false, start: '', platform: '', reached: '' },
  };
}

/** The example a worker can ask for (and the embed widget's default): a Nanjing rider on two platforms. */
export function exampleState() {
  return {
    ...blankState('2025-09'),
    region: '320100',
    platforms: [
      platform({ name: '美团', sector: 'instant_delivery', hours: '150', income: '6200', orders: '400' }),
      platform({ name: '滴滴', sector: 'ride_hailing', hours: '40', income: '1800', orders: '60' }),
    ],
  };
}

/**
 * The state an embed opens on, from its attributes or URL parameters (issue 16 item 5): `region`,
 * `lang` (zh/en), `month` (YYYY-MM; this month when absent or malformed) and `example` (the worked
 * example instead of an empty form; any value but "false"/"0"). An NGO's embed never opens on a stale
 * month or on example figures unless it asks for them.
 */
export function embedState({ region, lang, month, example } = {}) {
  const wantsExample = example != null && !['false', '0', 'no'].includes(String(example).toLowerCase());
  const valid = typeof month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(month.trim());
  const state = wantsExample ? exampleState() : blankState(valid ? month.trim() : currentMonth());
  if (region) state.region = String(region).trim();
  state.lang = String(lang ?? 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
  return state;
}

/**
 * The months between two months, in either order (a reversed range is the same range), at most
 * MAX_MONTHS + 1 of them (so that the engine's own error names the limit). One valid month alone is
 * a range of one.
 */
export function monthRange(a, b) {
  const okA = MONTH_RE.test(a ?? '');
  const okB = MONTH_RE.test(b ?? '');
  if (!okA && !okB) return [];
  let from = okA ? a : b;
  let to = okB ? b : a;
  if (from > to) [from, to] = [to, from];
  const out = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Cleaning what a worker types. Chinese input methods give full-width digits (７０００); people write
// thousands separators (7,000) and units (7000元, 8%). Each is rewritten only where the reading is
// unambiguous; anything else is passed on as typed, and the engine's error names the field.

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
/** Full-width ASCII (digits, ．，％ and letters) to half-width, and the ideographic space to a space. */
export function halfWidth(s) {
  return String(s ?? '').replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0)).replace(/\u3000/g, ' ');
}

/** Commas (or 、 and spaces) as thousands separators: only groups of exactly three digits after the first. */
function dropSeparators(s) {
  return /^\d{1,3}([,，' ]\d{3})+(\.\d+)?$/.test(s) ? s.replace(/[,，' ]/g, '') : s;
}

/** An amount of money: "７０００", "7,000", "7000元", "¥7000", "7000.5 yuan" → "7000", "7000.5". */
export function cleanMoney(v) {
  let s = halfWidth(v).trim();
  s = s.replace(/^[¥￥]\s*/, '').replace(/\s*(元|块钱|块|rmb|yuan|cny)$/i, '').trim();
  s = s.replace(/。$/, '');
  return dropSeparators(s);
}

/** Hours: "１５０", "150小时", "150 h" → "150". */
export function cleanHours(v) {
  const s = halfWidth(v).trim().replace(/\s*(小时|个小时|钟头|hours?|hrs?|h)$/i, '').trim();
  return dropSeparators(s);
}

/** Orders: "４００", "1,100单", "400 orders" → "400". */
export function cleanCount(v) {
  const s = halfWidth(v).trim().replace(/\s*(单|件|个|orders?)$/i, '').trim();
  return dropSeparators(s);
}

/** A rate: "８％" → "8%", "8 %" → "8%", "0.08" stays (the engine reads "8%", "8" and "0.08"). */
export function cleanRate(v) {
  return halfWidth(v).trim().replace(/\s*%$/, '%').replace(/^(\d+(?:\.\d+)?)\s*%$/, '$1%');
}

/** A percent of the average wage for the base: "60%", "６０" → "60". */
export function cleanPercent(v) {
  return halfWidth(v).trim().replace(/\s*%$/, '').trim();
}

/** Years (whole or with a half): "12", "１２年", "12.5 years" → "12", "12.5". */
export function cleanYears(v) {
  return halfWidth(v).trim().replace(/\s*(年|years?|yrs?)$/i, '').trim();
}

/** A month: "2026-3", "2026/03", "2026年3月", "２０２６－０３" → "2026-03"; anything else as typed. */
export function cleanMonth(v) {
  const s = halfWidth(v).trim().replace(/－/g, '-');
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return s;
  return `${m[1]}-${m[2].padStart(2, '0')}`;
}

const blank = (v) => String(v ?? '').trim() === '';

/** Whole months from "years already paid": 12 → 144, 12.5 → 150; null when not a number. */
export function yearsToMonths(v) {
  const s = cleanYears(v);
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 12);
}

/**
 * The request of JSON API v1 the form describes, and where each work entry came from
 * (origin[i][j] = platform index of months[i].work[j]). Blank hours and orders are left out (the
 * engine reads them as 0); a blank platform name becomes `defaultName(k)`.
 */
export function buildRequest(state, { trace = true, defaultName = (k) => `P${k + 1}` } = {}) {
  const months = monthRange(cleanMonth(state.from), cleanMonth(state.to));
  const origin = [];
  const req = {
    region: (state.region || state.regionText || '').trim(),
    pension_base: { kind: state.base.kind },
    medical: { scheme: state.medical.scheme },
    months: months.map((month, i) => {
      origin[i] = [];
      const work = [];
      state.platforms.forEach((p, k) => {
        const cell = !state.same && state.overrides[month]?.[k] ? state.overrides[month][k] : p;
        if (!state.same && [cell.hours, cell.income, cell.orders].every(blank)) return; // not on it this month
        const w = { platform: blank(p.name) ? defaultName(k) : p.name.trim(), sector: p.sector };
        if (!blank(cell.hours)) w.hours = cleanHours(cell.hours);
        if (!blank(cell.income)) w.income = cleanMoney(cell.income); // missing: the engine asks for it
        if (!blank(cell.orders)) {
          const n = cleanCount(cell.orders);
          w.orders = /^\d{1,15}$/.test(n) ? Number(n) : n;
        }
        origin[i].push(k);
        work.push(w);
      });
      return { month, work };
    }),
    trace,
  };
  if (state.base.kind === 'percent' || state.base.kind === 'amount') {
    const v = state.base.kind === 'percent' ? cleanPercent(state.base.value) : cleanMoney(state.base.value);
    if (v !== '') req.pension_base.value = v;
  }
  if (state.medical.scheme === 'employee') {
    if (state.medical.tier) req.medical.tier = state.medical.tier;
    if (!blank(state.medical.rate)) req.medical.rate = cleanRate(state.medical.rate);
  }
  const subsidies = [];
  if (state.subsidies?.difficulty) {
    const sub = { program: 'employment_difficulty' };
    if (state.subsidies.start) sub.start = cleanMonth(state.subsidies.start);
    subsidies.push(sub);
  }
  if (state.subsidies?.platform) {
    const sub = { program: 'platform_pension', platform: state.subsidies.platform };
    // How many of the months before the form's reached the floor: a one-month check needs it.
    if (!blank(state.subsidies.reached)) {
      const n = cleanCount(state.subsidies.reached);
      // A number when it is one; anything else goes as typed, for the engine to name the field.
      sub.months_reached_before = /^\d{1,4}$/.test(n) ? Number(n) : n;
    }
    subsidies.push(sub);
  }
  if (subsidies.length) req.subsidies = subsidies;
  const person = personRequest(state.person, months.length);
  if (person) req.person = person;
  return { req, months, origin };
}

/**
 * The request's person: birth and track, and the record before the ledger (years already paid,
 * average index, account balance; each left to the engine's stated assumption when blank).
 * contribution_months counts the ledger's months too (docs/retirement.md).
 */
function personRequest(p, ledgerMonths) {
  // Without a birth month there is no retirement to compute (a track alone waits for it).
  if (!p || blank(p.birth)) return null;
  const out = {};
  if (!blank(p.birth)) out.birth = cleanMonth(p.birth);
  if (p.track) out.track = p.track;
  if (!blank(p.years)) {
    const before = yearsToMonths(p.years);
    out.contribution_months = before == null ? cleanYears(p.years) : before + ledgerMonths;
  }
  if (!blank(p.index)) out.average_index = halfWidth(p.index).trim();
  if (!blank(p.balance)) out.account_balance = cleanMoney(p.balance);
  // 视同缴费年限: part of the years already paid, the transitional pension's years.
  if (!blank(p.credited)) out.credited_years = cleanYears(p.credited);
  return out;
}

// ------------------------------------------------------------------------------------------------
// Share links: the inputs after `#s=` (never sent to a server). Income and the birth month (and the
// record before the ledger) go in only when the worker ticks it.

function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The fragment `s=…` for a share link; `{ private: true }` adds income, birth month and record. */
export function encodeShare(state, { private: withPrivate = false } = {}) {
  const s = structuredClone(state);
  delete s.regionText;
  if (!s.region && state.regionText) s.region = state.regionText.trim();
  if (!withPrivate) {
    s.platforms.forEach((p) => { p.income = ''; });
    for (const cells of Object.values(s.overrides ?? {})) (cells ?? []).forEach((c) => { if (c) c.income = ''; });
    s.person = { birth: '', track: s.person?.track ?? '', years: '', index: '', balance: '', credited: '' };
  }
  return `s=${toBase64Url(JSON.stringify(s))}`;
}

/** The state a share link describes (missing or odd fields get the blank state's), or null. */
export function decodeShare(hash, month = currentMonth()) {
  const m = /(?:^#?|&)s=([^&]*)/.exec(hash ?? '');
  if (!m) return null;
  let s;
  try {
    const raw = m[1];
    // Links made before 2026-12 carried URI-encoded JSON.
    s = JSON.parse(/^(%7B|\{)/i.test(raw) ? decodeURIComponent(raw) : fromBase64Url(raw));
  } catch {
    return null;
  }
  if (typeof s !== 'object' || s === null) return null;
  const d = blankState(month);
  const str = (v, dflt = '') => (typeof v === 'string' ? v.slice(0, 200) : dflt);
  const cell = (c) => ({ hours: str(c?.hours), income: str(c?.income), orders: str(c?.orders) });
  const overrides = {};
  if (s.overrides && typeof s.overrides === 'object') {
    for (const [k, cells] of Object.entries(s.overrides)) {
      if (MONTH_RE.test(k) && Array.isArray(cells)) overrides[k] = cells.slice(0, 50).map((c) => (c ? cell(c) : null));
    }
  }
  return {
    lang: s.lang === 'en' ? 'en' : 'zh',
    region: str(s.region),
    regionText: '',
    from: MONTH_RE.test(s.from) ? s.from : d.from,
    to: MONTH_RE.test(s.to) ? s.to : d.to,
    same: s.same !== false,
    platforms: Array.isArray(s.platforms) && s.platforms.length
      ? s.platforms.slice(0, 50).map((p) => platform({ name: str(p?.name), sector: SECTORS.includes(p?.sector) ? p.sector : 'other', ...cell(p) }))
      : d.platforms,
    overrides,
    base: { kind: BASE_KINDS.includes(s.base?.kind) ? s.base.kind : 'floor', value: str(s.base?.value) },
    medical: { scheme: s.medical?.scheme === 'none' ? 'none' : 'employee', tier: str(s.medical?.tier), rate: str(s.medical?.rate) },
    person: {
      birth: str(s.person?.birth), track: TRACKS.includes(s.person?.track) ? s.person.track : '',
      years: str(s.person?.years), index: str(s.person?.index), balance: str(s.person?.balance),
      credited: str(s.person?.credited),
    },
    subsidies: {
      difficulty: s.subsidies?.difficulty === true, start: str(s.subsidies?.start),
      platform: str(s.subsidies?.platform), reached: str(s.subsidies?.reached),
    },
  };
}

/** Whether a state has income typed anywhere (a link without it opens on the form, asking for it). */
export function hasIncome(state) {
  if (state.same) return state.platforms.some((p) => !blank(p.income));
  return Object.values(state.overrides).some((cells) => (cells ?? []).some((c) => c && !blank(c.income)));
}

// ------------------------------------------------------------------------------------------------

/**
 * The form field (its data-path) an engine error's path points at: work entries map back to their
 * platform row (or its month's row when months differ), `months` to the month fields, the rest to
 * the field of the same name. null when the path names no field of the form.
 */
export function fieldFor(path, { origin = [], same = true } = {}) {
  if (!path) return null;
  const m = /^months\[(\d+)\]\.work\[(\d+)\]\.(\w+)/.exec(path);
  if (m) {
    const i = Number(m[1]);
    const k = origin[i]?.[Number(m[2])] ?? Number(m[2]);
    const f = m[3] === 'injury_fee_class' ? 'sector' : m[3];
    if (f === 'platform' || f === 'sector') return `work[${k}].${f}`;
    return same ? `work[${k}].${f}` : `months[${i}].work@${k}.${f}`;
  }
  if (/^months\[\d+\]\.work$/.test(path)) return 'work[0].income';
  if (/^months(\[\d+\](\.month)?)?$/.test(path)) return 'months.from';
  if (path.startsWith('pension_base')) return path === 'pension_base.value' ? 'pension_base.value' : 'pension_base.kind';
  if (path === 'person.contribution_months') return 'person.years';
  if (path === 'person.average_index') return 'person.index';
  if (path === 'person.account_balance') return 'person.balance';
  if (path === 'person.credited_years') return 'person.credited';
  if (path.startsWith('person')) return path === 'person.track' ? 'person.track' : 'person.birth';
  if (/^subsidies\[\d+\]\.start$/.test(path)) return 'subsidies.start';
  if (/^subsidies\[\d+\]\.months_reached_before$/.test(path)) return 'subsidies.reached';
  if (/^subsidies\[\d+\]/.test(path)) return 'subsidies.platform';
  if (['region', 'medical.rate', 'medical.tier', 'medical.scheme'].includes(path)) return path;
  return null;
}
