/* Cashier desk (templates/billing/desk.html); a file, not an inline script: the Content-Security-Policy allows none. */
/* The amount follows the ticked charges (none ticked: everything open); the button is disabled once
   sent. A double submit would still pay once: the form's idempotency key makes the server answer
   with the first receipt. */
(function () {
  var form = document.getElementById("payment-form");
  if (!form) return;
  var amount = form.querySelector("input[name=amount]");
  var boxes = form.querySelectorAll("input[name=charge_ids]");
  var total = form.dataset.openTotal;
  function refresh() {
    var sum = 0, any = false;
    boxes.forEach(function (b) { if (b.checked) { any = true; sum += Math.round(parseFloat(b.dataset.open) * 100); } });
    amount.value = any ? (sum / 100).toFixed(2) : parseFloat(total || "0").toFixed(2);
  }
  boxes.forEach(function (b) { b.addEventListener("change", refresh); });
  // Every method but cash needs the payer's transaction reference (the server checks it too).
  var reference = form.querySelector("input[name=reference]");
  var needing = (reference.dataset.requiredFor || "").split(" ");
  function markReference() {
    var chosen = form.querySelector("[name=method]:checked") || form.querySelector("select[name=method]");
    reference.required = !!chosen && needing.indexOf(chosen.value) >= 0;
  }
  form.querySelectorAll("[name=method]").forEach(function (m) { m.addEventListener("change", markReference); });
  markReference();
  form.addEventListener("submit", function () {
    var button = document.getElementById("take-payment");
    setTimeout(function () { button.disabled = true; }, 0);
  });
})();
