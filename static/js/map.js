/* The interactive metro map: pan and zoom (@panzoom/panzoom), line filter, search, focus,
   sector colours and the station side panel. Reads its data from the json_script next to the
   drawing; no inline script or style is needed, so a strict Content Security Policy holds. */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setupMap(root) {
    var data = JSON.parse(document.getElementById(root.dataset.jsonId).textContent);
    var viewport = root.querySelector("[data-map-viewport]");
    var svg = viewport.querySelector("svg");
    if (!svg) { return null; }
    var stationUrl = root.dataset.stationUrl || "";
    var panel = document.getElementById("station-panel");
    var status = root.querySelector("[data-map-status]");
    var stationEls = {};
    svg.querySelectorAll(".mm-station").forEach(function (el) { stationEls[el.dataset.station] = el; });
    var lineEls = {};
    svg.querySelectorAll(".mm-line").forEach(function (el) { lineEls[el.dataset.line] = el; });
    var stations = {};
    data.stations.forEach(function (s) {
      s.lines = [];
      s.haystack = fold([s.name, s.title, s.keywords].concat(s.competences).join(" "));
      stations[s.key] = s;
      var el = stationEls[s.key];
      if (el && s.sector) { el.setAttribute("data-sector", s.sector); }
    });
    data.lines.forEach(function (line) {
      line.stations.forEach(function (key) { if (stations[key]) { stations[key].lines.push(line.key); } });
    });

    var panzoom = window.Panzoom(svg, { maxScale: 12, minScale: 0.3, step: 0.3, canvas: true });
    viewport.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey && !root.hasAttribute("data-embedded")) { event.preventDefault(); }
      panzoom.zoomWithWheel(event);
    }, { passive: false });

    function announce(text) { if (status) { status.textContent = text; } }

    function centreOn(el, keepScale) {
      var scale = keepScale ? panzoom.getScale() : Math.max(panzoom.getScale(), 2);
      panzoom.zoom(scale, { animate: false });
      var view = viewport.getBoundingClientRect();
      var box = el.getBoundingClientRect();
      var pan = panzoom.getPan();
      var dx = (view.left + view.width / 2) - (box.left + box.width / 2);
      var dy = (view.top + view.height / 2) - (box.top + box.height / 2);
      panzoom.pan(pan.x + dx / scale, pan.y + dy / scale, { animate: false });
    }

    function clearMarks() {
      svg.classList.remove("is-focused");
      Object.keys(stationEls).forEach(function (k) {
        stationEls[k].classList.remove("is-lit", "is-selected");
      });
      Object.keys(lineEls).forEach(function (k) { lineEls[k].classList.remove("is-lit"); });
    }

    function lightLines(keys) {
      clearMarks();
      if (!keys.length) { return; }
      svg.classList.add("is-focused");
      keys.forEach(function (key) {
        if (lineEls[key]) { lineEls[key].classList.add("is-lit"); }
        data.lines.forEach(function (line) {
          if (line.key === key) {
            line.stations.forEach(function (s) { if (stationEls[s]) { stationEls[s].classList.add("is-lit"); } });
          }
        });
      });
    }

    /* Focus an actor: its lines, itself and its neighbours on every line stay bright. */
    function focusStation(key) {
      clearMarks();
      var station = stations[key];
      if (!station) { return; }
      svg.classList.add("is-focused");
      station.lines.forEach(function (lineKey) {
        if (lineEls[lineKey]) { lineEls[lineKey].classList.add("is-lit"); }
        data.lines.forEach(function (line) {
          if (line.key !== lineKey) { return; }
          var i = line.stations.indexOf(key);
          [line.stations[i - 1], line.stations[i + 1]].forEach(function (n) {
            if (n && stationEls[n]) { stationEls[n].classList.add("is-lit"); }
          });
        });
      });
      if (stationEls[key]) { stationEls[key].classList.add("is-lit", "is-selected"); }
    }

    function checkedLines() {
      return Array.prototype.map.call(
        root.querySelectorAll("[data-line-filter]:checked"), function (box) { return box.value; });
    }

    function openStation(key, moveFocus) {
      focusStation(key);
      if (stationEls[key]) { centreOn(stationEls[key]); }
      if (!panel || !stationUrl || !window.htmx) {
        if (stationUrl) { window.location.href = stationUrl.replace("__key__", encodeURIComponent(key)); }
        return;
      }
      var url = stationUrl.replace("__key__", encodeURIComponent(key));
      var lines = checkedLines();
      if (lines.length) { url += "?line=" + encodeURIComponent(lines[0]); }
      window.htmx.ajax("GET", url, { target: panel, swap: "innerHTML" }).then(function () {
        panel.dataset.station = key;
        if (moveFocus) { panel.focus(); }
      });
    }

    svg.addEventListener("click", function (event) {
      var el = event.target.closest(".mm-station");
      if (el) { openStation(el.dataset.station, false); }
    });
    /* A station reached with Tab is brought into view. */
    svg.addEventListener("focusin", function (event) {
      var el = event.target.closest(".mm-station");
      if (!el) { return; }
      var view = viewport.getBoundingClientRect();
      var box = el.getBoundingClientRect();
      if (box.left < view.left || box.right > view.right || box.top < view.top || box.bottom > view.bottom) {
        centreOn(el, true);
      }
    });
    svg.addEventListener("keydown", function (event) {
      var el = event.target.closest(".mm-station");
      if (el && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        openStation(el.dataset.station, true);
      }
    });

    /* Keyboard pan and zoom on the map area. */
    viewport.addEventListener("keydown", function (event) {
      if (event.target !== viewport) { return; }
      var step = 60 / panzoom.getScale();
      var pan = panzoom.getPan();
      var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[event.key]) {
        event.preventDefault();
        panzoom.pan(pan.x + moves[event.key][0], pan.y + moves[event.key][1]);
      } else if (event.key === "+" || event.key === "=") {
        event.preventDefault(); panzoom.zoomIn();
      } else if (event.key === "-" || event.key === "_") {
        event.preventDefault(); panzoom.zoomOut();
      } else if (event.key === "0") {
        event.preventDefault(); panzoom.reset();
      } else if (event.key === "Escape") {
        clearMarks();
      }
    });

    root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.dataset.zoom;
        if (how === "in") { panzoom.zoomIn(); } else if (how === "out") { panzoom.zoomOut(); } else { panzoom.reset(); }
      });
    });
    root.querySelectorAll("[data-line-filter]").forEach(function (box) {
      box.addEventListener("change", function () {
        var keys = checkedLines();
        lightLines(keys);
        announce(keys.length ? (root.dataset.msgLines || "__N__").replace("__N__", keys.length) : "");
      });
    });
    var clear = root.querySelector("[data-clear-focus]");
    if (clear) {
      clear.addEventListener("click", function () {
        root.querySelectorAll("[data-line-filter]").forEach(function (box) { box.checked = false; });
        clearMarks();
      });
    }
    var sectorToggle = root.querySelector("[data-sector-toggle]");
    if (sectorToggle) {
      sectorToggle.addEventListener("change", function () {
        root.classList.toggle("by-sector", sectorToggle.checked);
      });
    }

    /* Search: names, titles, keywords and competences; a result centres the map on it. */
    function search(text) {
      var words = fold(text).split(/\s+/).filter(Boolean);
      if (!words.length) { return []; }
      return data.stations.filter(function (s) {
        return words.every(function (w) { return s.haystack.indexOf(w) !== -1; });
      });
    }
    var input = root.querySelector("[data-map-search]");
    var results = root.querySelector("[data-map-results]");
    if (input && results) {
      var render = function () {
        var found = search(input.value);
        results.textContent = "";
        found.slice(0, 10).forEach(function (s) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "link-button";
          button.textContent = s.name + (s.title ? " · " + s.title : "");
          button.addEventListener("click", function () { openStation(s.key, true); });
          li.appendChild(button);
          results.appendChild(li);
        });
        announce(input.value ? (root.dataset.msgFound || "__N__").replace("__N__", found.length) : "");
        return found;
      };
      input.addEventListener("input", render);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          var found = render();
          if (found.length) { openStation(found[0].key, true); }
        }
      });
    }
    return { search: search, open: openStation, focus: focusStation, root: root };
  }

  function setupNational(maps) {
    var input = document.querySelector("[data-national-search]");
    var status = document.querySelector("[data-national-status]");
    if (!input) { return; }
    input.addEventListener("input", function () {
      var total = 0;
      maps.forEach(function (m) {
        var found = m.search(input.value);
        total += found.length;
        m.root.classList.toggle("has-match", found.length > 0 && input.value !== "");
        if (found.length) { m.focus(found[0].key); }
      });
      var message = input.dataset.msgFound || "__N__";
      if (status) { status.textContent = input.value ? message.replace("__N__", total) : ""; }
    });
  }

  function start() {
    var maps = [];
    document.querySelectorAll("[data-map]").forEach(function (root) {
      var map = setupMap(root);
      if (map) { maps.push(map); }
    });
    setupNational(maps);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
