// Prints the production build's JavaScript size, raw and gzipped (the target: under 500 KB gzipped).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = join(import.meta.dirname, "..", "dist", "assets");
let raw = 0;
let gz = 0;
const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
for (const f of files) {
  const b = readFileSync(join(dir, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const target = 500 * 1024;
console.log(
  `BenchmarkConsoleBundle  ${files.length} JS file(s)  ${kb(raw)} raw  ${kb(gz)} gzipped  (target < ${kb(target)} gz: ${gz < target ? "ok" : "OVER"})`,
);
