// eventwire dashboard: map, timeline, table and event detail over eventwire's own API.
// Every text from the store (titles, sentences, actor names) is inserted with textContent or as
// an attribute value set through the DOM, never parsed as HTML. Nothing is fetched from another host.
"use strict";

const FILTER_NAMES = ["from", "to", "country", "event_type", "sub_event_type", "actor", "source", "q"];
const TYPE_COLOURS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#8e44ad",
  "Violence against civilians": "#d35400",
  "Protests": "#2980b9",
  "Riots": "#f39c12",
  "Strategic developments": "#16a085",
};
const TABLE_COLUMNS = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "country", "fatalities", "source"];
const FIELDS = ["event_id_cnty", "latitude", "longitude", ...TABLE_COLUMNS];
const MAX_ROWS = 5000;

let map, clusters, chart;
let rows = [];
let tableSort = { column: "event_date", descending: true };

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function colourOf(type) { return TYPE_COLOURS[type] || "#555"; }

// -- state in the URL ------------------------------------------------------------------------------

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const name of FILTER_NAMES) state[name] = params.get(name) || "";
  return state;
}

function writeState(state) {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (state[name]) params.set(name, state[name]);
  history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
}

// The dashboard's filters in ACLED's parameter names (see /api).
function apiQuery(state) {
  const query = new URLSearchParams();
  if (state.from && state.to) {
    query.set("event_date", state.from + "|" + state.to);
    query.set("event_date_where", "BETWEEN");
  } else if (state.from || state.to) {
    query.set("event_date", state.from || state.to);
    query.set("event_date_where", state.from ? ">=" : "<=");
  }
  for (const name of ["country", "event_type", "sub_event_type", "source", "q"]) {
    if (state[name]) query.set(name, state[name]);
  }
  if (state.actor) { query.set("actor", state.actor); query.set("actor_where", "LIKE"); }
  return query;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error((body.error && body.error.message) || response.statusText);
  return body;
}

// -- map -------------------------------------------------------------------------------------------

async function setUpMap() {
  // maxZoom: there is no tile layer to say how far the map zooms, and markercluster needs to know.
  map = L.map("map", { preferCanvas: true, worldCopyJump: true, attributionControl: false, minZoom: 1, maxZoom: 12 })
    .setView([15, 20], 2);
  const topology = await getJSON("/static/vendor/countries-50m.json");
  const countries = topojson.feature(topology, topology.objects.countries);
  countries.features.forEach(unwrapAntimeridian);
  L.geoJSON(countries, { style: { color: "#888", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false }).addTo(map);
  clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, chunkProgress: onChunk });
  map.addLayer(clusters);
}

// markercluster adds a big batch in chunks between frames; drawMap's promise waits for the last one.
let chunksDone = () => {};
function onChunk(processed, total) { if (processed >= total) chunksDone(); }

// Rings across the antimeridian (Fiji, Chukotka) jump from +180 to -180 and would be drawn as a
// line across the whole map: carry their western points on past +180 instead. Antarctica's rings
// go round the pole and are left alone.
function unwrapAntimeridian(feature) {
  const geometry = feature.geometry;
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const ring of polygons.flat()) {
    const lons = ring.map(point => point[0]);
    const south = Math.min(...ring.map(point => point[1]));
    if (Math.max(...lons) - Math.min(...lons) <= 180 || south < -60) continue;
    for (const point of ring) if (point[0] < 0) point[0] += 360;
  }
}

function drawMap(events) {
  clusters.clearLayers();
  const markers = [];
  for (const row of events) {
    const lat = parseFloat(row.latitude), lon = parseFloat(row.longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const radius = 5 + 2 * Math.sqrt(Number(row.fatalities) || 0);
    const marker = L.circleMarker([lat, lon], { radius, color: colourOf(row.event_type), fillOpacity: 0.7, weight: 1 });
    marker.on("click", () => showDetail(row.event_id_cnty));
    markers.push(marker);
  }
  const added = new Promise(resolve => { chunksDone = resolve; });
  clusters.addLayers(markers);
  return markers.length ? added : Promise.resolve();  // no markers: no chunk callback
}

// The first view shows where the events are (a store about one country opens on that country).
function fitToEvents() {
  const bounds = clusters.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 6 });
}

function drawLegend(types) {
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const type of types) {
    const item = el("span", null, "legend-item");
    const swatch = el("span", null, "swatch");
    swatch.style.background = colourOf(type);
    item.append(swatch, document.createTextNode(type));
    legend.append(item);
  }
}

// -- timeline (uPlot): events per week by type; dragging a range sets the dates -----------------------

