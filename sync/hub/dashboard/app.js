// The organisers' dashboard (index.html): fetches /api/v1/dashboard and /api/v1/kiosks (the kiosks'
// health and alerts) every 5 seconds and draws them.
// The hub's API needs a signed-in session: the browser sends its HttpOnly session cookie (set by the
// sign-in form at /signin) with every request, so this script never sees a token. Without a session the
// API answers 401 and the page sends the browser to /signin. ?date=YYYY-MM-DD shows another day.
// Text from the hub only ever goes in through textContent, never innerHTML: names come from a roster.
"use strict";

const refreshMilliseconds = 5000;
const svgNamespace = "http://www.w3.org/2000/svg";

const pageParameters = new URLSearchParams(window.location.search);
const requestedDate = pageParameters.get("date") || "";

function element(id) {
  return document.getElementById(id);
}

function setText(id, value) {
  element(id).textContent = String(value);
}

function apiAddress(path) {
  return requestedDate ? path + "?date=" + encodeURIComponent(requestedDate) : path;
}

function authorisedFetch(path) {
  return fetch(apiAddress(path), {
    credentials: "same-origin",
    cache: "no-store",
  });
}

function showStatus(message, stale) {
  const status = element("status");
  status.textContent = message;
  status.hidden = message === "";
  status.classList.toggle("stale", Boolean(stale));
}

function percentOf(part, whole) {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}

function makeCell(row, text, className) {
  const cell = document.createElement("td");
  cell.textContent = text;
  if (className) {
    cell.className = className;
  }
  row.appendChild(cell);
  return cell;
}

function makeBar(percent) {
  const bar = document.createElement("div");
  bar.className = "bar";
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = Math.min(100, percent) + "%";
  bar.appendChild(fill);
  return bar;
}

function fillRows(bodyId, rows, columnCount, emptyText, addCells) {
  const body = element(bodyId);
  body.replaceChildren();
  if (rows.length === 0) {
    const row = document.createElement("tr");
    makeCell(row, emptyText, "empty").colSpan = columnCount;
    body.appendChild(row);
    return;
  }
  for (const item of rows) {
    const row = document.createElement("tr");
    addCells(row, item);
    body.appendChild(row);
  }
}

function drawGroups(bodyId, groups) {
  fillRows(bodyId, groups, 3, "Brak danych (no data)", (row, group) => {
    makeCell(row, group.name);
    makeCell(row, group.checked_in + " / " + group.expected, "number");
    const percent = percentOf(group.checked_in, group.expected);
    const cell = makeCell(row, "", "progress-column");
    const line = document.createElement("div");
    line.className = "progress-line";
    line.appendChild(makeBar(percent));
    const label = document.createElement("span");
    label.textContent = percent + "%";
    line.appendChild(label);
    cell.appendChild(line);
  });
}

