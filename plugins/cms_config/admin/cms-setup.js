// Editing in the browser (Decap CMS at /admin/): what the site's format needs
// beyond pelican-format.js. The "pelican-lang" widget shows which language a
// side of the editor is and writes it as that file's `Lang`, so an editor never
// types it and a new pair is right from the start.
//
// Decap's Japanese interface (`locale: ja` in config.yml) says "entry" for a
// page and asks "delete this published entry?": here deleting says in plain
// words what it does. Decap deletes every language's file of a page in one
// commit (i18n multiple_files); no button deletes one language alone.
(function (window) {
  "use strict";
  var h = window.h;
  var LangControl = window.createClass({
    componentDidMount: function () {
      var locale = this.props.locale || this.props.field.get("default");
      if (locale && this.props.value !== locale) this.props.onChange(locale);
    },
    render: function () {
      var locale = this.props.locale || this.props.value || "";
      return h("output", { id: this.props.forID, className: this.props.classNameWrapper }, locale);
    },
  });
  window.CMS.registerWidget("pelican-lang", LangControl);

  var DELETE =
    "このページを削除しますか？\n\n日本語と英語の両方のファイルが消え、サイトからもなくなります。" +
    "片方の言語だけを消すことはできません。消したページはこの画面からは元に戻せません。";
  var ja = window.CMS.getLocale && window.CMS.getLocale("ja");
  if (ja && ja.editor) {
    var editor = ja.editor.editor;
    var toolbar = ja.editor.editorToolbar;
    editor.onDeletePublishedEntry = DELETE;
    editor.onDeleteWithUnsavedChanges = DELETE + "\n\n(まだ保存していない変更も失われます)";
    toolbar.deletePublishedEntry = "ページを削除 (両方の言語)";
    toolbar.deleteEntry = "ページを削除 (両方の言語)";
    toolbar.backCollection = "%{collectionLabel}を編集中";
    var i18n = ja.editor.editorControlPane.i18n;
    i18n.copyFromLocale = "もう一方の言語から写す";
    i18n.copyFromLocaleConfirm = "%{locale} の内容で、この言語の欄をすべて上書きしますか？";
    window.CMS.registerLocale("ja", ja);
  }
})(window);
