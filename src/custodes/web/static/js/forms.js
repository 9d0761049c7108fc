// Custody form: show only the fieldset of the chosen step. Without JavaScript every fieldset shows and
// the server reads only the fields of the chosen kind.
(function () {
  "use strict";
  var form = document.getElementById("custody-form");
  if (!form) { return; }
  var kind = form.querySelector("select[name=kind]");
  function sync() {
    form.querySelectorAll("fieldset[data-kind]").forEach(function (fs) {
      var on = fs.getAttribute("data-kind") === kind.value;
      fs.hidden = !on;
      fs.disabled = !on;
    });
  }
  kind.addEventListener("change", sync);
  sync();
})();
