/* Search, as residents type and read it.
 *
 * Material's search worker splits the Chinese of a query into the words the index holds,
 * but never looks the query's last character up: "文明家庭" was searched as "文明" alone.
 * Each run of Chinese in the query the worker is sent ends with "〻", a mark no notice
 * contains and the index treats as a space, so the whole run is split into words (a run
 * that is no known word is searched as typed), and with a space, so "11月23日" is searched
 * as the words 11月 and 23日 it is indexed as.
 *
 * The index separates Chinese words with zero-width spaces (lunr splits on them); they
 * are taken out of the results, so a title copied from a result is plain text.
 */
(function () {
  "use strict";
  var END = "\u303b";
  var QUERY = 2; // Material's message type for a query to its search worker
  var han = null;
  try {
    han = new RegExp("\\p{sc=Han}+", "gu");
  } catch (error) {
    return; // a browser this old has no Chinese search in Material either
  }

  if (window.Worker) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === QUERY && typeof message.data === "string") {
        args[0] = { type: QUERY, data: message.data.replace(han, "$&" + END + " ") };
      }
      return post.apply(this, args);
    };
  }

  function cleanText(text) {
    if (text.data.indexOf("\u200b") !== -1) text.data = text.data.replace(/\u200b/g, "");
  }

  function clean(node) {
    if (node.nodeType === Node.TEXT_NODE) return cleanText(node);
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (var text = walker.nextNode(); text; text = walker.nextNode()) cleanText(text);
  }

  var list = document.querySelector(".md-search-result__list");
  if (!list || !window.MutationObserver) return;
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(clean);
    });
  }).observe(list, { childList: true, subtree: true });
})();
