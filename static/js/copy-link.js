// Shows the "Salin" button beside the article's address in the share block, copies the
// address with it and says so in the block's live region. Without JavaScript the button stays
// hidden and the reader copies from the read-only box.
(function () {
  "use strict";
  var input = document.getElementById("share-url");
  var button = document.querySelector(".share__button");
  var status = document.getElementById("share-status");
  if (!input || !button || !status) {
    return;
  }

  function copyFromTheBox() {
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var copying = navigator.clipboard
      ? navigator.clipboard.writeText(input.value).catch(copyFromTheBox)
      : copyFromTheBox();
    copying.then(
      function () {
        status.textContent = button.dataset.copied;
      },
      function () {
        input.select(); // the browser refused: the address is selected for the reader to copy
      }
    );
  });
})();
