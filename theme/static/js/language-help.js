// Static hosts cannot negotiate language. If the reader's browser prefers
// another language this site has, show the (server-rendered, hidden)
// suggestion in that language. Never redirects. Once the reader has chosen a
// language (any language link but search's "search there") or dismissed the
// suggestion, it stays away on every page. The choice also goes into the
// nf_lang cookie, which hosts that read _redirects (Netlify) honour instead
// of Accept-Language.
(function () {
  "use strict";
  var KEY = "bcc-language-help-dismissed";
  var pageLang = document.documentElement.lang;
  var preferred = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return String(tag).toLowerCase().split("-")[0];
  });

  function settle() {
    try {
      window.localStorage.setItem(KEY, "1");
    } catch (error) {
      // Storage may be off; the suggestion then comes back on the next page.
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (!link || link.closest(".search__elsewhere")) return;
    document.cookie = "nf_lang=" + link.getAttribute("hreflang") + "; path=/; max-age=31536000; SameSite=Lax";
    settle();
  });

  try {
    if (window.localStorage.getItem(KEY) === "1") return;
  } catch (error) {
    // No storage: nothing remembered, so offer it.
  }

  document.querySelectorAll(".language-help").forEach(function (help) {
    var lang = help.getAttribute("data-language");
    var rankOfOther = preferred.indexOf(lang);
    var rankOfPage = preferred.indexOf(pageLang);
    if (rankOfOther === -1 || (rankOfPage !== -1 && rankOfPage < rankOfOther)) return;
    help.hidden = false;
    help.querySelector(".language-help__dismiss").addEventListener("click", function () {
      help.hidden = true;
      settle();
    });
  });
})();
