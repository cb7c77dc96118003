// The engine's codes as plain sentences (the strings are in i18n.js): notes from its warnings, one per
// code with their topics named together, most useful first; projection assumptions; errors in words for
// their field. An unknown code gets a general sentence, never the code itself.
import { STRINGS, t } from './i18n.js';

/** The topic a parameter belongs to, for a note. */
function topic(parameter) {
  const p = parameter ?? '';
  if (/^pension\.base_(floor|ceiling|tiers|percent_range)$|^pension\.tier_rule$|^average_wage$/.test(p)) return 'base';
  if (p.startsWith('medical.')) return 'medical';
  if (p === 'pension.account_interest') return 'interest';
  if (p.startsWith('injury.')) return 'injury';
  if (p.startsWith('labor_facts.')) return 'scenario';
  if (p.startsWith('retirement.')) return 'retirement';
  if (p.startsWith('resident.')) return 'resident';
  if (p.startsWith('rounding.')) return 'rounding';
  if (p.startsWith('subsidy.')) return 'subsidy';
  if (p === 'pension.benefit_base') return 'benefit';
  if (p === 'pension.months_divisor' || p === 'pension.divisor_lookup') return 'divisor';
  if (p.startsWith('pension.')) return 'pension';
  return 'other';
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;
function monthName(m, lang) {
  const r = MONTH_RE.exec(m ?? '');
  if (!r) return '';
  return lang === 'zh' ? `${r[1]}年${Number(r[2])}月` : `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(r[2]) - 1]} ${r[1]}`;
}

function monthsText(months, lang) {
  const list = (months ?? []).filter((m) => MONTH_RE.test(m));
  if (!list.length) return lang === 'zh' ? '这段时间' : 'this period';
  if (list.length <= 2) return list.map((m) => monthName(m, lang)).join(t(lang, 'topicSep'));
  return t(lang, 'monthsSome', { first: monthName(list[0], lang), n: list.length });
}

const SENTENCE_CODES = new Set(Object.keys(STRINGS.zh.notes));

/** One warning (or several of the same code) as a sentence. */
export function noteText(w, lang, topics) {
  const code = SENTENCE_CODES.has(w.code) ? w.code : 'other';
  const names = [...new Set(topics ?? [topic(w.parameter)])].map((k) => t(lang, `topics.${k}`));
  return t(lang, `notes.${code}`, { topics: names.join(t(lang, 'topicSep')), months: monthsText(w.months, lang) });
}

// Most useful first: what changes the figure or needs the worker's action.
const PRIORITY = ['custom_rules', 'medical_estimate', 'base_clamped', 'medical_tier_default', 'long_hours',
  'benefit_base_from_average_wage', 'benefit_base_later_year', 'carried_forward', 'grade_c', 'medical_not_shared', 'scenario_not_law', 'convention'];

/**
 * The warnings of a result (both scenarios) as notes: one sentence per code (its parameters named as
 * topics together), most useful first: [{ code, text }].
 */
export function noteList(warnings, lang) {
  const byCode = new Map();
  for (const w of warnings ?? []) {
    const g = byCode.get(w.code) ?? { code: w.code, topics: [], months: new Set() };
    g.topics.push(topic(w.parameter));
    (w.months ?? []).forEach((m) => g.months.add(m));
    byCode.set(w.code, g);
  }
  const rank = (c) => { const i = PRIORITY.indexOf(c); return i < 0 ? PRIORITY.length : i; };
  return [...byCode.values()].sort((a, b) => rank(a.code) - rank(b.code))
    .map((g) => ({ code: g.code, text: noteText({ code: g.code, months: [...g.months].sort() }, lang, g.topics) }));
}

/** A projection assumption as a sentence (the engine's own text names codes and raw figures). */
export function assumptionText(a, lang) {
  const key = Object.hasOwn(STRINGS.zh.assume, a.code) ? a.code : 'other';
  return t(lang, `assume.${key}`);
}

/** Whether an engine text can be shown as it is: no code, no parameter name, no raw long decimal. */
export function plain(text, lang) {
  if (!text) return false;
  if (/[a-z]+_[a-z_]+|[a-z]{2,}\.[a-z_]{2,}|\d+\.\d{3,}|HalfUp|\d+y\d+m/.test(text)) return false;
  return lang === 'zh' ? !/[A-Za-z]{2,}/.test(text) : !/[\u3400-\u9fff]/.test(text);
}

/** An engine error in plain words for its field. */
export function plainError(err, lang) {
  const en = err.messages?.en ?? err.message ?? '';
  const own = (lang === 'zh' ? err.messages?.zh ?? err.message_zh : en) ?? en;
  const path = err.path ?? '';
  const T = (k) => t(lang, k);
  if (err.code === 'unknown_region' || err.code === 'ambiguous_region') {
    // The engine's words quote what was typed (and list the places a name may mean).
    const text = own.replace(/^输入有误：/, '');
    return err.code === 'unknown_region' ? `${text}${lang === 'zh' ? '。' : '. '}${T('unknownRegion')}` : text;
  }
  if (err.code === 'rules_not_available') return T('tooEarly');
  if (/missing field/.test(en)) return T('required');
  if (/orders$/.test(path) && /invalid type|expected u64|invalid value|integer/.test(en)) return T('notInteger');
  if (/not a plain decimal|invalid type: (string|integer|floating)|expected a decimal|invalid decimal/i.test(en)) return T('notNumber');
  if (/(\.month|^months|birth|start)$/.test(path) && /month/i.test(en)) return T('notMonth');
  if (/at most 600|600 months/.test(en)) return T('tooManyMonths');
  const text = own.replace(/^输入有误：/, '').replace(/ at line \d+ column \d+$/, '');
  return plain(text, lang) ? text : T('badValue');
}
