/* Screen mode: rotates the slides of /screen/ on a lobby TV, unattended for weeks.

   - Which slides are current is judged by freshness.js (data-board-from/until, re-checked
     every 60 s on the screen's clock); a slide it hides is skipped, and the one on screen
     is left at once when it runs out.
   - Urgent slides (data-screen-urgent) come first and again after every few others.
   - Each slide stays data-screen-seconds; with nothing current, the default slide shows.
   - The slide on screen fills it: its body (data-screen-fit) takes the largest text size
     between the CSS's --fit-min and --fit-max at which everything shows. When even the
     smallest size (readable from 3 m) is too large: every name of a list shows and the
     details (.screen-slide__detail) of as many of the first as fit; if not even the
     names fit, parts (data-fit-part) go from the end, a text paragraph down to its last
     whole sentence that fits, and the note data-fit-more (详见网站，扫码查看) appears.
   - screen/build.json is polled; when it changes the site was rebuilt: reload. A failed
     request (network down) is ignored, and the last content stays on screen. */
(function () {
  "use strict";
  var URGENT_EVERY = 3, POLL_MS = 60000, STAMP = "build.json";
  var FIT_STEPS = 8;  // halvings of the size range: within 1/256 of the best size
  var SENTENCES = /[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)/g;
  document.documentElement.classList.add("screen-js");
  var slides = Array.prototype.slice.call(
    document.querySelectorAll(".screen-slide:not([data-screen-default])"));
  var fallback = document.querySelector("[data-screen-default]");
  var position = document.querySelector("[data-screen-position]");
  var zoneMeta = document.querySelector('meta[name="board-timezone"]');
  var clockFormat = new Intl.DateTimeFormat("zh-CN", {
    timeZone: zoneMeta ? zoneMeta.content : "Asia/Shanghai",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  });
  var queue = [], showing = null, timer = null, stamp = null;

  function current(slide) { return !slide.hidden; }
  function urgent(slide) { return slide.hasAttribute("data-screen-urgent"); }

  function playlist() {
    var live = slides.filter(current);
    var first = live.filter(urgent);
    var rest = live.filter(function (s) { return !urgent(s); });
    var list = first.slice();
    rest.forEach(function (slide, i) {
      list.push(slide);
      if (first.length && (i + 1) % URGENT_EVERY === 0 && i + 1 < rest.length) {
        list = list.concat(first);
      }
    });
    return list;
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }
  function overflows(body) { return body.scrollHeight > body.clientHeight + 1; }
  function shown(root, selector) {
    return Array.prototype.filter.call(root.querySelectorAll(selector), function (el) {
      return !el.closest("[hidden]");
    });
  }

  /* The largest count up to `total` at which apply(count) leaves the body whole, applied;
     apply(total) is known not to fit, apply(0) is taken to fit. */
  function most(body, total, apply) {
    var lo = 0, hi = total;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      apply(mid);
      if (overflows(body)) hi = mid; else lo = mid;
    }
    apply(lo);
    return lo;
  }
  function setFit(slide, value) { slide.style.setProperty("--fit", String(value)); }

  /* The largest size at which the whole body shows; false when not even the smallest. */
  function largest(slide, body) {
    setFit(slide, 1);
    if (!overflows(body)) return true;
    setFit(slide, 0);
    if (overflows(body)) return false;
    var lo = 0, hi = 1;
    for (var i = 0; i < FIT_STEPS; i++) {
      var mid = (lo + hi) / 2;
      setFit(slide, mid);
      if (overflows(body)) hi = mid; else lo = mid;
    }
    setFit(slide, lo);
    return true;
  }

  function restore(slide) {
    each(slide, ".is-cut", function (el) { el.classList.remove("is-cut"); });
    each(slide, "[data-fit-text]", function (el) {
      el.textContent = el.getAttribute("data-fit-text");
      el.removeAttribute("data-fit-text");
    });
    each(slide, "[data-fit-more]", function (el) { el.hidden = true; });
  }

  /* Keep the first `count` parts; a group whose parts are all cut goes too. */
  function keep(body, list, count) {
    list.forEach(function (part, i) { part.classList.toggle("is-cut", i >= count); });
    each(body, "[data-fit-group]", function (group) {
      group.classList.remove("is-cut");
      var members = shown(group, "[data-fit-part]");
      group.classList.toggle("is-cut", members.length > 0 && members.every(function (p) {
        return p.classList.contains("is-cut");
      }));
    });
  }

  /* A paragraph cut to the most whole sentences that fit; none: it goes. */
  function sentences(body, part) {
    var whole = part.textContent;
    var pieces = whole.match(SENTENCES) || [];
    part.setAttribute("data-fit-text", whole);
    part.classList.remove("is-cut");
    var kept = most(body, pieces.length, function (count) {
      part.textContent = pieces.slice(0, count).join("");
    });
    part.classList.toggle("is-cut", kept === 0);
  }

  /* At the smallest size: the most parts that fit, with the note that there is more. */
  function cut(body) {
    each(body, "[data-fit-more]", function (el) { el.hidden = false; });
    var list = shown(body, "[data-fit-part]");
    var kept = most(body, list.length, function (count) { keep(body, list, count); });
    var next = list[kept];
    if (next && next.getAttribute("data-fit-part") === "text") sentences(body, next);
  }

  /* Every name shows; each list (红榜, 黑榜, applicants) then keeps the details of as
     many of its first entries as fit, in turn. False when not even the names fit. */
  function details(body) {
    var all = shown(body, ".screen-slide__detail");
    all.forEach(function (d) { d.classList.add("is-cut"); });
    if (!all.length || overflows(body)) return false;
    var groups = shown(body, "[data-fit-group]");
    (groups.length ? groups : [body]).forEach(function (group) {
      var own = shown(group, ".screen-slide__detail");
      var trim = function (count) {
        own.forEach(function (d, i) { d.classList.toggle("is-cut", i >= count); });
      };
      trim(own.length);
      if (overflows(body)) most(body, own.length, trim);
    });
    return true;
  }

  function fit(slide) {
    var body = slide.querySelector("[data-screen-fit]");
    if (!body) return;
    restore(slide);
    if (largest(slide, body)) return;
    if (details(body)) largest(slide, body);
    else cut(body);
  }

  function show(slide) {
    if (showing) showing.classList.remove("is-showing");
    showing = slide;
    slide.classList.add("is-showing");
    fit(slide);
    if (position) {
      var live = slides.filter(current).length;
      position.textContent = slide === fallback ? "" :
        "第 " + (slides.filter(current).indexOf(slide) + 1) + " / " + live + " 条 ·";
    }
  }

  function next() {
    while (queue.length && !current(queue[0])) queue.shift();
    if (!queue.length) queue = playlist();
    var slide = queue.shift() || fallback;
    show(slide);
    clearTimeout(timer);
    timer = setTimeout(next, (+slide.getAttribute("data-screen-seconds") || 15) * 1000);
  }

  function tick() {
    document.querySelectorAll("[data-screen-clock]").forEach(function (el) {
      el.textContent = clockFormat.format(new Date());
    });
    var stale = showing && showing !== fallback && !current(showing);
    var waiting = showing === fallback && slides.some(current);
    if (stale || waiting) { queue = []; next(); }
  }

  function poll() {
    if (!window.fetch) return;
    fetch(STAMP, { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.build) return;
        if (stamp === null) stamp = data.build;
        else if (data.build !== stamp) window.location.reload();
      })
      .catch(function () { /* offline: keep showing what we have */ });
  }

  window.addEventListener("resize", function () { if (showing) fit(showing); });
  next();
  tick();
  poll();
  setInterval(tick, 1000);
  setInterval(poll, POLL_MS);
})();
