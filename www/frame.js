// The calculator for an <iframe> (frame.html?region=320100&lang=zh): it tells the host page its
// height with postMessage({type: 'flexcalc:height', height}) so that iframe-resize.js can size the
// frame. Only a number leaves the frame; nothing the user types does.
import { mountCalculator, defaultState } from './calculator.js';

const q = new URLSearchParams(location.search);
const state = defaultState();
if (q.get('region')) state.region = q.get('region');
state.lang = (q.get('lang') ?? 'zh').startsWith('en') ? 'en' : 'zh';
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
