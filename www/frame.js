// The calculator for an <iframe> (frame.html?region=320100&lang=zh): it tells the host page its
// height with postMessage({type: 'flexcalc:height', height}) so that iframe-resize.js can size the
// frame. Only a number leaves the frame; nothing the user types does.
import { mountCalculator } from './calculator.js';
import { embedState } from './state.js';

// Parameters as the widget's attributes: region, lang, month (YYYY-MM), example.
const q = new URLSearchParams(location.search);
const state = embedState({ region: q.get('region'), lang: q.get('lang'), month: q.get('month'), example: q.get('example') });
document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
mountCalculator(document.getElementById('app'), {
  state,
  heading: 'h1',
  share: false,
  onLangChange: (lang) => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; },
});

let last = 0;
function report() {
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: 'flexcalc:height', height }, '*');
  }
}
new ResizeObserver(report).observe(document.body);
window.addEventListener('load', report);
