"""Say, as the build's first line, which "now" it takes and why.

The rule is site_facts.build_time's: $SOURCE_DATE_EPOCH, else the last
commit's date when content/ is committed (the same bytes on any machine),
else the machine's clock (content/ has uncommitted changes, or no git). An
article dated after that moment is held back by a production build, and an
event is "held" once it is past, so an editor needs to see which applied.

Signal: `initialized`, main site only (first in PLUGINS, so before any
finding is reported). Prints to stderr, like every message to the editor;
changes nothing.
"""

from __future__ import annotations

import sys

from pelican import signals

from site_facts import build_time_line, is_main_site


def say_build_time(pelican) -> None:
    settings = pelican.settings
    if is_main_site(settings):
        print(build_time_line(settings["PATH"], settings["TIMEZONE"]), file=sys.stderr)


def register() -> None:
    signals.initialized.connect(say_build_time)
