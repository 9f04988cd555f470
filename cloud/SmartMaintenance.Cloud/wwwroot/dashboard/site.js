// SmartMaintenance dashboard behaviour. No inline scripts (the CSP forbids them): pages describe what they need
// with data- attributes, and every text shown here comes from those attributes (rendered from the .resx files).
(function () {
  "use strict";
  var culture = document.body.dataset.culture || "en";
  var numberFormat = new Intl.NumberFormat(culture, { maximumFractionDigits: 3 });
  var timeFormat = new Intl.DateTimeFormat(culture, { dateStyle: "short", timeStyle: "medium", timeZone: "UTC" });

  function formatNumber(v) { return typeof v === "number" ? numberFormat.format(v) : ""; }
  function formatTime(iso) { var d = new Date(iso); return isNaN(d) ? "" : timeFormat.format(d) + " UTC"; }

  // Server-sent events with a visible connection state, one stream per page for every topic it shows (browsers
  // allow six HTTP/1.1 connections per server across all tabs). EventSource reconnects by itself; onReconnect
  // runs when the stream opens again after a loss (events sent meanwhile were missed).
  var handlers = {};
  var source = null, scheduled = false, lost = false;
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

  // Live readings table (Overview, Data Explorer).
  document.querySelectorAll("tbody[data-live-readings]").forEach(function (body) {
    var max = parseInt(body.dataset.max || "20", 10);
    var empty = body.querySelector("tr[data-empty]");
    live("readings", function (r) {
      if (empty) { empty.remove(); empty = null; }
      var row = document.createElement("tr");
      cell(row, formatTime(r.timestamp));
      cell(row, r.sensor_id);
      cell(row, r.sensor_type);
      cell(row, formatNumber(r.value), "num");
      cell(row, r.unit);
      cell(row, r.device_id || "");
      body.insertBefore(row, body.firstChild);
      while (body.rows.length > max) { body.deleteRow(body.rows.length - 1); }
      var counter = document.querySelector("[data-live-count]");
      if (counter) { counter.textContent = formatNumber((parseInt(counter.dataset.value || "0", 10) + 1)); counter.dataset.value = String(parseInt(counter.dataset.value || "0", 10) + 1); }
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
