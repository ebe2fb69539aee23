// The editor's format (plugins/cms_config/admin/pelican-format.js), proven
// against Pelican itself with generated values (fast-check).
//
// Usage: node tests/cms_format_property.js PYTHON [NUM_RUNS]
// Runs tests/cms_format_reader.py as one long-lived child: each generated file
// is written to a temporary folder and read there by Pelican's MarkdownReader
// with the project's settings. Exits non-zero with fast-check's report (the
// shrunk counterexample) when a property fails. tests/test_cms_format.py runs it.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");
const { spawn } = require("node:child_process");
const fc = require("fast-check");
// CMS_FORMAT: another copy of the format to try (e.g. an older commit's).
const format = require(process.env.CMS_FORMAT || "../plugins/cms_config/admin/pelican-format.js");

const PYTHON = process.argv[2] || "python3";
const RUNS = Number(process.argv[3] || 150);
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "cms-format-"));

// --- Pelican, in a child process --------------------------------------------
const child = spawn(PYTHON, [path.join(__dirname, "cms_format_reader.py")], {
  stdio: ["pipe", "pipe", "inherit"],
});
const replies = [];
const waiting = [];
readline.createInterface({ input: child.stdout }).on("line", (line) => {
  const reply = JSON.parse(line);
  if (waiting.length) waiting.shift()(reply);
  else replies.push(reply);
});
child.on("exit", (code) => {
  while (waiting.length) waiting.shift()({ error: `reader exited (${code})` });
});
function nextReply() {
  return replies.length ? Promise.resolve(replies.shift()) : new Promise((r) => waiting.push(r));
}
let fileNumber = 0;
// Pelican's reading of `text`, saved the way the editor's save writes it
// (UTF-8: a lone surrogate becomes U+FFFD).
async function pelicanReads(text) {
  const file = path.join(TMP, `source-${fileNumber++ % 4}.md`);
  fs.writeFileSync(file, text, "utf8");
  child.stdin.write(file + "\n");
  return { ...(await nextReply()), saved: fs.readFileSync(file, "utf8") };
}

// --- The rule, written again from its description (not the implementation's) -
let facts; // from the reader: keys, formatted fields, Python's whitespace
function pyStrip(text) {
  const chars = Array.from(text);
  const space = (c) => facts.whitespace.includes(c);
  while (chars.length && space(chars[0])) chars.shift();
  while (chars.length && space(chars[chars.length - 1])) chars.pop();
  return chars.join("");
}
function expected(key, value) {
  const saved = Buffer.from(String(value), "utf8").toString("utf8");
  const lines = saved.replace(/[\x02\x03]/g, "").replace(/\t/g, " ").split(/\r\n|\r|\n/);
  const kept = lines.map(pyStrip).filter((line) => line !== "");
  return kept.join(facts.formatted.includes(key) ? "\n" : " ");
}
// The body as Markdown reads on after the front matter.
function asMarkdownReads(body) {
  const lines = body.replace(/\r\n?/g, "\n").replace(/[\x02\x03]/g, "").split("\n");
  return lines
    .map((line) => {
      let out = "";
      for (const ch of line) out += ch === "\t" ? " ".repeat(4 - (Array.from(out).length % 4)) : ch;
      return /^ +$/.test(out) ? "" : out;
    })
    .join("\n");
}
const trimEnd = (text) => text.replace(/\n+$/, "");

// --- What is generated -------------------------------------------------------
const NASTY = [
  "\n", "\r\n", "\r", "\n\n", " ", "    ", "\t", ":", ": ", "#", "# x", "---", "...",
  "Status: draft", "Title: x", "    Key: v", "key:", "\u3000", "\u00a0", "\ufeff",
  "\x85", "\x1c", "\x0b", "\x0c", "\u2028", "\x02", "\x03", "\x00", "\ud800",
  "日本語", "組合員の集い", "é", "😀", "\\", "*", "<b>", "&amp;", "a", "b", "-",
];
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: piece, maxLength: 16 }) },
  // very long lines: a few pieces repeated up to 3000 times
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: piece, minLength: 1, maxLength: 3 }), fc.integer({ min: 300, max: 3000 }))
      .map(([s, n]) => s.repeat(n)),
  },
);
const pad = fc.string({ unit: fc.constantFrom(" ", "\n", "\t", "\r\n", "\u3000"), maxLength: 4 });
const day = fc
  .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
