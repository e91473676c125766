/* Wuye console: small progressive enhancements in plain JS. Every page works without them. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";

  /* 1. Countdowns: <time class="countdown" datetime="…"> is rendered by the server; refresh it every
        30 s and mark rows overdue once their next step passes. Texts come from #countdown-text. */
  var UNITS = [["day", 86400], ["hour", 3600], ["minute", 60]];

  function unitText(n, unit) {
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: unit, unitDisplay: "long" }).format(n);
    } catch (e) {
      return n + " " + unit + (n === 1 ? "" : "s");
    }
  }

  function duration(seconds) {
    seconds = Math.abs(seconds);
    for (var i = 0; i < UNITS.length; i++) {
      var n = Math.floor(seconds / UNITS[i][1]);
      if (n > 0 || i === UNITS.length - 1) {
        var text = unitText(n, UNITS[i][0]);
        if (i + 1 < UNITS.length) {
          var rest = Math.floor((seconds - n * UNITS[i][1]) / UNITS[i + 1][1]);
          if (rest > 0) text += " " + unitText(rest, UNITS[i + 1][0]);
        }
        return text;
      }
    }
    return "";
  }

  function updateCountdowns() {
    var holder = document.getElementById("countdown-text");
    if (!holder) return;
    var future = holder.dataset.future || "{d}";
    var past = holder.dataset.past || "-{d}";
    var now = Date.now();
    document.querySelectorAll("time.countdown[datetime]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("datetime"));
      if (isNaN(due)) return;
      var diff = (due - now) / 1000;
      var late = diff < 0;
      el.textContent = (late ? past : future).replace("{d}", duration(diff));
      el.classList.toggle("overdue", late);
      var row = el.closest("table.tickets tr");
      if (row && late) row.classList.add("is-overdue");
    });
  }

  /* 2. Keyboard: Ctrl/Cmd+Enter submits from a textarea; Enter submits from a chip (radio) or
        checkbox too, like it does from a text field. */
  document.addEventListener("keydown", function (ev) {
    var target = ev.target;
    if (ev.key !== "Enter" || !target.form || ev.isComposing) return;
    var isTextarea = target.tagName === "TEXTAREA";
    var isToggle = target.type === "radio" || target.type === "checkbox";
    if ((isTextarea && (ev.ctrlKey || ev.metaKey)) || (isToggle && !ev.shiftKey)) {
      ev.preventDefault();
      if (target.form.requestSubmit) target.form.requestSubmit();
      else target.form.submit();
    }
  });

  /* 3. Unit codes: fill the input's <datalist> from /api/v1/units/?search= as the user types. */
  var searchTimer = null;
  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input[data-unit-search]")) return;
    var list = document.getElementById(input.getAttribute("list"));
    var query = input.value.trim();
    clearTimeout(searchTimer);
    if (!list || !query || input.dataset.lastQuery === query) return;
    searchTimer = setTimeout(function () {
      input.dataset.lastQuery = query;
      var url = "/api/v1/units/?page_size=20&ordering=code&search=" + encodeURIComponent(query);
      if (input.dataset.project) url += "&project=" + encodeURIComponent(input.dataset.project);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || input.value.trim() !== query) return;
          var options = (data.results || []).map(function (unit) {
            var option = document.createElement("option");
            option.value = unit.code;
            if (unit.status_label) option.label = unit.status_label;
            return option;
          });
          list.replaceChildren.apply(list, options);
        })
        .catch(function () { /* typing the exact code still works */ });
    }, 180);
  });

  /* 4. Dispatch: the handler list shows only the chosen department's staff. */
  function linkDepartmentStaff() {
    document.querySelectorAll("select[data-department-staff]").forEach(function (assignee) {
      var department = assignee.form && assignee.form.querySelector("select[name$='department']");
      if (!department) return;
      function sync() {
        var label = department.options[department.selectedIndex].text;
        assignee.querySelectorAll("optgroup").forEach(function (group) {
          var show = group.label === label;
          group.hidden = !show;
          group.disabled = !show;
        });
        var chosen = assignee.selectedOptions[0];
        if (chosen && chosen.parentElement.disabled) assignee.value = "";
      }
      department.addEventListener("change", sync);
      sync();
    });
  }

  /* 5. Open the <details> form named in the address (#return_visit) and focus its first field. */
  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || el.tagName !== "DETAILS") return;
    el.open = true;
    var field = el.querySelector("input:not([type=hidden]), select, textarea");
    if (field && !document.activeElement.matches("[autofocus]")) field.focus();
  }

  function start() {
    updateCountdowns();
    setInterval(updateCountdowns, 30000);
    linkDepartmentStaff();
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
