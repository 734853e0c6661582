/* Keeps a static board honest between rebuilds: every dated element is re-judged on the
   reader's clock, in the site's time zone, now and once a minute. Without JavaScript the
   page shows the state at build time.

   data-board-from / data-board-until   shown from / no longer after (absolute ISO times)
   data-board-after="mark"              instead of hiding, mark the entry 已过期
   data-board-period-start/-end         a 公示 status badge: 未开始 / 公示中 剩N天 / 已结束
   data-board-group                     hidden when none of its dated members is shown
   data-board-list + data-board-empty   a list, and the "暂无…" note right after it: the
                                        note shows when every row of the list is hidden
   data-board-today                     today's date, 2026年11月21日 星期六 */
(function () {
  "use strict";
  var zoneMeta = document.querySelector('meta[name="board-timezone"]');
  var zone = zoneMeta ? zoneMeta.content : "Asia/Shanghai";
  var dayFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
  });
  var WEEKDAYS = "日一二三四五六";

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5;
  }
  function chineseDate(iso) {
    var weekday = WEEKDAYS[new Date(dayNumber(iso) * 864e5).getUTCDay()];
    return +iso.slice(0, 4) + "年" + +iso.slice(5, 7) + "月" + +iso.slice(8, 10) + "日 星期" + weekday;
  }
  function badge(el, label, tone) {
    el.textContent = label;
    el.className = "board-badge board-badge--" + tone;
  }
  function markExpired(el) {
    var head = el.querySelector(".board-entry__head") || el;
    if (head.querySelector(".board-badge--expired")) return;
    Array.prototype.forEach.call(
      head.querySelectorAll(".board-badge--urgent, .board-badge--pinned"),
      function (b) { b.remove(); });
    var span = document.createElement("span");
    badge(span, "已过期", "expired");
    head.appendChild(span);
  }

  function refresh() {
    var now = Date.now();
    var today = dayFormat.format(new Date(now));
    each("[data-board-from], [data-board-until]", function (el) {
      var from = el.getAttribute("data-board-from");
      var until = el.getAttribute("data-board-until");
      var started = !from || now >= Date.parse(from);
      var over = !!until && now >= Date.parse(until);
      if (over && el.getAttribute("data-board-after") === "mark") {
        markExpired(el);
        over = false;
      }
      el.hidden = !started || over;
    });
    each("[data-board-period-end]", function (el) {
      var start = el.getAttribute("data-board-period-start");
      var end = el.getAttribute("data-board-period-end");
      if (today < start) badge(el, "未开始", "upcoming");
      else if (today <= end) badge(el, "公示中 剩" + (dayNumber(end) - dayNumber(today) + 1) + "天", "active");
      else badge(el, "已结束", "ended");
    });
    each("[data-board-group]", function (group) {
      var members = group.querySelectorAll("[data-board-from], [data-board-until]");
      if (!members.length) return;
      group.hidden = !Array.prototype.some.call(members, function (m) { return !m.hidden; });
    });
    each("[data-board-empty]", function (note) {
      var list = note.previousElementSibling;
      if (!list || !list.hasAttribute("data-board-list")) return;
      note.hidden = Array.prototype.some.call(list.children, function (row) { return !row.hidden; });
    });
    each("[data-board-today]", function (el) {
      el.textContent = chineseDate(today);
      el.setAttribute("datetime", today);
    });
  }

  refresh();
  setInterval(refresh, 60000);
})();
