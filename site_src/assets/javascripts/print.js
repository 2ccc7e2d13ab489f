/*
 * Zorgspiegel: the "print / save as PDF" button of the provider pages (the mirror report).
 *
 * Loaded on every page (mkdocs.yml extra_javascript); it acts only where a page has [data-zs-print].
 * The button is in the page with the hidden attribute, so without JavaScript it is not there (the browser's
 * own print command still gives the same report: assets/stylesheets/print.css does the layout). No inline
 * script and no onclick attribute: works under the site's Content-Security-Policy (script-src 'self').
 */
(function () {
  'use strict';

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-zs-print]'), function (button) {
      if (button.getAttribute('data-zs-print-ready')) { return; }
      button.setAttribute('data-zs-print-ready', 'true');
      button.hidden = false;
      button.addEventListener('click', function () { window.print(); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