// Pelican turns Date and Modified into dates: a value it can parse, padded.
const valueFor = (key) =>
  key === "date" || key === "modified"
    ? fc.tuple(pad, day, pad).map((parts) => parts.join(""))
    : text;
const bodyPiece = fc.constantFrom("Text", "Key: value", "    code", "日本語", ":", "#", "\n", "\n\n", " ", "---");
const body = fc.string({ unit: bodyPiece, maxLength: 8 });
// Any file: the pieces above and front-matter-like ones.
const sourcePiece = fc.oneof(
  piece,
  fc.constantFrom("Title: ", "summary:", "    more", "\n", "\r\n", "\ufeff", "---\n", "\t", "Key: ab\tc", "\u0002"),
);

// --- Checks --------------------------------------------------------------------
// Pelican reads every key of `want` (key -> expected text) back exactly, and
// no other key; Status, Title... are one line; the body follows intact.
function checkPelican(read, want, bodyText) {
  assert.equal(read.error, undefined, `Pelican could not read the file: ${read.error}\n${read.saved}`);
  const got = Object.fromEntries(Object.entries(read.meta).map(([k, lines]) => [k, lines.join("\n")]));
  assert.deepEqual(got, want, `Pelican read other values from:\n${JSON.stringify(read.saved)}`);
  assert.deepEqual(read.warnings, []);
  for (const [key, value] of Object.entries(want)) {
    const processed = read.metadata[key];
    if (facts.formatted.includes(key)) continue; // Markdown to HTML
    assert.equal(read.meta[key].length, 1, `${key} must be one line`);
    if (key === "date" || key === "modified") assert.ok(processed.startsWith(value), key);
    else if (key === "status" || key === "slug") assert.equal(processed, value || undefined, key);
    else if (!["tags", "authors", "author", "category"].includes(key)) assert.equal(processed, value, key);
  }
  assert.equal(trimEnd(read.rest), trimEnd(asMarkdownReads(bodyText)), "the body");
}
// The editor reads the saved file back to the same values.
function checkEditor(saved, want, bodyText) {
  const data = format.fromFile(saved);
  for (const [key, value] of Object.entries(want)) assert.equal(data[key], value, `editor: ${key}`);
  assert.equal(data.body, bodyText && !bodyText.endsWith("\n") ? bodyText + "\n" : bodyText);
}

// A new source written from the editor's fields.
const newSource = async (fields, bodyText, kind) => {
  const data = { ...fields, body: bodyText };
  const read = await pelicanReads(format.toFile(data, facts.orders[kind]));
  const want = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === "slug" || expected(key, value) === "") continue; // the file name; empty: not written
    want[key] = expected(key, value);
    assert.equal(format.normalise(key, value), want[key], `normalise(${key})`);
  }
  checkPelican(read, want, bodyText);
  checkEditor(read.saved, want, bodyText);
};

// An existing draft, maybe with a BOM and CRLF line breaks, edited and saved.
const editDraft = async (base, edits, bom, crlf, bodyText) => {
  const want = { status: "draft", lang: "ja" };
  for (const [key, value] of Object.entries(base)) {
    if (expected(key, value) !== "") want[key] = expected(key, value); // empty: not written
  }
  let original = format.toFile({ ...base, status: "draft", lang: "ja", body: "Body\n" }, []);
  if (crlf) original = original.replace(/\n/g, "\r\n");
  if (bom) original = "\ufeff" + original;
  const data = format.fromFile(original);
  for (const [key, value] of Object.entries(want)) assert.equal(data[key], value, `editor reads ${key}`);
  assert.equal(data.body, "Body\n");
  Object.assign(data, edits);
  if (bodyText !== null) data.body = bodyText;
  for (const [key, value] of Object.entries(edits)) {
    if (expected(key, value) !== "" || key in want) want[key] = expected(key, value);
  }
  const saved = format.toFile(data, facts.orders.news);
  if (bom) assert.ok(saved.startsWith("\ufeff") && !saved.startsWith("\ufeff\ufeff"), "one BOM, kept");
  if (crlf) assert.doesNotMatch(saved.replace(/\r\n/g, ""), /[\r\n]/, "CRLF kept throughout");
  const read = await pelicanReads(saved);
  checkPelican(read, want, bodyText === null ? "Body\n" : bodyText);
  checkEditor(read.saved, want, bodyText === null ? "Body\n" : bodyText);
};

