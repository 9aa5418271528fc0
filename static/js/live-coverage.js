// A live report's new entries without reloading: every 30 seconds the entries fragment (a small
// page the caches share, like the article) is fetched and the list replaced; screen readers
// hear how many entries are new. Once the report has ended, polling stops. Without JavaScript
// a reload shows the new entries.
(function () {
  "use strict";
  var section = document.querySelector(".live[data-live-url]");
  if (!section || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(section.getAttribute("data-poll-seconds"), 10) || 30;
  var timer = window.setInterval(refresh, seconds * 1000);

  function refresh() {
    // no-cache: the browser may keep the fragment a minute; ask again (an ETag makes it cheap).
    window.fetch(section.getAttribute("data-live-url"), { cache: "no-cache" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          update(new DOMParser().parseFromString(html, "text/html"));
        }
      })
      .catch(function () {});
  }

  function update(fetched) {
    var entries = fetched.querySelector(".live__entries");
    var list = section.querySelector(".live__entries");
    if (!entries || !list) {
      return;
    }
    var added = Array.prototype.filter.call(entries.querySelectorAll(".live-entry[id]"), function (entry) {
      return !document.getElementById(entry.id);
    }).length;
    list.replaceWith(document.importNode(entries, true));
    if (added) {
      section.querySelector(".live__status").textContent =
        section.getAttribute("data-announce").replace("{count}", added);
    }
    if (entries.getAttribute("data-status") !== "live") {
      window.clearInterval(timer);
      section.classList.add("live--ended");
      section.querySelector(".live__label").textContent = section.getAttribute("data-ended-label");
    }
  }
})();
