/* Plan cockpit: the yearly values of one indicator (data from the page's data-history attribute). */
(function () {
  "use strict";
  var LJ = window.LJ;
  var el = document.getElementById("plan-history");
  var h = LJ && LJ.readJSON(el, "data-history");
  if (!el || !h || !h.years.length) {
    if (el) el.outerHTML = '<p class="empty">暂无历年值</p>';
    return;
  }
  LJ.chart(el).setOption({
    textStyle: LJ.baseTextStyle,
    animation: false,
    grid: { left: 50, right: 10, top: 20, bottom: 30 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: h.years.map(String) },
    yAxis: { type: "value", scale: true },
    series: [{ type: "line", name: "值", data: h.values, connectNulls: false }],
  });
})();
