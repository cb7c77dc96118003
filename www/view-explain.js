// How it was computed: the engine's steps of the first month (the others follow the same rules) and
// the retirement steps, each told as a sentence with the engine's own figures, and its sources
// (document, title, date, how sure). Parameter names and codes stay out of sight.
import { h } from './dom.js';
import { money, age, years, yearsMonths, month as monthText, percent } from './format.js';
import { plain } from './plain.js';

const GRADES = ['A', 'B', 'C'];

/** The sentence for one step, from the step's own figures (and the response's blocks). */
function sentence(s, now, view) {
  const { L, lang, msg } = view;
  const i = s.inputs ?? {};
  const r = s.result ?? {};
  switch (s.step) {
    case 'pension.base':
      return L('stepBase', { base: money(r.base), floor: money(i.floor), ceiling: money(i.ceiling), choice: L(`baseKinds.${i.choice}`) });
    case 'pension.contribution':
      return L('stepPension', { base: money(i.base), rate: percent(i.rate), total: money(r.total), account: money(r.personal_account), pooled: money(r.pooled) });
    case 'medical.contribution': {
      const med = now.months.find((m) => m.month === s.month)?.medical;
      const est = med?.estimate;
      const text = med?.rate && med.base
        ? L('stepMedicalRate', { base: money(med.base), rate: percent(med.rate), total: money(med.total) })
        : L('stepMedical', { base: money(r.base), total: money(r.total) });
      if (!est) return text;
      // The estimate's basis is the rules data's own words, in both languages.
      const basis = msg(est.basis);
      return `${text}${L('stepEstimate', { low: money(est.low), high: money(est.high) })}${plain(basis, lang) ? basis : ''}`;
    }
    case 'injury.fee':
      if (i.covered !== 'true') return L('injuryNotCovered');
      return r.total === '0.00' ? L('stepInjuryNoOrders') : L('stepInjury', { total: money(r.total) });
    case 'labor_facts.liability':
      return L('stepLiability', { p: percent(i.platform_pension_rate), m: percent(i.platform_medical_rate_cut) });
    case 'retirement.statutory': {
      const ret = now.retirement;
      if (!ret) break;
      return L('stepRetire', { date: monthText(ret.statutory.date, lang), age: age(ret.statutory.age, lang), original: monthText(ret.original.date, lang), delay: ret.delay_months });
    }
    case 'retirement.min_years': {
      const ret = now.retirement;
      if (!ret) break;
      return L('stepMinYears', { min: years(ret.min_contribution_years), have: yearsMonths(ret.contribution_months, lang) });
    }
    case 'projection.pension': {
      const p = now.projection;
      if (!p) break;
      return L('stepProjection', {
        monthly: money(p.monthly_pension), basic: money(p.basic_pension), bb: money(p.benefit_base), idx: p.average_index,
        years: years(p.years), account: money(p.account_pension), balance: money(p.account_balance), divisor: years(p.months_divisor),
      });
    }
    case 'resident.schemes': {
      const res = now.resident;
      if (!res?.medical) break;
      return L('stepResident', { v: money(res.medical.yearly_individual), s: money(res.medical.yearly_subsidy) });
    }
    case 'subsidy.employment_difficulty':
    case 'subsidy.platform_pension':
      return L('stepSubsidy', { name: L(`programs.${s.step.slice(8)}`) });
    default:
  }
  return msg(s.rule) || L('stepOther');
}

/**
 * A source's name for the Chinese page: the rules data sometimes add an English gloss or a research
 * note in brackets to a Chinese name; the worker reads the Chinese name.
 */
function chineseName(s) {
  return s.replace(/[（(][^（）()]*[A-Za-z]{2,}[^（）()]*[）)]/g, '').replace(/\s+[A-Za-z][^\u3400-\u9fff]*$/, '').trim();
}

function citation(c, view) {
  const { L, lang } = view;
  const safeUrl = typeof c.url === 'string' && /^https?:\/\//.test(c.url) ? c.url : null;
  // Internal file paths of a research note are no use to a reader.
  const full = [c.document, c.title].filter(Boolean).join(' ').replace(/\s*[（(][^（）()]*(\.md|\.toml|\.\.\/)[^（）()]*[）)]/g, '');
  const cjk = /[\u3400-\u9fff]/.test(full);
  const name = lang === 'zh' ? (cjk ? chineseName(full) : L('sourceEnglish')) : full;
  const grade = GRADES.includes(c.grade) ? c.grade : 'C';
  // Document names and titles keep their own language (Chinese, in both pages): marked as such for
  // readers and tools. A convention of the calculator itself is said in the page's words.
  const doc = c.convention ? L('sourceConvention')
    : name ? h('span', { lang: lang === 'zh' || cjk ? 'zh-CN' : 'en' }, name) : L('sourceUnnamed');
  return h('li', { class: 'fc-cite' },
    h('span', { class: `fc-badge fc-grade fc-grade-${grade}` }, L(`gradeWords.${grade}`)), ' ',
    safeUrl ? h('a', { href: safeUrl, rel: 'noopener noreferrer', target: '_blank' }, doc) : doc,
    c.published ? ` (${c.published})` : '',
    c.carried_forward ? h('span', { class: 'fc-detail' }, ` ${L('carried')}`) : null);
}

