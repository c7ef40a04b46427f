// The findings table and the per-record view of the pfocr-lint HTML report.
// Record content is untrusted: it is only ever put in the page with
// textContent (never innerHTML), and links are built from PMC ids checked in
// Python. Only one page of rows (pageSize) is in the DOM at a time, so the
// page stays responsive with 100,000 findings.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("pfocr-data").textContent);
  var F = D.findings;            // [file, line, col, rule, sev, field, value, message, suggestion, caption span]
  var FILE = 0, LINE = 1, COL = 2, RULE = 3, SEV = 4, FIELD = 5, VALUE = 6, MSG = 7, SUGG = 8, CTX = 9;
  var CONTEXT = 90;              // characters of caption shown on each side of the word
  var SEVS = D.severities;
  var PAGE = D.pageSize || 200;
  var RECORDS_PAGE = 25;
  var $ = function (id) { return document.getElementById(id); };

  var state = { sev: "", rule: "", file: "", text: "", key: null, dir: 1, page: 0, view: "table" };
  var view = [];                 // indices into F after filtering and sorting
  var open = {};                 // finding index -> explanation shown

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // -- filtering and sorting -------------------------------------------------
  var lowerFiles = D.files.map(function (f) { return f.toLowerCase(); });
  var ruleIndex = {};
  D.rules.forEach(function (r, i) { ruleIndex[r.code] = i; });

  function compute() {
    var sev = state.sev ? SEVS.indexOf(state.sev) : -1;
    var rule = state.rule ? (state.rule in ruleIndex ? ruleIndex[state.rule] : -2) : -1;
    var file = state.file.toLowerCase();
    var text = state.text.toLowerCase();
    var out = [];
    for (var i = 0; i < F.length; i++) {
      var r = F[i];
      if (sev >= 0 && r[SEV] !== sev) continue;
      if (rule !== -1 && r[RULE] !== rule) continue;
      if (file && lowerFiles[r[FILE]].indexOf(file) < 0) continue;
      if (text && (r[FIELD] + "\n" + r[VALUE] + "\n" + r[MSG] + "\n" + r[SUGG]).toLowerCase().indexOf(text) < 0) continue;
      out.push(i);
    }
    if (state.key) {
      var get = keyFn(state.key), dir = state.dir;
      var keys = new Array(F.length);
      for (var j = 0; j < out.length; j++) keys[out[j]] = get(F[out[j]]);
      out.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        if (x < y) return -dir;
        if (x > y) return dir;
        return a - b;  // stable: the report's own order (file, line) breaks ties
      });
    }
    view = out;
  }

  function keyFn(key) {
    switch (key) {
      case "file": return function (r) { return lowerFiles[r[FILE]]; };
      case "line": return function (r) { return r[LINE]; };
      case "rule": return function (r) { return D.rules[r[RULE]].code; };
      case "severity": return function (r) { return r[SEV]; };   // SEVS is error, warning, info: errors first
      case "field": return function (r) { return r[FIELD].toLowerCase(); };
      case "value": return function (r) { return r[VALUE].toLowerCase(); };
      case "message": return function (r) { return r[MSG].toLowerCase(); };
      case "suggestion": return function (r) { return r[SUGG].toLowerCase(); };
    }
    return function () { return 0; };
  }

  // -- the caption and the figure -----------------------------------------------
  // The caption around the word a finding is about, the word in <mark>. The
  // span was found in Python; here the caption is only cut, as text.
  function captionContext(rec, span) {
    if (!span || !rec) return null;
    if (!rec.caption || !span.length) {
      // a gene/chemical/disease finding whose word the caption does not have: the figure link only
      if (!rec.url) return null;
      var only = el("div", "context");
      only.appendChild(el("span", "context-label", rec.caption ? "Not in the caption. " : "No caption. "));
      return only;
    }
    var c = rec.caption, a = span[0], b = span[1];
    var from = Math.max(0, a - CONTEXT), to = Math.min(c.length, b + CONTEXT);
    if (from > 0) { var sp = c.indexOf(" ", from); if (sp >= 0 && sp < a) from = sp + 1; }
    if (to < c.length) { var sp2 = c.lastIndexOf(" ", to); if (sp2 > b) to = sp2; }
    var box = el("div", "context");
    box.appendChild(el("span", "context-label", "Caption: "));
    box.appendChild(document.createTextNode((from > 0 ? "\u2026" : "") + c.slice(from, a)));
    box.appendChild(el("mark", null, c.slice(a, b)));
    box.appendChild(document.createTextNode(c.slice(b, to) + (to < c.length ? "\u2026" : "")));
    return box;
  }

  // The link to the figure's page on PMC, and a button that loads the image
  // from PMC into ``target`` on click: before that, the page asks nothing
  // from the network.
  function figureLinks(rec, target, holder) {
    holder = holder || target;        // what is shown and hidden (a table row, or the box itself)
    var span = el("span", "figure-links");
    if (!rec || !rec.url) return span;
    var a = el("a", null, "figure on PMC" + (rec.pmcid ? " (" + rec.pmcid + ")" : ""));
    a.href = rec.url;             // built in Python from a checked PMC id only
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    span.appendChild(a);
    if (rec.image && target) {
      var b = el("button", "show-figure link", "show figure");
      b.type = "button";
      b.setAttribute("aria-expanded", "false");
      b.addEventListener("click", function () {
        var img = target.querySelector("img");
        if (img) {
          holder.hidden = !holder.hidden;
        } else {
          img = el("img");
          img.alt = "Figure " + (rec.figid || rec.path) + " from PMC";
          img.referrerPolicy = "no-referrer";
          img.src = rec.image;      // built in Python from a checked PMC id and file name only
          target.appendChild(img);
          holder.hidden = false;
        }
        b.textContent = holder.hidden ? "show figure" : "hide figure";
        b.setAttribute("aria-expanded", holder.hidden ? "false" : "true");
      });
      span.appendChild(document.createTextNode(" \u00b7 "));
      span.appendChild(b);
    }
    return span;
  }

  // -- the table ---------------------------------------------------------------
  // A rule's docs mark code as ``x``: show it as <code>, still via textContent.
  function docText(tag, text) {
    var p = el(tag);
    String(text).split("``").forEach(function (part, n) {
      if (!part) return;
      p.appendChild(n % 2 ? el("code", null, part) : document.createTextNode(part));
    });
    return p;
  }

  function docBlock(rule) {
    var box = el("div", "doc");
    var head = docText("p", " " + rule.summary);
    head.insertBefore(el("strong", null, rule.code + " " + rule.name + ":"), head.firstChild);
    box.appendChild(head);
    [["Why this matters", rule.why], ["Why this shows up", rule.cause],
     ["Curation action", rule.action], ["Fix safety", rule.fix]].forEach(function (s) {
      if (!s[1]) return;
      box.appendChild(el("h4", null, s[0]));
      box.appendChild(docText("p", s[1]));
    });
    return box;
  }

  function renderTable() {
    var body = $("rows");
    var frag = document.createDocumentFragment();
    var start = state.page * PAGE, end = Math.min(view.length, start + PAGE);
    for (var k = start; k < end; k++) {
      var i = view[k], r = F[i], rule = D.rules[r[RULE]], sev = SEVS[r[SEV]];
      var tr = el("tr", "finding");
      tr.dataset.index = i;
      var file = el("td", "file", D.files[r[FILE]]);
      var rec = D.records[D.fileRecord[r[FILE]]];
      if (rec && rec.title) file.title = rec.title;
      tr.appendChild(file);
      tr.appendChild(el("td", "line", r[LINE] + ":" + r[COL]));
      var rc = el("td", "rule");
      rc.appendChild(el("code", null, rule.code));
      rc.appendChild(document.createTextNode(" " + rule.name));
      rc.title = rule.summary || "";
      tr.appendChild(rc);
      var sc = el("td", "severity");
      sc.appendChild(el("span", "badge sev-" + sev, sev));
      tr.appendChild(sc);
      tr.appendChild(el("td", "field", r[FIELD]));
      var v = r[VALUE];
      var vc = el("td", "value", v.length > 160 ? v.slice(0, 160) + "\u2026" : v);
      if (v.length > 160) vc.title = v;
      tr.appendChild(vc);
      var mc = el("td", "message", r[MSG]);
      var ctx = captionContext(rec, r[CTX]), figRow = null;
      if (ctx) {
        // the figure opens in a full-width row under the finding
        figRow = el("tr", "figure-row");
        figRow.hidden = true;
        var ftd = el("td");
        ftd.colSpan = 9;
        var fig = el("div", "figure");
        ftd.appendChild(fig);
        figRow.appendChild(ftd);
        ctx.appendChild(document.createTextNode(" "));
        ctx.appendChild(figureLinks(rec, fig, figRow));
        mc.appendChild(ctx);
      }
      tr.appendChild(mc);
      tr.appendChild(el("td", "suggestion", r[SUGG]));
      var wc = el("td");
      var btn = el("button", "why", open[i] ? "Hide" : "Why?");
      btn.type = "button";
      btn.setAttribute("aria-expanded", open[i] ? "true" : "false");
      btn.dataset.index = i;
      wc.appendChild(btn);
      tr.appendChild(wc);
      frag.appendChild(tr);
      if (figRow) frag.appendChild(figRow);
      if (open[i]) frag.appendChild(detailRow(rule));
    }
    body.textContent = "";
    body.appendChild(frag);
  }

  function detailRow(rule) {
    var tr = el("tr", "detail");
    var td = el("td");
    td.colSpan = 9;
    td.appendChild(docBlock(rule));
    tr.appendChild(td);
    return tr;
  }

  // -- the per-record view -----------------------------------------------------
  var groups = [];
  function computeGroups() {
    var by = {}, order = [];
    for (var k = 0; k < view.length; k++) {
      var rec = D.fileRecord[F[view[k]][FILE]];
      if (!(rec in by)) { by[rec] = []; order.push(rec); }
      by[rec].push(view[k]);
    }
    groups = order.map(function (rec) { return [rec, by[rec]]; });
  }

  function renderRecords() {
    var box = $("view-records");
    var frag = document.createDocumentFragment();
    var start = state.page * RECORDS_PAGE, end = Math.min(groups.length, start + RECORDS_PAGE);
    for (var g = start; g < end; g++) {
      var rec = D.records[groups[g][0]], items = groups[g][1];
      var art = el("article", "record");
      art.appendChild(el("h3", null, rec.title || rec.figid || rec.path));
      var where = el("div", "where");
      where.appendChild(el("code", null, rec.path));
      var figure = el("div", "figure");
      figure.hidden = true;
      if (rec.url) {
        where.appendChild(document.createTextNode(" \u00b7 "));
        where.appendChild(figureLinks(rec, figure));
      }
      where.appendChild(document.createTextNode(" \u00b7 " + items.length + " finding" + (items.length === 1 ? "" : "s")));
      art.appendChild(where);
      if (rec.paper) art.appendChild(el("div", "where", "Paper: " + rec.paper));
      if (rec.caption) {
        var det = el("details");
        det.appendChild(el("summary", null, "Caption"));
        det.appendChild(el("p", "caption", rec.caption));
        art.appendChild(det);
      }
      var ul = el("ul");
      items.forEach(function (i) {
        var r = F[i], rule = D.rules[r[RULE]], sev = SEVS[r[SEV]];
        var li = el("li");
        li.appendChild(el("span", "badge sev-" + sev, sev));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("code", null, rule.code));
        var where = D.files[r[FILE]] === rec.path ? "line " + r[LINE] : D.files[r[FILE]] + ":" + r[LINE];
        li.appendChild(document.createTextNode(" " + where + (r[FIELD] ? " (" + r[FIELD] + ")" : "") + ": " + r[MSG]));
        if (r[SUGG]) li.appendChild(el("div", "sugg", "\u2192 " + r[SUGG]));
        var ctx = captionContext(rec, r[CTX]);
        if (ctx) li.appendChild(ctx);
        var d = el("details");
        d.appendChild(el("summary", null, "Why this matters / curation action"));
        d.appendChild(docBlock(rule));
        li.appendChild(d);
        ul.appendChild(li);
      });
      // the findings beside the figure, once the curator opens it
      var body = el("div", "record-body");
      body.appendChild(ul);
      body.appendChild(figure);
      art.appendChild(body);
      frag.appendChild(art);
    }
    box.textContent = "";
    if (!groups.length) box.appendChild(el("p", "muted", "No findings match the filters."));
    box.appendChild(frag);
  }

  // -- wiring ------------------------------------------------------------------
  function pages() {
    var n = state.view === "table" ? view.length : groups.length;
    var size = state.view === "table" ? PAGE : RECORDS_PAGE;
    return Math.max(1, Math.ceil(n / size));
  }

  function render() {
    var total = F.length;
    if (state.view === "records") computeGroups();
    var last = pages() - 1;
    if (state.page > last) state.page = last;
    if (state.view === "table") renderTable(); else renderRecords();
    var size = state.view === "table" ? PAGE : RECORDS_PAGE;
    var n = state.view === "table" ? view.length : groups.length;
    var what = state.view === "table" ? "findings" : "records";
    $("p-info").textContent = n ? (state.page * size + 1) + "\u2013" + Math.min(n, (state.page + 1) * size)
      + " of " + n + " " + what + " (page " + (state.page + 1) + " of " + (last + 1) + ")" : "nothing to show";
    $("status").textContent = view.length === total ? total + " findings"
      : view.length + " of " + total + " findings match";
    $("p-first").disabled = $("p-prev").disabled = state.page === 0;
    $("p-next").disabled = $("p-last").disabled = state.page >= last;
    document.querySelectorAll(".bar-row").forEach(function (b) {
      b.classList.toggle("active", b.dataset.rule === state.rule);
    });
    stateToHash();
  }

  // -- the filters' state in the page URL ------------------------------------------
  // '#sev=error&rule=HG001&file=PMC1&q=CYR61&view=records&sort=-line&page=2': a
  // filtered view can be bookmarked or sent to someone.
  function stateToHash() {
    var p = [];
    function put(k, v) { if (v) p.push(k + "=" + encodeURIComponent(v)); }
    put("sev", state.sev); put("rule", state.rule); put("file", state.file); put("q", state.text);
    if (state.view !== "table") put("view", state.view);
    if (state.key) put("sort", (state.dir < 0 ? "-" : "") + state.key);
    if (state.page) put("page", String(state.page + 1));
    var hash = p.length ? "#" + p.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
      try { history.replaceState(null, "", hash || location.pathname + location.search); } catch (e) { /* file: quirks */ }
    }
  }

  function hashToState() {
    var get = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      var k = i < 0 ? kv : kv.slice(0, i);
      try { get[k] = decodeURIComponent(i < 0 ? "" : kv.slice(i + 1)); } catch (e) { get[k] = ""; }
    });
    state.sev = SEVS.indexOf(get.sev) >= 0 ? get.sev : "";
    state.rule = get.rule && get.rule in ruleIndex ? get.rule : "";
    state.file = get.file || "";
    state.text = get.q || "";
    state.view = get.view === "records" ? "records" : "table";
    var sort = get.sort || "";
    state.dir = sort.charAt(0) === "-" ? -1 : 1;
    sort = sort.replace(/^-/, "");
    state.key = /^[a-z]+$/.test(sort) && document.querySelector("th[data-key='" + sort + "']") ? sort : null;
    state.page = Math.max(0, (parseInt(get.page, 10) || 1) - 1);
    $("f-sev").value = state.sev; $("f-rule").value = state.rule;
    $("f-file").value = state.file; $("f-text").value = state.text;
    document.querySelectorAll("th[data-key]").forEach(function (o) {
      o.setAttribute("aria-sort", o.dataset.key === state.key ? (state.dir > 0 ? "ascending" : "descending") : "none");
    });
    showView(state.view);
  }

  function showView(name) {
    $("tab-table").setAttribute("aria-selected", name === "table" ? "true" : "false");
    $("tab-records").setAttribute("aria-selected", name === "records" ? "true" : "false");
    $("view-table").hidden = name !== "table";
    $("view-records").hidden = name !== "records";
  }

  function refilter() { state.page = 0; compute(); render(); }

  function setRule(code) { state.rule = code; $("f-rule").value = code; refilter(); }

  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  $("f-sev").addEventListener("change", function () { state.sev = this.value; refilter(); });
  $("f-rule").addEventListener("change", function () { state.rule = this.value; refilter(); });
  // one timer per box: typing in one must not cancel the other's pending update
  var timers = {};
  function debounced(name) {
    return function () {
      var value = this.value;
      clearTimeout(timers[name]);
      timers[name] = setTimeout(function () { delete timers[name]; state[name] = value; refilter(); }, 150);
    };
  }
  $("f-file").addEventListener("input", debounced("file"));
  $("f-text").addEventListener("input", debounced("text"));
  $("f-reset").addEventListener("click", function () {
    Object.keys(timers).forEach(function (k) { clearTimeout(timers[k]); delete timers[k]; });
    state.sev = state.rule = state.file = state.text = "";
    $("f-sev").value = $("f-rule").value = $("f-file").value = $("f-text").value = "";
    refilter();
  });
  document.querySelectorAll(".card[data-sev]").forEach(function (b) {
    b.addEventListener("click", function () {
      state.sev = state.sev === b.dataset.sev ? "" : b.dataset.sev;
      $("f-sev").value = state.sev;
      refilter();
    });
  });
  document.querySelectorAll(".bar-row").forEach(function (b) {
    b.addEventListener("click", function () {
      setRule(state.rule === b.dataset.rule ? "" : b.dataset.rule);
      $("findings").scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });
  var more = $("chart-more");
  if (more) more.addEventListener("click", function () {
    document.querySelectorAll(".bars li.more").forEach(function (li) { li.hidden = false; });
    more.hidden = true;
  });
  document.querySelectorAll("th[data-key]").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.key;
      if (state.key === key) state.dir = -state.dir; else { state.key = key; state.dir = 1; }
      document.querySelectorAll("th[data-key]").forEach(function (o) {
        o.setAttribute("aria-sort", o === th ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
      compute(); render();
    });
  });
  $("rows").addEventListener("click", function (e) {
    var b = e.target.closest("button.why");
    if (!b) return;
    var i = +b.dataset.index;
    if (open[i]) delete open[i]; else open[i] = true;
    renderTable();
  });
  function go(p) { state.page = Math.max(0, Math.min(pages() - 1, p)); render(); window.scrollTo(0, $("findings").offsetTop); }
  $("p-first").addEventListener("click", function () { go(0); });
  $("p-prev").addEventListener("click", function () { go(state.page - 1); });
  $("p-next").addEventListener("click", function () { go(state.page + 1); });
  $("p-last").addEventListener("click", function () { go(pages() - 1); });
  function tab(name) {
    state.view = name; state.page = 0;
    showView(name);
    render();
  }
  $("tab-table").addEventListener("click", function () { tab("table"); });
  $("tab-records").addEventListener("click", function () { tab("records"); });

  window.addEventListener("hashchange", function () { hashToState(); compute(); render(); });

  hashToState();
  compute();
  render();
  document.body.dataset.ready = "1";  // for tests and scripts: the table is drawn
})();
