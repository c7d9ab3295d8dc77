/* Data explorer: query the API, draw a chart and a table, build the export links. */
(function () {
  "use strict";
  var LJ = window.LJ;
  var form = document.getElementById("explore-form");
  if (!form) return;

  var preset = new URLSearchParams(window.location.search).get("sites");
  if (preset) {
    preset.split(",").forEach(function (code) {
      var o = form.querySelector('#ex-sites option[value="' + code.replace(/"/g, "") + '"]');
      if (o) o.selected = true;
    });
  }

  function query() {
    var sites = Array.prototype.map.call(form.querySelectorAll("#ex-sites option:checked"), function (o) { return o.value; });
    var params = Array.prototype.map.call(form.querySelectorAll("input[name=parameters]:checked"), function (i) { return i.value; });
    return "sites=" + encodeURIComponent(sites.join(",")) + "&parameters=" + encodeURIComponent(params.join(",")) +
      "&interval=" + form.interval.value + "&from=" + form.from.value + "&to=" + form.to.value;
  }

  function updateExports() {
    var q = query();
    document.getElementById("export-csv").href = "/api/v1/monitoring/export?format=csv&" + q;
    document.getElementById("export-xlsx").href = "/api/v1/monitoring/export?format=xlsx&" + q;
  }
  form.addEventListener("change", updateExports);
  updateExports();

  // Up to 100,000 rows the file downloads at once; above, the server starts a background export job (HTTP 202)
  // and this polls its progress, then downloads the file.
  var BACKGROUND_ROWS = 100000;
  function pollJob(job, status) {
    status.textContent = "后台导出中：" + Math.round(100 * job.progress) + "%（" + job.done + "/" + job.total + " 行）";
    if (job.status === "done" && job.download) {
      status.textContent = "导出完成，开始下载。";
      window.location.href = job.download;
      return;
    }
    if (job.status === "failed") { status.textContent = "导出失败：" + (job.error || "未知原因"); return; }
    setTimeout(function () {
      LJ.fetchJSON("/api/v1/exports/" + job.id).then(function (j) { pollJob(j, status); })
        .catch(function (e) { status.textContent = "查询导出进度失败：" + e.message; });
    }, 1000);
  }
  ["export-csv", "export-xlsx"].forEach(function (id) {
    document.getElementById(id).addEventListener("click", function (ev) {
      ev.preventDefault();
      var href = this.href;
      var status = document.getElementById("explore-status");
      LJ.fetchJSON("/api/v1/monitoring/explore?limit=1&" + query()).then(function (d) {
        if (!d.count) { status.textContent = "所选范围内暂无数据，无可导出内容"; return; }
        if (d.count <= BACKGROUND_ROWS) { window.location.href = href; return; }
        return fetch(href, { credentials: "same-origin" }).then(function (r) {
          return r.json().then(function (job) {
            if (r.status !== 202) throw new Error(job.message || "HTTP " + r.status);
            pollJob(job, status);
          });
        });
      }).catch(function (e) { status.textContent = "导出失败：" + e.message; });
    });
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var status = document.getElementById("explore-status");
    status.textContent = "查询中…";
    LJ.fetchJSON("/api/v1/monitoring/explore?limit=5000&" + query()).then(function (d) {
      var table = document.getElementById("explore-table");
      var body = table.querySelector("tbody");
      body.textContent = "";
      if (!d.count) {
        status.textContent = "所选范围内暂无数据";
        table.hidden = true;
        LJ.chart(document.getElementById("explore-chart")).clear();
        return;
      }
      status.textContent = "共 " + d.count + " 条" + (d.returned < d.count ? "，表格显示前 " + d.returned + " 条，完整数据请导出" : "");
      var groups = {};
      d.data.forEach(function (r) {
        var tr = document.createElement("tr");
        [r.time, r.site_name, r.name, r.value === null ? "—" : r.value, r.unit, r.valid ? "有效" : "无效" + (r.flag ? "（" + r.flag + "）" : ""),
         r.coverage === null ? "—" : r.coverage + "%"].forEach(function (v, i) {
          var td = document.createElement("td");
          td.textContent = v;
          if (i === 3 || i === 6) td.className = "num";
          tr.appendChild(td);
        });
        body.appendChild(tr);
        var key = r.site_name + " " + r.name + "（" + r.unit + "）";
        (groups[key] = groups[key] || []).push([Date.parse(r.time.replace(" ", "T") + ":00+08:00"), r.valid ? r.value : null]);
      });
      table.hidden = false;
      LJ.chart(document.getElementById("explore-chart")).setOption({
        textStyle: LJ.baseTextStyle,
        animation: false,
        grid: { left: 55, right: 20, top: 40, bottom: 60 },
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        xAxis: { type: "time", axisLabel: { formatter: function (v) { return LJ.localText(v).slice(5); } } },
        yAxis: { type: "value", scale: true },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 20, bottom: 8 }],
        series: Object.keys(groups).map(function (k) { return { name: k, type: "line", showSymbol: false, data: groups[k] }; }),
      }, true);
    }).catch(function (e) { status.textContent = "查询失败：" + e.message; });
  });
})();
