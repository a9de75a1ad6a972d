// The directory's filter: pick a topic, an area, a day or type a word, and the
// matching groups from every page show at once. The groups' data
// (search-index.json) is fetched only when someone starts to use the filter, so
// a page costs no more than its own cards. Without JavaScript the form stays
// hidden, and the numbered pages and the pages by topic, area and day do the job.
(function () {
  "use strict";

  var form = document.getElementById("filter");
  var found = document.getElementById("found");
  var listed = document.getElementById("listed");
  if (!form || !found || !listed || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var SHOWN_AT_ONCE = 24;
  var kinds = { topic: "topics", area: "areas", day: "days" };
  var columns = { topics: 4, areas: 5, days: 6 }; // where each kind is in a group's entry
  var root = form.getAttribute("data-index").replace(/[^/]*$/, "");
  var status = document.getElementById("filter-status");
  var cards = document.getElementById("found-cards");
  var more = document.getElementById("found-more");
  var index = null;
  var loading = null;
  var matched = [];

  function load() {
    loading = loading || fetch(form.getAttribute("data-index"))
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        index = data;
        index.groups.forEach(function (group) {
          group.words = [group[1], group[2], group[3]].concat(group[4].map(function (n) {
            return data.labels.topics[n][1];
          })).join(" ").toLowerCase();
        });
      });
    return loading;
  }

  function choices() {
    var chosen = { words: form.elements.q.value.trim().toLowerCase().split(/\s+/).filter(Boolean) };
    Object.keys(kinds).forEach(function (name) {
      var slug = form.elements[name].value;
      var labels = index.labels[kinds[name]];
      chosen[kinds[name]] = -1;
      for (var n = 0; n < labels.length; n++) {
        if (labels[n][0] === slug) {
          chosen[kinds[name]] = n;
        }
      }
    });
    return chosen;
  }

  function matches(group, chosen) {
    var wordsFit = chosen.words.every(function (word) {
      return group.words.indexOf(word) !== -1;
    });
    return wordsFit && Object.keys(columns).every(function (kind) {
      return chosen[kind] === -1 || group[columns[kind]].indexOf(chosen[kind]) !== -1;
    });
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function card(group) {
    var item = element("li", "card");
    item.setAttribute("data-slug", group[0]);
    var heading = item.appendChild(element("h2", "card-name"));
    var link = heading.appendChild(element("a", "", group[1]));
    link.href = root + group[0] + "/index.html"; // as the pages link: it works from files too
    var own = [link]; // the group's own words: in its language, the labels in the page's
    if (group[2]) {
      own.push(item.appendChild(element("p", "card-tagline", group[2])));
    }
    var facts = item.appendChild(element("dl", "card-facts"));
    var topics = group[4].map(function (n) { return index.labels.topics[n][1]; }).join(", ");
    [[form.getAttribute("data-for"), topics], [form.getAttribute("data-where"), group[3]]]
      .forEach(function (fact) {
        if (fact[1]) {
          facts.appendChild(element("dt", "", fact[0]));
          own.push(facts.appendChild(element("dd", "", fact[1])));
        }
      });
    if (group[7]) {
      own.forEach(function (part) {
        part.setAttribute("lang", group[7]);
        part.setAttribute("dir", "auto");
      });
    }
    return item;
  }

  function showMore() {
    var start = cards.children.length;
    matched.slice(start, start + SHOWN_AT_ONCE).forEach(function (group) {
      cards.appendChild(card(group));
    });
    more.hidden = cards.children.length >= matched.length;
  }

  function remember(chosen) {
    var query = new URLSearchParams();
    if (chosen.words.length) {
      query.set("q", form.elements.q.value.trim());
    }
    Object.keys(kinds).forEach(function (name) {
      if (form.elements[name].value) {
        query.set(name, form.elements[name].value);
      }
    });
    var search = query.toString();
    if (window.history.replaceState) {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
  }

  function apply() {
    var chosen = choices();
    var filtering = chosen.words.length > 0 || Object.keys(columns).some(function (kind) {
      return chosen[kind] !== -1;
    });
    found.hidden = !filtering;
    listed.hidden = filtering;
    matched = filtering ? index.groups.filter(function (group) {
      return matches(group, chosen);
    }) : [];
    cards.textContent = "";
    showMore();
    status.textContent = filtering ? form.getAttribute("data-found").replace("{n}", matched.length) : "";
    remember(chosen);
  }

  function applyWhenLoaded() {
    load().then(apply).catch(function () {
      // Opened from files (file://) the index cannot be fetched: the links still work.
      form.hidden = true;
    });
  }

  // A link like index.html?topic=autism&day=tuesday opens with the filter set.
  function restore() {
    var query = new URLSearchParams(window.location.search);
    form.elements.q.value = query.get("q") || "";
    var any = Boolean(query.get("q"));
    Object.keys(kinds).forEach(function (name) {
      var select = form.elements[name];
      var wanted = query.get(name) || "";
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        select.value = wanted;
        any = true;
      }
    });
    return any;
  }

  form.hidden = false;
  form.addEventListener("focusin", function () { load().catch(function () {}); });
  form.addEventListener("input", applyWhenLoaded);
  form.addEventListener("change", applyWhenLoaded);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    applyWhenLoaded();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(applyWhenLoaded, 0); // after the browser has cleared the fields
  });
  more.addEventListener("click", showMore);
  if (restore()) {
    applyWhenLoaded();
  }
})();
