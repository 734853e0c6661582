/* 编辑台: live checks on each pause, a Markdown toolbar that leaves Chinese input methods
   alone, repeatable rows, date pickers, uploads and the preview beside the form.
   Everything here is a help: the form saves without it. */
(function () {
  "use strict";
  var body = document.body;
  var prefix = body.dataset.prefix;
  var csrf = body.dataset.csrf;
  var form = document.getElementById("item-form");

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) {
      if (!window.confirm(f.dataset.confirm)) event.preventDefault();
    });
  });
  if (!form) return;

  /* --- live checks, never while a character is being composed ------------------ */
  var composing = false;
  var timer = null;
  var asked = 0;
  var status = document.getElementById("live-status");

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 600);
  }
  form.addEventListener("compositionstart", function () { composing = true; window.clearTimeout(timer); });
  form.addEventListener("compositionend", function () { composing = false; later(); });
  // A new item's empty form is not yet wrong: its problems show once something is typed.
  var untouched = !form.elements["_rel"].value;
  form.addEventListener("input", function (event) {
    untouched = false;
    if (composing || event.isComposing) return;
    later();
  });
  form.addEventListener("change", function () { untouched = false; if (!composing) later(); });

  function fieldBox(name) {
    return form.querySelector('[data-field="' + CSS.escape(name) + '"]');
  }

  function check() {
    var number = ++asked;
    status.textContent = "正在检查…";
    var data = new URLSearchParams(new FormData(form));
    fetch(prefix + "/check", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
      body: data.toString(),
      credentials: "same-origin"
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (number !== asked) return; // an older answer, overtaken by typing
      show(answer);
    }).catch(function () { status.textContent = "检查没有完成（预览服务停了吗？）"; });
  }

  function show(answer) {
    form.querySelectorAll(".checks").forEach(function (c) { c.textContent = ""; });
    if (untouched) answer.problems = [];
    var general = [];
    (answer.problems || []).forEach(function (p) {
      var box = p.field ? fieldBox(p.field) : null;
      var line = (p.level === "error" ? "错误：" : "提醒：") + p.zh;
      var target = box && box.querySelector(".checks");
      if (target) add(target, line, p.level); else general.push((p.label ? p.label + "：" : "") + line);
    });
    (answer.marks || []).forEach(function (m) {
      var box = fieldBox(m.field) || fieldBox("body");
      var target = box && box.querySelector(".checks");
      var line = "隐私：" + m.why + "“" + m.found + "”在网站上显示为“" + m.masked + "”";
      if (target) add(target, line, "privacy"); else general.push(line);
    });
    var result = document.getElementById("period-result");
    if (result && answer.period) {
      result.textContent = answer.period.error ? answer.period.error
        : answer.period.summary + (answer.period.notes.length ? "。" + answer.period.notes.join("；") : "");
    }
    var errors = (answer.problems || []).filter(function (p) { return p.level === "error"; }).length;
    status.textContent = (errors ? "有 " + errors + " 处需要改正。" : "检查通过。") + general.join(" ");
    var preview = answer.preview;
    var note = document.getElementById("preview-note");
    if (preview) {
      var stamp = "?t=" + Date.now();
      if (preview.page) document.getElementById("site-preview").src = prefix + "/draft/" + preview.page + stamp;
      if (preview.print) document.getElementById("print-preview").src = prefix + "/draft/" + preview.print + stamp;
      note.textContent = preview.note || "（未保存的草稿）";
    }
  }

  function add(target, text, level) {
    var span = document.createElement("span");
    span.className = "problem " + level;
    span.textContent = text;
    target.appendChild(span);
  }

  /* --- the Markdown toolbar ------------------------------------------------------ */
  var textarea = document.getElementById("body");
  var snippets = {
    bold: function (s) { return "**" + (s || "加粗的字") + "**"; },
    heading: function (s) { return "\n## " + (s || "小标题") + "\n"; },
    list: function (s) {
      var lines = (s || "第一项\n第二项").split("\n");
      return lines.map(function (l) { return "- " + l; }).join("\n");
    },
    table: function () { return "\n| 项目 | 时间 | 地点 |\n| --- | --- | --- |\n|  |  |  |\n"; }
  };
  function insert(text) {
    textarea.focus();
    // insertText keeps the browser's undo; setRangeText where it is missing.
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  document.querySelectorAll(".toolbar button").forEach(function (button) {
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      if (composing) return; // never cut into a character being composed
      var kind = button.dataset.md;
      if (kind === "image") { document.getElementById("body-image").click(); return; }
      var chosen = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
      insert(snippets[kind](chosen));
    });
  });

  /* --- rows ---------------------------------------------------------------------- */
  form.addEventListener("click", function (event) {
    var button = event.target;
    if (button.classList.contains("add-row")) {
      var set = button.closest("fieldset.rows");
      var index = parseInt(set.dataset.next, 10);
      set.dataset.next = String(index + 1);
      var html = set.querySelector("template.row-template").innerHTML
        .split("__i__").join(String(index))
        .replace("新的一项", "第" + (index + 1) + "项");
      set.querySelector(".row-list").insertAdjacentHTML("beforeend", html);
      var added = set.querySelector(".row-list").lastElementChild;
      wire(added);
      var first = added.querySelector("input, textarea, select");
      if (first) first.focus();
      later();
    } else if (button.classList.contains("remove-row")) {
      var item = button.closest(".row-item");
      var list = item.parentNode;
      item.remove();
      var next = list.querySelector("button, input");
      if (next) next.focus();
      later();
    }
  });

  /* --- date pickers beside typed dates, the 公示期's chosen length -------------------- */
  function iso(text) {
    var m = /^\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?\s*$/.exec(text);
    if (!m) return "";
    return m[1] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[3]).slice(-2);
  }
  function wire(root) {
    root.querySelectorAll("input.picker").forEach(function (picker) {
      var text = document.getElementById(picker.dataset.for);
      picker.value = iso(text.value);
      picker.addEventListener("change", function () {
        if (picker.value) { text.value = picker.value; text.dispatchEvent(new Event("input", { bubbles: true })); }
      });
      text.addEventListener("change", function () { picker.value = iso(text.value); });
    });
    root.querySelectorAll("input.upload").forEach(function (input) {
      input.addEventListener("change", function () { upload(input); });
    });
  }
  wire(form);

  var radios = form.querySelectorAll('.period input[type="radio"]');
  function lengths() {
    radios.forEach(function (r) {
      var name = r.name.replace(/length$/, r.value);
      var box = fieldBox(name);
      if (box) box.hidden = !r.checked;
    });
  }
  radios.forEach(function (r) { r.addEventListener("change", lengths); });
  lengths();

  /* --- uploads ------------------------------------------------------------------- */
  function upload(input) {
    var file = input.files[0];
    if (!file) return;
    status.textContent = "正在上传 " + file.name + "…";
    fetch(prefix + "/upload?kind=" + encodeURIComponent(form.dataset.kind), {
      method: "POST",
      headers: {
        "Content-Type": "application/octet-stream",
        "X-File-Name": encodeURIComponent(file.name),
        "X-CSRF-Token": csrf
      },
      body: file,
      credentials: "same-origin"
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (answer.error) { status.textContent = "上传没有成功：" + answer.error; return; }
      var target = document.getElementById(input.dataset.target);
      if (input.dataset.markdown) {
        var depth = (form.dataset.kind === "issue") ? "../../" : "../";
        insert("![" + file.name.replace(/\.[^.]+$/, "") + "](" + depth + answer.path + ")");
      } else if (input.dataset.append && target.value.trim()) {
        target.value = target.value.replace(/\s*$/, "\n") + answer.path;
      } else {
        target.value = answer.path;
      }
      status.textContent = "已上传：" + answer.path;
      later();
    });
  }

  /* --- the print preview shows the whole sheet, however wide ------------------------ */
  var sheet = document.getElementById("print-preview");
  function fitSheet() {
    ["width", "height", "transform", "transformOrigin", "marginBottom"].forEach(function (p) {
      sheet.style[p] = "";
    });
    var page = sheet.contentDocument && sheet.contentDocument.documentElement;
    if (!page || page.scrollWidth <= sheet.clientWidth) return;
    var outer = sheet.offsetWidth, tall = sheet.offsetHeight;
    var wide = page.scrollWidth + outer - sheet.clientWidth; // the sheet and the frame's border
    var scale = outer / wide; // drawn at its own width, shown smaller
    sheet.style.width = wide + "px";
    sheet.style.height = tall / scale + "px";
    sheet.style.transform = "scale(" + scale + ")";
    sheet.style.transformOrigin = "0 0";
    sheet.style.marginBottom = tall - tall / scale + "px";
  }
  if (sheet) {
    sheet.addEventListener("load", fitSheet);
    window.addEventListener("resize", fitSheet);
  }

  check(); // the first preview, as soon as the form opens
})();
