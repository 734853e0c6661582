/* Reading aids for elderly readers (适老化): three text sizes and a high-contrast mode,
   remembered on this device (localStorage), and 朗读 — the browser reads the item aloud
   in Chinese. The controls are hidden without JavaScript, where they could not work. */
(function () {
  "use strict";
  var root = document.documentElement;

  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }
  function press(button, on) { button.setAttribute("aria-pressed", on ? "true" : "false"); }

  function setText(step) {
    root.classList.remove("board-text-1", "board-text-2");
    if (step !== "0") root.classList.add("board-text-" + step);
    document.querySelectorAll("[data-board-text]").forEach(function (b) {
      press(b, b.getAttribute("data-board-text") === step);
    });
  }
  function setContrast(on) {
    root.classList.toggle("board-contrast", on);
    document.querySelectorAll("[data-board-contrast]").forEach(function (b) { press(b, on); });
  }

  function initAids() {
    var step = root.classList.contains("board-text-2") ? "2" :
      root.classList.contains("board-text-1") ? "1" : "0";
    setText(step);
    setContrast(root.classList.contains("board-contrast"));
    document.querySelectorAll("[data-board-text]").forEach(function (button) {
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-board-text");
        setText(value);
        remember("board-text", value);
      });
    });
    document.querySelectorAll("[data-board-contrast]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = !root.classList.contains("board-contrast");
        setContrast(on);
        remember("board-contrast", on ? "1" : "0");
      });
    });
    document.querySelectorAll("[data-board-aids]").forEach(function (el) { el.hidden = false; });
  }

  /* 朗读 reads the title, the date and the body (not the labels, tags or buttons
     around them), one sentence at a time, so a listener can pause and pick up again at
     the sentence they were hearing. The sentence being read is marked on the page. */
  var BODY = ".board-body, .board-honors";
  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, tr, figcaption, pre";
  var SENTENCE = /[^。！？；!?;\u2028]+(?:[。！？；!?;]+[”’」』）)]*)?/g;
  var LINE_END = "\u2028";  // stands for a <br> inside a paragraph

  function spoken(text) {
    var tidy = text.replace(/\s+/g, " ").replace(/([^\x00-\x7f]) (?=[^\x00-\x7f])/g, "$1").trim();
    return /[\p{L}\p{N}]/u.test(tidy) ? tidy : "";
  }
  function shown(el) { return el.getClientRects().length > 0; }

  function wholeOf(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    return range;
  }
  // The part of a block between two offsets of its text, to mark on the page.
  function rangeOf(pieces, start, end) {
    var range = document.createRange();
    pieces.forEach(function (p) {
      var to = p.start + p.node.data.length;
      if (p.start <= start && start < to) range.setStart(p.node, start - p.start);
      if (p.start < end && end <= to) range.setEnd(p.node, end - p.start);
    });
    return range;
  }
  function blockSentences(block, into) {
    if (block.tagName === "TR") {
      var cells = Array.prototype.map.call(block.cells, function (c) { return spoken(c.textContent); });
      var row = cells.filter(Boolean).join("，");
      if (row) into.push({ text: row, range: wholeOf(block), block: block });
      return;
    }
    var pieces = [], text = "", node;
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
      acceptNode: function (n) {
        return n.nodeType === 1 && (n.hidden || n.getAttribute("aria-hidden") === "true")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while ((node = walker.nextNode())) {
      if (node.nodeType === 3) { pieces.push({ node: node, start: text.length }); text += node.data; }
      else if (node.tagName === "BR") text += LINE_END;
    }
    var match;
    SENTENCE.lastIndex = 0;
    while ((match = SENTENCE.exec(text))) {
      var words = spoken(match[0]);
      if (words) {
        into.push({ text: words, range: rangeOf(pieces, match.index, match.index + match[0].length), block: block });
      }
    }
  }
  function sentencesOf(holder, article) {
    var list = [];
    var heading = article.querySelector("h1");
    var title = spoken(holder.getAttribute("data-board-read-title") || "");
    if (title) list.push({ text: title, range: heading && wholeOf(heading), block: heading });
    var day = holder.getAttribute("data-board-read-date");
    if (day) list.push({ text: day, range: null, block: null });
    article.querySelectorAll(BODY).forEach(function (body) {
      body.querySelectorAll(BLOCKS).forEach(function (block) {
        if (!block.querySelector(BLOCKS) && shown(block)) blockSentences(block, list);
      });
    });
    return list;
  }

  function mark(sentence) {
    var highlights = window.CSS && CSS.highlights;
    if (highlights) highlights.delete("board-reading");
    if (!sentence || !sentence.range) return;
    if (highlights && typeof Highlight === "function") {
      highlights.set("board-reading", new Highlight(sentence.range));
    }
    var box = sentence.range.getBoundingClientRect();
    if (sentence.block && (box.top < 0 || box.bottom > window.innerHeight)) {
      sentence.block.scrollIntoView({ block: "center" });
    }
  }

  function initReadAloud() {
    var holder = document.querySelector("[data-board-read]");
    if (!holder || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance !== "function") return;
    var synth = window.speechSynthesis;
    var play = holder.querySelector("[data-board-read-play]");
    var stop = holder.querySelector("[data-board-read-stop]");
    var article = holder.closest("article") || document.body;
    var LABELS = { idle: "朗读全文", speaking: "暂停朗读", paused: "继续朗读" };
    var sentences = [], index = 0, state = "idle", turn = 0;

    function show(next) {
      state = next;
      play.textContent = LABELS[state];
      stop.hidden = state === "idle";
    }
    // Each sentence is its own utterance; `turn` tells a stale utterance's end (after a
    // pause or a stop) from the end of the one being read.
    function speak() {
      if (index >= sentences.length) { finish(); return; }
      var mine = ++turn;
      var utterance = new SpeechSynthesisUtterance(sentences[index].text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;  // a little slower than default, for elderly listeners
      utterance.onend = function () { if (mine === turn) { index += 1; speak(); } };
      utterance.onerror = function () { if (mine === turn) finish(); };
      mark(sentences[index]);
      synth.speak(utterance);
    }
    function hush() { turn += 1; synth.cancel(); }
    function finish() { hush(); mark(null); index = 0; show("idle"); }

    play.addEventListener("click", function () {
      if (state === "speaking") { hush(); show("paused"); return; }  // resumes at this sentence
      if (state === "idle") { sentences = sentencesOf(holder, article); index = 0; synth.cancel(); }
      show("speaking");
      speak();
    });
    stop.addEventListener("click", function () { finish(); play.focus(); });
    window.addEventListener("pagehide", function () { synth.cancel(); });
    holder.hidden = false;
  }

  initAids();
  initReadAloud();
})();
