/* Dashboard charts: current AQI per station and the district's daily AQI of the last 30 days. */
(function () {
  "use strict";
  var LJ = window.LJ;

  function stationChart() {
    var el = document.getElementById("station-chart");
    var data = LJ.readJSON(el, "data-stations");
    if (!el || !data || !data.length) return;
    LJ.chart(el).setOption({
      textStyle: LJ.baseTextStyle,
      animation: false,
      grid: { left: 40, right: 10, top: 20, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.map(function (s) { return s.name; }), axisLabel: { interval: 0 } },
      yAxis: { type: "value", name: "AQI" },
      series: [{
        type: "bar", name: "实时 AQI",
        data: data.map(function (s) { return { value: s.aqi, itemStyle: { color: s.colour, borderColor: "#5b6673" } }; }),
      }],
    });
  }

  function trendChart() {
    var el = document.getElementById("trend-chart");
    var t = LJ.readJSON(el, "data-trend");
    if (!el || !t) return;
    if (!t.days.length) {
      el.outerHTML = '<p class="empty">暂无近 30 天的有效日数据</p>';
      return;
    }
    LJ.chart(el).setOption({
      textStyle: LJ.baseTextStyle,
      animation: false,
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: t.days },
      yAxis: { type: "value", name: "AQI" },
      series: [{
        type: "bar", name: "日 AQI",
        data: t.aqi.map(function (v, i) { return { value: v, itemStyle: { color: t.colour[i], borderColor: "#5b6673" } }; }),
        markLine: { silent: true, symbol: "none", data: [{ yAxis: 100, label: { formatter: "100", position: "insideEndTop" } }] },
      }],
    });
  }

  stationChart();
  trendChart();
})();
