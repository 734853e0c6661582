/* Screen mode: rotates the slides of /screen/ on a lobby TV, unattended for weeks.

   - Which slides are current is judged by freshness.js (data-board-from/until, re-checked
     every 60 s on the screen's clock); a slide it hides is skipped, and the one on screen
     is left at once when it runs out.
   - Urgent slides (data-screen-urgent) come first and again after every few others.
   - Each slide stays data-screen-seconds; with nothing current, the default slide shows.
   - screen/build.json is polled; when it changes the site was rebuilt: reload. A failed
     request (network down) is ignored, and the last content stays on screen. */
(function () {
  "use strict";
  var URGENT_EVERY = 3, POLL_MS = 60000, STAMP = "build.json";
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

  function show(slide) {
    if (showing) showing.classList.remove("is-showing");
    showing = slide;
    slide.classList.add("is-showing");
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

  next();
  tick();
  poll();
  setInterval(tick, 1000);
  setInterval(poll, POLL_MS);
})();
