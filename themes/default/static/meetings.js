// Dates in the page are correct on the day it was built. This hides those that
// have passed on the visitor's own clock, so a page built weeks ago never shows
// a past date as coming up. Without JavaScript every date stays listed.
(function () {
  "use strict";
  var now = Date.now();
  var items = document.querySelectorAll("[data-over-at]");
  for (var i = 0; i < items.length; i++) {
    if (Date.parse(items[i].getAttribute("data-over-at")) < now) {
      items[i].hidden = true;
    }
  }
  var lists = document.querySelectorAll("[data-upcoming]");
  for (var j = 0; j < lists.length; j++) {
    var next = lists[j].querySelector("li:not([hidden]):not(.not-happening)");
    if (next) {
      next.classList.add("next-date");
    }
  }
})();
