/* GraphIntel's link chart: a bidirectional Streamlit component drawn with the vendored Cytoscape.js.
 *
 * Python sends the chart (nodes, edges, positions, legend) as the component's arguments; every text in them
 * is already escaped (graphintel.dashboard.safe) and this page writes text only with textContent or as
 * canvas labels. The page sends back what the analyst did: {seq, action, ids, positions}.
 *
 * Positions are kept: a node with a position from Python stays where it is; new nodes (an expansion) are
 * placed near the nodes they link to, on free space, and moving nothing else. Only the first drawing of a
 * chart without positions runs a layout. Labels keep a readable size on screen and a label is shown only
 * where it does not cover another label or node (the riskiest and emphasised first).
 */
(function () {
  "use strict";

  // -- Streamlit's component protocol (what streamlit-component-lib does, by hand) --------------------
  function post(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }
  // Events are queued until Python acknowledges them (args.ack): two events in quick succession (a click,
  // then Ctrl+Z) would otherwise reach Python as the last one only.
  const nonce = Math.random().toString(36).slice(2);
  let seq = 0;
  let pending = [];
  function emit(action, ids, positions) {
    seq += 1;
    pending.push({ seq: seq, action: action, ids: ids || [], positions: positions || {} });
    post("streamlit:setComponentValue", { value: { nonce: nonce, events: pending }, dataType: "json" });
  }
  function acknowledge(ack) {
    if (ack && ack.nonce === nonce) pending = pending.filter((e) => e.seq > ack.seq);
  }

  // -- icons (Material Icons, Apache-2.0) --------------------------------------------------------------
  const ICON_PATHS = {
    store: "M20 4H4v2h16V4zm1 10v-2l-1-5H4l-1 5v2h1v6h10v-6h4v6h2v-6h1zm-9 4H6v-4h6v4z",
    person: "M12 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z",
    home: "M10 20v-6h4v6h5v-8h3L12 3 2 12h3v8z",
    phone: "M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 " +
      "1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 " +
      "3.57.11.35.03.74-.25 1.02l-2.2 2.2z",
    email: "M20 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4l-8 5-8-5V6l8 " +
      "5 8-5v2z",
  };
  function iconUri(name) {
    const path = ICON_PATHS[name];
    if (!path) return "none";
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#ffffff" d="' + path + '"/></svg>';
    return "data:image/svg+xml;utf8," + encodeURIComponent(svg);
  }

  // -- the drawing's style ----------------------------------------------------------------------------
  const LABEL_PX = 12; // label size on screen at the default zoom
  let cy = null;
  function labelPx() {
    return LABEL_PX * Math.pow(Math.max(1, cy.zoom()), 0.4);
  }
  const perZoom = (px) => () => px / cy.zoom(); // a size that stays the same on screen
  function style() {
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          "background-image": (n) => iconUri(n.data("icon")),
          "background-width": "58%",
          "background-height": "58%",
          width: (n) => Math.max(n.data("size"), 16 / cy.zoom()), // never under 16 px on screen
          height: (n) => Math.max(n.data("size"), 16 / cy.zoom()),
          "border-width": 1.5,
          "border-color": "#ffffff",
          label: "data(caption)",
          "font-size": () => labelPx() / cy.zoom(),
          "text-valign": "data(lv)",
          "text-halign": "data(lh)",
          "text-margin-y": (n) => (n.data("lv") === "bottom" ? 2 : n.data("lv") === "top" ? -2 : 0) / cy.zoom(),
          "text-margin-x": (n) => (n.data("lh") === "right" ? 4 : n.data("lh") === "left" ? -4 : 0) / cy.zoom(),
          "text-wrap": "ellipsis",
          "text-max-width": perZoom(170),
          color: "#1f2330",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.88,
          "text-background-padding": perZoom(2),
          "text-background-shape": "roundrectangle",
          "min-zoomed-font-size": 0,
          "z-index": 10,
        },
      },
      { selector: "node[kind = 'party']", style: { shape: "ellipse" } },
      { selector: "node[kind = 'identifier']", style: { shape: "round-diamond" } },
      {
        selector: "node.hub",
        style: { shape: "round-octagon", "border-width": 4, "border-color": "#343a40", "font-weight": "bold" },
      },
      { selector: "node.member", style: { "border-width": 3, "border-color": "#3d3d3d" } },
      {
        selector: "node.focus",
        style: { "border-width": 6, "border-color": "#111111", "border-style": "double", "font-weight": "bold" },
      },
      {
        selector: "node.end",
        style: { "border-width": 6, "border-color": "#7b2cbf", "font-weight": "bold", color: "#4a1480" },
      },
      { selector: "node.pinned", style: { "outline-width": 2, "outline-color": "#0b7285", "outline-offset": 2 } },
      { selector: "node.quiet", style: { "text-opacity": 0, "text-background-opacity": 0 } },
      {
        selector: "node:selected",
        style: {
          "overlay-color": "#ffd43b", "overlay-opacity": 0.35, "overlay-padding": 6,
          "text-opacity": 1, "text-background-opacity": 0.95, "z-index": 20,
        },
      },
      {
        selector: "edge",
        style: {
          width: "data(width)",
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "curve-style": "bezier",
          opacity: 0.75,
          "z-index": 1,
          "font-size": perZoom(11),
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.9,
          "text-rotation": "autorotate",
        },
      },
      { selector: "edge[directed]", style: { "target-arrow-shape": "triangle", "arrow-scale": 0.9 } },
      { selector: "edge:selected", style: { label: "data(caption)", opacity: 1, "line-style": "solid" } },
      // two spellings of one entity (SAME_AS): dashed, also when selected
      { selector: "edge[kind = 'same_as']", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    ];
  }

  // -- label placement: the priority order and the four spots around a node ---------------------------
  const SPOTS = [
    ["bottom", "center"], ["top", "center"], ["center", "right"], ["center", "left"],
    ["bottom", "right"], ["top", "right"], ["bottom", "left"], ["top", "left"],
  ];
  function priority(n) {
    let p = 0;
    if (n.selected()) p += 1000;
    if (n.hasClass("focus") || n.hasClass("end")) p += 500;
    if (n.hasClass("hub")) p += 300;
    if (n.hasClass("member")) p += 100;
    return p + 50 * (n.data("score") || 0) + Math.min(20, n.degree());
  }
  function overlaps(a, b, pad) {
    return a.x1 < b.x2 + pad && b.x1 < a.x2 + pad && a.y1 < b.y2 + pad && b.y1 < a.y2 + pad;
  }
  function declutter() {
    if (!cy) return;
    cy.style().update(); // sizes that depend on the zoom
    const nodes = cy.nodes().toArray().sort((a, b) => priority(b) - priority(a));
    const bodies = new Map(nodes.map((n) => [n.id(), n.boundingBox({ includeLabels: false })]));
    const taken = [];
    const pad = 2 / cy.zoom();
    {  // not in cy.batch(): a label's box must be measured at each spot tried
      for (const n of nodes) {
        let placed = false;
        for (const [lv, lh] of SPOTS) {
          n.data({ lv: lv, lh: lh });
          const box = n.boundingBox({ includeLabels: true, includeNodes: false, includeOverlays: false });
          if (!box.w) break; // no label
          let free = !taken.some((t) => overlaps(box, t, pad));
          if (free) {
            for (const [id, body] of bodies) {
              if (id !== n.id() && overlaps(box, body, 0)) { free = false; break; }
            }
          }
          if (free) { taken.push(box); placed = true; break; }
        }
        if (!placed) n.data({ lv: "bottom", lh: "center" });
        n.toggleClass("quiet", !placed);
      }
    }
  }
  let declutterTimer = null;
  function declutterSoon() {
    clearTimeout(declutterTimer);
    declutterTimer = setTimeout(declutter, 120);
  }

  // -- placing new nodes near what they link to, on free space -----------------------------------------
  function boxAround(p, n) {
    const r = (n.data("size") || 30) / 2;
    const w = Math.max(r, Math.min(170, 7 * String(n.data("caption") || "").length) / 2 / cy.zoom());
    return { x1: p.x - w, x2: p.x + w, y1: p.y - r, y2: p.y + r + 22 / cy.zoom() };
  }
  function placeNew(fresh) {
    const placed = cy.nodes().not(fresh);
    const boxes = placed.map((n) => n.boundingBox({ includeLabels: true }));
    const centre = placed.length ? centroid(placed) : { x: 0, y: 0 };
    const waiting = fresh.toArray();
    const done = new Set();
    let guard = 0;
    while (waiting.length && guard++ < 10000) {
      // the new node with the most placed neighbours first
      waiting.sort((a, b) => known(b).length - known(a).length);
      const n = waiting.shift();
      const anchors = known(n);
      let base;
      if (anchors.length) {
        base = centroid(anchors);
      } else {
        const bb = cy.nodes().filter((m) => !waiting.includes(m)).boundingBox();
        base = bb.w ? { x: bb.x2 + 80, y: (bb.y1 + bb.y2) / 2 } : { x: 0, y: 0 };
      }
      // outwards from the chart's centre first, then around
      const out = Math.atan2(base.y - centre.y, base.x - centre.x) || 0;
      let spot = null;
      for (let ring = 1; ring <= 12 && !spot; ring++) {
        const radius = 70 + 55 * (ring - 1);
        const steps = 8 + 4 * ring;
        for (let k = 0; k < steps && !spot; k++) {
          const turn = Math.ceil(k / 2) * (k % 2 ? 1 : -1) * (2 * Math.PI / steps);
          const p = { x: base.x + radius * Math.cos(out + turn), y: base.y + radius * Math.sin(out + turn) };
          const b = boxAround(p, n);
          if (!boxes.some((o) => overlaps(b, o, 6))) spot = p;
        }
      }
      if (!spot) spot = { x: base.x + 40, y: base.y + 40 };
      n.position(spot);
      boxes.push(boxAround(spot, n));
      done.add(n.id());
    }
    function known(n) {
      return n.neighborhood("node").filter((m) => !waiting.includes(m) && (placed.contains(m) || done.has(m.id())));
    }
  }
  function centroid(nodes) {
    let x = 0, y = 0, k = 0;
    nodes.forEach((n) => { const p = n.position(); x += p.x; y += p.y; k += 1; });
    return k ? { x: x / k, y: y / k } : { x: 0, y: 0 };
  }

  function positionsOf(nodes) {
    const out = {};
    nodes.forEach((n) => { const p = n.position(); out[n.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10]; });
    return out;
  }

  // -- the first layout (only when no node has a position) ---------------------------------------------
  function firstLayout(nodes, done) {
    // a seeded start (a circle by order), then a force layout that counts labels as part of the nodes
    const k = nodes.length;
    nodes.forEach((n, i) => n.position({ x: 300 * Math.cos((2 * Math.PI * i) / k), y: 300 * Math.sin((2 * Math.PI * i) / k) }));
    const layout = nodes.union(nodes.connectedEdges()).layout({
      name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true, fit: false,
      idealEdgeLength: () => 90, nodeRepulsion: () => 90000, nodeOverlap: 20, gravity: 0.6, numIter: 1500,
      componentSpacing: 80,
    });
    layout.one("layoutstop", done);
    layout.run();
  }

  // -- the legend (text only through textContent) -----------------------------------------------------
  function legend(spec) {
    const box = document.getElementById("legend");
    box.replaceChildren();
    const row = (items) => {
      const r = document.createElement("div");
      r.className = "row";
      items.forEach((el) => r.appendChild(el));
      box.appendChild(r);
    };
    const item = (mark, text) => {
      const s = document.createElement("span");
      s.className = "item";
      const t = document.createElement("span");
      t.textContent = text;
      s.append(mark, t);
      return s;
    };
    row((spec.nodes || []).map((d) => {
      const m = document.createElement("span");
      m.className = "swatch";
      m.style.backgroundColor = d.colour;
      m.style.backgroundImage = 'url("' + iconUri(d.icon) + '")';
      if (d.shape === "diamond") m.style.borderRadius = "3px";
      return item(m, d.legend);
    }));
    row((spec.links || []).map((d) => {
      const m = document.createElement("span");
      m.className = "line";
      m.style.borderTopColor = d.colour;
      m.style.borderTopWidth = d.directed ? "4px" : "2px";
      if (d.dashed) m.style.borderTopStyle = "dashed";
      return item(m, d.legend + (d.directed ? " →" : ""));
    }));
    row((spec.marks || []).map((d) => {
      const m = document.createElement("span");
      m.className = "ring";
      m.style.border = d.border;
      return item(m, d.legend);
    }));
  }

  // -- rendering what Python sent -----------------------------------------------------------------------
  let lastArgs = { positions: {} };
  let height = 0;
  function render(args) {
    acknowledge(args.ack);
    if (args.height !== height) {
      height = args.height;
      post("streamlit:setFrameHeight", { height: height });
    }
    legend(args.legend || {});
    const els = args.elements || { nodes: [], edges: [] };
    const first = !cy;
    if (first) {
      cy = cytoscape({
        container: document.getElementById("cy"), style: style(), elements: [], wheelSensitivity: 0.3,
        boxSelectionEnabled: true, selectionType: "additive", minZoom: 0.05, maxZoom: 4,
      });
      window.cy = cy;
      wire();
    }
    const wanted = new Set(els.nodes.map((n) => n.data.id).concat(els.edges.map((e) => e.data.id)));
    let fresh = cy.collection();
    cy.batch(() => {
      cy.elements().filter((e) => !wanted.has(e.id())).remove();
      for (const n of els.nodes) {
        const data = Object.assign({ lv: "bottom", lh: "center" }, n.data);
        const p = (args.positions || {})[data.id];
        const before = lastArgs.positions[data.id];
        let node = cy.getElementById(data.id);
        if (node.empty()) {
          node = cy.add({ group: "nodes", data: data, position: p ? { x: p[0], y: p[1] } : { x: 0, y: 0 } });
          if (!p) fresh = fresh.union(node);
        } else {
          const keep = { lv: node.data("lv"), lh: node.data("lh") };
          node.data(Object.assign(data, keep));
          // a position Python changed (undo, a saved view) is applied; one it repeats is left as it is
          if (p && (!before || before[0] !== p[0] || before[1] !== p[1])) node.position({ x: p[0], y: p[1] });
        }
        node.classes(n.classes || "");
        if (node.hasClass("pinned")) node.lock(); else node.unlock();
      }
      for (const e of els.edges) {
        const edge = cy.getElementById(e.data.id);
        if (edge.empty()) cy.add({ group: "edges", data: e.data });
        else edge.data(e.data);
      }
      // A selection Python changed (the picker, undo, a removal) is applied; one it repeats is left as it is,
      // so a click made while Python answered an earlier event (the first layout) is not undone by the answer.
      const selected = new Set(args.selected || []);
      const had = lastArgs.selected || [];
      if (first || had.length !== selected.size || had.some((id) => !selected.has(id))) {
        cy.nodes().forEach((n) => { if (selected.has(n.id())) n.select(); else n.unselect(); });
      }
    });
    lastArgs = args;
    const finish = () => {
      declutter();
      if (first) fitView();
      window.linkchart.rendered += 1;
      if (fresh.nonempty()) emit("layout", [], positionsOf(first ? cy.nodes() : fresh));
    };
    if (fresh.nonempty() && fresh.length === cy.nodes().length) {
      firstLayout(fresh, finish);
    } else {
      if (fresh.nonempty()) { declutter(); placeNew(fresh); }
      finish();
    }
  }

  function fitView() {
    // twice: labels keep their size on screen, so the drawing's extent depends on the zoom
    for (let i = 0; i < 2; i++) {
      cy.fit(undefined, 24);
      if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
      declutter();
    }
  }

  // -- what the analyst does ----------------------------------------------------------------------------
  function wire() {
    let selectTimer = null;
    const sendSelection = () => {
      clearTimeout(selectTimer);
      selectTimer = setTimeout(() => {
        const ids = cy.nodes(":selected").map((n) => n.id());
        const had = lastArgs.selected || [];
        if (ids.length !== had.length || ids.some((id) => !had.includes(id))) emit("select", ids);
      }, 250);
    };
    cy.on("select unselect", "node", sendSelection);
    cy.on("dbltap", "node", (ev) => emit("expand", [ev.target.id()]));
    // a SAME_AS link clicked: Python shows its score and evidence in the side panel
    cy.on("tap", "edge[kind = 'same_as']", (ev) => {
      cy.nodes(":selected").unselect();
      emit("edge", [ev.target.id()]);
    });
    cy.on("dragfree", "node", () => {
      const moved = cy.nodes(":grabbed").union(cy.nodes(":selected"));
      emit("move", [], positionsOf(moved.nonempty() ? moved : cy.nodes()));
    });
    cy.on("zoom", declutterSoon);
    cy.on("free", "node", declutterSoon);
    document.getElementById("undo").onclick = () => emit("undo");
    document.getElementById("redo").onclick = () => emit("redo");
    document.getElementById("fit").onclick = fitView;
    document.getElementById("relayout").onclick = () => {
      const free = cy.nodes().filter((n) => !n.hasClass("pinned"));
      const layout = cy.elements().layout({
        name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true, fit: false,
        idealEdgeLength: () => 90, nodeRepulsion: () => 90000, gravity: 0.6, numIter: 1500,
      });
      layout.one("layoutstop", () => { declutter(); emit("move", [], positionsOf(free)); });
      layout.run();
    };
    // the canvas takes the mouse without taking the focus: the keys below need it
    const box = document.getElementById("cy");
    box.addEventListener("pointerdown", () => box.focus({ preventScroll: true }), true);
    document.addEventListener("keydown", (ev) => {
      const key = ev.key.toLowerCase();
      if ((ev.ctrlKey || ev.metaKey) && key === "z" && !ev.shiftKey) { ev.preventDefault(); emit("undo"); }
      else if ((ev.ctrlKey || ev.metaKey) && (key === "y" || (key === "z" && ev.shiftKey))) { ev.preventDefault(); emit("redo"); }
      else if (key === "delete" || key === "backspace") {
        const ids = cy.nodes(":selected").map((n) => n.id());
        if (ids.length) { ev.preventDefault(); emit("remove", ids); }
      }
    });
    window.addEventListener("resize", declutterSoon);
  }

  // -- for tests: where things are, in the page's pixels -------------------------------------------------
  window.linkchart = {
    rendered: 0,
    positions: () => (cy ? positionsOf(cy.nodes()) : {}),
    labelBoxes: () => (cy ? cy.nodes().filter((n) => !n.hasClass("quiet") && n.data("caption"))
      .map((n) => Object.assign({ id: n.id() },
        // the label as drawn: no node body, and no overlay (the invisible press highlight around a node)
        n.renderedBoundingBox({ includeLabels: true, includeNodes: false, includeOverlays: false }))) : []),
    emit: emit,
    pending: () => pending.slice(),
  };

  window.addEventListener("message", (ev) => {
    if (ev.data && ev.data.type === "streamlit:render") render(ev.data.args || {});
  });
  post("streamlit:componentReady", { apiVersion: 1 });
})();