function svg(name, attributes, text) {
  const node = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// Bars: arrivals per bucket (left scale); line: arrivals so far (right scale).
function drawArrivals(arrivals) {
  const chart = element("arrivals-chart");
  const buckets = arrivals.buckets;
  chart.replaceChildren();
  if (buckets.length === 0) {
    const empty = document.createElement("p");
    empty.className = "muted";
    empty.textContent = "Brak przybyć (no arrivals yet)";
    chart.appendChild(empty);
    return;
  }
  const width = 900;
  const height = 260;
  const left = 40;
  const right = 50;
  const top = 24;
  const bottom = 30;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const maximumArrivals = Math.max(1, ...buckets.map((bucket) => bucket.arrivals));
  const maximumCumulative = Math.max(1, buckets[buckets.length - 1].cumulative);
  const slot = plotWidth / buckets.length;

  const drawing = svg("svg", {
    viewBox: "0 0 " + width + " " + height,
    role: "img",
    "aria-label": "Przybycia co " + arrivals.bucket_minutes + " minut",
    id: "arrivals-svg",
  });
  drawing.appendChild(svg("line", { class: "axis", x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight }));
  for (const fraction of [0.5, 1]) {
    const y = top + plotHeight * (1 - fraction);
    drawing.appendChild(svg("line", { class: "grid", x1: left, y1: y, x2: left + plotWidth, y2: y }));
    drawing.appendChild(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, Math.round(maximumArrivals * fraction)));
    drawing.appendChild(svg("text", { x: left + plotWidth + 6, y: y + 4 }, Math.round(maximumCumulative * fraction)));
  }

  // A label under every bucket while they fit (three hours), then under each full hour only.
  const labelEveryBucket = buckets.length <= 12;
  let line = "";
  buckets.forEach((bucket, index) => {
    const x = left + index * slot;
    const barHeight = (plotHeight * bucket.arrivals) / maximumArrivals;
    const bar = svg("rect", {
      class: "bar-rect",
      x: x + slot * 0.1,
      y: top + plotHeight - barHeight,
      width: slot * 0.8,
      height: barHeight,
    });
    bar.appendChild(svg("title", {}, bucket.start + ": " + bucket.arrivals + " (razem " + bucket.cumulative + ")"));
    drawing.appendChild(bar);
    const lineX = x + slot;
    const lineY = top + plotHeight - (plotHeight * bucket.cumulative) / maximumCumulative;
    line += (index === 0 ? "M" + x + " " + (top + plotHeight) + " L" : " L") + lineX + " " + lineY;
    if (labelEveryBucket || bucket.start_minute % 60 === 0) {
      drawing.appendChild(svg("text", { x: x, y: height - 10 }, bucket.start));
    }
  });
  drawing.appendChild(svg("path", { class: "cumulative", d: line }));
  drawing.appendChild(svg("rect", { class: "legend-bars", x: left, y: 6, width: 10, height: 10 }));
  drawing.appendChild(svg("text", { x: left + 14, y: 15 }, "przybycia co " + arrivals.bucket_minutes + " min"));
  drawing.appendChild(svg("line", { class: "legend-line", x1: left + 170, y1: 11, x2: left + 190, y2: 11 }));
  drawing.appendChild(svg("text", { x: left + 194, y: 15 }, "łącznie (cumulative)"));
  chart.appendChild(drawing);
}

function drawDuplicates(duplicates) {
  setText("duplicates", duplicates.count);
  setText("duplicates-today", duplicates.today);
  fillRows("duplicate-rows", duplicates.delegates, 3, "Brak (none)", (row, duplicate) => {
    makeCell(row, duplicate.name + " (" + duplicate.code + ")");
    makeCell(row, duplicate.day);
    makeCell(row, duplicate.checkins.map((checkin) => checkin.time + " " + checkin.kiosk).join(", "));
  });
}

function drawReprints(reprints) {
  setText("reprints", reprints.today);
  setText("reprints-total", reprints.total);
  fillRows("reprint-rows", reprints.recent, 4, "Brak (none)", (row, reprint) => {
    makeCell(row, reprint.day + " " + reprint.time);
    makeCell(row, reprint.name + " (" + reprint.code + ")");
    makeCell(row, reprint.reason);
    makeCell(row, reprint.operator + " · " + reprint.kiosk);
  });
}

// One option per event day, the day shown selected (as an attribute, so it survives a page dump), today at
// the venue marked; choosing another day reloads the page for it.
function drawDayPicker(days, shown, venueToday) {
  const picker = element("day-picker");
  const wanted = days.join(",") + "|" + shown + "|" + venueToday;
  if (picker.dataset.drawn === wanted) {
    return; // redrawing every 5 s would close the list under the organiser's finger
  }
  picker.dataset.drawn = wanted;
  picker.replaceChildren();
  const listed = days.includes(shown) ? days : days.concat([shown]).sort();
  listed.forEach((day) => {
    const option = document.createElement("option");
    option.value = day;
    option.textContent = day === venueToday ? day + " (dziś / today)" : day;
    option.defaultSelected = day === shown;
    picker.appendChild(option);
  });
  picker.onchange = () => {
    window.location.assign("?date=" + encodeURIComponent(picker.value));
  };
}

// "dziś" / "today" in the headings, or the day shown when it is another ("29.11" / "on 29.11").
function nameShownDay(shown, venueToday) {
  const isToday = shown === venueToday;
  const short = shown.slice(8, 10) + "." + shown.slice(5, 7);
  document.querySelectorAll(".day-pl").forEach((word) => {
    word.textContent = isToday ? "dziś" : short;
  });
  document.querySelectorAll(".day-en").forEach((word) => {
    word.textContent = isToday ? "today" : "on " + short;
  });
}

