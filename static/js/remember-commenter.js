// Fills the comment form with the name, email and website the reader asked this browser to
// remember (the consent box), from the cookie comments/remember.py sets. The page itself is the
// same for every reader so that caches can share it; without JavaScript the reader types again.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form");
  var cookie = document.cookie.match(/(?:^|;\s*)komentar_pembaca=([^;]*)/);
  if (!form || !cookie) {
    return;
  }
  var saved;
  try {
    saved = JSON.parse(decodeURIComponent(cookie[1]));
  } catch (error) {
    return;
  }
  ["name", "email", "website"].forEach(function (field) {
    var input = form.elements[field];
    if (input && !input.value && typeof saved[field] === "string") {
      input.value = saved[field];
    }
  });
  if (form.elements.remember) {
    form.elements.remember.checked = true;
  }
})();
