/* Station / section page: the series chart (parameter, interval, range) and the AQI calendar. */
(function () {
  "use strict";
  var LJ = window.LJ;
  var controls = document.getElementById("series-controls");
  var state = null;

  function pressed(groupId, attr, value) {
    var buttons = document.querySelectorAll("#" + groupId + " button");
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute("aria-pressed", b.getAttribute(attr) === String(value) ? "true" : "false");
    });
  }

  function load() {
    var status = document.getElementById("series-status");
    var el = document.getElementById("series-chart");
    var url = "/api/v1/monitoring/sites/" + encodeURIComponent(state.site) + "/series?parameter=" +
      encodeURIComponent(state.param) + "&interval=" + state.interval + "&from=" + state.from + "&to=" + state.to +
      "&max_points=" + Math.max(200, Math.min(4000, Math.round(el.clientWidth * 2)));
    status.textContent = "加载中…";
    LJ.fetchJSON(url).then(function (d) {
      var chart = LJ.chart(el);
      var intervalText = { raw: "原始", hour: "小时", day: "日", month: "月", year: "年" }[d.interval];
      if (!d.count) {
        chart.clear();
        status.textContent = d.name + "：" + d.from + " 至 " + d.to + " 暂无" + intervalText + "数据";
        el.setAttribute("data-points", "0");
        return;
      }
      var valid = d.data.map(function (p) { return [p[0], p[2] ? p[1] : null]; });
      var invalid = d.data.filter(function (p) { return !p[2] && p[1] !== null; }).map(function (p) { return [p[0], p[1]]; });
      status.textContent = d.name + "（" + d.unit + "）" + intervalText + "值，" + d.from + " 至 " + d.to + "，共 " +
        d.count + " 个" + (d.decimated ? "，已抽稀显示 " + d.returned + " 个（保留峰谷）" : "") +
        (invalid.length ? "；灰色点为无效数据" : "");
      el.setAttribute("data-points", String(d.returned));
      chart.setOption({
        textStyle: LJ.baseTextStyle,
        animation: false,
        grid: { left: 55, right: 20, top: 30, bottom: 70 },
        tooltip: {
          trigger: "axis",
          valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + " " + d.unit; },
        },
        legend: { data: [d.name, "无效数据"], top: 0 },
        xAxis: { type: "time", axisLabel: { formatter: function (v) { return LJ.localText(v, d.interval === "hour" || d.interval === "raw").slice(5); } } },
        yAxis: { type: "value", name: d.unit, scale: true },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 22, bottom: 10 }],
        series: [
          { name: d.name, type: "line", showSymbol: d.returned < 60, connectNulls: false, data: valid, lineStyle: { width: 1.5 } },
          { name: "无效数据", type: "scatter", symbolSize: 5, itemStyle: { color: "#9AA4AE" }, data: invalid },
        ],
      }, true);
    }).catch(function (e) {
      status.textContent = "加载失败：" + e.message;
    });
  }

  function setRange(days) {
    state.to = LJ.today();
    state.from = LJ.addDays(state.to, -(days - 1));
    document.getElementById("range-from").value = state.from;
    document.getElementById("range-to").value = state.to;
  }

  if (controls) {
    state = { site: controls.getAttribute("data-site"), param: controls.getAttribute("data-default-param"), interval: "hour" };
    setRange(7);
    controls.addEventListener("click", function (ev) {
      var b = ev.target.closest("button");
      if (!b) return;
      if (b.hasAttribute("data-param")) {
        state.param = b.getAttribute("data-param");
        pressed("param-buttons", "data-param", state.param);
      } else if (b.hasAttribute("data-interval")) {
        state.interval = b.getAttribute("data-interval");
        pressed("interval-buttons", "data-interval", state.interval);
      } else if (b.hasAttribute("data-days")) {
        var days = Number(b.getAttribute("data-days"));
        setRange(days);
        pressed("range-buttons", "data-days", days);
        if (days > 60 && state.interval === "hour") {
          // A year of hours is decimated anyway; days read better.
          state.interval = "day";
          pressed("interval-buttons", "data-interval", "day");
        }
      } else if (b.id === "range-apply") {
        var f = document.getElementById("range-from").value, t = document.getElementById("range-to").value;
        if (!f || !t || f > t) { document.getElementById("series-status").textContent = "请选择有效的起止日期"; return; }
        state.from = f; state.to = t;
        pressed("range-buttons", "data-days", "");
      } else {
        return;
      }
      load();
    });
    load();
  }

  var panel = document.getElementById("assessment");
  if (panel) {
    document.getElementById("assessment-run").addEventListener("click", function () {
      var status = document.getElementById("assessment-status");
      status.textContent = "计算中（读取全年小时数据，约需数秒）…";
      LJ.fetchJSON("/api/v1/monitoring/sites/" + encodeURIComponent(panel.getAttribute("data-site")) +
        "/assessment?year=" + panel.getAttribute("data-year")).then(function (a) {
        if (!a.editions.length) { status.textContent = "本年暂无可评价的小时数据"; return; }
        status.textContent = "评价时段 " + a.from + " 至 " + a.to;
        var body = document.querySelector("#assessment-table tbody");
        body.textContent = "";
        function row(label, cells) {
          var tr = document.createElement("tr");
          var th = document.createElement("th");
          th.scope = "row";
          th.textContent = label;
          tr.appendChild(th);
          cells.forEach(function (c) { var td = document.createElement("td"); td.className = "num"; td.textContent = c; tr.appendChild(td); });
          body.appendChild(tr);
        }
        var e = a.editions;
        row("执行标准", e.map(function (x) { return x.limits; }));
        row("有效天数 / 优良天数", e.map(function (x) { return x.valid_days + " / " + x.good_days; }));
        row("优良天数比例", e.map(function (x) { return x.good_day_ratio === null ? "—" : x.good_day_ratio + "%"; }));
        a.items.forEach(function (it) {
          row(it.label + "（" + it.unit + "）", e.map(function (x) {
            var v = x.values[it.key];
            return (v === null || v === undefined ? "—" : String(v)) + (x.valid[it.key] === false ? "（无效）" : "");
          }));
        });
        row("综合指数", e.map(function (x) { return x.composite_index === null ? "—" : String(x.composite_index); }));
        row("六项综合达标", e.map(function (x) { return x.attained ? "达标" : "未达标" + (x.missing_items.length ? "（缺 " + x.missing_items.join("、") + "）" : ""); }));
        document.getElementById("assessment-table").hidden = false;
        var notes = document.getElementById("assessment-notes");
        notes.textContent = "";
        e[1].notes.forEach(function (n) { var li = document.createElement("li"); li.textContent = n; notes.appendChild(li); });
      }).catch(function (err) { status.textContent = "计算失败：" + err.message; });
    });
  }

  var cal = document.getElementById("calendar-chart");
  if (cal) {
    var year = cal.getAttribute("data-year");
    LJ.fetchJSON("/api/v1/monitoring/sites/" + encodeURIComponent(cal.getAttribute("data-site")) + "/calendar?year=" + year)
      .then(function (d) {
        var status = document.getElementById("calendar-status");
        if (!d.days.length) { status.textContent = year + " 年暂无有效日 AQI（日均值需 ≥ 20 个有效小时）"; cal.hidden = true; return; }
        status.textContent = "优良 " + d.good_days + " 天 / 有效 " + d.valid_days + " 天，优良天数比例 " + d.good_day_ratio + "%";
        LJ.chart(cal).setOption({
          textStyle: LJ.baseTextStyle,
          animation: false,
          tooltip: { formatter: function (p) { return p.value[0] + "<br>AQI " + p.value[1] + " " + p.value[2]; } },
          visualMap: {
            type: "piecewise", orient: "horizontal", left: "center", bottom: 0, dimension: 1,
            pieces: [
              { min: 0, max: 50, color: "#00E400", label: "优" }, { min: 51, max: 100, color: "#FFFF00", label: "良" },
              { min: 101, max: 150, color: "#FF7E00", label: "轻度" }, { min: 151, max: 200, color: "#FF0000", label: "中度" },
              { min: 201, max: 300, color: "#99004C", label: "重度" }, { min: 301, color: "#7E0023", label: "严重" },
            ],
          },
          calendar: { range: year, cellSize: ["auto", 14], top: 30, left: 40, right: 20, dayLabel: { nameMap: "ZH" }, monthLabel: { nameMap: "ZH" }, yearLabel: { show: false } },
          series: [{ type: "heatmap", coordinateSystem: "calendar", data: d.days.map(function (x) { return [x.day, x.aqi, x.category]; }) }],
        });
      })
      .catch(function (e) { document.getElementById("calendar-status").textContent = "加载失败：" + e.message; });
  }
})();
