// The page: mounts the calculator into <main>, restores inputs from a share link (#s=…, the URL
// fragment is never sent to a server), and keeps <html lang> and the title in step with the language.
import { mountCalculator, decodeState, defaultState } from './calculator.js';
import { t } from './i18n.js';

const main = document.getElementById('app');
const fromLink = decodeState(location.hash);
const state = fromLink ?? defaultState();
const query = new URLSearchParams(location.search);
if (!fromLink && query.get('lang') === 'en') state.lang = 'en';

function applyLang(lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t(lang, 'title')} · flexcalc`;
}
applyLang(state.lang);

let first = true;
const calc = mountCalculator(main, {
  state,
  heading: 'h1',
  customRules: true,
  onLangChange: applyLang,
  onResult: () => {
    if (first) {
      first = false;
      // For the timing measurement of the browser tests: navigation → first result.
      document.documentElement.dataset.firstResultMs = String(Math.round(performance.now()));
      afterFirstAnswer(true);
    }
  },
});

// A share link opened in this tab: start again from its inputs.
window.addEventListener('hashchange', () => {
  if (decodeState(location.hash)) location.reload();
});

// Print the explanation too.
window.addEventListener('beforeprint', () => {
  main.querySelectorAll('details').forEach((d) => { d.dataset.wasOpen = String(d.open); d.open = true; });
});
window.addEventListener('afterprint', () => {
  main.querySelectorAll('details').forEach((d) => { d.open = d.dataset.wasOpen === 'true'; });
});

// After the first answer, which needs neither: the batch for NGOs (batch.js, batch-worker.js: a CSV
// file computed in a Web Worker) and the service worker that keeps the page for offline use (sw.js,
// registered by batch.js). Without an answer in 4 s (a form with an error), the batch section anyway.
let batch;
function afterFirstAnswer(answered) {
  batch ??= import('./batch.js').then((b) => {
    b.mountBatch(document.getElementById('batch'));
    return b;
  });
  if (answered) batch.then((b) => b.registerServiceWorker());
}
setTimeout(() => afterFirstAnswer(false), 4000);

export default calc;
