/* 一张图: the region's own vector layers (no base tiles needed), monitoring sites and enterprises with their state,
   layer switcher, clustering when zoomed out, search by name, popups linking to each object's page. */
(function () {
  "use strict";
  var LJ = window.LJ || (window.LJ = {});
  var el = document.getElementById("map");
  if (!el || !window.L) return;

  var center = JSON.parse(el.getAttribute("data-center"));
  var api = el.getAttribute("data-api");
  var tileUrl = el.getAttribute("data-tile-url");
  // maxZoom is required by markercluster when there is no tile layer to provide one.
  var map = L.map(el, { zoomControl: true, keyboard: true, minZoom: 8, maxZoom: 18, fadeAnimation: false }).setView(center, 11);
  LJ.map = map;
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 18, attribution: "底图" }).addTo(map);
  } else {
    el.classList.add("no-tiles");
  }
  L.control.scale({ imperial: false }).addTo(map);

  var layers = {};   // id -> Leaflet layer
  var loaded = {};   // id -> promise
  var markers = {};  // object code -> marker (for search)
  var POLY_STYLE = {
    units: { color: "#5b6673", weight: 1.5, fillOpacity: 0.03 },
    protection: { color: "#0891b2", weight: 1, fillColor: "#67e8f9", fillOpacity: 0.35 },
    redlines: { color: "#c2410c", weight: 1.5, fillColor: "#fb923c", fillOpacity: 0.25 },
    parks: { color: "#15803d", weight: 1, fillColor: "#86efac", fillOpacity: 0.3 },
    hubs: { color: "#6b7280", weight: 1, fillColor: "#d1d5db", fillOpacity: 0.4 },
    rivers: { color: "#3a8fd9", weight: 3, fillColor: "#93c5fd", fillOpacity: 0.6 },
  };
  var CLUSTERED = { micro: true, enterprises: true, noise: true };

  function text(tag, value, cls) {
    var n = document.createElement(tag);
    n.textContent = value;
    if (cls) n.className = cls;
    return n;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "popup";
    box.appendChild(text("strong", p.name));
    box.appendChild(text("div", [p.kind_label, p.code].filter(Boolean).join(" · "), "muted small"));
    if (p.approximate) box.appendChild(text("div", "示意位置", "approx"));
    if (p.aqi !== undefined && p.aqi !== null) {
      box.appendChild(text("div", "AQI " + p.aqi + " " + p.category + (p.primary && p.primary.length ? "，首要污染物 " + p.primary.join("、") : "")));
    }
    if (p["class"]) {
      box.appendChild(text("div", p.period + " " + p["class"] + "类（目标 " + p.target + "类，" + (p.met ? "达标" : "未达标") + "）"));
    }
    if (p.zone_class) box.appendChild(text("div", "声环境功能区 " + p.zone_class));
    if (p.industry) box.appendChild(text("div", "行业 " + p.industry + (p.key_unit ? " · 重点排污单位" : "")));
    if (p.status_text) box.appendChild(text("div", p.status_text + (p.time ? " · " + p.time : ""), p.status === "ok" ? "" : "warn"));
    if (p.values && p.values.length) {
      var t = document.createElement("table");
      t.className = "popup-values";
      p.values.forEach(function (v) {
        var tr = document.createElement("tr");
        tr.appendChild(text("td", v.name));
        tr.appendChild(text("td", v.value === null ? "—" : String(v.value), "num"));
        tr.appendChild(text("td", v.unit + (v.valid ? "" : "（无效 " + v.flag + "）")));
        t.appendChild(tr);
      });
      box.appendChild(t);
    } else if (p.kind && p.kind !== "enterprise" && p.url && p.url.indexOf("/sites/") === 0 && p.status !== "ok") {
      box.appendChild(text("div", "暂无最新数据", "muted"));
    }
    if (p.url) {
      var a = text("a", "查看详情 →");
      a.href = p.url;
      box.appendChild(a);
    }
    return box;
  }

  function pointLayer(id, fc) {
    var group = CLUSTERED[id] && L.markerClusterGroup
      ? L.markerClusterGroup({ disableClusteringAtZoom: 13, showCoverageOnHover: false, maxClusterRadius: 45 })
      : L.featureGroup();
    fc.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var label = p.aqi !== undefined && p.aqi !== null ? String(p.aqi) : p["class"] || "";
      var ring = p.met === false ? " unmet" : "";
      var icon = L.divIcon({
        className: "pt pt-" + id + ring,
        html: '<span style="background:' + p.colour + '">' + label.replace(/[<>&"]/g, "") + "</span>",
        iconSize: [26, 26],
      });
      var m = L.marker([c[1], c[0]], { icon: icon, title: p.name, alt: p.name, keyboard: true });
      m.bindPopup(function () { return popup(p); });
      m.feature = f;
      markers[p.code] = { marker: m, layer: id };
      group.addLayer(m);
    });
    return group;
  }

  function shapeLayer(id, fc) {
    var style = POLY_STYLE[id] || {};
    return L.geoJSON(fc, {
      style: function (f) {
        var s = Object.assign({}, style);
        if (f.properties.approximate) s.dashArray = "5 4";
        if (f.geometry.type === "LineString" || f.geometry.type === "MultiLineString") s.fill = false;
        return s;
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name, { sticky: true });
        l.bindPopup(function () { return popup(Object.assign({ kind_label: { units: "行政区划", rivers: "河流水体", protection: "水源保护区", redlines: "生态保护红线", parks: "公园", hubs: "机场港口" }[id] }, f.properties)); });
      },
    });
  }

  function load(id, geometry) {
    if (!loaded[id]) {
      loaded[id] = LJ.fetchJSON(api + id).then(function (fc) {
        var layer = geometry === "point" ? pointLayer(id, fc) : shapeLayer(id, fc);
        layers[id] = layer;
        var count = document.querySelector('[data-count="' + id + '"]');
        if (count) count.textContent = "（" + fc.features.length + "）";
        if (id === "units" && fc.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [10, 10] });
        }
        return layer;
      });
    }
    return loaded[id];
  }

  function sync(input) {
    var id = input.value;
    if (input.checked) {
      load(id, input.getAttribute("data-geometry")).then(function (layer) {
        if (input.checked && !map.hasLayer(layer)) {
          layer.addTo(map);
          if (input.getAttribute("data-geometry") !== "point") layer.bringToBack();
        }
        el.setAttribute("data-layers-shown", Object.keys(layers).filter(function (k) { return map.hasLayer(layers[k]); }).join(","));
      }).catch(function (e) {
        var count = document.querySelector('[data-count="' + id + '"]');
        if (count) count.textContent = "（加载失败：" + (e && e.message ? e.message : e) + "）";
      });
    } else if (layers[id]) {
      map.removeLayer(layers[id]);
    }
  }

  var inputs = document.querySelectorAll("#layer-switcher input[name=layer]");
  // Polygons first so that points are drawn above them.
  var order = Array.prototype.slice.call(inputs).sort(function (a, b) {
    return (a.getAttribute("data-geometry") === "point") - (b.getAttribute("data-geometry") === "point");
  });
  order.forEach(function (input) {
    input.addEventListener("change", function () { sync(input); });
    sync(input);
  });

  // Search by name: sites, enterprises and admin units from the API.
  var box = document.getElementById("map-search");
  var list = document.getElementById("map-search-results");
  var timer = null;
  function showResults(items) {
    list.textContent = "";
    if (!items.length) { list.appendChild(text("li", "未找到匹配的名称", "muted")); return; }
    items.forEach(function (it) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.textContent = it.label + "（" + it.detail + "）";
      b.addEventListener("click", function () {
        map.setView([it.lat, it.lon], 14);
        var m = markers[it.code];
        if (m && layers[m.layer]) {
          var input = document.querySelector('#layer-switcher input[value="' + m.layer + '"]');
          if (input && !input.checked) { input.checked = true; sync(input); }
          var group = layers[m.layer];
          if (group.zoomToShowLayer) group.zoomToShowLayer(m.marker, function () { m.marker.openPopup(); });
          else m.marker.openPopup();
        }
      });
      li.appendChild(b);
      list.appendChild(li);
    });
  }
  if (box) {
    box.addEventListener("input", function () {
      clearTimeout(timer);
      var q = box.value.trim();
      if (!q) { list.textContent = ""; return; }
      timer = setTimeout(function () {
        LJ.fetchJSON("/api/v1/monitoring/search?q=" + encodeURIComponent(q)).then(function (d) { showResults(d.data); })
          .catch(function (e) { list.textContent = "搜索失败：" + e.message; });
      }, 200);
    });
    document.getElementById("map-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
  }
})();