function draw(data) {
  const totals = data.totals;
  drawDayPicker(data.event.days || [], data.today, data.venue_today);
  nameShownDay(data.today, data.venue_today);
  setText("event-name", data.event.name || "Rejestracja");
  document.title = (data.event.name || "Rejestracja") + " — panel organizatora";
  setText("today", data.today);
  setText("checked-in", totals.checked_in_today);
  setText("expected", totals.expected_today);
  const percent = percentOf(totals.checked_in_today, totals.expected_today);
  setText("percent", percent + "%");
  element("progress-bar").style.width = Math.min(100, percent) + "%";
  setText("checked-in-any-day", totals.checked_in_any_day);
  setText("active", totals.active);
  setText("walk-ins", totals.walk_ins);
  drawGroups("partnership-rows", data.by_partnership);
  drawGroups("voivodeship-rows", data.by_voivodeship);
  drawArrivals(data.arrivals);
  drawDuplicates(data.duplicates);
  drawReprints(data.reprints);
}

function printerText(kiosk) {
  switch (kiosk.printer) {
    case "ready":
      return "gotowa (ready)";
    case "problem":
      return "problem: " + (kiosk.printer_problems.join(", ") || "?");
    case "none":
      return "brak (none)";
    default:
      return "nieznana (unknown)";
  }
}

function contactText(kiosk) {
  const seconds = kiosk.seconds_since_contact;
  const ago = seconds < 60 ? seconds + " s" : Math.floor(seconds / 60) + " min";
  return kiosk.last_contact + " (" + ago + " temu / ago)";
}

// The alerts first (a kiosk silent too long, a printer problem, labels running low), then every kiosk.
function drawKiosks(data) {
  const alerts = element("kiosk-alerts");
  alerts.replaceChildren();
  if (data.alerts.length === 0) {
    const item = document.createElement("li");
    item.className = "empty";
    item.textContent = "Brak alertów (no alerts)";
    alerts.appendChild(item);
  }
  for (const alert of data.alerts) {
    const item = document.createElement("li");
    item.className = "alert alert-" + alert.kind;
    item.textContent = alert.message;
    alerts.appendChild(item);
  }
  fillRows("kiosk-rows", data.kiosks, 8, "Żaden kiosk jeszcze się nie zgłosił (no kiosk has reported yet)", (row, kiosk) => {
    if (kiosk.seconds_since_contact > data.silence_seconds) {
      row.className = "silent";
    }
    makeCell(row, kiosk.kiosk);
    makeCell(row, contactText(kiosk));
    makeCell(row, kiosk.version);
    makeCell(row, kiosk.backlog, "number");
    makeCell(row, printerText(kiosk), kiosk.printer === "problem" ? "problem" : "");
    const labels = kiosk.labels_left === null ? "—" : String(kiosk.labels_left);
    makeCell(row, labels, kiosk.labels_left !== null && kiosk.labels_left < data.labels_low ? "number problem" : "number");
    makeCell(row, kiosk.scanners, "number");
    makeCell(row, kiosk.last_scan === null ? "—" : kiosk.last_scan);
  });
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    return body.error || "HTTP " + response.status;
  } catch (ignored) {
    return "HTTP " + response.status;
  }
}

async function refresh() {
  try {
    const response = await authorisedFetch("/api/v1/dashboard");
    if (response.status === 401) {
      window.location.assign(requestedDate ? "/signin?date=" + encodeURIComponent(requestedDate) : "/signin");
      return;
    }
    if (!response.ok) {
      showStatus("Błąd (error): " + (await errorMessage(response)));
    } else {
      draw(await response.json());
      const kiosks = await authorisedFetch("/api/v1/kiosks");
      if (kiosks.ok) {
        drawKiosks(await kiosks.json());
        showStatus("");
      } else {
        showStatus("Błąd (error): " + (await errorMessage(kiosks)));
      }
      const now = new Date();
      setText("last-updated", "Ostatnia aktualizacja (last updated): " + now.toLocaleTimeString("pl-PL"));
    }
  } catch (failure) {
    // The hub is unreachable: keep the last numbers and say they are old.
    showStatus("Brak połączenia z hubem — dane mogą być nieaktualne (hub unreachable, numbers may be stale)", true);
  }
  window.setTimeout(refresh, refreshMilliseconds);
}

// The exports are plain links: the browser sends the session cookie and saves the attachment, or shows
// the hub's page saying why it refused (a dashboard token may not export personal data).
element("export-csv").href = apiAddress("/api/v1/export.csv");
element("export-xlsx").href = apiAddress("/api/v1/export.xlsx");

refresh();
