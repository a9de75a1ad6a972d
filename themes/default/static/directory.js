// The directory's filter: pick a topic, an area, a day or type a word, and the
// cards change at once. Without JavaScript the form stays hidden and the links
// to the pre-built pages by topic, area and day do the same job.
(function () {
  "use strict";

  var form = document.getElementById("filter");
  var list = document.getElementById("cards");
  var status = document.getElementById("filter-status");
  if (!form || !list || !window.fetch) {
    return;
  }
  var kinds = { topic: "topics", area: "areas", day: "days" };
  var groups = [];

  function choices() {
    var chosen = { text: form.elements.q.value.trim().toLowerCase() };
    Object.keys(kinds).forEach(function (name) {
      chosen[kinds[name]] = form.elements[name].value;
    });
    return chosen;
  }

  function matches(group, chosen) {
    var words = chosen.text ? chosen.text.split(/\s+/) : [];
    for (var i = 0; i < words.length; i++) {
      if (group.text.indexOf(words[i]) === -1) {
        return false;
      }
    }
    return Object.keys(kinds).every(function (name) {
      var wanted = chosen[kinds[name]];
      return !wanted || group[kinds[name]].indexOf(wanted) !== -1;
    });
  }

  function remember() {
    var query = new URLSearchParams();
    var chosen = choices();
    if (chosen.text) {
      query.set("q", form.elements.q.value.trim());
    }
    Object.keys(kinds).forEach(function (name) {
      if (chosen[kinds[name]]) {
        query.set(name, chosen[kinds[name]]);
      }
    });
    var search = query.toString();
    if (window.history.replaceState) {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
  }

  function apply() {
    var chosen = choices();
    var shown = 0;
    groups.forEach(function (group) {
      var card = document.getElementById("group-" + group.slug);
      if (card) {
        card.hidden = !matches(group, chosen);
        shown += card.hidden ? 0 : 1;
      }
    });
    status.textContent = shown + (shown === 1 ? " group" : " groups");
    remember();
  }

  // A link like index.html?topic=autism&day=tuesday opens with the filter set.
  function restore() {
    var query = new URLSearchParams(window.location.search);
    form.elements.q.value = query.get("q") || "";
    Object.keys(kinds).forEach(function (name) {
      var select = form.elements[name];
      var wanted = query.get(name) || "";
      if (select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
      }
    });
  }

  fetch(form.getAttribute("data-index"))
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (index) {
      groups = index.groups;
      form.hidden = false;
      form.addEventListener("input", apply);
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        apply();
      });
      form.addEventListener("reset", function () {
        window.setTimeout(apply, 0); // after the browser has cleared the fields
      });
      restore();
      apply();
    })
    .catch(function () {
      // Opened from files (file://) the index cannot be fetched: the links still work.
    });
})();
