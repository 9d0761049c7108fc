// Forms: after a refusal, move the focus to its message (it names the field at fault); on the custody
// form, show only the fieldset of the chosen step (without JavaScript every fieldset shows and the server
// reads only the fields of the chosen kind).
(function () {
  "use strict";
  var refusal = document.getElementById("form-error");
  if (refusal && !refusal.dataset.focused) {
    refusal.dataset.focused = "yes";
    refusal.focus();
  }
  var form = document.getElementById("custody-form");
  if (!form || form.dataset.ready) { return; }
  form.dataset.ready = "yes";
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
