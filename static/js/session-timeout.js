// Inactivity warning (WCAG 2.2.1 Timing Adjustable). The server ends a session after
// data-timeout-seconds without requests; this opens the dialog data-warning-seconds before that.
// "Continue my session" asks the server to extend it; without JavaScript the same form posts
// normally. When time runs out the page goes to the sign-in page, which tells why.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var timeout = parseInt(dialog.dataset.timeoutSeconds, 10) * 1000;
  var warning = parseInt(dialog.dataset.warningSeconds, 10) * 1000;
  var loginUrl = dialog.dataset.loginUrl;
  var form = dialog.querySelector("form");
  var warnTimer = null;
  var expireTimer = null;

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(expireTimer);
    warnTimer = window.setTimeout(function () {
      if (!dialog.open) {
        dialog.showModal();
      }
    }, Math.max(timeout - warning, 0));
    expireTimer = window.setTimeout(function () {
      var next = window.location.pathname + window.location.search;
      window.location.assign(loginUrl + "?reason=timeout&next=" + encodeURIComponent(next));
    }, timeout);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
      .then(function (response) {
        return response.json();
      })
      .then(function (body) {
        if (!body.signed_in) {
          window.location.assign(loginUrl);
          return;
        }
        timeout = body.expires_in * 1000;
        dialog.close();
        schedule();
      })
      .catch(function () {
        form.submit();
      });
  });

  // Any htmx request also keeps the session alive on the server.
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();
