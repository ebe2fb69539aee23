// Start Pagefind's search UI (loaded only on the search page). It picks the
// index of the page's <html lang> and speaks that language.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // eslint-disable-next-line no-undef
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
});
