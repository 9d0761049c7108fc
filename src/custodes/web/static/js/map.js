/* The map of the portal and of the dashboards: the mission's own GeoJSON layers drawn with the vendored
 * Leaflet, no tile server needed. The box (#map) says where its layers come from:
 *   data-layers      one URL answering {layer name: FeatureCollection} (the portal's layers.json), or
 *   data-layer-urls  a JSON list of {name, url}, one /api/v1/map layer each (the dashboards'; the session
 *                    cookie signs the requests in, so the server decides each view by the caller's role).
 * data-labels holds the page's texts (layer names, "count"...; "codes": stored codes in the page's language).
 * A basemap is drawn only when the server sets one (CUSTODES_BASEMAP_URL). The same data is on the page as
 * tables, for readers who do not use the map. When done, the box says data-state="ready" (or "failed").
 */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  var labels = JSON.parse(box.dataset.labels || "{}"), codes = labels.codes || {};
  var lang = document.documentElement.lang || "en";
  var map = L.map(box, { keyboard: true, zoomSnap: 0.25 }).setView([31.42, 34.38], 10);
  if (box.dataset.basemap) {
    L.tileLayer(box.dataset.basemap, { attribution: box.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  var styles = {
    governorates: { color: "#4a5561", weight: 1, fillColor: "#eef2f6", fillOpacity: 0.6 },
    areas: { color: "#0b5394", weight: 2, dashArray: "4 4", fill: false },
    zones: { color: "#a4161a", weight: 1, fillColor: "#a4161a", fillOpacity: 0.25 },
    routes: { color: "#6a3d9a", weight: 3, opacity: 0.8 }
  };
  var points = {
    crossings: { radius: 6, color: "#1d6b33", weight: 2, fillColor: "#ffffff", fillOpacity: 1 },
    sites: { radius: 5, color: "#b35c00", weight: 2, fillColor: "#ffd8a8", fillOpacity: 1 },
    incidents: { radius: 4, color: "#a4161a", weight: 1, fillColor: "#a4161a", fillOpacity: 0.5 }
  };
  function text(value) { var s = document.createElement("span"); s.textContent = value; return s.innerHTML; }
  function code(value) { return codes[value] || value; }
  function named(p) {
    return (lang === "ar" && (p.name_ar || p.governorate_ar)) || p.name || p.governorate ||
      (p.event_type ? code(p.event_type) : "") || p.id || "";
  }
  function popup(p) {
    var out = "<strong>" + text(named(p)) + "</strong>";
    ["kind", "status", "state", "category", "sub_event_type", "event_date", "agency"].forEach(function (k) {
      if (p[k]) out += "<br>" + text(code(p[k]));
    });
    [["incidents", "count"], ["fatalities", "fatalities"], ["sites", "sites_count"], ["strength", "strength"],
     ["vehicles", "vehicles"]].forEach(function (kv) {
      if (p[kv[0]] !== undefined && p[kv[0]] !== null) out += "<br>" + text((labels[kv[1]] || kv[1]) + ": " + p[kv[0]]);
    });
    return out;
  }
  function radius(name, p) {  /* a point standing for several (per governorate) grows with their number */
    var n = name === "incidents" ? p.incidents : name === "sites" ? p.sites : undefined;
    return n === undefined ? (points[name] || points.crossings).radius : 4 + Math.sqrt(n) * 2;
  }
  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json, application/geo+json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error(url + " answered " + r.status);
        return r.json();
      });
  }
  function load() {  /* [[name, FeatureCollection], ...] in drawing order */
    if (box.dataset.layerUrls) {
      var list = JSON.parse(box.dataset.layerUrls);
      return Promise.all(list.map(function (l) { return fetchJson(l.url); })).then(function (found) {
        return list.map(function (l, i) { return [l.name, found[i]]; });
      });
    }
    return fetchJson(box.dataset.layers).then(function (layers) {
      return ["governorates", "areas", "zones", "routes", "crossings", "sites", "incidents"]
        .filter(function (name) { return layers[name]; })
        .map(function (name) { return [name, layers[name]]; });
    });
  }
  load().then(function (layers) {
    var overlays = {}, bounds = null;
    layers.forEach(function (pair) {
      var name = pair[0], data = pair[1];
      var layer = L.geoJSON(data, {
        filter: function (feature) { return !!feature.geometry; },  /* e.g. incidents of no known governorate */
        style: function () { return styles[name] || {}; },
        pointToLayer: function (feature, at) {
          var look = points[name] || points.crossings;
          return L.circleMarker(at, L.extend({}, look, { radius: radius(name, feature.properties) }));
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties || {})); }
      }).addTo(map);
      overlays[labels[name] || name] = layer;
      if (name === "governorates" && data.features.length) bounds = layer.getBounds();
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (bounds) map.fitBounds(bounds, { padding: [10, 10] });
    box.dataset.state = "ready";
  }).catch(function (err) {
    box.dataset.state = "failed";
    box.textContent = String(err && err.message ? err.message : err);
  });
})();
