// The calculator for an <iframe> (frame.html?region=320100&lang=zh): it tells the host page its
// height with postMessage({type: 'flexcalc:height', height}) so that iframe-resize.js can size the
// frame. Only a number leaves the frame; nothing the user types does.
import { mountCalculator, loadLang } from './calculator.js';
import { embedState } from './state.js';

let last = 0;
function report() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: 'flexcalc:height', height }, '*');
  }
}
new ResizeObserver(report).observe(document.body);
// Before the await below: the load event does not wait for this module's top-level await.
window.addEventListener('load', report);

// Parameters as the widget's attributes: region, lang, month (YYYY-MM), example.
const q = new URLSearchParams(location.search);
const state = embedState({ region: q.get('region'), lang: q.get('lang'), month: q.get('month'), example: q.get('example') });
await loadLang(state.lang).catch(() => { state.lang = 'zh'; }); // English: i18n-en.js first
document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
mountCalculator(document.getElementById('app'), {
  state,
  heading: 'h1',
  share: false,
  onLangChange: (lang) => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; },
});
report();
