// Start Pagefind's search UI (loaded only on the search page), speaking the
// page's language (strings from the template). The query lives in the address
// (?q=): a search can be shared or reloaded, the language switcher carries it
// to the other language, and when nothing is found here a link runs it there.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var root = document.getElementById("search");
  var searched = new URLSearchParams(window.location.search).get("q") || "";

  // The same address with ?q= set to query, or without it when query is empty.
  function withQuery(href, query) {
    var url = new URL(href, window.location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    return url.href;
  }

  // Called after every change Pagefind makes to its results.
  function follow() {
    var area = root.querySelector(".pagefind-ui__results-area");
    var list = area && area.querySelector(".pagefind-ui__results");
    var query = area ? searched.trim() : "";
    var address = withQuery(window.location.href, query);
    // Only on change: browsers throttle frequent history updates.
    if (address !== window.location.href) window.history.replaceState(window.history.state, "", address);
    // The switcher, the footer's language links, the suggestion: the same search there.
    document.querySelectorAll("a[hreflang]").forEach(function (link) {
      if (!link.closest(".search__elsewhere")) link.href = withQuery(link.href, query);
    });
    document.querySelectorAll(".search__elsewhere").forEach(function (elsewhere) {
      var link = elsewhere.querySelector("a");
      elsewhere.hidden = !(list && list.children.length === 0 && query);
      if (elsewhere.hidden) return;
      link.href = withQuery(link.href, query);
      link.textContent = link.getAttribute("data-text").replace("[SEARCH_TERM]", function () {
        return query;
      });
    });
  }

  // eslint-disable-next-line no-undef
  var ui = new PagefindUI({
    element: root,
    showSubResults: true,
    showImages: false,
    translations: JSON.parse(root.getAttribute("data-translations")),
    processTerm: function (term) {
      searched = term;
      return term;
    },
  });
  new MutationObserver(follow).observe(root, { childList: true, subtree: true });
  if (searched) ui.triggerSearch(searched);
});
