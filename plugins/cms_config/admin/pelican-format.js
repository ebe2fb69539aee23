// The site's own front matter for Decap CMS: Pelican's `Key: value` lines.
//
// fromFile reads the lines exactly as Pelican does: the file as Pelican opens
// it (one UTF-8 BOM dropped; \r\n and \r are line breaks), then as
// Python-Markdown's NormalizeWhitespace and meta extension see it (STX/ETX
// gone, tabs expanded to 4 columns; an optional first `---` line; `Key: value`
// up to the first line that is blank once stripped or starts with `---` or
// `...`; lines indented 4+ spaces continue a value; keys are case-insensitive;
// "stripped" means Python's str.strip(), whose whitespace is not JavaScript's).
// It keeps each key's spelling, order and exact text in `__pelican`.
//
// toFile writes every value the editor left alone exactly as it was read and
// rewrites only the lines of the values that changed, so a file saved
// unchanged is byte-identical. It keeps the file's BOM and line breaks (CRLF
// stays CRLF): Pelican reads both, and an edit then changes only its lines.
// New keys follow the collection's field order.
//
// A changed value is written as normalise(key, value), which is what Pelican
// reads back, always (tests/cms_format_property.js proves it):
//   - lone UTF-16 surrogates become U+FFFD (what UTF-8 saving does anyway),
//     STX/ETX are dropped (Markdown drops them) and each tab is one space
//     (Markdown would widen it to a column that depends on the key);
//   - the value is split into lines at \r\n, \r and \n; each line is stripped
//     of whitespace at both ends and blank lines are dropped (a blank line
//     would end the front matter; a leading space cannot be written);
//   - Summary (Pelican's FORMATTED_FIELDS) keeps its line breaks; every other
//     key is one line, its lines joined by one space (Pelican would read the
//     continuation as a list, or keep only the first line of Status, Date...).
// A written value can never end the front matter or start a key: the first
// line follows `Key: ` and each further line is indented four spaces.
//
// Runs in the browser (registered as "pelican-md"; window.PelicanFormat) and
// in Node.
(function (root) {
  "use strict";

  var KEEP = "__pelican";
  var KIND = "__kind";
  // Templates whose pages have lists of their own (or none), from /admin/'s
  // page (cms_config.py's TEMPLATE_GROUPS); in Node every page is a "page".
  var GROUPS = {};
  try {
    GROUPS = JSON.parse(root.document.documentElement.dataset.templateGroups || "{}");
  } catch (error) {
    GROUPS = {};
  }
  var BOM = "\uFEFF";
  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):([\s\S]*)$/;
  var CONTINUATION = /^[ ]{4,}([\s\S]*)$/;
  var BEGIN = /^-{3}/; // the meta extension's optional opening `---`
  var END = /^(-{3}|\.{3})/; // ... and its closing line
  var LINE_BREAK = /\r\n|\r|\n/;
  // Python's str.strip() whitespace (str.isspace): JavaScript's trim() also
  // strips U+FEFF but not U+001C-U+001F or U+0085.
  var SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000";
  var EDGES = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
  // Pelican's FORMATTED_FIELDS: the only key whose line breaks mean something.
  var MULTI_LINE = ["summary"];
  // A new source's file name is its slug: the Slug field names the file,
  // and writing it again as front matter would only repeat it.
  var NOT_WRITTEN_WHEN_NEW = ["slug"];

  function strip(text) {
    return text.replace(EDGES, "");
  }

  // A line as Markdown's NormalizeWhitespace leaves it (tabs to 4 columns,
  // counted in code points as Python counts them).
  function asMarkdownReads(line) {
    line = line.replace(/[\u0002\u0003]/g, "");
    if (line.indexOf("\t") < 0) return line;
    var out = "";
    var column = 0;
    Array.from(line).forEach(function (ch) {
      if (ch === "\t") {
        var width = 4 - (column % 4);
        out += "    ".slice(0, width);
        column += width;
      } else {
        out += ch;
        column += 1;
      }
    });
    return out;
  }

  function splitLines(text) {
    var lines = [];
    var pattern = /\r\n|\r|\n/g;
    var start = 0;
    var match;
    while ((match = pattern.exec(text))) {
      lines.push({ text: text.slice(start, match.index), end: match[0] });
      start = pattern.lastIndex;
    }
    if (start < text.length) lines.push({ text: text.slice(start), end: "" });
    return lines;
  }

  function fromFile(text) {
    text = String(text);
    var bom = text.charAt(0) === BOM ? BOM : "";
    var lines = splitLines(text.slice(bom.length));
    var newline = (LINE_BREAK.exec(text) || ["\n"])[0];
    var prefix = bom;
    var index = 0;
    if (lines.length && BEGIN.test(asMarkdownReads(lines[0].text))) {
      prefix += lines[0].text + lines[0].end;
      index = 1;
    }
    var entries = [];
    var current = null;
    var separator = "";
    for (; index < lines.length; index++) {
      var raw = lines[index].text + lines[index].end;
      var line = asMarkdownReads(lines[index].text);
      var meta = META_LINE.exec(line);
      var more = current && CONTINUATION.exec(line);
      if (strip(line) === "" || END.test(line)) {
        separator = raw; // Markdown reads this line as the end, not as text
        index++;
        break;
      }
      if (meta) {
        current = { key: meta[1].toLowerCase(), spelling: meta[1], raw: raw };
        current.lines = [strip(meta[2])];
        entries.push(current);
      } else if (more) {
        current.lines.push(strip(more[1]));
        current.raw += raw;
      } else {
        break;
      }
    }
    var rawBody = lines.slice(index).map(function (l) {
      return l.text + l.end;
    }).join("");
    var data = {};
    entries.forEach(function (entry) {
      entry.value = entry.lines.join("\n");
      if (!(entry.key in data)) data[entry.key] = entry.value;
    });
    // Which of the editor's lists shows this page (a collection's `filter`,
    // cms_config/fields.py): its Template's group, else "page". A list, so
    // toFile never writes it (it writes no object).
    var template = String(data.template || "page").toLowerCase();
    data[KIND] = [GROUPS[template] || "page"];
    // The editor shows the body with \n line breaks; toFile writes the file's.
    data.body = rawBody.replace(/\r\n?/g, "\n");
    data[KEEP] = {
      entries: entries,
      prefix: prefix,
      separator: separator,
      newline: newline,
      body: data.body,
      rawBody: rawBody,
    };
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

  function wellFormed(text) {
    if (text.toWellFormed) return text.toWellFormed();
    return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      function (match, before) {
        return (before || "") + "\uFFFD";
      });
  }

  // What Pelican reads back when toFile writes `value` under `key` (see the
  // rule at the top of this file).
  function normalise(key, value) {
    var text = wellFormed(asText(value)).replace(/[\u0002\u0003]/g, "");
    var lines = text.replace(/\t/g, " ").split(LINE_BREAK).map(strip);
    lines = lines.filter(function (line) {
      return line !== "";
    });
    var multi = MULTI_LINE.indexOf(String(key).toLowerCase()) >= 0;
    return lines.join(multi ? "\n" : " ");
  }

  function line(spelling, key, value, newline) {
    var lines = normalise(key, value).split("\n");
    var first = lines.shift();
    var text = spelling + ":" + (first ? " " + first : "") + newline;
    lines.forEach(function (more) {
      text += "    " + more + newline;
    });
    return text;
  }

  function toFile(data, sortedKeys) {
    var kept = data[KEEP] || {
      entries: [], prefix: "", separator: "", newline: "\n", body: null,
    };
    var newline = kept.newline || "\n";
    var out = "";
    var seen = {};
    function add(text) {
      if (out && !/[\r\n]$/.test(out)) out += newline;
      out += text;
    }
    kept.entries.forEach(function (entry) {
      var value = data[entry.key];
      if (seen[entry.key] || value === undefined) {
        add(entry.raw); // a key given twice, or one the CMS does not know
      } else if (
        asText(value) === entry.value ||
        normalise(entry.key, value) === entry.value
      ) {
        add(entry.raw); // left alone, or Pelican would read the same lines
      } else {
        add(line(entry.spelling, entry.key, value, newline));
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
        key !== KIND &&
        !seen[key] &&
        !(kept.entries.length === 0 && NOT_WRITTEN_WHEN_NEW.indexOf(key) >= 0) &&
        typeof data[key] !== "object" &&
        normalise(key, data[key]) !== ""
      );
    });
    fresh.sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      ia = ia < 0 ? order.length : ia;
      ib = ib < 0 ? order.length : ib;
      return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    });
    fresh.forEach(function (key) {
      add(line(spell(key), key, data[key], newline));
    });
    var body = asText(data.body);
    var tail;
    if (kept.body !== null && kept.body !== undefined && body === kept.body) {
      // Unchanged body: as it was, after a blank line if keys now precede a
      // body that had none before it (its first line could read as a key).
      tail = kept.separator;
      if (!tail && out && !kept.entries.length && kept.rawBody) tail = newline;
      tail += kept.rawBody;
    } else {
      if (body && !/\n$/.test(body)) body += "\n";
      if (newline !== "\n") body = body.replace(/\r?\n/g, newline);
      tail = (kept.separator || newline) + body;
    }
    if (tail && out && !/[\r\n]$/.test(out)) out += newline;
    return (kept.prefix || "") + out + tail;
  }

  var format = {
    fromFile: fromFile,
    toFile: toFile,
    normalise: normalise,
    asMarkdownReads: asMarkdownReads, // one line (translation-sync.js)
  };
  if (typeof module === "object" && module.exports) module.exports = format;
  if (root) root.PelicanFormat = format; // translation-sync.js writes with it
  if (root && root.CMS) root.CMS.registerCustomFormat("pelican-md", "md", format);
})(typeof window === "undefined" ? null : window);