function drawTimeline(buckets) {
  const box = document.getElementById("timeline");
  if (chart) { chart.destroy(); chart = null; }
  box.replaceChildren();
  const periods = everyWeek(buckets.map(b => b.period));
  const types = [...new Set(buckets.map(b => b.event_type))].sort();
  drawLegend(types);
  if (!periods.length) return;
  const index = new Map(periods.map((p, i) => [p, i]));
  const series = types.map(() => periods.map(() => 0));
  for (const b of buckets) series[types.indexOf(b.event_type)][index.get(b.period)] = b.events;
  const xs = periods.map(p => Date.parse(p + "T00:00:00Z") / 1000);
  const options = {
    width: box.clientWidth || 400, height: 200,
    legend: { show: false },  // the legend below the chart names the types once, for map and chart
    series: [{}, ...types.map(t => ({ label: t, stroke: colourOf(t), width: 1.5, points: { show: false } }))],
    axes: [{}, { label: "events / week" }],
    hooks: { setSelect: [onBrush] },
  };
  chart = new uPlot(options, [xs, ...series], box);
}

// Every Monday from the first to the last week with events: a quiet week is a 0 in the chart,
// not a line drawn straight across it.
function everyWeek(mondays) {
  const sorted = [...new Set(mondays)].sort();
  if (sorted.length < 2) return sorted;
  const weeks = [];
  const last = Date.parse(sorted[sorted.length - 1] + "T00:00:00Z");
  for (let t = Date.parse(sorted[0] + "T00:00:00Z"); t <= last; t += 7 * 86400000) {
    weeks.push(new Date(t).toISOString().slice(0, 10));
  }
  return weeks;
}

function onBrush(u) {
  if (u.select.width < 2) return;
  const day = seconds => new Date(seconds * 1000).toISOString().slice(0, 10);
  const from = u.posToVal(u.select.left, "x"), to = u.posToVal(u.select.left + u.select.width, "x");
  const form = document.getElementById("filters");
  form.elements.from.value = day(from);
  form.elements.to.value = day(to + 6 * 86400);  // the brushed week ends six days after it starts
  applyFilters();
}

// -- table -----------------------------------------------------------------------------------------

function drawTable() {
  const head = document.querySelector("#events thead tr");
  head.replaceChildren();
  for (const column of TABLE_COLUMNS) {
    const arrow = tableSort.column === column ? (tableSort.descending ? " ▼" : " ▲") : "";
    const th = el("th", column.replace(/_/g, " ") + arrow);
    th.addEventListener("click", () => {
      tableSort = { column, descending: tableSort.column === column ? !tableSort.descending : false };
      drawTable();
    });
    head.append(th);
  }
  const numeric = tableSort.column === "fatalities";
  const sorted = [...rows].sort((a, b) => {
    const x = numeric ? Number(a[tableSort.column]) : String(a[tableSort.column]);
    const y = numeric ? Number(b[tableSort.column]) : String(b[tableSort.column]);
    return (x < y ? -1 : x > y ? 1 : 0) * (tableSort.descending ? -1 : 1);
  });
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...sorted.slice(0, 1000).map(tableRow));
}

function tableRow(row) {
  const tr = el("tr");
  for (const column of TABLE_COLUMNS) tr.append(el("td", row[column]));
  tr.addEventListener("click", () => showDetail(row.event_id_cnty));
  return tr;
}

// -- event detail ----------------------------------------------------------------------------------

async function showDetail(eventId) {
  const panel = document.getElementById("detail");
  panel.hidden = false;
  panel.replaceChildren(el("p", "loading…"));
  let detail;
  try {
    detail = await getJSON("/api/events/" + encodeURIComponent(eventId));
  } catch (error) {
    panel.replaceChildren(el("p", "could not load the event: " + error.message));
    return;
  }
  const close = el("button", "close", "close");
  close.addEventListener("click", () => { panel.hidden = true; });
  const row = detail.row;
  panel.replaceChildren(
    close,
    el("h2", row.event_type + " / " + row.sub_event_type),
    el("p", [row.event_date, row.location, row.country].filter(Boolean).join(" · ") + " · fatalities " + row.fatalities),
    el("p", "actors: " + [row.actor1, row.actor2].filter(Boolean).join(" vs ")),
    fieldsTable(detail),
    el("h3", "Evidence"),
    ...detail.mentions.flatMap(mentionBlocks),
    el("h3", "Articles"),
    articleList(detail.sources),
  );
}

function fieldsTable(detail) {
  const table = el("table");
  const head = el("tr");
  head.append(el("th", "field"), el("th", "each source's value"));
  table.append(head);
  for (const field of detail.fields) {
    const tr = el("tr");
    const name = el("td", field.field);
    if (field.disagreement) name.append(el("span", " ≠ sources disagree", "flag"));
    const values = el("td", field.values.map(v => v.value + " (" + (v.source || v.article_id) + ")").join(" / "));
    tr.append(name, values);
    table.append(tr);
  }
  return table;
}