async function main() {
  facts = await nextReply();
  const keys = facts.keys;
  const fields = fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(k)])), { requiredKeys: [] });
  // Every key but Status and Lang, which must stay as the draft had them.
  const editable = keys.filter((k) => !["status", "lang"].includes(k));
  const edits = fc.record(Object.fromEntries(editable.map((k) => [k, valueFor(k)])), { requiredKeys: [] });
  const base = fc.record(Object.fromEntries(["title", "summary", "date"].map((k) => [k, valueFor(k)])));
  const params = { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(60000, { failOnInterrupt: true })] };
  const checks = [];
  const check = async (name, fn) => {
    try {
      await fn();
      checks.push(`ok   ${name}`);
    } catch (error) {
      const cause = error.cause ? `\n${error.cause.message || error.cause}` : "";
      checks.push(`FAIL ${name}\n${error.message}${cause}`);
    }
  };

  // The case the hostile review found: a Summary ending in a line break.
  await check("a Summary edited to end with a line break keeps Status: draft", () => {
    const draft = { title: "T", summary: "S", date: "2013-06-01" };
    return editDraft(draft, { summary: "New summary\n" }, false, false, null);
  });
  await check("a BOM file and a CRLF file read as the plain file does", () => {
    const plain = "Title: 組合員の集い\nLang: ja\nSummary: 一行目\n    二行目\nStatus: draft\n\n本文\n";
    const want = format.fromFile(plain);
    const crlf = plain.replace(/\n/g, "\r\n");
    for (const variant of ["\ufeff" + plain, crlf, "\ufeff" + crlf]) {
      const data = format.fromFile(variant);
      for (const key of ["title", "lang", "summary", "status", "body"]) {
        assert.equal(data[key], want[key], key);
      }
      assert.equal(format.toFile(data, []), variant, "saved unchanged: byte for byte");
    }
  });
  await check("every key of a new source reads back in Pelican and the editor", () =>
    fc.assert(fc.asyncProperty(fields, body, fc.constantFrom(...Object.keys(facts.orders)), newSource), params));
  await check("an edited draft (BOM, CRLF or neither) keeps Status: draft", () =>
    fc.assert(
      fc.asyncProperty(base, edits, fc.boolean(), fc.boolean(), fc.option(body, { nil: null }), editDraft),
      params));
  await check("fromFile(toFile(x)) is x for values already in normal form", () =>
    fc.assert(fc.property(fields, (x) => {
      const written = Object.entries(x).filter(([k]) => k !== "slug"); // a new file's name
      const normal = Object.fromEntries(written.map(([k, v]) => [k, expected(k, v)]));
      const back = format.fromFile(format.toFile({ ...normal, body: "" }, []));
      for (const [key, value] of Object.entries(normal)) assert.equal(back[key] ?? "", value, key);
    }), { numRuns: RUNS * 4 }));
  await check("the editor reads any file's front matter as Pelican does", () =>
    fc.assert(
      fc.asyncProperty(fc.string({ unit: sourcePiece, maxLength: 40 }), async (source) => {
        const read = await pelicanReads(source);
        const data = format.fromFile(read.saved);
        const mine = {};
        for (const entry of data.__pelican.entries) {
          mine[entry.key] = [...(mine[entry.key] || []), ...entry.value.split("\n")];
        }
        assert.equal(read.error, undefined, JSON.stringify(read.saved));
        assert.deepEqual(mine, read.meta, JSON.stringify(read.saved));
        const body = trimEnd(asMarkdownReads(data.body));
        assert.equal(body, trimEnd(read.rest), JSON.stringify(read.saved));
      }),
      params));

  child.stdin.end();
  fs.rmSync(TMP, { recursive: true, force: true });
  console.log(checks.join("\n"));
  process.exit(checks.some((line) => line.startsWith("FAIL")) ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
