/* The portal map: the mission's own GeoJSON layers drawn with the vendored Leaflet, no tile server needed.
 * A basemap is drawn only when the server sets one (CUSTODES_BASEMAP_URL). The same data is on the page as
 * tables, for readers who do not use the map. Incidents are counted per governorate, never placed.
 */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  var labels = JSON.parse(box.dataset.labels || "{}");
  var map = L.map(box, { keyboard: true, zoomSnap: 0.25 }).setView([31.42, 34.38], 10);
  if (box.dataset.basemap) {
    L.tileLayer(box.dataset.basemap, { attribution: box.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  var styles = {
    governorates: { color: "#4a5561", weight: 1, fillColor: "#eef2f6", fillOpacity: 0.6 },
    areas: { color: "#0b5394", weight: 2, dashArray: "4 4", fill: false },
    zones: { color: "#a4161a", weight: 1, fillColor: "#a4161a", fillOpacity: 0.25 }
  };
  function text(value) { var s = document.createElement("span"); s.textContent = value; return s.innerHTML; }
  function popup(props) {
    var out = "<strong>" + text(props.name || props.id || "") + "</strong>";
    if (props.kind) out += "<br>" + text(props.kind);
    if (props.status) out += "<br>" + text(props.status);
    if (props.incidents !== undefined) out += "<br>" + text((labels.count || "") + ": " + props.incidents);
    return out;
  }
  fetch(box.dataset.layers, { headers: { Accept: "application/json" } }).then(function (r) {
    if (!r.ok) throw new Error(box.dataset.layers + " answered " + r.status);
    return r.json();
  }).then(function (layers) {
    var overlays = {}, bounds = null;
    ["governorates", "areas", "zones", "crossings", "incidents"].forEach(function (name) {
      var layer = L.geoJSON(layers[name], {
        style: function () { return styles[name] || {}; },
        pointToLayer: function (feature, at) {
          if (name === "incidents") {
            var n = feature.properties.incidents || 0;
            return L.circleMarker(at, { radius: 4 + Math.sqrt(n) * 2, color: "#a4161a", weight: 1,
                                        fillColor: "#a4161a", fillOpacity: 0.5 });
          }
          return L.circleMarker(at, { radius: 6, color: "#1d6b33", weight: 2, fillColor: "#ffffff", fillOpacity: 1 });
        },
        onEachFeature: function (feature, l) { l.bindPopup(popup(feature.properties)); }
      }).addTo(map);
      overlays[labels[name] || name] = layer;
      if (name === "governorates" && layers[name].features.length) bounds = layer.getBounds();
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (bounds) map.fitBounds(bounds, { padding: [10, 10] });
    box.dataset.state = "ready";
  }).catch(function (err) {
    box.dataset.state = "failed";
    box.textContent = String(err && err.message ? err.message : err);
  });
})();
