// Editing in the browser (Decap CMS at /admin/): what the site's format needs
// beyond pelican-format.js. The "pelican-lang" widget shows which language a
// side of the editor is and writes it as that file's `Lang`, so an editor never
// types it and a new pair is right from the start.
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
})(window);
