// Static hosts cannot negotiate language. If the reader's browser prefers
// another language this site has, show the (server-rendered, hidden)
// suggestion in that language. Never redirects; dismissing it is remembered.
// Following a language link records the choice in the nf_lang cookie, which
// hosts that read _redirects (Netlify) honour instead of Accept-Language.
(function () {
  "use strict";
  var KEY = "bcc-language-help-dismissed";
  var pageLang = document.documentElement.lang;
  var preferred = (navigator.languages || [navigator.language || ""]).map(function (tag) {
    return String(tag).toLowerCase().split("-")[0];
  });

  function remember(lang) {
    document.cookie = "nf_lang=" + lang + "; path=/; max-age=31536000; SameSite=Lax";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (link) remember(link.getAttribute("hreflang"));
  });

  var dismissed = false;
  try {
    dismissed = window.localStorage.getItem(KEY) === "1";
  } catch (error) {
    // Storage may be off; the suggestion then comes back on the next page.
  }
  if (dismissed) return;

  document.querySelectorAll(".language-help").forEach(function (help) {
    var lang = help.getAttribute("data-language");
    var rankOfOther = preferred.indexOf(lang);
    var rankOfPage = preferred.indexOf(pageLang);
    if (rankOfOther === -1 || (rankOfPage !== -1 && rankOfPage < rankOfOther)) return;
    help.hidden = false;
    help.querySelector(".language-help__dismiss").addEventListener("click", function () {
      help.hidden = true;
      try {
        window.localStorage.setItem(KEY, "1");
      } catch (error) {
        // Not remembered; hidden on this page all the same.
      }
    });
  });
})();
