// The place: a combobox searchable by name, pinyin, alias or code. It works as a plain text box
// before the engine has loaded (what is typed is kept and passed on as typed; the engine resolves
// names and pinyin); the list of regions arrives later with setRegions(), without redrawing the input.
import { h, clear } from './dom.js';

const norm = (s) => String(s).toLowerCase().replace(/[\s·()（）]/g, '');

function entry(r, parent) {
  const keys = [r.code, r.zh, r.en, ...(r.aliases ?? [])].map(norm);
  return { code: r.code, zh: r.zh, en: r.en, parent, keys };
}

/**
 * ctx: { id, state, L, field(path, label, input, hint), onChange() }.
 * Returns { el, input, setRegions(list), setSearch(fn), label(code), refresh() }.
 */
export function createRegionBox(ctx) {
  const { id, state, L } = ctx;
  let flat = [];
  const listId = `${id}-region-list`;
  const input = h('input', {
    type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': listId, autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'next',
    placeholder: L('regionPlaceholder'), value: state.regionText,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'fc-listbox', hidden: true, 'aria-label': L('region') });
  let active = -1;
  let matches = [];
  let shown = state.regionText; // the text this box last put in the input itself

  // The engine's own search of every division (searchPlaces), once it has loaded: what the box offers
  // is then what the engine resolves, counties and special areas included. Until then, the regions
  // of the rules files.
  let search = null;
  const seen = new Map(); // code -> entry, for the places the search offered
  const fromSearch = (p) => {
    const parent = p.level === 'province' ? null : { zh: p.province_zh, en: p.province_en };
    const r = { code: p.code, zh: p.zh, en: p.en, parent, keys: [] };
    seen.set(p.code, r);
    return r;
  };
  const label = (code) => {
    const r = flat.find((x) => x.code === code) ?? seen.get(code);
    if (!r) return '';
    const name = state.lang === 'zh' ? r.zh : r.en;
    const parent = r.parent ? (state.lang === 'zh' ? r.parent.zh : r.parent.en) : '';
    return parent ? L('regionWithParent', { name, parent }) : name;
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const show = (text) => { input.value = text; shown = text; };
  const choose = (r) => {
    state.region = r.code;
    state.regionText = '';
    show(label(r.code));
    close();
    ctx.onChange();
  };
  const filter = () => {
    const q = norm(input.value);
    if (q && search) {
      matches = search(input.value).map(fromSearch);
    } else {
      matches = (!q ? flat.filter((r) => !r.parent) : flat.filter((r) => r.keys.some((k) => k.includes(q)))).slice(0, 12);
    }
    clear(list);
    active = -1;
    if (!flat.length) { close(); return; }
    if (!matches.length) list.append(h('li', { class: 'fc-nomatch', role: 'option', 'aria-disabled': 'true' }, L('regionNoMatch')));
    matches.forEach((r, i) => list.append(h('li', {
      role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false',
      onmousedown: (e) => { e.preventDefault(); choose(r); },
    }, label(r.code))));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const highlight = (i) => {
    const items = list.querySelectorAll('[role=option]:not([aria-disabled])');
    items.forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    if (items[i]) { input.setAttribute('aria-activedescendant', items[i].id); items[i].scrollIntoView?.({ block: 'nearest' }); }
    active = i;
  };
  input.addEventListener('input', () => {
    // What is typed goes to the engine as typed, unless it names exactly one region of the list.
    const q = norm(input.value);
    const exact = flat.filter((r) => r.keys.includes(q));
    if (exact.length === 1) { state.region = exact[0].code; state.regionText = ''; } else { state.region = ''; state.regionText = input.value; }
    shown = null;
    filter();
    ctx.onChange();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) filter();
      const n = matches.length;
      if (n) highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      if (!list.hidden && active >= 0 && matches[active]) { e.preventDefault(); choose(matches[active]); }
      else if (!list.hidden && matches.length === 1) { e.preventDefault(); choose(matches[0]); }
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => close());

  const el = h('div', { class: 'fc-region' }, ctx.field('region', L('region'), input, L('regionHint')), list);

  /** Shows the chosen region's name, unless the worker has typed something of their own since. */
  function refresh() {
    if (state.region && (shown === null ? false : input.value === shown)) show(label(state.region) || input.value);
  }

  return {
    el,
    input,
    label,
    setRegions(regions) {
      flat = [];
      for (const p of regions) {
        flat.push(entry(p, null));
        for (const c of p.cities ?? []) flat.push(entry(c, p));
      }
      refresh();
    },
    /** The engine's place search, `(text) => [{code, zh, en, level, province_zh, province_en}]`. */
    setSearch(fn) { search = fn; },
    refresh,
  };
}
