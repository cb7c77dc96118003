// Share and print. A share link carries the inputs after # (never sent to a server), without income,
// birth month and record unless the worker ticks it. Print gives the case sheet (view-print.js).
import { h } from './dom.js';
import { encodeShare } from './state.js';

export function shareBlock(view) {
  const { L, id, state } = view;
  const withPrivate = h('input', { type: 'checkbox', id: `${id}-share-private`, class: 'fc-share-private' });
  const out = h('input', { type: 'url', readonly: true, class: 'fc-share-url', id: `${id}-share-url`, 'aria-label': L('shareLink'), hidden: true });
  const status = h('span', { class: 'fc-muted', role: 'status' });
  const copy = h('button', {
    type: 'button', hidden: true, onclick: async () => {
      try { await navigator.clipboard.writeText(out.value); status.textContent = L('shareCopied'); } catch { out.select(); }
    },
  }, L('shareCopy'));
  const make = () => {
    out.value = `${location.href.split('#')[0]}#${encodeShare(state, { private: withPrivate.checked })}`;
    out.hidden = false;
    copy.hidden = false;
    status.textContent = '';
  };
  return h('section', { class: 'fc-block fc-share fc-noprint' },
    h('p', { class: 'fc-notes-title' }, L('share')),
    h('p', { class: 'fc-hint' }, L('shareHint')),
    h('div', { class: 'fc-check' }, withPrivate, h('label', { for: withPrivate.id }, L('sharePrivate'))),
    h('div', { class: 'fc-share-row' },
      h('button', { type: 'button', class: 'fc-share-make', onclick: make }, L('shareMake')),
      h('button', { type: 'button', class: 'fc-print', onclick: () => window.print() }, L('print'))),
    out, copy, status);
}
