// <flexcalc-widget region="320100" lang="zh"></flexcalc-widget>
// One module script: <script type="module" src="https://…/flexcalc-widget.js"></script>.
// The calculator lives in a shadow root; theme it with CSS custom properties on the element
// (--fc-accent, --fc-bg, --fc-fg, --fc-card-bg, --fc-radius, --fc-font, …; see embed.html).
// Needs no inline script or style: a host's CSP needs script-src (this origin) 'wasm-unsafe-eval',
// style-src (this origin) and connect-src (this origin, for the .wasm file).
import { mountCalculator, defaultState, loadEngine } from './calculator.js';

const STYLESHEET = new URL('./flexcalc.css', import.meta.url).href;

class FlexcalcWidget extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLESHEET;
    root.appendChild(link);
    const state = defaultState();
    const region = this.getAttribute('region');
    if (region) state.region = region;
    state.lang = (this.getAttribute('lang') ?? 'zh').toLowerCase().startsWith('en') ? 'en' : 'zh';
    this.calculator = mountCalculator(root, {
      state,
      heading: this.getAttribute('heading-level') === '1' ? 'h1' : 'h2',
      share: false,
      onLangChange: (lang) => this.setAttribute('lang', lang === 'zh' ? 'zh' : 'en'),
      onResult: (result) => this.dispatchEvent(new CustomEvent('flexcalc-result', { detail: result.cmp, bubbles: true, composed: true })),
    });
  }
}

if (!customElements.get('flexcalc-widget')) customElements.define('flexcalc-widget', FlexcalcWidget);
export { FlexcalcWidget, loadEngine };
