// sitegen's browser editor (only in `sitegen serve`): say what sitegen understood of a meeting's
// `when` and `time` while it is typed, and show a page's text as it will look. The form works
// the same without this script: Save shows both.
(function () {
  "use strict";

  function debounce(action, wait) {
    var timer;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(action, wait);
    };
  }

  function valueOf(box, prefix, key) {
    var field = box.querySelector('[name="' + prefix + key + '"]');
    return field ? field.value : "";
  }

  function watchUnderstood(box) {
    var prefix = box.getAttribute("data-prefix");
    var kind = box.getAttribute("data-understood");
    var words = box.querySelector(".understood");
    var update = debounce(function () {
      var query = new URLSearchParams({kind: kind});
      ["when", "time", "from", "until", "date"].forEach(function (key) {
        query.append(key, valueOf(box, prefix, key));
      });
      box.querySelectorAll('[name^="' + prefix + 'skip["]').forEach(function (field) {
        query.append("skip", field.value);
      });
      fetch("/edit/understood?" + query.toString(), {credentials: "same-origin"})
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (found) {
          if (!found) { return; }
          var problems = Object.keys(found.problems).map(function (key) { return found.problems[key]; });
          var line = document.createElement("p");
          var label = document.createElement("strong");
          var text = document.createElement("span");
          text.className = "understood-words";
          label.textContent = found.sentence || !problems.length ? "sitegen understood: " : "sitegen did not understand: ";
          text.textContent = found.sentence || problems.join(" ") || "nothing yet.";
          line.appendChild(label);
          line.appendChild(text);
          words.replaceChildren(line);
        })
        .catch(function () {});
    }, 300);
    box.addEventListener("input", update);
  }

  function watchPreview(textarea) {
    var shown = document.getElementById(textarea.getAttribute("data-preview"));
    var token = textarea.form.querySelector('[name="token"]').value;
    textarea.addEventListener("input", debounce(function () {
      var body = new URLSearchParams({token: token, body: textarea.value});
      fetch("/edit/preview", {method: "POST", body: body, credentials: "same-origin"})
        .then(function (answer) { return answer.ok ? answer.text() : null; })
        .then(function (html) {
          // The server made this HTML safe exactly as the build does for the site.
          if (html !== null) { shown.innerHTML = html; }
        })
        .catch(function () {});
    }, 400));
  }

  document.querySelectorAll("fieldset[data-understood]").forEach(watchUnderstood);
  document.querySelectorAll("textarea[data-preview]").forEach(watchPreview);
})();
