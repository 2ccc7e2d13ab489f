// Starts Pagefind's search UI on the search page, in Dutch, labels its input and fills in ?q= from the home page form.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("zs-search");
    if (!box || typeof PagefindUI === "undefined") { return; }
    var ui = new PagefindUI({
      element: "#zs-search",
      bundlePath: box.getAttribute("data-bundle"),
      showImages: false,
      resetStyles: false,
      excerptLength: 12,
      translations: {
        placeholder: "Naam, plaats of postcode",
        clear_search: "Wissen",
        load_more: "Meer resultaten",
        search_label: "Zoek op deze site",
        filters_label: "Filters",
        zero_results: "Niets gevonden voor [SEARCH_TERM]",
        many_results: "[COUNT] resultaten voor [SEARCH_TERM]",
        one_result: "[COUNT] resultaat voor [SEARCH_TERM]",
        alt_search: "Niets gevonden voor [SEARCH_TERM]. Resultaten voor [DIFFERENT_TERM]",
        search_suggestion: "Niets gevonden voor [SEARCH_TERM]. Probeer een van deze:",
        searching: "Zoeken naar [SEARCH_TERM]..."
      }
    });
    labelInput(box);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { ui.triggerSearch(q); }
  }
  // Pagefind's input has only a title and a placeholder; give it a visible label (WCAG 3.3.2, axe: label-title-only).
  function labelInput(box) {
    var input = box.querySelector("input.pagefind-ui__search-input");
    if (!input) {
      var observer = new MutationObserver(function () {
        if (box.querySelector("input.pagefind-ui__search-input")) { observer.disconnect(); labelInput(box); }
      });
      observer.observe(box, { childList: true, subtree: true });
      return;
    }
    if (document.getElementById("zs-search-label")) { return; }
    input.id = input.id || "zs-search-query";
    var label = document.createElement("label");
    label.id = "zs-search-label";
    label.className = "zs-search-label";
    label.htmlFor = input.id;
    label.textContent = "Naam, plaats of postcode van een zorgaanbieder, of een indicator";
    box.insertBefore(label, box.firstChild);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
