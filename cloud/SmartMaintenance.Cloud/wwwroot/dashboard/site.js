// SmartMaintenance dashboard behaviour. No inline scripts (the CSP forbids them): pages describe what they need
// with data- attributes, and every text shown here comes from those attributes (rendered from the .resx files).
(function () {
  "use strict";
  // Phone: the side menu folds behind one button (CSS hides it only when this script runs, so without it the menu stays).
  document.body.classList.add("js");
  var toggle = document.getElementById("menu-toggle"), sideNav = document.getElementById("side-nav");
  if (toggle && sideNav) {
    toggle.addEventListener("click", function () {
      var open = sideNav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var culture = document.body.dataset.culture || "en";
  var zone = document.body.dataset.zone || "UTC";
  var tempUnit = document.body.dataset.tempUnit || "K";
  var unitDecimals = {}, typeLabels = {};
  try { unitDecimals = JSON.parse(document.body.dataset.unitDecimals || "{}"); } catch (e) { unitDecimals = {}; }
  // Sensor types as people say them, in the page's language (the server's SensorType.* resources).
  try { typeLabels = JSON.parse(document.body.dataset.typeLabels || "{}"); } catch (e) { typeLabels = {}; }
  var numberFormat = new Intl.NumberFormat(culture, { maximumFractionDigits: 3 });
  // Times read exactly as the server writes them (PlantTime.Format(t, "G")): the page culture's .NET pattern for "G"
  // (short date, long time) with its separators and AM/PM designators (data-time-format, see ScriptTimeFormat.cs),
  // filled with the instant's fields in the plant's zone, then the zone's offset as the server names it ("UTC",
  // "UTC-03:00"). Intl's own styles differ from .NET's (two-digit years, a comma, "UTC-3"), so a live row used to
  // read differently from the same row after a reload.
  var timeSpec = {};
  try { timeSpec = JSON.parse(document.body.dataset.timeFormat || "{}"); } catch (e) { timeSpec = {}; }
  var zoneFields = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", second: "numeric", timeZoneName: "longOffset"
  });
  function fieldsOf(d) {
    var f = {};
    zoneFields.formatToParts(d).forEach(function (p) { f[p.type] = p.value; });
    var offset = f.timeZoneName || "GMT";
    return {
      y: parseInt(f.year, 10), M: parseInt(f.month, 10), d: parseInt(f.day, 10), H: parseInt(f.hour, 10) % 24,
      m: parseInt(f.minute, 10), s: parseInt(f.second, 10), zone: offset === "GMT" ? "UTC" : offset.replace("GMT", "UTC")
    };
  }
  function pad(n, width) { var text = String(n); while (text.length < width) { text = "0" + text; } return text; }
  function repeat(text, n) { var out = ""; for (var i = 0; i < n; i++) { out += text; } return out; }
  // The custom format tokens a culture's "G" pattern uses (y M d H h m s t, / :, quoted literals); names of days and
  // months ("ddd", "MMM") do not occur in short dates and are written as numbers.
  function formatPattern(pattern, t) {
    var out = "", i = 0;
    while (i < pattern.length) {
      var c = pattern.charAt(i), n = 1;
      if (c === "'" || c === '"') {
        var end = pattern.indexOf(c, i + 1);
        if (end < 0) { end = pattern.length; }
        out += pattern.substring(i + 1, end); i = end + 1; continue;
      }
      if (c === "\\") { out += pattern.charAt(i + 1); i += 2; continue; }
      while (pattern.charAt(i + n) === c) { n++; }
      var w = Math.min(n, 2);
      switch (c) {
        case "y": out += n <= 2 ? pad(t.y % 100, n) : pad(t.y, n); break;
        case "M": out += pad(t.M, w); break;
        case "d": out += pad(t.d, w); break;
        case "H": out += pad(t.H, w); break;
        case "h": out += pad(t.H % 12 || 12, w); break;
        case "m": out += pad(t.m, w); break;
        case "s": out += pad(t.s, w); break;
        case "t": var designator = t.H < 12 ? (timeSpec.am || "AM") : (timeSpec.pm || "PM"); out += n === 1 ? designator.charAt(0) : designator; break;
        case "/": out += repeat(timeSpec.date || "/", n); break;
        case ":": out += repeat(timeSpec.time || ":", n); break;
        default: out += repeat(c, n);
      }
      i += n;
    }
    return out;
  }
  var zoneName = fieldsOf(new Date()).zone;

  function formatNumber(v) { return typeof v === "number" ? numberFormat.format(v) : ""; }
  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return ""; }
    var t = fieldsOf(d);
    return formatPattern(timeSpec.pattern || "yyyy-MM-dd HH:mm:ss", t) + " " + t.zone;
  }
  // One rule for decimals per unit (the server's UnitFormat table) and the user's temperature unit (K or °C).
  function shown(value, unit) {
    if ((unit === "K" || unit === "kelvin") && tempUnit === "°C") { return { value: value - 273.15, unit: "°C" }; }
    return { value: value, unit: unit };
  }
  function formatValue(value, unit) {
    if (typeof value !== "number") { return ""; }
    var s = shown(value, unit);
    var d = Object.prototype.hasOwnProperty.call(unitDecimals, s.unit) ? unitDecimals[s.unit] : 2;
    return new Intl.NumberFormat(culture, { minimumFractionDigits: d, maximumFractionDigits: d }).format(s.value) + (s.unit ? "\u00a0" + s.unit : "");
  }
  function tickTime(ms, spanMs) {
    var opts = spanMs > 36 * 3600 * 1000 ? { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }
      : spanMs > 2 * 3600 * 1000 ? { hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit", second: "2-digit" };
    opts.timeZone = zone;
    return new Intl.DateTimeFormat(culture, opts).format(new Date(ms));
  }
  window.SmartMaintenanceFormat = { value: formatValue, time: formatTime, tick: tickTime, zone: zoneName };

  // Server-sent events with a visible connection state, one stream per page for every topic it shows (browsers
  // allow six HTTP/1.1 connections per server across all tabs). EventSource reconnects by itself; onReconnect
  // runs when the stream opens again after a loss (events sent meanwhile were missed).
  var handlers = {};
  var source = null, scheduled = false, lost = false;
  var hiddenDevices = (document.body.dataset.hiddenDevices || "").split(" ").filter(function (d) { return d; });
  function show(state) {
    Object.keys(handlers).forEach(function (topic) {
      var status = document.querySelector('[data-live-status="' + topic + '"]');
      if (!status) { return; }
      status.className = "live " + (state === "open" ? "on" : "off");
      status.textContent = status.dataset[state] || "";
    });
  }
  function connect() {
    scheduled = false;
    if (source) { source.close(); }
    var topics = Object.keys(handlers);
    source = new EventSource("/ui/live?topics=" + encodeURIComponent(topics.join(",")));
    topics.forEach(function (topic) {
      source.addEventListener(topic, function (e) {
        var data = JSON.parse(e.data);
        // Readings of the demo site stay out of the page while demo data is hidden (the server leaves them out too).
        if (topic === "readings" && data && data.device_id && hiddenDevices.indexOf(data.device_id) >= 0) { return; }
        handlers[topic].forEach(function (h) { h.onData(data); });
      });
    });
    source.onopen = function () {
      show("open");
      if (lost) { Object.keys(handlers).forEach(function (t) { handlers[t].forEach(function (h) { if (h.onReconnect) { h.onReconnect(); } }); }); }
      lost = false;
    };
    source.onerror = function () { show("lost"); lost = true; };
  }
  function live(topic, onData, onReconnect) {
    var isNew = !handlers[topic];
    (handlers[topic] = handlers[topic] || []).push({ onData: onData, onReconnect: onReconnect });
    // Registrations made while the page starts share one connection; a topic added later reopens it.
    if (isNew && !scheduled) { scheduled = true; setTimeout(connect, 0); }
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
  }

  // A row the script adds to a table that becomes cards on a phone: each cell gets its column's header as its label,
  // as the server writes them (data-label), so a live row reads like the others.
  function labelCells(row, body) {
    var head = body.parentElement && body.parentElement.tHead && body.parentElement.tHead.rows[0];
    if (!head) { return; }
    for (var i = 0; i < row.cells.length && i < head.cells.length; i++) {
      var label = head.cells[i].textContent.trim();
      if (label) { row.cells[i].dataset.label = label; }
    }
  }

  // Live readings table (Overview): the server writes the newest rows, the stream adds the next ones on top, cell for
  // cell as the server writes them (Index.cshtml), so a row reads the same before and after a reload.
  document.querySelectorAll("tbody[data-live-readings]").forEach(function (body) {
    var max = parseInt(body.dataset.max || "20", 10);
    var empty = body.querySelector("tr[data-empty]");
    live("readings", function (r) {
      // The stream starts a minute back: a reading the server already wrote into the table is not added twice.
      if (body.querySelector('tr[data-reading-id="' + r.id + '"]')) { return; }
      if (empty) { empty.remove(); empty = null; }
      var row = document.createElement("tr");
      row.dataset.readingId = String(r.id);
      row.dataset.live = "true";
      cell(row, formatTime(r.timestamp));
      cell(row, r.sensor_id);
      cell(row, typeLabels[r.sensor_type] || r.sensor_type);
      var v = shown(r.value, r.unit);
      cell(row, formatValue(r.value, r.unit).replace(/\u00a0.*$/, ""), "num");
      cell(row, v.unit);
      cell(row, r.device_id || "");
      labelCells(row, body);
      body.insertBefore(row, body.firstChild);
      while (body.rows.length > max) { body.deleteRow(body.rows.length - 1); }
      var counter = document.querySelector("[data-live-count]");
      if (counter) { counter.textContent = formatNumber((parseInt(counter.dataset.value || "0", 10) + 1)); counter.dataset.value = String(parseInt(counter.dataset.value || "0", 10) + 1); }
    });
  });

  // Data Explorer while the period is relative: a new reading that matches the filter becomes the top row.
  document.querySelectorAll('tbody[data-explorer-live="true"]').forEach(function (body) {
    var max = parseInt(body.dataset.max || "50", 10);
    var labels = {};
    try { labels = JSON.parse(body.dataset.typeLabels || "{}"); } catch (e) { labels = {}; }
    var total = document.getElementById("explorer-total");
    live("readings", function (r) {
      if ((body.dataset.device && r.device_id !== body.dataset.device) || (body.dataset.sensor && r.sensor_id !== body.dataset.sensor)
        || (body.dataset.type && r.sensor_type !== body.dataset.type)) { return; }
      // The stream may repeat a reading the server already put in the table (it was stored while the page loaded).
      if (body.querySelector('tr[data-reading-id="' + r.id + '"]')) { return; }
      var row = document.createElement("tr");
      row.dataset.live = "true";
      row.dataset.readingId = String(r.id);
      var v = shown(r.value, r.unit);
      cell(row, formatTime(r.timestamp));
      cell(row, r.sensor_id);
      cell(row, labels[r.sensor_type] || r.sensor_type);
      cell(row, r.kind === "r" ? (body.dataset.kindLabel || "") : r.kind);
      cell(row, formatValue(r.value, r.unit).replace(/\u00a0.*$/, ""), "num");
      cell(row, v.unit);
      cell(row, "", "muted");
      cell(row, r.device_id || "");
      labelCells(row, body);
      body.insertBefore(row, body.firstChild);
      while (body.rows.length > max) { body.deleteRow(body.rows.length - 1); }
      if (total) { total.dataset.total = String(parseInt(total.dataset.total || "0", 10) + 1); total.dataset.liveAdded = String(parseInt(total.dataset.liveAdded || "0", 10) + 1); }
    });
  });

  // Charts: <canvas data-chart="line|bar" data-source="id of a JSON script">.
  if (window.Chart) {
    Chart.defaults.font.size = 14;
    Chart.defaults.color = "#111827";
    window.SmartMaintenanceCharts = renderChart;
    document.querySelectorAll("canvas[data-chart]").forEach(renderChart);
  }

  function renderChart(canvas) {
      var source = document.getElementById(canvas.dataset.source);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      if (canvas.dataset.chart === "time") { renderTimeChart(canvas, spec); return; }
      var horizontal = canvas.dataset.chart === "hbar";
      var chart = new Chart(canvas, {
        type: horizontal ? "bar" : canvas.dataset.chart,
        data: spec,
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
          locale: culture,
          plugins: { legend: { display: (spec.datasets || []).length > 1 } },
          scales: { x: { ticks: { maxTicksLimit: 8, autoSkip: true } } }
        }
      });
      canvas.dataset.rendered = "true";
      // A chart may follow the live readings of one sensor.
      if (canvas.dataset.liveSensor) {
        live("readings", function (r) {
          if (r.sensor_id !== canvas.dataset.liveSensor) { return; }
          chart.data.labels.push(formatTime(r.timestamp));
          chart.data.datasets[0].data.push(r.value);
          if (chart.data.labels.length > 500) { chart.data.labels.shift(); chart.data.datasets[0].data.shift(); }
          chart.update("none");
        });
      }
  }

  // Time charts: a linear x axis in epoch milliseconds, ticks written by Intl in the plant's time zone and the
  // page's language (Chart.js's time scale needs a date adapter that knows neither the zone nor pt-BR without
  // per-locale bundles). One y axis per unit, titled with the unit; limits drawn as dashed lines; live points append.
  function renderTimeChart(canvas, spec) {
    // Declared here, not beside the function: charts render while the script is still starting.
    var palette = ["#0b3d91", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490"];
    var groups = spec.groups || [{ unit: spec.unit, sourceUnit: spec.sourceUnit, series: spec.series, limits: spec.limits, limitLabels: spec.limitLabels, sensor: spec.sensor, device: spec.device }];
    var datasets = [], scales = {}, span = Math.max(1, (spec.to || 0) - (spec.from || 0));
    groups.forEach(function (g, gi) {
      var axis = "y" + gi;
      scales[axis] = {
        type: "linear", position: gi % 2 === 0 ? "left" : "right", grid: { drawOnChartArea: gi === 0 },
        title: { display: true, text: g.unit || "" },
        ticks: { callback: function (v) { return new Intl.NumberFormat(culture, { maximumFractionDigits: 2 }).format(v); } }
      };
      (g.series || []).forEach(function (se, si) {
        var color = palette[(gi * 3 + si) % palette.length];
        datasets.push({
          label: se.label + (groups.length > 1 || g.unit ? " (" + g.unit + ")" : ""), yAxisID: axis,
          data: se.points.map(function (p) { return { x: p[0], y: p[1] }; }),
          borderColor: color, backgroundColor: color, pointRadius: se.points.length > 60 ? 0 : 2, borderWidth: si === 0 ? 2 : 1,
          borderDash: si === 0 ? [] : [2, 2], sensor: se.sensor || g.sensor, device: se.device || g.device, sourceUnit: g.sourceUnit
        });
      });
      if (g.limits) {
        [["min", g.limits.min], ["max", g.limits.max]].forEach(function (l) {
          datasets.push({
            label: (g.limitLabels || {})[l[0]] || l[0], yAxisID: axis, borderColor: "#991b1b", backgroundColor: "#991b1b",
            borderDash: [6, 4], pointRadius: 0, borderWidth: 1, limit: true,
            data: [{ x: spec.from, y: l[1] }, { x: spec.to, y: l[1] }]
          });
        });
        // Keep the data readable: the axis fits the readings, a limit far away is not allowed to flatten them.
        var values = [];
        (g.series || []).forEach(function (se) { se.points.forEach(function (p) { values.push(p[1]); }); });
        if (values.length) {
          var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values), pad = Math.max((hi - lo) * 0.15, Math.abs(hi) * 0.01, 0.5);
          scales[axis].min = Math.max(lo - pad, Math.min(g.limits.min, lo)); scales[axis].max = Math.min(hi + pad, Math.max(g.limits.max, hi));
        }
      }
    });
    scales.x = {
      type: "linear", min: spec.from, max: spec.to,
      title: { display: true, text: zoneName },
      ticks: { maxTicksLimit: 7, callback: function (v) { return tickTime(v, span); } }
    };
    var chart = new Chart(canvas, {
      type: "line", data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, locale: culture,
        interaction: { mode: "nearest", intersect: false },
        plugins: {
          legend: { display: true, labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: function (items) { return items.length ? formatTime(items[0].parsed.x) : ""; } } }
        },
        scales: scales
      }
    });
    canvas.dataset.rendered = "true";
    canvas.dataset.points = String(datasets.filter(function (d) { return !d.limit; }).reduce(function (n, d) { return n + d.data.length; }, 0));
    if (spec.live) {
      live("readings", function (r) {
        var target = datasets.filter(function (d) { return !d.limit && d.sensor === r.sensor_id && (!d.device || d.device === r.device_id); })[0];
        if (!target) { return; }
        var t = Date.parse(r.timestamp);
        target.data.push({ x: t, y: shown(r.value, r.unit).value });
        if (target.data.length > 2000) { target.data.shift(); }
        if (t > chart.options.scales.x.max) { var shift = t - chart.options.scales.x.max; chart.options.scales.x.max = t; chart.options.scales.x.min += shift; }
        chart.update("none");
        canvas.dataset.points = String(parseInt(canvas.dataset.points || "0", 10) + 1);
      });
    }
  }

  // Latest value per sensor (device page): <div data-latest-sensor="id" data-unit="K">, with [data-latest-at="id"].
  var latest = document.querySelectorAll("[data-latest-sensor]");
  if (latest.length) {
    live("readings", function (r) {
      latest.forEach(function (el) {
        if (el.dataset.latestSensor !== r.sensor_id) { return; }
        el.textContent = formatValue(r.value, r.unit);
        el.dataset.updated = String(parseInt(el.dataset.updated || "0", 10) + 1);
        var at = document.querySelector('[data-latest-at="' + r.sensor_id + '"]');
        if (at) { at.textContent = formatTime(r.timestamp); }
      });
    });
  }

  // Golden Path stages pushed live: <ol data-golden-run="id"> with <li data-stage="name"> holding [data-state] and [data-detail].
  document.querySelectorAll("[data-golden-run]").forEach(function (list) {
    var box = document.getElementById("golden-run");
    var outcome = document.getElementById("golden-outcome");
    if (box && box.dataset.runStatus !== "Running") { return; }
    var badge = { Done: "ok", Failed: "bad", Running: "warn", Pending: "" };
    var source = new EventSource("/ui/live/golden-path/" + encodeURIComponent(list.dataset.goldenRun));
    source.addEventListener("run", function (e) {
      var run = JSON.parse(e.data);
      run.stages.forEach(function (stage) {
        var item = list.querySelector('[data-stage="' + stage.name + '"]');
        if (!item) { return; }
        item.dataset.status = stage.status;
        var state = item.querySelector("[data-state]");
        state.textContent = list.dataset["status" + stage.status] || stage.status;
        state.className = "badge " + (badge[stage.status] || "");
        item.querySelector("[data-detail]").textContent = stage.detail || "";
      });
      if (box) { box.dataset.runStatus = run.status; }
      if (run.status !== "Running") {
        source.close();
        if (outcome) {
          outcome.dataset.status = run.status;
          var duration = outcome.querySelector("[data-duration]");
          if (duration && typeof run.durationMs === "number") { duration.textContent = formatNumber(Math.round(run.durationMs)) + " ms"; }
          outcome.hidden = false;
        }
      }
    });
  });

  // Regions the server re-renders when something changes (alerts, devices): <div id=".." data-live-reload="topic">.
  // One stream per topic; a burst of events becomes one request, and every region of the topic is swapped from
  // the same fresh page, so all text stays the server's (the chosen language, from the .resx files).
  var reloadTopics = {};
  document.querySelectorAll("[data-live-reload]").forEach(function (region) {
    (reloadTopics[region.dataset.liveReload] = reloadTopics[region.dataset.liveReload] || []).push(region);
  });
  Object.keys(reloadTopics).forEach(function (topic) {
    var regions = reloadTopics[topic];
    // A page reached by a form post (?handler=...) is re-read at its plain address (data-live-url).
    var url = regions[0].dataset.liveUrl || (window.location.pathname + window.location.search);
    var pending = false, again = false;
    function done() { pending = false; if (again) { again = false; refresh(); } }
    function refresh() {
      if (pending) { again = true; return; }
      pending = true;
      setTimeout(function () {
        fetch(url, { headers: { "Accept": "text/html" } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            done();
            if (!html) { return; }
            var doc = new DOMParser().parseFromString(html, "text/html");
            regions.forEach(function (region) {
              var fresh = doc.getElementById(region.id);
              if (fresh) { region.innerHTML = fresh.innerHTML; }
              region.dataset.refreshed = String(parseInt(region.dataset.refreshed || "0", 10) + 1);
            });
          })
          .catch(done);
      }, 250);
    }
    live(topic, refresh, refresh);
  });

  // Buttons that start a long action show they are working and cannot be pressed twice.
  // A report's "Print" button (inline handlers are refused by the Content-Security-Policy).
  document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });

  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = form.dataset.busy; }
    });
  });
})();

// Regions refreshed on a timer (Metrics): the server renders, the page swaps the region in place.
(function () {
  "use strict";
  document.querySelectorAll("[data-refresh-seconds]").forEach(function (region) {
    var seconds = parseInt(region.dataset.refreshSeconds, 10) || 5;
    setInterval(function () {
      fetch(window.location.href, { headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(region.id);
          var stamp = doc.getElementById("metrics-at");
          if (fresh) { region.innerHTML = fresh.innerHTML; }
          if (stamp && document.getElementById("metrics-at")) { document.getElementById("metrics-at").textContent = stamp.textContent; }
          region.querySelectorAll("canvas[data-chart]").forEach(function (c) { window.SmartMaintenanceCharts && window.SmartMaintenanceCharts(c); });
        })
        .catch(function () { });
    }, seconds * 1000);
  });
})();
