"""Render a site's pages on every core, after its context is complete.

Owns: a Writer that hands each page's template render to a job list instead
of rendering it at once, and a last generator that renders the jobs in
forked worker processes when Pelican's own generators have finished
writing. A build spends about half its time in Jinja on one core; a fork
after context generation gives every worker the finished context (content
objects, listings, translations) without pickling anything, and each worker
writes its share of the files.

Everything around the render stays Pelican's, in the parent process: the
Writer's pagination, its overwrite checks, `content_written` (so sitemap,
incremental_output and the rest see every page in the same order), feeds and
static files. Only `template.render(localcontext)`, the page's folder and
the file write move. The folder too: a new folder costs the kernel 0.2 to
0.8 ms on this machine's disk, and the 2,200 folders of a cold build at
N = 1000 made in the parent were its longest serial step (0.4 to 1.2 s).
While a ParallelWriter writes, pelican.writers sees an `os` whose makedirs
leaves a deferred page's folder to the job that writes the page. So when
`content_written` is sent for a page, neither its file nor its folder need
exist yet: a plugin that writes beside a page makes the folder itself.

Serial (the same code path, rendered at once) when:
- build_processes says one (BUILD_PROCESSES off, one core, or the live
  preview's server running);
- RELATIVE_URLS is on: Pelican's writer then changes the shared context's
  `localsiteurl` page by page, which a worker would not see;
- a site has fewer pages than MIN_PARALLEL_PAGES (a fork costs more);
  above that, one process per MIN_PARALLEL_PAGES pages at most.

A worker's error (a template bug) stops the build with the page and the
error, as a serial render would; a file system error (a full disk) is
raised as itself, naming the page's file, and said in one line
(content_checks/failures.py).

Signals: `get_writer` to supply the writer (incremental_output's writer
subclasses it); `get_generators` to add the generator that flushes, which
Pelican runs after the page generators and before static files.
"""

from __future__ import annotations

import logging
import os
import traceback

import pelican.writers
from pelican import signals
from pelican.writers import Writer

import build_processes
from build_processes import map_in_forks

log = logging.getLogger(__name__)
MIN_PARALLEL_PAGES = 64
# O_CLOEXEC: POSIX only (this runs only where fork does, but is read anywhere).
WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def processes(settings: dict) -> int:
    """How many processes render a site's pages (build_processes), unless
    RELATIVE_URLS makes it one."""
    if settings.get("RELATIVE_URLS"):
        return 1
    return build_processes.processes(settings)


class Job:
    """One page: the template that renders it, the context it renders with,
    and (once the writer opens it) the file it goes to."""

    __slots__ = ("context", "path", "template")

    def __init__(self, template, context: dict) -> None:
        self.template = template
        self.context = context
        self.path = ""

    def run(self) -> None:
        data = self.template.render(self.context).encode("utf-8")
        # The bytes open(path, "w") would write, in three system calls: its
        # stat, terminal check and seek, and makedirs' look at the parent,
        # are a dozen more per page for nothing (a new page's folder is new).
        try:
            handle = os.open(self.path, WRITE, 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            handle = os.open(self.path, WRITE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        except OSError as error:  # a full disk: os.write names no file
            if error.filename is None:
                error.filename = self.path
            raise
        finally:
            os.close(handle)


class Deferred:
    """A template whose render is a job for later; Writer.write_file hands
    the render's result to the file the writer opens next."""

    def __init__(self, template, writer: ParallelWriter) -> None:
        self.template = template
        self.writer = writer

    def render(self, context: dict):
        job = Job(self.template, context)
        self.writer.pending = job
        return job


class FoldersMadeByJobs:
    """The `os` module as pelican.writers sees it while a ParallelWriter
    writes: Writer.write_file makes each page's folder right after the
    render, which here only made a job; that job makes it (Job.run)."""

    def __init__(self, writer: ParallelWriter) -> None:
        self.writer = writer

    def __getattr__(self, name: str):
        return getattr(os, name)

    def makedirs(self, name, mode=0o777, exist_ok=False) -> None:
        if self.writer.pending is None:  # not a deferred page: at once
            os.makedirs(name, mode, exist_ok)


class JobSink:
    """What the writer opens for a deferred page: it takes the job, not text."""

    def __init__(self, job: Job, path: str) -> None:
        job.path = path
        self.job = job

    def write(self, output) -> None:
        if output is not self.job:  # a writer path this plugin does not know
            raise TypeError(f"{self.job.path}: a deferred page was given text")

    def __enter__(self) -> JobSink:
        return self

    def __exit__(self, *exc) -> None:
        return None


class ParallelWriter(Writer):
    """Pelican's Writer; with more than one process, each page's render is a
    Job that flush() runs."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.processes = processes(self.settings)
        self.jobs: list[Job] = []
        self.pending: Job | None = None

    def wrap(self, template):
        """The template write_file renders with (incremental_output wraps it
        once more, to skip pages)."""
        return Deferred(template, self) if self.processes > 1 else template

    def write_file(self, name, template, *args, **kwargs):
        template = self.wrap(template)
        if self.processes == 1:
            return super().write_file(name, template, *args, **kwargs)
        writers_os = pelican.writers.os
        pelican.writers.os = FoldersMadeByJobs(self)
        try:
            return super().write_file(name, template, *args, **kwargs)
        finally:
            pelican.writers.os = writers_os

    def _open_w(self, filename, encoding, override=False):
        job, self.pending = self.pending, None
        if job is None:
            return super()._open_w(filename, encoding, override)
        # Pelican's checks against writing a file twice, without the open.
        if filename in self._overridden_files:
            if override:
                super()._open_w(filename, encoding, override)  # raises
            logger_skip(filename)
            return JobSink(job, os.devnull)
        if filename in self._written_files and not override:
            super()._open_w(filename, encoding, override)  # raises
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        self.jobs.append(job)
        return JobSink(job, filename)

    def flush(self) -> None:
        """Render every job, on up to `processes` processes; raise on the
        first page that failed."""
        jobs, self.jobs = self.jobs, []
        workers = min(self.processes, -(-len(jobs) // MIN_PARALLEL_PAGES))
        failures = [f for f in map_in_forks(run_job, jobs, workers) if f]
        if failures:
            raise RuntimeError(
                f"{len(failures)} page(s) could not be rendered; the first, "
                f"{failures[0]}"
            )
        if workers > 1:
            log.info("Parallel writing: %d pages on %d processes", len(jobs), workers)


def logger_skip(filename: str) -> None:
    logging.getLogger("pelican.writers").info(
        'Skipping "%s", not overwriting', filename
    )


def run_job(job: Job) -> str:
    """Render and write one page: "" or what went wrong, with the page. An
    OSError is raised as it is: it names the file, and it is no bug."""
    try:
        job.run()
    except OSError:
        raise
    except Exception:
        return f"{job.path}:\n{traceback.format_exc()}"
    return ""


class WritingFlush:
    """The generator Pelican runs after the page generators: it renders the
    pages they handed to the writer."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def generate_output(self, writer) -> None:
        if isinstance(writer, ParallelWriter):
            writer.flush()


def writer_for(pelican):
    if pelican.settings.get("INCREMENTAL_OUTPUT"):
        return None  # incremental_output supplies its subclass
    return ParallelWriter


def flush_generator(pelican):
    return WritingFlush


def register() -> None:
    signals.get_writer.connect(writer_for)
    signals.get_generators.connect(flush_generator)
