// The console's sign-in through a hosted login (Cognito in AWS) against `hearth dev --oidc-stub`, the stand-in that
// serves Cognito's authorize, token, revoke and logout endpoints and signs ID tokens the local API trusts. Proves the
// redirect with PKCE (S256), state and nonce; the state and nonce checks; the code exchange with the verifier; API
// calls with the ID token; its renewal before expiry; sign-out through the logout endpoint with the refresh token
// revoked; and tokens kept out of localStorage.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { eventually, repo, startHearth } from "./hearth.mjs";

const artifacts = join(repo, "console", "test-artifacts");
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Short-lived tokens, so the console must renew one while the test watches (it renews at half a short life).
const tokenTTL = 20;

let hearth;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  hearth = await startHearth(["--oidc-stub", "--oidc-stub-ttl", `${tokenTTL}s`, "--demo-guests=false"]);
  browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
});

after(async () => {
  await browser?.close();
  hearth?.stop();
});

const stub = () => hearth.base + "/dev/oidc";
const b64url = (buf) => buf.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));

/** A browser tab that records what it sends: token endpoint calls (form and answer) and API calls' tokens. */
async function tab() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "UTC" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const seen = { token: [], api: [], revoke: [], logout: [], authorize: [], csp: [] };
  // hearth dev serves the console with the Content-Security-Policy CloudFront adds in AWS: nothing may break it.
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && seen.csp.push(m.text()));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.pathname === "/dev/oidc/oauth2/token") seen.token.push({ form: new URLSearchParams(r.postData() ?? "") });
    if (url.pathname === "/dev/oidc/oauth2/revoke") seen.revoke.push(new URLSearchParams(r.postData() ?? ""));
    if (url.pathname === "/dev/oidc/logout") seen.logout.push(url.searchParams);
    if (url.pathname === "/dev/oidc/oauth2/authorize" && r.method() === "GET") seen.authorize.push(url.searchParams);
    if (url.pathname.startsWith("/v1/")) seen.api.push({ path: url.pathname, authorization: r.headers().authorization });
  });
  page.on("response", async (res) => {
    if (new URL(res.url()).pathname !== "/dev/oidc/oauth2/token") return;
    const entry = seen.token.find((t) => t.form.toString() === new URLSearchParams(res.request().postData() ?? "").toString() && !t.answer);
    if (entry) entry.answer = { status: res.status(), body: await res.json().catch(() => null) };
  });
  return { context, page, seen };
}

/** Starts a sign-in on path and stops at the stand-in's sign-in page. */
async function toHostedLogin(page, path = "/") {
  await page.goto(hearth.base + path);
  await page.click("[data-testid=hosted-login]");
  await page.waitForURL((u) => u.pathname === "/dev/oidc/oauth2/authorize");
}

