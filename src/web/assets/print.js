// Buttons marked data-action="print" print the page. An inline onclick would be blocked by the CSP
// (script-src-attr 'none'), so the printouts load this file from /web/assets instead.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target.closest('[data-action="print"]') : null;
    if (!target) return;
    event.preventDefault();
    window.print();
  });
})();
