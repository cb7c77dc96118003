// The form, in two parts: the few inputs the first answer needs (place, months, each platform's
// income and hours), shown above the answer, and the rest below it, folded (the platforms' names,
// kinds and orders, month by month, the base, medical insurance, the worker's record, subsidies).
// Inputs are built from the state and write to it as they change; a typed value is never redrawn
// away: a section is rebuilt only for a change of its structure (a platform added, the language),
// and then the focused field gets its focus and caret back.
import { h, fill } from './dom.js';
import { SECTORS, BASE_KINDS, TRACKS, MEDICAL_SCHEMES, monthRange, lastMonths, currentMonth } from './state.js';
import { createRegionBox } from './view-region.js';

/**
 * ctx: { id, state, L, changed() (an input changed: compute again), structure() (the request's shape
 * changed: months, platforms), sub (heading tag), customRules: bool, onRulesFile(file), onResetRules(),
 * onExample() }
 */
export function createForm(ctx) {
  const { id, state } = ctx;
  const L = (k, v) => ctx.L(k, v);
  const quick = h('div', { class: 'fc-quick' });
  const more = h('div', { class: 'fc-more' });
  let region = null;
  let regions = null;
  let search = null;
  let tiers = null;
  let custom = { name: null, error: null, ready: false };
  // Which folded sections the worker opened (kept across rebuilds).
  const open = new Set();

  function field(path, label, input, hint) {
    const fid = `${id}-${path.replace(/[^\w]+/g, '-')}`;
    input.id = fid;
    input.dataset.path = path;
    const hintEl = hint ? h('p', { class: 'fc-hint', id: `${fid}-hint` }, hint) : null;
    const err = h('p', { class: 'fc-error', id: `${fid}-err`, hidden: true, role: 'alert' });
    input.setAttribute('aria-describedby', [hintEl?.id, err.id].filter(Boolean).join(' '));
    return h('div', { class: 'fc-field', 'data-field': path }, h('label', { for: fid }, label), input, hintEl, err);
  }

  function text(value, onInput, attrs = {}) {
    return h('input', { type: 'text', value: value ?? '', autocomplete: 'off', ...attrs, oninput: (e) => { onInput(e.target.value); ctx.changed(); } });
  }

  function select(value, opts, onChange, attrs = {}) {
    return h('select', { ...attrs, onchange: (e) => onChange(e.target.value) },
      opts.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  }

  function folded(key, summary, ...children) {
    // Several platforms: their names matter to the answer, so their section starts open.
    const isOpen = open.has(key) || (key === 'platforms' && state.platforms.length > 1);
    const d = h('details', { class: `fc-group fc-${key}`, open: isOpen }, h('summary', {}, summary), ...children);
    d.addEventListener('toggle', () => { if (d.open) open.add(key); else open.delete(key); });
    return d;
  }

  const platformTitle = (k) => state.platforms[k].name.trim() || L('platformN', { n: k + 1 });

  // ------------------------------------------------------------------ the first part
  function buildQuick() {
    region = createRegionBox({ id, state, L, field, onChange: () => { ctx.regionChanged(); } });
    if (regions) region.setRegions(regions);
    if (search) region.setSearch(search);
    const from = text(state.from, (v) => { state.from = v; ctx.structure(); }, { inputmode: 'numeric', placeholder: currentMonth(), maxlength: 12 });
    const to = text(state.to, (v) => { state.to = v; ctx.structure(); }, { inputmode: 'numeric', placeholder: currentMonth(), maxlength: 12 });
    const setMonths = (r) => { state.from = r.from; state.to = r.to; rebuild(); ctx.structure(); };
    const n = monthRange(state.from, state.to).length;
    const months = h('fieldset', { class: 'fc-group fc-months' },
      h('legend', {}, L('months')),
      h('div', { class: 'fc-row fc-row-months' },
        field('months.from', L('monthFrom'), from),
        field('months.to', L('monthTo'), to)),
      h('div', { class: 'fc-month-buttons' },
        h('button', { type: 'button', class: 'fc-this-month', onclick: () => setMonths({ from: currentMonth(), to: currentMonth() }) }, L('thisMonth')),
        h('button', { type: 'button', class: 'fc-last-12', onclick: () => setMonths(lastMonths(12, currentMonth())) }, L('last12'))),
      h('p', { class: 'fc-hint', 'data-testid': 'month-count', hidden: n < 2 }, n > 1 ? L('monthCount', { n }) : ''));
    const rows = state.platforms.map((p, k) => h('div', { class: 'fc-quick-platform' },
      state.platforms.length > 1 ? h('p', { class: 'fc-quick-title', 'data-platform-title': k }, platformTitle(k)) : null,
      h('div', { class: 'fc-row fc-row2' },
        field(`work[${k}].income`, L(state.same ? 'income' : 'incomeUsual'),
          text(p.income, (v) => { p.income = v; }, { inputmode: 'decimal', placeholder: L('incomePlaceholder'), enterkeyhint: 'done' })),
        field(`work[${k}].hours`, L('hours'),
          text(p.hours, (v) => { p.hours = v; }, { inputmode: 'decimal', placeholder: L('optional') })))));
    fill(quick,
      h(ctx.sub, { id: `${id}-form-title`, class: 'fc-section-title fc-visually-hidden' }, L('formTitle')),
      region.el, months,
      h('fieldset', { class: 'fc-group fc-quick-work' }, h('legend', {}, L(state.platforms.length > 1 ? 'incomeEach' : 'work')), rows));
  }

  // ------------------------------------------------------------------ the second part
  function platformsSection() {
    const rows = state.platforms.map((p, k) => h('div', { class: 'fc-platform' },
      h('div', { class: 'fc-platform-head' },
        h('span', { class: 'fc-platform-title', 'data-platform-title': k }, platformTitle(k)),
        state.platforms.length > 1 && h('button', {
          type: 'button', class: 'fc-remove', 'aria-label': L('removePlatform', { name: platformTitle(k) }),
          onclick: () => removePlatform(k),
        }, L('remove'))),
      field(`work[${k}].platform`, L('platformName'), text(p.name, (v) => { p.name = v; renameTitles(); }, { maxlength: 64, placeholder: L('platformN', { n: k + 1 }) })),
      h('div', { class: 'fc-row' },
        field(`work[${k}].sector`, L('sector'), select(p.sector, SECTORS.map((s) => [s, L(`sectors.${s}`)]), (v) => { p.sector = v; ctx.changed(); })),
        field(`work[${k}].orders`, L('orders'), text(p.orders, (v) => { p.orders = v; }, { inputmode: 'numeric', placeholder: L('optional') })))));
    const same = h('input', { type: 'checkbox', checked: state.same, id: `${id}-same`, onchange: (e) => { state.same = e.target.checked; rebuild(); ctx.structure(); } });
    return folded('platforms', L('platformsMore'),
      h('p', { class: 'fc-hint' }, L('platformsHint')),
      rows,
      h('button', { type: 'button', class: 'fc-add', onclick: addPlatform }, `+ ${L('addPlatform')}`),
      h('div', { class: 'fc-check' }, same, h('label', { for: same.id }, L('sameEveryMonth'))),
      h('p', { class: 'fc-hint' }, L('sameEveryMonthHint')),
      perMonth());
  }

  function perMonth() {
    if (state.same) return null;
    const months = monthRange(state.from, state.to).slice(0, 120);
    return h('div', { class: 'fc-permonth' }, h('p', { class: 'fc-sub' }, L('perMonth')), months.map((month, i) => {
      const cells = (state.overrides[month] ??= []);
      const d = h('details', { class: 'fc-month', open: i === 0 || open.has(`m${i}`) }, h('summary', {}, month));
      d.addEventListener('toggle', () => { if (d.open) open.add(`m${i}`); });
      state.platforms.forEach((p, k) => {
        const c = (cells[k] ??= { hours: p.hours, income: p.income, orders: p.orders });
        d.append(h('div', { class: 'fc-month-platform' },
          h('p', { class: 'fc-month-platform-title', 'data-platform-title': k }, platformTitle(k)),
          h('div', { class: 'fc-row fc-row3' },
            field(`months[${i}].work@${k}.income`, L('incomeShort'), text(c.income, (v) => { c.income = v; }, { inputmode: 'decimal' })),
            field(`months[${i}].work@${k}.hours`, L('hoursShort'), text(c.hours, (v) => { c.hours = v; }, { inputmode: 'decimal' })),
            field(`months[${i}].work@${k}.orders`, L('ordersShort'), text(c.orders, (v) => { c.orders = v; }, { inputmode: 'numeric' })))));
      });
      return d;
    }));
  }

  function addPlatform() {
    state.platforms.push({ name: '', sector: 'instant_delivery', hours: '', income: '', orders: '' });
    open.add('platforms');
    rebuild();
    more.querySelector(`[data-path="work[${state.platforms.length - 1}].platform"]`)?.focus();
    ctx.structure();
  }

  function removePlatform(k) {
    state.platforms.splice(k, 1);
    for (const cells of Object.values(state.overrides)) if (Array.isArray(cells)) cells.splice(k, 1);
    rebuild();
    more.querySelector('.fc-add')?.focus();
    ctx.structure();
  }

  function renameTitles() {
    for (const el of [...quick.querySelectorAll('[data-platform-title]'), ...more.querySelectorAll('[data-platform-title]')]) {
      el.textContent = platformTitle(Number(el.dataset.platformTitle));
    }
    ctx.changed();
  }

  function baseSection() {
    const needsValue = state.base.kind === 'percent' || state.base.kind === 'amount';
    return folded('base', L('base'),
      h('p', { class: 'fc-hint' }, L('baseHint')),
      field('pension_base.kind', L('baseChoice'), select(state.base.kind, BASE_KINDS.map((k) => [k, L(`baseKinds.${k}`)]), (v) => {
        state.base.kind = v;
        rebuild();
        more.querySelector('[data-path="pension_base.kind"]')?.focus();
        ctx.changed();
      })),
      needsValue && field('pension_base.value', L(state.base.kind === 'percent' ? 'basePercent' : 'baseAmount'),
        text(state.base.value, (v) => { state.base.value = v; }, { inputmode: 'decimal' })));
  }

  function medicalSection() {
    const employee = state.medical.scheme === 'employee';
    const opts = [['', L('medicalTierLowest')], ...(tiers ?? []).map((x) => [x.id, state.lang === 'zh' ? x.zh : x.en])];
    if (state.medical.tier && !opts.some(([v]) => v === state.medical.tier)) opts.push([state.medical.tier, state.medical.tier]);
    return folded('medical', L('medical'),
      field('medical.scheme', L('medicalScheme'), select(state.medical.scheme, MEDICAL_SCHEMES.map((k) => [k, L(`medicalSchemes.${k}`)]), (v) => {
        state.medical.scheme = v;
        rebuild();
        more.querySelector('[data-path="medical.scheme"]')?.focus();
        ctx.changed();
      })),
      employee && (tiers || state.medical.tier) && field('medical.tier', L('medicalTier'), select(state.medical.tier, opts, (v) => { state.medical.tier = v; ctx.changed(); })),
      employee && field('medical.rate', L('medicalRate'), text(state.medical.rate, (v) => { state.medical.rate = v; }, { inputmode: 'decimal', placeholder: L('dontKnow') }), L('medicalRateHint')));
  }

  function recordSection() {
    const p = state.person;
    return folded('record', L('record'),
      h('p', { class: 'fc-hint' }, L('recordHint')),
      h('div', { class: 'fc-row' },
        field('person.birth', L('birth'), text(p.birth, (v) => { p.birth = v; }, { inputmode: 'numeric', placeholder: '1980-05', maxlength: 12 })),
        field('person.track', L('track'), select(p.track, TRACKS.map((k) => [k, L(`tracks.${k || 'none'}`)]), (v) => { p.track = v; ctx.changed(); }))),
      field('person.years', L('yearsPaid'), text(p.years, (v) => { p.years = v; }, { inputmode: 'decimal', placeholder: L('dontKnow') }), L('yearsPaidHint')),
      field('person.credited', L('credited'), text(p.credited, (v) => { p.credited = v; }, { inputmode: 'decimal', placeholder: L('creditedNone') }), L('creditedHint')),
      h('div', { class: 'fc-row' },
        field('person.balance', L('balance'), text(p.balance, (v) => { p.balance = v; }, { inputmode: 'decimal', placeholder: L('dontKnow') })),
        field('person.index', L('index'), text(p.index, (v) => { p.index = v; }, { inputmode: 'decimal', placeholder: L('dontKnow') }))),
      h('p', { class: 'fc-hint' }, L('recordUnknownHint')));
  }

  function subsidiesSection() {
    const sub = state.subsidies;
    const difficulty = h('input', { type: 'checkbox', checked: sub.difficulty, id: `${id}-difficulty`, onchange: (e) => { sub.difficulty = e.target.checked; rebuild(); ctx.changed(); } });
    const names = [...new Set(state.platforms.map((p) => p.name.trim()).filter(Boolean))];
    if (sub.platform && !names.includes(sub.platform)) sub.platform = '';
    // Option values are indexes: what a worker typed stays text content, never an attribute.
    const chosen = sub.platform ? String(names.indexOf(sub.platform)) : '';
    return folded('subsidies', L('subsidiesForm'),
      h('p', { class: 'fc-hint' }, L('subsidiesHint')),
      h('div', { class: 'fc-check' }, difficulty, h('label', { for: difficulty.id }, L('difficulty'))),
      sub.difficulty && field('subsidies.start', L('difficultyStart'), text(sub.start, (v) => { sub.start = v; }, { inputmode: 'numeric', placeholder: '2025-09', maxlength: 12 }), L('difficultyStartHint')),
      field('subsidies.platform', L('platformSubsidy'), select(chosen, [['', L('platformSubsidyNone')], ...names.map((n, i) => [String(i), n])], (v) => {
        sub.platform = v === '' ? '' : names[Number(v)] ?? '';
        rebuild();
        ctx.changed();
      }), names.length ? null : L('platformSubsidyNeedsName')),
      sub.platform && field('subsidies.reached', L('platformReached'), text(sub.reached, (v) => { sub.reached = v; }, { inputmode: 'numeric', placeholder: '0', maxlength: 3 }), L('platformReachedHint')));
  }

  function customSection() {
    if (!ctx.customRules) return null;
    const fid = `${id}-custom-file`;
    const file = h('input', {
      type: 'file', id: fid, accept: '.toml,text/plain,application/toml', 'data-path': 'custom_rules',
      'aria-describedby': `${fid}-hint ${fid}-status ${fid}-err`, 'aria-invalid': custom.error ? 'true' : null,
      disabled: !custom.ready,
      onchange: (e) => { const f = e.target.files?.[0]; if (f) ctx.onRulesFile(f); e.target.value = ''; },
    });
    if (custom.name || custom.error) open.add('custom');
    return folded('custom', L('customRules'),
      h('p', { class: 'fc-hint', id: `${fid}-hint` }, L('customRulesHint')),
      h('div', { class: 'fc-field' }, h('label', { for: fid }, L('customRulesFile')), file),
      h('p', { class: custom.name ? 'fc-custom-status fc-custom-on' : 'fc-custom-status', id: `${fid}-status`, role: 'status', 'data-testid': 'custom-rules-status' },
        custom.name ? L('customRulesInUse', { name: custom.name }) : L('customRulesBuiltIn')),
      h('p', { class: 'fc-error fc-custom-error', id: `${fid}-err`, role: 'alert', 'data-testid': 'custom-rules-error', hidden: !custom.error }, custom.error ? custom.error() : ''),
      custom.name && h('button', { type: 'button', class: 'fc-custom-reset', onclick: ctx.onResetRules }, L('customRulesReset')));
  }

  function buildMore() {
    fill(more,
      h(ctx.sub, { class: 'fc-section-title' }, L('moreTitle')),
      platformsSection(), baseSection(), medicalSection(), recordSection(), subsidiesSection(), customSection());
  }

  /** Rebuilds both parts from the state; the focused field keeps its focus and caret. */
  function rebuild() {
    const root = quick.getRootNode();
    const active = root.activeElement ?? document.activeElement;
    const path = active?.dataset?.path;
    const cls = !path && active?.className && (quick.contains(active) || more.contains(active)) ? active.className.split(' ')[0] : null;
    const caret = path && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    buildQuick();
    buildMore();
    showErrors(lastErrors);
    const again = path ? find(path) : cls ? (quick.querySelector(`.${cls}`) ?? more.querySelector(`.${cls}`)) : null;
    if (again) {
      again.focus();
      if (caret && typeof again.setSelectionRange === 'function') try { again.setSelectionRange(...caret); } catch { /* not a text field */ }
    }
  }

  const find = (path) => quick.querySelector(`[data-path="${CSS.escape(path)}"]`) ?? more.querySelector(`[data-path="${CSS.escape(path)}"]`);

  // ------------------------------------------------------------------ errors at the fields
  let lastErrors = [];
  /** errors: [{ path (a form data-path), text }]. Clears the others. */
  function showErrors(errors) {
    lastErrors = errors;
    for (const part of [quick, more]) {
      part.querySelectorAll('.fc-error:not(.fc-custom-error)').forEach((e) => { e.hidden = true; e.textContent = ''; });
      part.querySelectorAll('[aria-invalid]:not([data-path="custom_rules"])').forEach((e) => e.removeAttribute('aria-invalid'));
    }
    for (const { path, text: msg } of errors) {
      const el = find(path);
      if (!el) continue;
      el.setAttribute('aria-invalid', 'true');
      const err = el.parentNode.querySelector(`#${CSS.escape(el.id)}-err`);
      if (err) { err.textContent = msg; err.hidden = false; }
      reveal(el);
    }
  }

  /** Opens the folded sections around a field. */
  function reveal(el) {
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) {
      d.open = true;
      const key = [...d.classList].find((c) => c.startsWith('fc-') && c !== 'fc-group')?.slice(3);
      if (key) open.add(key);
    }
  }

  buildQuick();
  buildMore();

  return {
    quick,
    more,
    rebuild,
    showErrors,
    /** Focuses a field (from an error banner's link), opening what folds it. */
    focus(path) {
      const el = find(path);
      if (!el) return false;
      reveal(el);
      el.focus();
      el.scrollIntoView?.({ block: 'center' });
      return true;
    },
    fieldId: (path) => find(path)?.id ?? null,
    setRegions(list) { regions = list; region?.setRegions(list); },
    setSearch(fn) { search = fn; region?.setSearch(fn); },
    setTiers(list) {
      const same = JSON.stringify(list) === JSON.stringify(tiers);
      tiers = list;
      if (!same) { const active = more.contains(more.getRootNode().activeElement ?? document.activeElement); buildMoreKeepingFocus(active); }
    },
    setCustom(next) {
      custom = { ...custom, ...next };
      if (Object.keys(next).join() === 'ready') {
        // The engine arrived: enable the file control without redrawing anything.
        const file = more.querySelector('[data-path="custom_rules"]');
        if (file) file.disabled = !custom.ready;
        return;
      }
      buildMoreKeepingFocus(more.contains(more.getRootNode().activeElement ?? document.activeElement));
    },
    regionLabel: (code) => region?.label(code) ?? '',
    /** The months changed: their count, and the month-by-month rows when months differ. */
    monthsChanged() {
      const n = monthRange(state.from, state.to).length;
      const hint = quick.querySelector('[data-testid="month-count"]');
      if (hint) { hint.textContent = n > 1 ? L('monthCount', { n }) : ''; hint.hidden = n < 2; }
      if (!state.same) buildMoreKeepingFocus(more.contains(more.getRootNode().activeElement ?? document.activeElement));
    },
  };

  function buildMoreKeepingFocus(hadFocus) {
    if (hadFocus) rebuild();
    else { buildMore(); showErrors(lastErrors); }
  }
}