function uniqueCitations(list) {
  const seen = new Set();
  return (list ?? []).filter((c) => {
    const k = c.convention ? 'convention' : `${c.document}|${c.title}`; // said once as the calculator's practice
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The steps to tell: the first month's, the scenario's own, and those of no month (retirement). */
export function steps(now, lf) {
  const first = now.months[0]?.month;
  // Retirement steps carry the retirement month, outside the ledger.
  const ledger = new Set(now.months.map((m) => m.month));
  const ours = (now.trace ?? []).filter((s) => !s.month || s.month === first || !ledger.has(s.month));
  const lfOwn = (lf?.trace ?? []).filter((s) => s.step.startsWith('labor_facts.') && (!s.month || s.month === first));
  const out = [];
  for (const s of ours) {
    out.push(s);
    if (s.step === 'medical.contribution') out.push(...lfOwn);
  }
  if (!ours.some((s) => s.step === 'medical.contribution')) out.push(...lfOwn);
  return out;
}

/** "2025-01..2025-12" → 2025年度 / 2025; "2025-07..2026-06" → a range of months; "2024-01.." → from a month. */
function periodText(p, view) {
  const { L, lang } = view;
  const r = /^(\d{4})-(\d{2})\.\.((\d{4})-(\d{2}))?$/.exec(p ?? '');
  if (!r) return String(p ?? '');
  if (!r[3]) return L('asOfFrom', { m: monthText(`${r[1]}-${r[2]}`, lang) });
  if (r[1] === r[4] && r[2] === '01' && r[5] === '12') return L('asOfYear', { y: r[1] });
  return L('asOfRange', { a: monthText(`${r[1]}-${r[2]}`, lang), b: monthText(r[3], lang) });
}

/**
 * Figures as of (issue 15 item 5): for the worker's place and the last month shown, which period's
 * standard the contribution base, the medical rule and the pension's benefit base come from, when it
 * was published, and whether it is carried forward or an estimate. Read from the engine's own
 * citations (the trace); nothing is worked out here.
 */
export function figuresAsOf(now, view) {
  const { L, lang } = view;
  const last = now.months.at(-1);
  if (!last || !now.trace) return null;
  const cite = (param, inMonth) => now.trace
    .filter((s) => (inMonth ? s.month === last.month : true))
    .flatMap((s) => s.citations ?? [])
    .find((c) => c.parameter === param);
  const part = (key, c) => {
    if (!c) return null;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(c.published ?? '') ? L('asOfPublished', { d: c.published }) : '';
    return L(key, { p: periodText(c.period, view) }) + date + (c.carried_forward ? L('asOfCarried') : '');
  };
  const medical = last.medical?.estimate ? L('asOfMedicalEstimate') : part('asOfMedical', cite('medical.flexible', true));
  const parts = [
    part('asOfBase', cite('pension.base_floor', true)),
    last.medical?.scheme === 'employee' ? medical : null,
    part('asOfBenefit', cite('pension.benefit_base', false)),
  ].filter(Boolean);
  if (!parts.length) return null;
  const place = lang === 'zh' ? now.region.place?.zh ?? now.region.zh : now.region.place?.en ?? now.region.en;
  return h('p', { class: 'fc-hint fc-as-of', 'data-testid': 'figures-as-of' },
    L('asOfTitle', { place, m: monthText(last.month, lang) }), parts.join(L('asOfSep')), L('asOfEnd'));
}

export function explain(now, lf, view) {
  const { L } = view;
  const list = steps(now, lf);
  if (!list.length) return null;
  return h('details', { class: 'fc-block fc-explain' }, h('summary', {}, L('explain')),
    now.months.length > 1 ? h('p', { class: 'fc-hint' }, L('explainFirstMonth')) : null,
    h('ol', { class: 'fc-steps' }, list.map((s) => h('li', { class: 'fc-step' },
      h('p', {}, sentence(s, now, view)),
      s.citations?.length ? h('ul', { class: 'fc-cites', 'aria-label': L('source') }, uniqueCitations(s.citations).map((c) => citation(c, view))) : null))),
    h('p', { class: 'fc-hint' }, L('gradeHint')));
}

/** The main sources of a result, for the case sheet: those of the first month's steps, once each. */
export function mainCitations(now, lf, view) {
  return uniqueCitations(steps(now, lf).flatMap((s) => s.citations ?? [])).slice(0, 8).map((c) => citation(c, view));
}
