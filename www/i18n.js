// Every string the calculator shows, in both languages of the product, including the plain sentences
// for the engine's codes (notes, assumptions, errors), which plain.js picks. The engine's notes name
// parameters and codes; a worker sees sentences, never the codes.
//
// One file per language, so that a page loads only the strings it shows (issue 16 item 8, the first
// answer's weight): Chinese (i18n-zh.js), the page's first language and the fallback, is imported
// here; English (i18n-en.js) is loaded by loadLang('en') when the page is asked for it (?lang=en, a
// share link in English, an embed's lang, the language switch), before anything is shown in it.
import zh from './i18n-zh.js';

export const STRINGS = { zh };

// Each language's module, as a literal import() (the service worker and scripts/sri.mjs find it).
const LOADERS = { en: () => import('./i18n-en.js') };
const loading = {};

/** Whether the strings of `lang` are here (t() can show them now). */
export const hasLang = (lang) => Object.hasOwn(STRINGS, lang);

/** Loads the strings of `lang` once; resolves when t() can show them. An unknown language: Chinese. */
export function loadLang(lang) {
  if (hasLang(lang) || !LOADERS[lang]) return Promise.resolve();
  loading[lang] ??= LOADERS[lang]().then((m) => { STRINGS[lang] = m.default; });
  loading[lang].catch(() => { delete loading[lang]; }); // a failed load (offline) may be retried
  return loading[lang];
}

/** `t(lang, 'a.b', {n: 1})`: the string, with `{n}` placeholders filled. */
export function t(lang, key, vars) {
  const get = (o) => key.split('.').reduce((x, k) => (x == null ? x : x[k]), o);
  let s = get(STRINGS[lang] ?? STRINGS.zh);
  if (s == null) s = get(STRINGS.zh) ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}
