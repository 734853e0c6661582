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

  function initReadAloud() {
    var holder = document.querySelector("[data-board-read]");
    if (!holder || !("speechSynthesis" in window)) return;
    var button = holder.querySelector("button");
    var article = holder.closest("article");
    holder.hidden = false;
    function stop() {
      window.speechSynthesis.cancel();
      press(button, false);
      button.textContent = "朗读全文";
    }
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
      var text = Array.prototype.filter.call(article.children, function (el) {
        return el !== holder && !el.hidden;
      }).map(function (el) { return el.innerText; }).join("\n");
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;  // a little slower than default, for elderly listeners
      utterance.onend = stop;
      utterance.onerror = stop;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
      press(button, true);
      button.textContent = "停止朗读";
    });
  }

  initAids();
  initReadAloud();
})();
