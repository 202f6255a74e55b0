/* The letter form, a little better with JavaScript: phrases go in at the cursor, templates
   fill the box without leaving the page, and leaving with an unsent letter asks first.
   Everything here also works without it (links, copyable text, plain form posts). */
(function () {
  "use strict";

  var textarea = document.getElementById("id_text");
  if (!textarea || textarea.readOnly) {
    return;
  }
  var form = textarea.form;

  function changed() {
    // htmx listens for "input" to screen the letter again.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function insertAtCursor(text) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    // A phrase is a sentence of its own: keep a space between it and its neighbours.
    if (before && !/\s$/.test(before)) {
      text = " " + text;
    }
    if (after && !/^\s/.test(after)) {
      text = text + " ";
    }
    textarea.value = before + text + after;
    var cursor = before.length + text.length;
    textarea.focus();
    textarea.setSelectionRange(cursor, cursor);
    changed();
  }

  // Phrases: an "Insert" button after each one.
  var phrasebook = document.querySelector(".phrasebook");
  if (phrasebook) {
    var label = phrasebook.getAttribute("data-insert-label") || "Insert";
    phrasebook.querySelectorAll(".phrase").forEach(function (phrase) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "phrase-insert";
      button.textContent = label;
      button.setAttribute("aria-label", label + ": " + phrase.textContent);
      button.addEventListener("click", function () {
        insertAtCursor(phrase.textContent);
      });
      phrase.insertAdjacentElement("afterend", button);
    });
  }

  // Templates: fill the box from the page instead of loading it again (which would lose
  // whatever else was typed in the form).
  document.querySelectorAll("a[data-template]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var template = document.getElementById(link.getAttribute("data-template"));
      if (!template) {
        return; // follow the link: the server fills the box
      }
      event.preventDefault();
      var question = form && form.getAttribute("data-confirm-replace");
      if (textarea.value.trim() && question && !window.confirm(question)) {
        return;
      }
      textarea.value = template.content.textContent;
      textarea.focus();
      textarea.setSelectionRange(0, 0);
      textarea.scrollIntoView({ block: "center" });
      changed();
    });
  });

  // Ask before leaving a page with a letter that has not been sent.
  var saved = textarea.value;
  var sending = false;
  if (form) {
    form.addEventListener("submit", function () {
      sending = true;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (!sending && textarea.value.trim() && textarea.value !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
