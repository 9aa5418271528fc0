// Counts this view for the most-read lists: after the page has loaded, the article's id is
// posted to the site (no cookie, nothing about the reader). Pages stay shared by caches;
// readers without JavaScript are not counted.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon || !window.URLSearchParams) {
    return;
  }
  var url = script.getAttribute("data-url");
  var data = new URLSearchParams({ id: script.getAttribute("data-article") });
  function send() {
    navigator.sendBeacon(url, data);
  }
  if (document.readyState === "complete") {
    send();
  } else {
    window.addEventListener("load", send, { once: true });
  }
})();
