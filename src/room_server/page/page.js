// The room's page: shows the board the facilitator is on, sends notes and votes.
// Plain ES5 for old phones; text goes into the page with textContent only.
(function () {
  "use strict";

  var LIMIT = 280;
  var view = null;      // the last view shown
  var mine = null;      // this phone's own part
  var deadline = null;  // when the running countdown ends, by this phone's clock
  var columnsKey = "";
  var sectorsKey = "";
  var poller = null;

  function $(id) { return document.getElementById(id); }

  function remember(key, value) {
    try { window.localStorage.setItem("convene." + key, value); } catch (e) { /* private mode */ }
  }
  function recall(key) {
    try { return window.localStorage.getItem("convene." + key) || ""; } catch (e) { return ""; }
  }

  function setText(el, text) { el.textContent = text; }
  function show(el, on) { el.hidden = !on; }

  // Talk to the server: a JSON request, and the answer's JSON (or nothing) to `done`.
  function request(method, path, body, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, path, true);
    xhr.timeout = 15000; // longer than the server waits for the app (10 s), so its answer comes first
    if (body !== null) { xhr.setRequestHeader("Content-Type", "application/json"); }
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      done(xhr.status, data);
    };
    xhr.onerror = function () { done(0, null); };
    xhr.ontimeout = function () { done(0, null); };
    xhr.send(body === null ? null : JSON.stringify(body));
  }

  function two(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    if (deadline === null) { return; }
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    setText($("clock"), Math.floor(left / 60) + ":" + two(left % 60));
  }

  function fillSelect(select, options, stored) {
    var keep = select.value || stored;
    while (select.firstChild) { select.removeChild(select.firstChild); }
    for (var i = 0; i < options.length; i++) {
      var option = document.createElement("option");
      option.value = options[i][0];
      setText(option, options[i][1]);
      select.appendChild(option);
    }
    for (var j = 0; j < options.length; j++) {
      if (options[j][0] === keep) { select.value = keep; }
    }
  }

  function showCountdown(countdown) {
    show($("countdown"), countdown !== null);
    if (countdown === null) { deadline = null; return; }
    setText($("phase"), countdown.phase);
    if (countdown.running) {
      deadline = Date.now() + countdown.seconds_left * 1000;
      tick();
    } else {
      deadline = null;
      var s = countdown.seconds_left;
      setText($("clock"), Math.floor(s / 60) + ":" + two(s % 60) + " (paused)");
    }
  }

  function showNotes(board) {
    var list = $("notes");
    var voting = board.voting.open;
    var own = (mine && mine.votes) || {};
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var names = {};
    for (var c = 0; c < board.columns.length; c++) { names[board.columns[c].id] = board.columns[c].name; }
    for (var i = 0; i < board.notes.length; i++) {
      var note = board.notes[i];
      var item = document.createElement("li");
      var text = document.createElement("p");
      text.className = "text";
      setText(text, note.text);
      item.appendChild(text);
      var about = document.createElement("p");
      about.className = "about";
      var words = [names[note.column] || note.column];
      if (note.sector) { words.push(note.sector); }
      words.push(note.votes === 1 ? "1 vote" : note.votes + " votes");
      if (own[note.id]) { words.push("yours: " + own[note.id]); }
      setText(about, words.join(" · "));
      item.appendChild(about);
      if (voting) { item.appendChild(voteButtons(note.id, own[note.id] || 0)); }
      list.appendChild(item);
    }
  }

  function voteButtons(id, ownVotes) {
    var row = document.createElement("p");
    row.className = "buttons";
    var less = document.createElement("button");
    less.type = "button";
    setText(less, "−");
    less.setAttribute("aria-label", "Take a vote back");
    less.disabled = ownVotes === 0;
    less.onclick = function () { vote(id, false); };
    var more = document.createElement("button");
    more.type = "button";
    setText(more, "+");
    more.setAttribute("aria-label", "Vote");
    more.disabled = mine !== null && mine.votes_left === 0;
    more.onclick = function () { vote(id, true); };
    row.appendChild(less);
    row.appendChild(more);
    return row;
  }

  function render(data) {
    if (view !== null && data.version < view.version) { return; }
    view = data;
    mine = data.mine;
    setText($("title"), data.title || "Workshop");
    document.title = data.title || "Workshop";
    showCountdown(data.countdown);
    var board = data.board;
    show($("waiting"), board === null);
    show($("board"), board !== null);
    if (board === null) { return; }
    setText($("question"), board.question);
    var columns = [];
    for (var i = 0; i < board.columns.length; i++) { columns.push([board.columns[i].id, board.columns[i].name]); }
    var key = board.id + "|" + JSON.stringify(columns);
    if (key !== columnsKey) { columnsKey = key; fillSelect($("column"), columns, recall("column")); }
    var sectors = [["", "—"]];
    for (var j = 0; j < data.sectors.length; j++) { sectors.push([data.sectors[j].id, data.sectors[j].name]); }
    var skey = JSON.stringify(sectors);
    if (skey !== sectorsKey) { sectorsKey = skey; fillSelect($("sector"), sectors, recall("sector")); }
    show($("sector"), data.sectors.length > 0);
    show($("sector").previousElementSibling, data.sectors.length > 0);
    show($("write"), board.notes_open);
    show($("closed"), !board.notes_open);
    show($("vote"), board.voting.open);
    if (board.voting.open) {
      var left = mine && mine.votes_left !== null ? mine.votes_left : board.voting.per_device;
      setText($("left"), left === null || left === undefined ? "Vote for the notes you favour." :
        (left === 1 ? "1 vote left" : left + " votes left"));
    }
    showNotes(board);
  }

  function vote(id, add) {
    var feedback = $("voted");
    setText(feedback, "Sending…");
    request("POST", "vote", { note: id, add: add }, function (status, data) {
      if (status === 200) { setText(feedback, add ? "Voted" : "Vote taken back"); refresh(); }
      else { setText(feedback, reason(status, data)); }
    });
  }

  function reason(status, data) {
    if (data && data.reason) { return data.reason; }
    if (status === 0) { return "Not sent: no connection to the room. Try again."; }
    return "Not sent (" + status + "). Try again.";
  }

  function count() {
    var n = $("text").value.length;
    setText($("count"), n + " / " + LIMIT);
  }

  function send(event) {
    event.preventDefault();
    var text = $("text").value;
    var feedback = $("sent");
    if (text.replace(/\s+/g, "") === "") { setText(feedback, "Write something first."); return; }
    var column = $("column").value;
    var sector = $("sector").value;
    var author = $("author").value;
    remember("column", column);
    remember("sector", sector);
    remember("author", author);
    $("send").disabled = true;
    setText(feedback, "Sending…");
    request("POST", "note", {
      column: column, sector: sector || null, text: text, author: author || null
    }, function (status, data) {
      $("send").disabled = false;
      if (status === 200) {
        $("text").value = "";
        count();
        setText(feedback, "Sent");
      } else {
        setText(feedback, reason(status, data));
      }
    });
  }

  function refresh() {
    request("GET", "view.json", null, function (status, data) {
      if (status === 200 && data) { render(data); setText($("link"), "Live"); }
      else { setText($("link"), "Reconnecting…"); }
    });
  }

  function poll(on) {
    if (on && poller === null) { poller = window.setInterval(refresh, 5000); refresh(); }
    if (!on && poller !== null) { window.clearInterval(poller); poller = null; }
  }

  function listen() {
    if (!window.EventSource) { poll(true); return; }
    var source = new EventSource("events");
    source.onmessage = function (event) {
      try { render(JSON.parse(event.data)); } catch (e) { return; }
      setText($("link"), "Live");
      poll(false);
    };
    // The browser reconnects by itself; poll meanwhile, so the page never goes stale.
    source.onerror = function () { setText($("link"), "Reconnecting…"); poll(true); };
  }

  function start() {
    $("author").value = recall("author");
    $("text").oninput = count;
    $("write").onsubmit = send;
    $("column").onchange = function () { remember("column", $("column").value); };
    $("sector").onchange = function () { remember("sector", $("sector").value); };
    count();
    window.setInterval(tick, 1000);
    refresh();
    listen();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
