/* Shared helpers of the LJ Eco pages: JSON fetch with Chinese error messages, ECharts set-up, time formatting. */
(function () {
  "use strict";
  var LJ = (window.LJ = window.LJ || {});

  LJ.fetchJSON = function (url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) {
          throw new Error((body && body.message) || "请求失败（HTTP " + r.status + "）");
        }
        return body;
      });
    });
  };

  LJ.readJSON = function (el, attr) {
    var raw = el && el.getAttribute(attr);
    return raw ? JSON.parse(raw) : null;
  };

  var charts = [];
  LJ.chart = function (el) {
    // Canvas renderer: the browser tests read its pixels to check a chart is drawn.
    var existing = window.echarts.getInstanceByDom(el);
    if (existing) return existing;
    var c = window.echarts.init(el, null, { renderer: "canvas" });
    charts.push(c);
    return c;
  };
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });

  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  // Local (UTC+8) wall-clock text of an epoch-milliseconds instant, whatever the browser's zone.
  LJ.localText = function (ms, withTime) {
    var d = new Date(ms + 8 * 3600 * 1000);
    var s = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
    return withTime === false ? s : s + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  };
  LJ.today = function () { return LJ.localText(Date.now(), false); };
  LJ.addDays = function (isoDay, n) {
    var t = Date.parse(isoDay + "T00:00:00Z") + n * 86400000;
    return new Date(t).toISOString().slice(0, 10);
  };
  LJ.baseTextStyle = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif" };
})();
