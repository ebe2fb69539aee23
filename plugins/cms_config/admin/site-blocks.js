// Editing in the browser (Decap CMS at /admin/): the body of a page or an
// article, and the site's own blocks, so that an editor never types them.
//
// The "pelican-body" widget is a plain text area: it changes nothing it is not
// told to, so a body saved unchanged is the same bytes, and an edit changes
// only what the editor typed (Decap's rich-text editor rewrites the whole
// Markdown on any edit: `-` lists become `*`, and it does not know the site's
// `{: .lead }` or `<div class="figures" markdown>`). Above it, buttons write
// the site's blocks (README: The home page, the timeline and the programs) at
// the cursor, from a small form in plain words:
//   - リード文 (the lead paragraph):   <text>\n{: .lead }
//   - ボタン (a call to action):      [<text>](<link>){: .button } (or
//     {: .button .button--quiet }), on the line of the buttons before it
//   - 主な数字 (the key figures):      <div class="figures" markdown> with a
//     definition list: the number as the term, its label as the description
//   - 写真 (a photo):                  ![<alt>]({static}/images/<file>), a
//     paragraph of its own: the file is picked or uploaded in Decap's media
//     library (content/images/), then the alt text is asked for, and refused
//     when empty or a file name, as the build refuses it
//     (content_checks/images.py)
// and "書き方の説明" says, in plain Japanese, what those marks in the text mean.
// Links to the site's pages are chosen from a list (the field's `pages`, from
// the build: cms_config/fields.py) and written as `{filename}` links relative
// to the file being edited, with the side's own language.
(function (root) {
  "use strict";

  // The blocks, as the site writes them (Node tests call these too).
  function lead(text) {
    return oneLine(text) + "\n{: .lead }";
  }

  function button(text, link, quiet) {
    var mark = quiet ? "{: .button .button--quiet }" : "{: .button }";
    return "[" + oneLine(text) + "](" + link.trim() + ")" + mark;
  }

  function figures(rows) {
    var items = rows
      .filter(function (row) {
        return oneLine(row.number) && oneLine(row.label);
      })
      .map(function (row) {
        return oneLine(row.number) + "\n:   " + oneLine(row.label) + "\n";
      });
    return '<div class="figures" markdown>\n\n' + items.join("\n") + "\n</div>";
  }

  // ![alt](src): brackets, backslashes and backticks in the alt text escaped,
  // so that they stay text (Python-Markdown and content_checks read "\\]" as
  // a bracket, not as the alt's end).
  function photo(alt, src) {
    return "![" + oneLine(alt).replace(/[\\[\]`]/g, "\\$&") + "](" + src + ")";
  }

  // The media library's chosen path ("{static}/images/a.jpg" with the site's
  // public_folder, or any path or address ending in the file's name) in the
  // site's {static} form: the file's name in the public folder.
  function staticPath(path, publicFolder) {
    var name = String(path || "").split(/[?#]/)[0].split("/").pop();
    var folder = String(publicFolder || "{static}/images").replace(/\/+$/, "");
    if (folder.indexOf("{static}") !== 0) folder = "{static}/" + folder.replace(/^\/+/, "");
    return name ? folder + "/" + name : "";
  }

  // Why alt text would be refused by the build (content_checks/images.py:
  // visible, FILE_NAME, the file's own name), "" when it is a description:
  // "empty", "file" (a file name), or "name" when the file's name cannot be
  // written in a Markdown link (a space, a bracket).
  var INVISIBLE = /[\u00ad\u034f\u115f\u1160\u3164\uffa0\u2800]|\p{Cf}/gu;
  var FILE_NAME = new RegExp(
    "^(?:[^\\n]*\\.(?:jpe?g|png|gif|webp|avif|svg|heic|heif|tiff?|bmp|dng|raw)" +
    "|(?:screen ?shot|スクリーンショット)[ _-]?\\p{Nd}{4}-\\p{Nd}{2}-\\p{Nd}{2}(?![\\p{L}\\p{N}_]).*" +
    "|(?=[A-Za-z_-]*\\d)[A-Za-z0-9_-]+)$", "iu");

  function altProblem(alt, src) {
    var text = oneLine(alt);
    if (!text.replace(INVISIBLE, "").trim()) return "empty";
    var stem = String(src || "").split("/").pop().replace(/\.[^.]*$/, "");
    if (FILE_NAME.test(text) || text === stem) return "file";
    if (/[\s()<>]/.test(String(src || ""))) return "name";
    return "";
  }

  function oneLine(text) {
    return String(text || "").replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  // `value` with `block` at `at`, a blank line on each side (a block of its
  // own); a button joins the line of buttons the cursor is on.
  function insert(value, at, block, joinButtons) {
    value = String(value || "");
    at = Math.max(0, Math.min(at === undefined || at === null ? value.length : at, value.length));
    var lineEnd = value.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = value.length;
    var lineStart = value.lastIndexOf("\n", at - 1) + 1;
    var line = value.slice(lineStart, lineEnd);
    if (joinButtons && /\{:\s*\.button[^}]*\}\s*$/.test(line)) {
      var end = lineStart + line.replace(/\s+$/, "").length;
      var text = value.slice(0, end) + " " + block + value.slice(end);
      return { text: text, caret: end + 1 + block.length };
    }
    var before = value.slice(0, at);
    var after = value.slice(at);
    var head = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var tail = after === "" ? "\n" : /^\n\n|^\s*$/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    return { text: before + head + block + tail + after, caret: (before + head + block).length };
  }

  // A `{filename}` link from the file in `fromFolder` (below content/) to
  // `target` (below content/, without .<lang>.md), in `lang`.
  function pageLink(fromFolder, target, lang) {
    var from = fromFolder ? fromFolder.split("/") : [];
    var to = (target + "." + lang + ".md").split("/");
    var same = 0;
    while (same < from.length && same < to.length - 1 && from[same] === to[same]) same++;
    var up = from.slice(same).map(function () {
      return "..";
    });
    return "{filename}" + up.concat(to.slice(same)).join("/");
  }

  var api = {
    lead: lead, button: button, figures: figures, photo: photo, staticPath: staticPath,
    altProblem: altProblem, insert: insert, pageLink: pageLink,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (!root || !root.CMS) return;

  var h = root.h;
  var HELP = [
    ["{: .lead }", "すぐ上の段落を「リード文」(ページの最初に大きく出る一文) にする印です。"],
    ["[文字](…){: .button }", "リンクをボタンの形にする印です。.button--quiet は控えめな色のボタンです。"],
    ['<div class="figures" markdown> … </div>',
      "「主な数字」の欄です。数字の行と、その下の「:   」で始まる説明の行が一組です。"],
    ["![説明]({static}/images/…)",
      "写真です。[ ] の中は写真の説明 (代替テキスト)、( ) の中は content/images/ にある写真のファイルです。"],
    ["{filename}about.ja.md", "サイトの別のページへのリンクです。ページのファイル名で書きます。"],
    ["## 見出し / - 箇条書き / **太字**", "ふつうの Markdown の書き方です。"],
  ];
  var BAR = { display: "flex", flexWrap: "wrap", gap: "0.5em", margin: "0 0 0.5em" };
  var FORM = {
    border: "1px solid #dfdfe3", borderRadius: "5px", padding: "0.75em", margin: "0 0 0.75em",
    background: "#f7f8fa",
  };
  var INPUT = { display: "block", width: "100%", margin: "0.25em 0 0.5em", padding: "0.4em" };
  var BUTTON = {
    padding: "0.35em 0.8em", border: "1px solid #798291", borderRadius: "5px",
    background: "#fff", cursor: "pointer",
  };

  var EXAMPLE_ALT = { ja: "神戸のコワーキングスペースで話す組合員たち",
    en: "Members talking in a coworking space in Kobe" };
  var ALT_PROBLEMS = {
    empty: "写真の説明を書いてください。空のままでは本文に入れられません。",
    file: "ファイル名ではなく、写っているものを言葉で書いてください。",
    name: "この写真はファイル名に空白やかっこがあるため、本文に入れられません。" +
      "名前を変えてアップロードし直してください。",
  };

  function labelled(text, input) {
    return h("label", { style: { display: "block" } }, text, input);
  }

  var BodyControl = root.createClass({
    getInitialState: function () {
      return {
        form: "", text: "", link: "", url: "", quiet: false, rows: this.emptyRows(), src: "", alt: "",
      };
    },

    emptyRows: function () {
      return [0, 1, 2, 3].map(function () {
        return { number: "", label: "" };
      });
    },

    // Decap's media library answers through the store (mediaPaths, by the id
    // the library was opened with), as its image widget's does
    // (decap-cms-widget-file withFileControl).
    mediaID: function () {
      if (!this.controlID) this.controlID = "pelican-body-" + Math.random().toString(36).slice(2);
      return this.controlID;
    },

    chosenMedia: function (props) {
      return this.controlID && props.mediaPaths ? props.mediaPaths.get(this.controlID) : undefined;
    },

    // Decap's Widget asks this (with its props only) before it renders the
    // control; React asks it too (with the state) for the control's own updates.
    shouldComponentUpdate: function (next, nextState) {
      if (nextState && nextState !== this.state) return true;
      var now = this.props;
      return now.value !== next.value || now.classNameWrapper !== next.classNameWrapper ||
        now.hasActiveStyle !== next.hasActiveStyle || this.chosenMedia(next) !== this.taken;
    },

    componentWillUnmount: function () {
      if (this.controlID && this.props.onRemoveMediaControl) {
        this.props.onRemoveMediaControl(this.controlID);
      }
    },

    // 写真: the media library, to pick or upload an image (content/images/).
    openLibrary: function () {
      this.taken = undefined;
      this.props.onOpenMediaLibrary({
        controlID: this.mediaID(),
        forImage: true,
        value: "",
        allowMultiple: false,
        field: this.props.field,
      });
    },

    publicFolder: function () {
      var config = this.props.config;
      if (!config) return "";
      return (config.get ? config.get("public_folder") : config.public_folder) || "";
    },

    lang: function () {
      return this.props.locale || this.props.field.get("default_locale") || "ja";
    },

    open: function (form) {
      var state = this.getInitialState();
      state.form = this.state.form === form ? "" : form;
      this.setState(state);
    },

    set: function (key) {
      var self = this;
      return function (event) {
        var change = {};
        change[key] = event.target.type === "checkbox" ? event.target.checked : event.target.value;
        self.setState(change);
      };
    },

    setRow: function (index, key) {
      var self = this;
      return function (event) {
        var rows = self.state.rows.slice();
        rows[index] = Object.assign({}, rows[index]);
        rows[index][key] = event.target.value;
        self.setState({ rows: rows });
      };
    },

    link: function () {
      if (this.state.link === "url") return this.state.url.trim();
      var folder = String(this.props.collection.get("folder") || "");
      var content = this.props.field.get("content_folder") || "content";
      folder = folder.slice(content.length + 1);
      return pageLink(folder, this.state.link, this.lang());
    },

    block: function () {
      var s = this.state;
      if (s.form === "lead") return oneLine(s.text) ? lead(s.text) : "";
      if (s.form === "button") {
        return oneLine(s.text) && this.link() ? button(s.text, this.link(), s.quiet) : "";
      }
      if (s.form === "photo") {
        return s.src && !altProblem(s.alt, s.src) ? photo(s.alt, s.src) : "";
      }
      if (s.form === "figures") {
        var full = s.rows.filter(function (row) {
          return oneLine(row.number) && oneLine(row.label);
        });
        return full.length ? figures(full) : "";
      }
      return "";
    },

    add: function () {
      var block = this.block();
      if (!block) return;
      // Where the cursor last was in the text (else at its end).
      var result = insert(this.props.value, this.caret, block, this.state.form === "button");
      this.props.onChange(result.text);
      this.caret = result.caret;
      this.placeCaret = true;
      this.setState(this.getInitialState());
    },

    // After an insertion: the cursor right after the new block, in view.
    // After the media library: the photo's form, asking for its alt text.
    componentDidUpdate: function () {
      // (once: the store forgets the path after this update, not during it)
      var chosen = this.chosenMedia(this.props);
      if (!chosen) this.taken = undefined;
      if (chosen && chosen !== this.taken) {
        this.taken = chosen;
        this.props.onRemoveInsertedMedia(this.controlID);
        var src = staticPath(Array.isArray(chosen) ? chosen[0] : chosen, this.publicFolder());
        if (src) {
          var state = this.getInitialState();
          state.form = "photo";
          state.src = src;
          state.alt = this.state.form === "photo" ? this.state.alt : "";
          this.setState(state);
        }
        return;
      }
      var area = this.area;
      if (!this.placeCaret || !area || area.value.length < this.caret) return;
      this.placeCaret = false;
      area.focus();
      area.setSelectionRange(this.caret, this.caret);
    },

    // Where the cursor is in the text, before a button takes the focus.
    remember: function () {
      if (this.area && document.activeElement === this.area) this.caret = this.area.selectionStart;
    },

    form: function () {
      var s = this.state;
      var self = this;
      if (s.form === "lead") {
        return [
          labelled("リード文 (ページの最初に大きく出る一文)",
            h("textarea", { value: s.text, onChange: this.set("text"), rows: 3, style: INPUT })),
        ];
      }
      if (s.form === "button") {
        var pages = this.props.field.get("pages");
        pages = pages ? pages.toJS() : [];
        return [
          labelled("ボタンの文字", h("input", { value: s.text, onChange: this.set("text"), style: INPUT })),
          labelled("行き先",
            h("select", { value: s.link, onChange: this.set("link"), style: INPUT },
              [h("option", { key: "", value: "" }, "選んでください")].concat(
                pages.map(function (page) {
                  return h("option", { key: page.value, value: page.value }, page.label);
                }),
                [h("option", { key: "url", value: "url" }, "ほかのサイト (アドレスを入力)")]))),
          s.link === "url"
            ? labelled("アドレス (https://…)",
              h("input", { value: s.url, onChange: this.set("url"), style: INPUT, type: "url" }))
            : null,
          h("label", { style: { display: "block", marginBottom: "0.5em" } },
            h("input", { type: "checkbox", checked: s.quiet, onChange: this.set("quiet"),
              style: { marginRight: "0.5em" } }),
            "控えめな色にする (2 つ目以降のボタンに)"),
        ];
      }
      if (s.form === "photo") {
        var problem = altProblem(s.alt, s.src);
        var example = EXAMPLE_ALT[this.lang()] || EXAMPLE_ALT.en;
        return [
          h("p", { key: "file", style: { margin: "0 0 0.5em" } }, "写真: ",
            h("code", null, s.src.split("/").pop()), " ",
            h("button", { type: "button", style: BUTTON, onClick: this.openLibrary }, "別の写真を選ぶ")),
          h("label", { key: "alt", style: { display: "block" } }, "写真の説明 (Alt text)",
            h("span", { style: { display: "block", fontSize: "0.9em", color: "#555" } },
              "代替テキスト: 画面の読み上げソフトが読み上げ、写真が出ないときに代わりに表示される、" +
              "写っているものの説明です。この欄の言語で書いてください。"),
            h("input", { value: s.alt, onChange: this.set("alt"), style: INPUT,
              placeholder: "例: " + example, "aria-invalid": problem ? "true" : "false" })),
          problem
            ? h("p", { key: "problem", role: "status", style: { margin: "0", color: "#a3281c" } },
              ALT_PROBLEMS[problem])
            : null,
        ];
      }
      if (s.form === "figures") {
        return [h("p", { key: "p", style: { margin: "0 0 0.5em" } },
          "数字と、その説明を一組ずつ書きます (空の行は入りません)。")].concat(
          s.rows.map(function (row, index) {
            return h("div", { key: index, style: { display: "flex", gap: "0.5em" } },
              labelled("数字 " + (index + 1),
                h("input", { value: row.number, onChange: self.setRow(index, "number"), style: INPUT })),
              h("div", { style: { flex: 1 } }, labelled("説明 " + (index + 1),
                h("input", { value: row.label, onChange: self.setRow(index, "label"), style: INPUT }))));
          }),
          h("button", { key: "more", type: "button", style: BUTTON, onClick: function () {
            self.setState({ rows: s.rows.concat([{ number: "", label: "" }]) });
          } }, "行を足す"));
      }
      return [];
    },

    render: function () {
      var self = this;
      var s = this.state;
      var tool = function (form, text) {
        return h("button", {
          type: "button", "data-block": form, "aria-expanded": s.form === form,
          style: BUTTON, onMouseDown: self.remember,
          onClick: form === "photo" ? self.openLibrary : function () { self.open(form); },
        }, text);
      };
      var panel = s.form
        ? h("div", { style: FORM, "data-block-form": s.form },
          this.form(),
          h("div", { style: { display: "flex", gap: "0.5em", marginTop: "0.5em" } },
            h("button", { type: "button", style: Object.assign({}, BUTTON, { fontWeight: "bold" }),
              disabled: !this.block(), onClick: this.add }, "本文に入れる"),
            h("button", { type: "button", style: BUTTON, onClick: function () { self.open(""); } },
              "やめる")))
        : null;
      var help = h("details", { style: { margin: "0 0 0.5em" } },
        h("summary", { style: { cursor: "pointer" } }, "書き方の説明 (本文にある印の意味)"),
        h("dl", { style: { margin: "0.5em 0" } }, HELP.map(function (pair) {
          return [h("dt", { key: pair[0], style: { fontFamily: "monospace", marginTop: "0.4em" } }, pair[0]),
            h("dd", { key: pair[0] + "d", style: { margin: "0 0 0 1em" } }, pair[1])];
        })),
        h("p", null, "印の行は消したり書き換えたりしないでください。変えたいときは、その部分を消して、" +
          "上のボタンから入れ直してください。"));
      return h("div", { className: "pelican-body" },
        h("div", { style: BAR, role: "toolbar", "aria-label": "本文に入れる部品" },
          tool("lead", "＋ リード文"), tool("button", "＋ ボタン"), tool("figures", "＋ 主な数字"),
          tool("photo", "＋ 写真")),
        panel,
        help,
        h("textarea", {
          id: this.props.forID,
          className: this.props.classNameWrapper,
          value: this.props.value || "",
          rows: 20,
          style: { minHeight: "24em", lineHeight: 1.7, fontFamily: "inherit", resize: "vertical" },
          ref: function (area) { self.area = area; },
          onChange: function (event) { self.props.onChange(event.target.value); },
          onFocus: this.props.setActiveStyle,
          onBlur: function () {
            if (self.area) self.caret = self.area.selectionStart;
            if (self.props.setInactiveStyle) self.props.setInactiveStyle();
          },
        }));
    },
  });

  var markdown = root.CMS.getWidget && root.CMS.getWidget("markdown");
  root.CMS.registerWidget("pelican-body", BodyControl, markdown && markdown.preview);
})(typeof window === "undefined" ? null : window);
