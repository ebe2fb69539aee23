// The site's own front matter for Decap CMS: Pelican's `Key: value` lines.
//
// fromFile reads the lines Python-Markdown's meta extension reads (Key: value
// up to the first blank line; lines indented 4+ spaces continue a value; keys
// are case-insensitive) and keeps each key's spelling, order and exact text in
// `__pelican`. toFile writes every value the editor left alone exactly as it
// was read and rewrites only the lines of the values that changed, so a file
// saved unchanged is byte-identical. New keys follow the collection's field
// order. Runs in the browser (registered as "pelican-md") and in Node (the
// round-trip test over every file under content/).
(function (root) {
  "use strict";

  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^[ ]{4,}(.*)$/;
  var KEEP = "__pelican";
  // A new source's file name is its slug: the Slug field names the file,
  // and writing it again as front matter would only repeat it.
  var NOT_WRITTEN_WHEN_NEW = ["slug"];

  function fromFile(text) {
    var entries = [];
    var offset = 0;
    var current = null;
    while (offset < text.length) {
      var end = text.indexOf("\n", offset);
      var next = end === -1 ? text.length : end + 1;
      var line = text.slice(offset, end === -1 ? text.length : end);
      var meta = META_LINE.exec(line);
      var more = current && CONTINUATION.exec(line);
      if (line.trim() === "") break;
      if (meta) {
        current = {
          key: meta[1].toLowerCase(),
          spelling: meta[1],
          value: meta[2].trim(),
          raw: text.slice(offset, next),
        };
        entries.push(current);
      } else if (more) {
        current.value += "\n" + more[1].trim();
        current.raw += text.slice(offset, next);
      } else {
        break;
      }
      offset = next;
    }
    var rest = text.slice(offset);
    var blank = /^[ \t]*(\n|$)/.exec(rest);
    var separator = blank && entries.length ? blank[0] : "";
    var data = {};
    entries.forEach(function (entry) {
      if (!(entry.key in data)) data[entry.key] = entry.value;
    });
    data.body = rest.slice(separator.length);
    data[KEEP] = { entries: entries, separator: separator, body: data.body };
    return data;
  }

  function spell(key) {
    return key.charAt(0).toUpperCase() + key.slice(1);
  }

  function asText(value) {
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) return value.join(", ");
    return String(value);
  }

  function line(spelling, value) {
    var lines = asText(value).split("\n");
    var first = lines.shift().trim();
    var text = spelling + ":" + (first ? " " + first : "") + "\n";
    lines.forEach(function (more) {
      text += "    " + more.trim() + "\n";
    });
    return text;
  }

  function toFile(data, sortedKeys) {
    var kept = data[KEEP] || { entries: [], separator: "\n", body: null };
    var out = "";
    var seen = {};
    function add(text) {
      if (out && out.slice(-1) !== "\n") out += "\n";
      out += text;
    }
    kept.entries.forEach(function (entry) {
      var value = data[entry.key];
      if (seen[entry.key] || value === undefined) {
        add(entry.raw); // a key given twice, or one the CMS does not know
      } else if (asText(value) === entry.value) {
        add(entry.raw);
      } else {
        add(line(entry.spelling, value));
      }
      seen[entry.key] = true;
    });
    var order = (sortedKeys || []).map(function (key) {
      return String(key).toLowerCase();
    });
    var fresh = Object.keys(data).filter(function (key) {
      return (
        key !== "body" &&
        key !== KEEP &&
        !seen[key] &&
        !(kept.entries.length === 0 && NOT_WRITTEN_WHEN_NEW.indexOf(key) >= 0) &&
        typeof data[key] !== "object" &&
        asText(data[key]).trim() !== ""
      );
    });
    fresh.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      ia = ia < 0 ? order.length : ia;
      ib = ib < 0 ? order.length : ib;
      return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    });
    fresh.forEach(function (key) {
      add(line(spell(key), data[key]));
    });
    var body = asText(data.body);
    if (kept.body !== null && body === kept.body) {
      return out + kept.separator + kept.body;
    }
    if (body && body.slice(-1) !== "\n") body += "\n";
    return out + (kept.separator || "\n") + body;
  }

  var format = { fromFile: fromFile, toFile: toFile };
  if (typeof module === "object" && module.exports) module.exports = format;
  if (root && root.CMS) root.CMS.registerCustomFormat("pelican-md", "md", format);
})(typeof window === "undefined" ? null : window);
