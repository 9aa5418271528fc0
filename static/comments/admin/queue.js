// The comment queue without reloading: a decision button posts in the background and the row
// is updated (or leaves a filtered list), and keyboard shortcuts like WordPress's: j/k select
// the next/previous comment, a approves, s marks as spam, d removes, r replies.
// Without this script each button is a plain form submission that returns to the list.
(function () {
  "use strict";

  const form = document.getElementById("comment-decisions");
  const table = document.getElementById("result_list");
  if (!form || !table) {
    return;
  }
  const announcement = document.getElementById("queue-announcement");
  const legend = document.querySelector(".queue-shortcuts");
  const rows = () => Array.from(table.tBodies[0].rows);
  let selected = null;

  function announce(text) {
    announcement.textContent = text;
  }

  function select(row) {
    if (selected) {
      selected.classList.remove("queue-selected");
    }
    selected = row || null;
    if (selected) {
      selected.classList.add("queue-selected");
      selected.tabIndex = -1;
      selected.focus();
      selected.scrollIntoView({ block: "nearest" });
    }
  }

  function update(row, status, label, message) {
    announce(message);
    if (form.dataset.showing !== "all" && form.dataset.showing !== status) {
      const next = row.nextElementSibling || row.previousElementSibling;
      const wasSelected = row === selected || row.contains(document.activeElement);
      row.remove();
      if (wasSelected) {
        select(next);
      }
      return;
    }
    row.querySelector(".field-status").textContent = label;
    row.querySelectorAll("[data-status]").forEach((button) => {
      button.hidden = button.dataset.status === status;
    });
    row.querySelectorAll("[data-hidden-for]").forEach((link) => {
      link.hidden = link.dataset.hiddenFor.split(" ").includes(status);
    });
  }

  async function decide(button) {
    const row = button.closest("tr");
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      const result = await response.json();
      update(row, result.status, result.label, result.message);
    } catch (error) {
      announce(form.dataset.error);
    }
  }

  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.status) {
      event.preventDefault();
      decide(button);
    }
  });

  function typing(target) {
    return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    const all = rows();
    const index = all.indexOf(selected);
    if (event.key === "j" || event.key === "k") {
      const step = event.key === "j" ? 1 : -1;
      select(all[Math.min(Math.max(index + step, 0), all.length - 1)] || null);
      event.preventDefault();
      return;
    }
    const action = selected && selected.querySelector(`[data-key="${event.key}"]:not([hidden])`);
    if (action) {
      event.preventDefault();
      action.click();
    }
  });

  if (legend) {
    legend.hidden = false;
  }
})();