describe("hosted login", () => {
  test("sign in with the code flow and PKCE, call the API with the ID token, renew it, sign out", async () => {
    const { context, page, seen } = await tab();

    // A deep link: the sign-in page, then the hosted login with PKCE S256, state and nonce, and back to that page.
    await toHostedLogin(page, "/approvals");
    const q = seen.authorize.at(-1);
    assert.equal(q.get("response_type"), "code");
    assert.equal(q.get("client_id"), "hearth-console");
    assert.equal(q.get("redirect_uri"), hearth.base + "/callback");
    assert.equal(q.get("code_challenge_method"), "S256");
    assert.match(q.get("scope"), /\bopenid\b/);
    for (const p of ["state", "nonce", "code_challenge"]) assert.ok((q.get(p) ?? "").length >= 32, `${p} is long and random`);
    await page.screenshot({ path: join(artifacts, "20-hosted-login-stub.png") });
    await page.click('[data-testid="stub-mia@harbour.example"]');
    await page.waitForSelector("[data-testid=signed-in-as]");
    assert.equal(await page.textContent("[data-testid=signed-in-as]"), "Mia Marketer");
    assert.equal(new URL(page.url()).pathname, "/approvals", "back on the page asked for");

    // The code was exchanged once, with the verifier whose S256 hash the authorize request carried.
    const exchange = seen.token.find((t) => t.form.get("grant_type") === "authorization_code");
    assert.ok(exchange, "no code exchange at the token endpoint");
    const verifier = exchange.form.get("code_verifier");
    assert.equal(b64url(createHash("sha256").update(verifier).digest()), q.get("code_challenge"));
    assert.equal(exchange.form.get("redirect_uri"), hearth.base + "/callback");
    await eventually(() => exchange.answer, "the token answer");
    assert.equal(exchange.answer.status, 200);
    const { id_token: idToken, refresh_token: refreshToken } = exchange.answer.body;

    // API calls carry the ID token this sign-in got: its audience the client, its nonce the one sent.
    const me = seen.api.find((a) => a.path === "/v1/me");
    assert.equal(me?.authorization, `Bearer ${idToken}`);
    const c = claims(idToken);
    assert.equal(c.token_use, "id");
    assert.equal(c.nonce, q.get("nonce"));
    assert.deepEqual(c.aud, ["hearth-console"]);

    // Tokens stay in the tab's sessionStorage; nothing in localStorage.
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.getItem("hearth.session") }));
    assert.equal(storage.local, 0);
    assert.equal(JSON.parse(storage.session).token, idToken);

    // Before the ID token expires the console trades the refresh token for a new one, and uses it.
    const renewal = await eventually(
      () => seen.token.find((t) => t.form.get("grant_type") === "refresh_token" && t.answer?.status === 200),
      "a renewal before the ID token expires",
      tokenTTL * 1000,
    );
    assert.equal(renewal.form.get("refresh_token"), refreshToken);
    const renewed = renewal.answer.body.id_token;
    assert.notEqual(renewed, idToken);
    await page.reload();
    await page.waitForSelector("[data-testid=signed-in-as]");
    await eventually(() => seen.api.some((a) => a.authorization === `Bearer ${renewed}`), "an API call with the renewed token");

    // Sign out: the refresh token is revoked and the hosted login's logout leads back to the sign-in page.
    await page.click("button:has-text('Sign out')");
    await page.waitForSelector("[data-testid=hosted-login]");
    assert.equal(page.url(), hearth.base + "/");
    assert.equal(seen.revoke.at(-1)?.get("token"), refreshToken);
    assert.equal(seen.logout.at(-1)?.get("logout_uri"), hearth.base + "/");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("hearth.session")), null);
    const again = await fetch(stub() + "/oauth2/token", {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: "hearth-console", refresh_token: refreshToken }),
    });
    assert.equal(again.status, 400, "the revoked refresh token still works");
    await page.screenshot({ path: join(artifacts, "21-hosted-login-signed-out.png") });
    assert.deepEqual(seen.csp, [], "Content-Security-Policy violations");
    await context.close();
  });

  test("an answer whose state is not the one sent is refused before any code exchange", async () => {
    const { context, page, seen } = await tab();
    await toHostedLogin(page);
    await page.goto(hearth.base + "/callback?code=stolen-code&state=forged");
    assert.match(await page.textContent("[data-testid=login-error]"), /state mismatch/);
    assert.equal(seen.token.length, 0, "the code went to the token endpoint");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("hearth.session")), null);
    await context.close();
  });

  test("an ID token that does not carry this sign-in's nonce is refused", async () => {
    const { context, page } = await tab();
    // A replayed token: the token endpoint's answer with another sign-in's nonce.
    await page.route("**/dev/oidc/oauth2/token", async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      const [head, , sig] = body.id_token.split(".");
      const forged = Buffer.from(JSON.stringify({ ...claims(body.id_token), nonce: "another-sign-in" })).toString("base64url");
      await route.fulfill({ response: res, json: { ...body, id_token: `${head}.${forged}.${sig}` } });
    });
    await toHostedLogin(page);
    await page.click('[data-testid="stub-ben@harbour.example"]');
    assert.match(await page.textContent("[data-testid=login-error]"), /nonce mismatch/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("hearth.session")), null);
    await context.close();
  });
});
