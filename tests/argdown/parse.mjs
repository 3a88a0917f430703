// Parse an Argdown file with Argdown's own parser and print what it saw as JSON:
// statements (title, text, tags, data), arguments, relations and every error or warning.
// Usage: node parse.mjs FILE...  prints a JSON list, one entry per file (tests/test_argdown_parser.py)
import { readFileSync } from "node:fs";
import { argdown } from "@argdown/core";

const member = (ec) => ec.members.find((m) => m.text) || ec.members[0] || {};
const seen = (file) => {
const input = readFileSync(file, "utf8");
const r = argdown.run({ input, process: ["parse-input", "build-model"], logLevel: "error" });
return {
  statements: Object.values(r.statements || {}).map((ec) => ({
    title: ec.title, text: member(ec).text || "", tags: ec.tags || [], data: ec.data || null,
  })),
  arguments: Object.values(r.arguments || {}).map((a) => ({ title: a.title, pcs: (a.pcs || []).length, data: a.data || null })),
  relations: (r.relations || []).map((x) => ({ from: x.from.title, fromType: x.from.type, to: x.to.title, toType: x.to.type, type: x.relationType })),
  frontMatter: r.frontMatter || null,
  errors: [
    ...(r.lexerErrors || []).map((e) => ({ message: e.message, line: e.line })),
    ...(r.parserErrors || []).map((e) => ({ message: e.message, line: e.token && e.token.startLine })),
    ...(r.exceptions || []).map((e) => ({ message: String(e.message || e) })),
  ],
};
};
process.stdout.write(JSON.stringify(process.argv.slice(2).map(seen)));
