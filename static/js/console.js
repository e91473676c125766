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
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json", "Accept-Language": lang } })
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

  /* 3b. Intake: the unit's context (status, people, open tickets, arrears) in #unit-context as soon
         as a unit is typed; when the text could be several units, one click on a candidate picks it. */
  var contextTimer = null;
  var contextSeq = 0;

  function unitContextPanel(input) {
    var panel = document.getElementById("unit-context");
    return panel && panel.dataset.for === input.id ? panel : null;
  }

  function loadUnitContext(input, panel) {
    var query = input.value.trim();
    if (panel.dataset.query === query) return;
    panel.dataset.query = query;
    var seq = ++contextSeq;
    if (!query) { panel.replaceChildren(); return; }
    fetch(panel.dataset.url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin", headers: { Accept: "text/html" }
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || seq !== contextSeq) return;  // a newer query is on its way
        panel.innerHTML = html;
      })
      .catch(function () { panel.dataset.query = ""; /* the form still checks the unit on submit */ });
  }

  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input[data-unit-search]")) return;
    var panel = unitContextPanel(input);
    if (!panel) return;
    clearTimeout(contextTimer);
    contextTimer = setTimeout(function () { loadUnitContext(input, panel); }, 300);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest("[data-pick-unit]");
    var panel = button && button.closest("#unit-context");
    if (!panel) return;
    var input = document.getElementById(panel.dataset.for);
    if (!input) return;
    input.value = button.dataset.pickUnit;
    clearTimeout(contextTimer);
    loadUnitContext(input, panel);
    input.focus();
  });

  function loadInitialUnitContext() {
    var panel = document.getElementById("unit-context");
    var input = panel && document.getElementById(panel.dataset.for);
    if (input && input.value.trim()) loadUnitContext(input, panel);
  }

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

  /* 6. Sidebar: on small screens a drawer behind the menu button (without JS, #sidebar:target opens
        it); groups the user folds stay folded (localStorage), except the group of the current page. */
  var FOLDED_KEY = "wuye.nav.folded";

  function setDrawer(open) {
    document.body.classList.toggle("nav-open", open);
    document.querySelectorAll(".menu-button").forEach(function (b) { b.setAttribute("aria-expanded", String(open)); });
    if (open) {
      var current = document.querySelector("nav.sidebar a.active") || document.querySelector("nav.sidebar a[href]:not(.sidebar-close)");
      if (current) {
        current.scrollIntoView({ block: "nearest" });
        current.focus({ preventScroll: true });
      }
    }
  }

  function setUpSidebar() {
    var sidebar = document.getElementById("sidebar");
    if (!sidebar) return;
    document.addEventListener("click", function (ev) {
      var link = ev.target.closest && ev.target.closest(".menu-button, .sidebar-close, .sidebar-backdrop");
      if (!link) return;
      ev.preventDefault();
      setDrawer(link.classList.contains("menu-button") && !document.body.classList.contains("nav-open"));
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && document.body.classList.contains("nav-open")) setDrawer(false);
    });
    var folded = [];
    try { folded = JSON.parse(localStorage.getItem(FOLDED_KEY) || "[]"); } catch (e) { folded = []; }
    sidebar.querySelectorAll("details.nav-group").forEach(function (group) {
      if (folded.indexOf(group.dataset.group) !== -1 && !group.classList.contains("current")) group.open = false;
      group.addEventListener("toggle", function () {
        var key = group.dataset.group;
        folded = folded.filter(function (k) { return k !== key; });
        if (!group.open) folded.push(key);
        try { localStorage.setItem(FOLDED_KEY, JSON.stringify(folded)); } catch (e) { /* private mode */ }
      });
    });
  }

  /* 7. Date inputs (wuye.core.widgets) are typed as YYYY-MM-DD [HH:MM] whatever the browser's
        language: 20261130 becomes 2026-11-30 (202611300930 → 2026-11-30 09:30), and a button
        opens the browser's own picker, whose value (always ISO) is copied into the field. */
  function pad(digits, kind) {
    var d = digits.slice(0, 4) + "-" + digits.slice(4, 6) + "-" + digits.slice(6, 8);
    return kind === "datetime" && digits.length === 12 ? d + " " + digits.slice(8, 10) + ":" + digits.slice(10, 12) : d;
  }

  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input[data-date-input]")) return;
    var value = input.value.trim();
    if (/^\d{8}$/.test(value) || (input.dataset.dateInput === "datetime" && /^\d{12}$/.test(value))) {
      input.value = pad(value, input.dataset.dateInput);
    }
  }, true);

  function addDatePickers() {
    document.querySelectorAll("input[data-date-input]").forEach(function (input) {
      var kind = input.dataset.dateInput;
      var proxy = document.createElement("input");
      proxy.type = kind === "datetime" ? "datetime-local" : "date";
      if (proxy.type === "text" || typeof proxy.showPicker !== "function") return;
      var wrap = document.createElement("span");
      wrap.className = "date-field";
      input.parentNode.insertBefore(wrap, input);
      wrap.appendChild(input);
      proxy.className = "date-picker-proxy";
      proxy.tabIndex = -1;
      proxy.setAttribute("aria-hidden", "true");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "date-picker-button secondary small";
      button.title = input.dataset.pickerLabel || "";
      button.setAttribute("aria-label", button.title);
      button.innerHTML = '<svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" ' +
        'stroke-width="2" stroke-linecap="round"><rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/></svg>';
      wrap.appendChild(button);
      wrap.appendChild(proxy);
      button.addEventListener("click", function () {
        proxy.value = input.value.trim().replace(" ", "T");
        try { proxy.showPicker(); } catch (e) { input.focus(); }
      });
      proxy.addEventListener("change", function () {
        if (!proxy.value) return;
        input.value = proxy.value.replace("T", " ").slice(0, kind === "datetime" ? 16 : 10);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // Intake: choosing a priced service shows its published price and who does it, and fills in a
  // fixed price as the price told to the customer (the service checks it again).
  function linkServiceItemPrice() {
    var select = document.getElementById("id_service_item");
    var fee = document.getElementById("id_quoted_fee");
    var info = document.getElementById("service-item-info");
    if (!select || !fee) return;
    function show() {
      var option = select.options[select.selectedIndex];
      if (!option || !option.value) { if (info) info.textContent = ""; return; }
      var price = option.getAttribute("data-price");
      if (price) { fee.value = price; fee.readOnly = true; } else { fee.readOnly = false; }
      if (info) {
        info.textContent = (option.getAttribute("data-price-text") || "") + " · " +
          (select.getAttribute("data-routed-label") || "→") + " " + (option.getAttribute("data-department") || "");
      }
    }
    select.addEventListener("change", show);
    show();
  }

  /* 8. Behaviour asked for by data- attributes (the Content-Security-Policy runs no inline
        onchange=/onclick=): a select[data-autosubmit] submits its form when changed, a [data-print]
        button prints the page. */
  document.addEventListener("change", function (ev) {
    var select = ev.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) select.form.submit();
  });

  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-print]")) window.print();
  });

  function start() {
    setUpSidebar();
    linkServiceItemPrice();
    addDatePickers();
    updateCountdowns();
    setInterval(updateCountdowns, 30000);
    linkDepartmentStaff();
    loadInitialUnitContext();
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
