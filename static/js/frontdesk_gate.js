/* The gate page (templates/frontdesk/passes_gate.html): scan the release pass's QR code with the
   phone's camera where the browser has a BarcodeDetector; otherwise the guard types the number.
   No inline script (CSP): everything is wired here. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var form = document.getElementById("gate-lookup");
    var button = document.getElementById("gate-scan");
    var video = document.getElementById("gate-video");
    var help = document.getElementById("gate-scan-help");
    if (!form || !button || !video) return;
    var input = form.querySelector("input[name=number]");
    if (input) {
      input.addEventListener("input", function () {
        var upper = input.value.toUpperCase();
        if (upper !== input.value) input.value = upper;
      });
    }
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return; /* typing only */
    }
    button.hidden = false;
    var stream = null;
    var detector = null;
    var scanning = false;

    function stop() {
      scanning = false;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      if (help) help.hidden = true;
    }

    function found(text) {
      stop();
      if (input) input.value = String(text || "").trim().toUpperCase();
      form.submit();
    }

    function tick() {
      if (!scanning) return;
      detector.detect(video).then(function (codes) {
        if (codes && codes.length && codes[0].rawValue) found(codes[0].rawValue);
        else window.requestAnimationFrame(tick);
      }).catch(function () { window.requestAnimationFrame(tick); });
    }

    button.addEventListener("click", function () {
      if (scanning) { stop(); return; }
      try {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (e) {
        button.hidden = true;
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          if (help) help.hidden = false;
          scanning = true;
          return video.play();
        })
        .then(tick)
        .catch(function () { stop(); button.hidden = true; if (input) input.focus(); });
    });
    window.addEventListener("pagehide", stop);
  });
})();
