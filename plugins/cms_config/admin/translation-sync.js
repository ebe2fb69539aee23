// Editing in the browser (Decap CMS at /admin/): is this translation up to
// date with its original, and the box that marks it so (README: Keeping
// translations in step).
//
// Each pair has an original: the file whose language `Original:` names (on
// either file), else the site's default language. The "pelican-sync" widget
// sits on every side of a page. On the original it says so. On a translation
// it compares the translation's sync point (its own `Translated_from:`, else
// the line content/translations.lock holds for it, handed over by the build in
// the field's `records`) with the fingerprint of the original's text as the
// editor holds it now, and says "up to date", "outdated" or "not marked yet".
// Ticking the box writes that fingerprint as the translation's
// `Translated_from:`: the very sha256 `invoke i18n-mark` writes to the lock
// (translation_sync.status.fingerprint_text: the text as Markdown reads it,
// then sha256), which the build takes as the translation's sync point. If the
// original's saved text should differ from what was fingerprinted, the
// translation simply shows as outdated again: never falsely up to date.
//
// Runs in the browser (after pelican-format.js, whose toFile writes the
// original's text) and in Node (tests: fingerprint only).
(function (root) {
  "use strict";

  var BOM = "\uFEFF";
  // The front-matter format (loaded before this file in /admin/).
  var PelicanFormat =
    typeof module === "object" && module.exports
      ? require("./pelican-format.js")
      : root.PelicanFormat;

  // content_checks.sources.as_markdown_reads, after Python's utf-8-sig decode:
  // one leading BOM dropped, \r\n and \r are \n, STX/ETX gone, tabs expanded to
  // 4 columns (counted in code points), lines of spaces only emptied.
  function asMarkdownReads(text) {
    text = String(text);
    if (text.charAt(0) === BOM) text = text.slice(1);
    text = text.replace(/\r\n/g, "\n").replace(/\r/g, "\n");
    text = text.replace(/[\u0002\u0003]/g, "");
    return text
      .split("\n")
      .map(function (line) {
        line = PelicanFormat.asMarkdownReads(line); // tabs, as Markdown reads them
        return /^ +$/.test(line) ? "" : line;
      })
      .join("\n");
  }

  // A Promise of the sha256 (hex) the lock records for this text.
  function fingerprint(text) {
    var bytes = new TextEncoder().encode(asMarkdownReads(text));
    return globalThis.crypto.subtle.digest("SHA-256", bytes).then(function (buffer) {
      return Array.from(new Uint8Array(buffer))
        .map(function (b) {
          return b.toString(16).padStart(2, "0");
        })
        .join("");
    });
  }

  var api = { asMarkdownReads: asMarkdownReads, fingerprint: fingerprint };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (!root || !root.CMS) return;

  var h = root.h;

  function dataOf(entry, lang, defaultLocale) {
    return entry.getIn(lang === defaultLocale ? ["data"] : ["i18n", lang, "data"]);
  }

  var SyncControl = root.createClass({
    getInitialState: function () {
      return { loaded: this.props.value || "", digest: "", busy: false };
    },

    componentDidMount: function () {
      var self = this;
      this.measure().then(function (digest) {
        self.setState({ digest: digest });
      });
    },

    entry: function () {
      return this.props.getEntry ? this.props.getEntry() : this.props.entry;
    },

    // Which side is the original, this side's file, and its record.
    info: function () {
      var field = this.props.field;
      var entry = this.entry();
      var defaultLocale = field.get("default_locale");
      var names = field.get("languages").toJS();
      var locale = this.props.locale || defaultLocale;
      var said = {};
      Object.keys(names).forEach(function (lang) {
        var data = dataOf(entry, lang, defaultLocale);
        var value = data && data.get("original");
        if (value && names[value]) said[value] = true;
      });
      var saidLangs = Object.keys(said);
      var original = saidLangs.length === 1 ? saidLangs[0] : field.get("default_original");
      var path = String(entry.get("path") || "");
      // Decap names the entry without its language (about.md); each side's
      // file is <slug>.<locale>.md.
      var stem = path.replace(/\.md$/, "");
      var tail = stem.slice(stem.lastIndexOf(".") + 1);
      if (stem.lastIndexOf(".") > stem.lastIndexOf("/") && names[tail]) {
        stem = stem.slice(0, stem.lastIndexOf("."));
      }
      var own = path ? stem + "." + locale + ".md" : "";
      var records = field.get("records");
      var record = null;
      if (records && own) {
        records.forEach(function (value, key) {
          if (own === key || own.slice(-(key.length + 1)) === "/" + key) record = value.toJS();
        });
      }
      return {
        locale: locale,
        original: original,
        originalName: names[original] || original,
        defaultLocale: defaultLocale,
        record: record,
      };
    },

    // The fingerprint of the original's text as it would be saved now.
    measure: function () {
      var info = this.info();
      var data = dataOf(this.entry(), info.original, info.defaultLocale);
      if (!data || info.locale === info.original) return Promise.resolve("");
      var order = this.props.collection.get("fields").map(function (f) {
        return f.get("name");
      }).toArray();
      var text = root.PelicanFormat.toFile(data.toJS(), order);
      if (text.slice(-1) !== "\n") text += "\n"; // as Decap saves it
      return fingerprint(text);
    },

    toggle: function (event) {
      var self = this;
      if (!event.target.checked) {
        this.props.onChange(this.state.loaded);
        return;
      }
      this.setState({ busy: true });
      this.measure().then(function (digest) {
        self.setState({ digest: digest, busy: false });
        self.props.onChange(digest);
      });
    },

    render: function () {
      var info = this.info();
      var wrapper = { id: this.props.forID, className: this.props.classNameWrapper };
      if (info.locale === info.original) {
        wrapper["data-sync-state"] = "original";
        return h("div", wrapper, h("p", null,
          "これは" + info.originalName + "の原文です。翻訳はこの文章と比べて確かめます。"));
      }
      var recorded = this.state.loaded || (info.record && info.record.sync) || "";
      var value = this.props.value || "";
      var ticked = Boolean(value) && value !== this.state.loaded;
      var of = info.originalName + "の原文";
      var state, text;
      if (ticked) {
        state = "marking";
        text = "公開すると、" + of + "と同じ内容の翻訳として記録します。";
      } else if (!this.state.digest) {
        state = "checking";
        text = of + "の翻訳です。";
      } else if (recorded && recorded === this.state.digest) {
        state = "up-to-date";
        text = "最新です: この翻訳は、今の" + of + "と同じ内容だと記録されています。";
      } else if (!recorded) {
        state = "unrecorded";
        text = of + "の翻訳です。まだ原文と同じ内容だと記録されていません。";
      } else {
        state = "outdated";
        text = "古くなっています: この翻訳を最後に確かめた後で、" + of + "が変わりました。" +
          "訳を直してから、下のボックスにチェックを入れてください。";
      }
      wrapper["data-sync-state"] = state;
      var box = null;
      if (state !== "up-to-date" && state !== "checking") {
        box = h("label", { style: { display: "block", marginTop: "0.5em" } },
          h("input", {
            type: "checkbox",
            checked: ticked,
            disabled: this.state.busy,
            onChange: this.toggle,
            style: { marginRight: "0.5em" },
          }),
          "この翻訳は" + of + "と同じ内容です");
      }
      return h("div", wrapper, h("p", { role: "status" }, text), box);
    },
  });
  root.CMS.registerWidget("pelican-sync", SyncControl);
})(typeof window === "undefined" ? null : window);
