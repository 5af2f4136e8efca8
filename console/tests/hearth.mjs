// Starts `hearth dev` for the browser tests on a free port with its demo data, and drives its API to set up what
// the screens show (as the console's users would, through the same routes).
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repo = process.env.HEARTH_REPO ?? join(import.meta.dirname, "..", "..");

/** Starts hearth dev (HEARTH_BIN, else `go run ./cmd/hearth`) and resolves once it prints its address; extra are more flags. */
export async function startHearth(extra = []) {
  const data = mkdtempSync(join(tmpdir(), "hearth-console-test-"));
  const args = ["dev", "--addr", "127.0.0.1:0", "--data", data, "--console", join(repo, "console"), "--retry-after", "200ms", ...extra];
  const bin = process.env.HEARTH_BIN;
  const child = bin
    ? spawn(bin, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] })
    : spawn("go", ["run", "./cmd/hearth", ...args], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
    if (process.env.HEARTH_TEST_VERBOSE) process.stderr.write(d);
  });
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hearth dev did not start in 180 s:\n${err.slice(-3000)}`)), 180_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hearth dev exited with ${code}:\n${err.slice(-3000)}`));
    });
    child.stdout.on("data", (d) => {
      out += d;
      if (/Demo PMS sources[\s\S]*ln-newyork-pms\s+secret \w+/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await ready;
  const base = /Console:\s+(http:\/\/\S+?)\/?\s/.exec(out)?.[1];
  if (!base) throw new Error(`hearth dev serves no console:\n${out}\n${err.slice(-2000)}`);
  const secrets = Object.fromEntries([...out.matchAll(/^\s+(\S+-pms)\s+secret (\w+)$/gm)].map((m) => [m[1], m[2]]));
  const users = (await (await fetch(base + "/dev/users")).json()).users;
  const tokens = Object.fromEntries(users.map((u) => [u.email.split("@")[0], u.token]));
  return {
    base,
    secrets,
    tokens,
    stop: () => child.kill("SIGINT"),
    /** Calls the API as a demo user (ana, ben, mia, paul, alex); fails unless the status is the one expected. */
    async call(user, method, path, body, want) {
      const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${tokens[user]}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      if (want !== undefined && res.status !== want) throw new Error(`${user} ${method} ${path} = ${res.status} ${text}, want ${want}`);
      return text ? JSON.parse(text) : null;
    },
    /** Delivers a signed PMS message as the source would. */
    async ingest(source, kind, body) {
      const ts = String(Math.floor(Date.now() / 1000));
      const sig = createHmac("sha256", secrets[source]).update(`${ts}.${body}`).digest("hex");
      const res = await fetch(`${base}/ingest/${source}/${kind}`, {
        method: "POST",
        headers: { "X-Hearth-Timestamp": ts, "X-Hearth-Signature": `v1=${sig}` },
        body,
      });
      if (res.status !== 202) throw new Error(`ingest ${source}/${kind} = ${res.status} ${await res.text()}`);
    },
  };
}

export function fixture(path) {
  return readFileSync(join(repo, path), "utf8");
}

/** Polls fn until it returns a truthy value or the time runs out. */
export async function eventually(fn, what, ms = 15_000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}