function mentionBlocks(mention) {
  const blocks = mention.evidence.filter(Boolean).map(span => {
    const block = el("div", null, "evidence");
    block.append(el("small", (mention.source || mention.article_id) + ": "), document.createTextNode("…" + span.before),
                 el("mark", span.text), document.createTextNode(span.after + "…"));
    return block;
  });
  const rules = Object.entries(mention.field_rules).map(([name, rule]) => name + " ← " + rule).join("; ");
  if (rules) blocks.push(el("p", "set by: " + rules));
  return blocks;
}

function articleList(sources) {
  const list = el("ul");
  for (const article of sources) {
    const item = el("li");
    const label = (article.title || article.article_id) + " — " + (article.source || "unknown source") +
      (article.published ? ", " + article.published : "");
    // Only web links become links: a javascript: or data: URL from an article stays text.
    if (/^https?:\/\//i.test(article.url || "")) {
      const link = el("a", label);
      link.href = article.url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      item.append(link);
    } else {
      item.append(document.createTextNode(label));
    }
    list.append(item);
  }
  return list;
}

// -- filters and loading ---------------------------------------------------------------------------

function fillOptions(select, facet, current) {
  const keep = select.options[0];
  select.replaceChildren(keep);
  const values = facet.map(f => f.value);
  if (current && !values.includes(current)) values.unshift(current);
  for (const value of values) {
    const option = el("option", value);
    option.value = value;
    select.append(option);
  }
  select.value = current || "";
}

function fillFacets(facets, state) {
  const form = document.getElementById("filters");
  fillOptions(form.elements.event_type, facets.event_type, state.event_type);
  fillOptions(form.elements.sub_event_type, facets.sub_event_type, state.sub_event_type);
  fillOptions(form.elements.source, facets.source, state.source);
  const list = document.getElementById("country-list");
  list.replaceChildren(...facets.country.map(f => { const o = el("option"); o.value = f.value; return o; }));
}

// A request started now and awaited later: marked as handled at once, so that when an earlier
// await fails first, its rejection is not also reported as uncaught (a console error).
function startJSON(url) {
  const pending = getJSON(url);
  pending.catch(() => {});
  return pending;
}

// Events and timeline are asked for together (and, on the first load, with the base map and the
// facets): the map is drawn as soon as the events and the base map are in, the rest after it.
// `before`: promises the first load also waits for: [base map ready, facets filled].
async function load(before = []) {
  const state = readState();
  const query = apiQuery(state);
  const status = document.getElementById("status");
  for (const format of ["csv", "geojson"]) {
    document.getElementById("download-" + format).href = "/api/events." + format + (query.toString() ? "?" + query : "");
  }
  status.textContent = "loading…";
  const eventsReady = startJSON("/api/events?" + query + "&limit=" + MAX_ROWS + "&fields=" + FIELDS.join("|"));
  const timelineReady = startJSON("/api/timeline?" + query + "&interval=week");
  const [mapReady = Promise.resolve(), facetsReady = Promise.resolve()] = before;
  try {
    const [events] = await Promise.all([eventsReady, mapReady]);
    rows = events.data;
    status.textContent = rows.length + (events.next ? "+ events (the first " + MAX_ROWS + " are shown)" : " events");
    await drawMap(rows);
    if (!loads) fitToEvents();
    markFirstRender();
    drawTimeline((await timelineReady).data);
    drawTable();
    await facetsReady;
    document.body.dataset.loaded = String(++loads);
  } catch (error) {
    status.textContent = "error: " + error.message;
    document.body.dataset.loaded = "error";
  }
}

// Time from navigation to the first map with its markers (make bench reads it from <body>).
let loads = 0;
function markFirstRender() {
  if (loads) return;
  performance.mark("first-map-render");
  const measure = performance.measure("first-map-render", undefined, "first-map-render");
  document.body.dataset.firstMapRenderMs = String(Math.round(measure.duration));
}

function applyFilters() {
  const form = document.getElementById("filters");
  const state = {};
  for (const name of FILTER_NAMES) state[name] = form.elements[name].value.trim();
  writeState(state);
  load();
}

async function start() {
  const state = readState();
  const form = document.getElementById("filters");
  for (const name of FILTER_NAMES) form.elements[name].value = state[name];
  form.addEventListener("submit", event => { event.preventDefault(); applyFilters(); });
  // Not id="reset": a form control with that name would hide the form's own reset().
  document.getElementById("reset-filters").addEventListener("click", () => { form.reset(); applyFilters(); });
  const mapReady = setUpMap();
  // Unfiltered: every choice stays offered.
  const facetsReady = getJSON("/api/facets?facets=event_type|sub_event_type|country|source").then(({ facets }) => fillFacets(facets, state));
  for (const pending of [mapReady, facetsReady]) pending.catch(() => {});  // load() reports them
  await load([mapReady, facetsReady]);
}

start().catch(error => {
  document.getElementById("status").textContent = "error: " + (error.message || error);
  document.body.dataset.loaded = "error";
});
