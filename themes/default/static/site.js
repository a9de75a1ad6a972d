// sitegen's one small script. The site works fully without it; it only adds
// what plain HTML cannot do.
(function () {
  "use strict";

  // Dates in the page are right on the day it was built. Hide those that have
  // passed on the visitor's own clock, so an old build never shows a past date
  // as coming up, and mark the next one. Without JavaScript every date stays.
  function hidePastDates() {
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
  }

  function reversed(text) {
    return text.split("").reverse().join("");
  }

  // Email addresses are stored in pieces, reversed, so address harvesters
  // reading the HTML find nothing; put them back together as links.
  function revealEmails() {
    var spans = document.querySelectorAll("[data-email-user]");
    for (var i = 0; i < spans.length; i++) {
      var address = reversed(spans[i].getAttribute("data-email-user")) + "@" +
        reversed(spans[i].getAttribute("data-email-domain"));
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      spans[i].replaceChildren(link);
    }
  }

  // The "email" contact form opens the visitor's own email program with the
  // message written out, rather than the browser's raw form encoding.
  function composeEmail(event) {
    var form = event.target;
    var address = reversed(form.getAttribute("data-email-user")) + "@" +
      reversed(form.getAttribute("data-email-domain"));
    var body = form.elements.message.value + "\n\n" +
      form.elements.name.value + "\n" + form.elements.reply.value;
    event.preventDefault();
    window.location.href = "mailto:" + address +
      "?subject=" + encodeURIComponent(form.getAttribute("data-subject")) +
      "&body=" + encodeURIComponent(body);
  }

  hidePastDates();
  revealEmails();
  var forms = document.querySelectorAll("form[data-email-user]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", composeEmail);
  }
})();
