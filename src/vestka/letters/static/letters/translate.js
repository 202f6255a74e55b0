// Screen the draft as the translator writes, a moment after they pause. Without
// JavaScript the "Check" button does the same with a page load.
(function () {
  var form = document.getElementById("translation-form");
  var field = form.querySelector("textarea");
  var target = document.getElementById("draft-screening");
  var timer = null, sent = null;
  function check() {
    var text = field.value;
    if (text === sent) return;
    sent = text;
    var body = new FormData();
    body.append("translation", text);
    fetch(form.dataset.screenUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value}
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null && text === field.value) target.innerHTML = html;
    }).catch(function () {});
  }
  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
