// For hosts of the iframe: sizes every <iframe data-flexcalc> to the height its page reports.
// <script src="https://…/iframe-resize.js" defer></script> (optional: without it the frame keeps
// its own height and scrolls).
(function () {
  'use strict';
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'flexcalc:height' || typeof d.height !== 'number' || !(d.height > 0)) return;
    var frames = document.querySelectorAll('iframe[data-flexcalc]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.min(Math.ceil(d.height), 20000) + 'px';
      }
    }
  });
})();
