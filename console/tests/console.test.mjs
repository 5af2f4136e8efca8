// Browser tests of the console: headless Chromium (Debian's, driven by playwright-core) against a `hearth dev`
// started on a free port with its demo group, plus guests, stays, consent and an approval made through the API.
// Each screen is photographed into console/test-artifacts/ (ignored by git).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { eventually, fixture, artifacts, executablePath, session, startHearth } from "./hearth.mjs";


let hearth;
let browser;
let approvalId;

const { signIn, open, shot } = session(() => ({ browser, hearth }));

function withGuest(json, guestId) {
  return json.replace(`"guestId": "G-01JD4Y"`, `"guestId": "${guestId}"`);
}

/** A card number with its Luhn check digit appended. */
function luhn(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  hearth = await startHearth();
  browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });

  // A harbour guest with stays in Lisbon (EUR) and Kyoto (JPY), a restaurant check, consent and a membership.
  const h = hearth;
  await h.call("ana", "PUT", "/v1/guests/G-360/profile", {
    name: { first: "Vera", last: "Vista" },
    properties: ["hh-lisbon"],
    dietary: [{ kind: "allergy", item: "peanuts", severity: "severe" }],
    vip: { level: 2, tags: ["anniversary"] },
  }, 200);
  await h.call("ana", "POST", "/v1/guests/G-360/membership", undefined, 201);
  const stay = withGuest(fixture("events/testdata/stay_checked_out.json"), "G-360");
  const kyoto = stay
    .replace(`"01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"01JD4Y3Q7W5E9K2M8N6P0R1S77"`)
    .replace(`stay_checked_out/0001`, `stay_checked_out/0077`)
    .replaceAll(`"S-88123"`, `"K-1"`)
    .replaceAll(`"R-88123"`, `"KR-1"`)
    .replace(`"brandId": "harbour"`, `"brandId": "lantern"`)
    .replace(`"propertyId": "hh-lisbon"`, `"propertyId": "ln-kyoto"`)
    .replaceAll(`"EUR"`, `"JPY"`);
  const check = fixture("events/testdata/pos_check_closed.json")
    .replace(`"propertyId": "hh-lisbon",`, `"propertyId": "hh-lisbon-tasca", "guestId": "G-360",`)
    .replace(`pos_check_closed/0001`, `pos/1`);
  for (const e of [stay, kyoto, check]) await h.call("ana", "POST", "/v1/events", e, 202);
  await h.call("ana", "POST", "/v1/guests/G-360/consent", { channel: "email", purpose: "marketing", scope: "group", status: "granted", source: "console", textVersion: "v1" }, 201);

  // A lantern guest for the marketer.
  await h.call("ana", "PUT", "/v1/guests/G-NY/profile", { name: { first: "Nora", last: "York" }, properties: ["ln-newyork"] }, 200);

  // PMS traffic for the ingestion health screen: a signed check-out from Lisbon's PMS.
  await h.ingest("hh-lisbon-pms", "checkout", fixture("shared/ingest/testdata/json/check_out.json"));

  // A large adjustment asked for by ana on Harbour Lisbon: someone else (ben) must approve it.
  const a = await h.call("ana", "POST", "/v1/approvals", {
    kind: "points_adjustment",
    summary: "adjust guest G-360 by 3000 points: goodwill after a noisy room",
    brandId: "harbour",
    propertyId: "hh-lisbon",
    payload: { guestId: "G-360", points: 3000, reason: "goodwill" },
  }, 202);
  approvalId = a.id;
  await eventually(async () => (await h.call("ana", "GET", "/v1/guests/G-360/360", undefined, 200)).visits.length === 3, "the stays in Guest 360");
  await eventually(async () => (await h.call("ben", "GET", "/v1/approvals", undefined, 200)).items.some((x) => x.id === approvalId && x.status === "pending"), "the approval to wait for a decision");
});

after(async () => {
  await browser?.close();
  hearth?.stop();
});

describe("roles", () => {
  test("the login screen lists the demo users", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(hearth.base + "/");
    for (const u of ["ana", "ben", "mia", "paul", "alex"]) await page.waitForSelector(`[data-testid=login-${u}]`);
    await shot(page, "01-login");
    await context.close();
  });

  test("a marketer on brand lantern sees only lantern properties, and a harbour URL typed by hand is a 403", async () => {
    const page = await signIn("mia");
    const options = await page.$$eval("[data-testid=scope-switcher] option", (os) => os.map((o) => o.textContent));
    const groups = await page.$$eval("[data-testid=scope-switcher] optgroup", (gs) => gs.map((g) => g.label));
    assert.deepEqual(groups, ["Lantern Boutique"]);
    assert.ok(options.some((o) => o.includes("Lantern SoHo")), options.join("|"));
    assert.ok(!options.some((o) => /Harbour|Tasca|Tide/.test(o)), `harbour in the switcher: ${options.join("|")}`);
    const listed = await page.textContent("main");
    assert.ok(!/Harbour Lisbon|Harbour London/.test(listed), "harbour properties listed on the overview");
    await shot(page, "02-overview-marketer");

    await open(page, "/properties/hh-lisbon");
    const err = await page.waitForSelector("[data-testid=error-state]");
    const text = await err.textContent();
    assert.match(text, /403/);
    assert.match(text, /forbidden/);
    assert.doesNotMatch(await page.textContent("main"), /Europe\/Lisbon/);
    await shot(page, "03-property-403-marketer");

    await open(page, "/guests/G-360");
    assert.match(await (await page.waitForSelector("[data-testid=error-state]")).textContent(), /403/);
    await open(page, "/guests/G-NY");
    await page.waitForSelector("[data-testid=guest-360]");
    assert.match(await page.textContent("h1"), /Nora York/);
    await page.context().close();
  });

  test("a marketer walks to hearth dev's demo guests of her brand only, with money in the hotel's currency", async () => {
    const page = await signIn("mia");
    await page.click("nav >> text=Guests");
    const list = await (await page.waitForSelector("[data-testid=demo-guests]")).textContent();
    assert.match(list, /Nora York/);
    assert.match(list, /Kenji Mori/);
    assert.doesNotMatch(list, /Vera|Oliver/);
    await shot(page, "13-guests-marketer");
    await page.click("[data-testid=demo-guests] >> text=Nora York");
    await page.waitForSelector("[data-testid=guest-360]");
    assert.match(await page.textContent("[data-testid=spend-USD]"), /\$890\.00/);
    await page.waitForSelector("[data-testid=statement] tbody tr");
    await shot(page, "14-guest-360-marketer");
    await page.context().close();
  });

  test("guest search answers a marketer of brand lantern no Lisbon guest, and the group admin finds her", async () => {
    const ana = await signIn("ana");
    await ana.click("nav >> text=Guests");
    await ana.fill("[data-testid=guest-search]", "Vera");
    await ana.press("[data-testid=guest-search]", "Enter");
    const hit = ana.locator("[data-testid=guest-hit-G-360]");
    await hit.waitFor();
    assert.match(await hit.textContent(), /Vera Vista/);
    assert.match(await hit.textContent(), /Harbour Lisbon/);
    await shot(ana, "18-guest-search");
    await hit.locator("a").click();
    await ana.waitForSelector("[data-testid=guest-360]");
    assert.match(await ana.textContent("h1"), /Vera Vista/);
    await ana.context().close();

    const mia = await signIn("mia");
    await open(mia, "/guests?q=Vera");
    await mia.locator("[data-testid=empty-state]", { hasText: "No guests match “Vera”" }).waitFor();
    assert.equal(await mia.locator("[data-testid=guest-hit-G-360]").count(), 0);
    assert.doesNotMatch(await mia.textContent("#main"), /Vera Vista/);
    await shot(mia, "19-guest-search-marketer");
    // Her own brand's guest is found.
    await mia.fill("[data-testid=guest-search]", "Nora");
    await mia.press("[data-testid=guest-search]", "Enter");
    await mia.waitForSelector("[data-testid=guest-hit-G-NY]");
    await mia.context().close();
  });

  test("a property manager sees their one property; the brand as a whole is not offered", async () => {
    const page = await signIn("paul");
    const options = await page.$$eval("[data-testid=scope-switcher] option", (os) => os.map((o) => o.textContent.trim()));
    assert.deepEqual(options.slice(1), ["Harbour Lisbon"]);
    await open(page, "/properties/hh-london");
    assert.match(await (await page.waitForSelector("[data-testid=error-state]")).textContent(), /403/);
    await open(page, "/properties/hh-lisbon");
    await page.waitForSelector("[data-testid=property-details]");
    await shot(page, "04-property-manager");
    await page.context().close();
  });
});

describe("gift cards", () => {
  test("find a gift card", async () => {
    const number = luhn("603512345678901");
    await hearth.call("ana", "POST", "/v1/giftcards/stock", { numbers: [number] }, 201);
    await hearth.call("ana", "POST", `/v1/giftcards/${number}/sale`, {
      propertyId: "hh-lisbon",
      requestId: "till-42",
      amount: { amount: 12500, currency: "EUR" },
      buyer: "Beatriz Buyer",
      recipient: "Rui Recipient",
      tender: "cash",
    }, 200);

    const page = await signIn("ana");
    await page.click("nav >> text=Gift cards");
    await page.waitForSelector("h1 >> text=Gift cards");
    // Keyboard: from the title, Tab reaches the card number; Enter looks it up.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "card-number");
    await page.keyboard.type(number.replace(/(\d{4})/g, "$1 ").trim());
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=gift-card]");
    // Sold in Lisbon: euros in Portuguese format.
    assert.match(await page.textContent("[data-testid=card-balance]"), /125,00\s€/);
    assert.equal(await page.textContent("[data-testid=card-buyer]"), "Beatriz Buyer");
    assert.equal(await page.locator("[data-testid=card-transactions] tbody tr").count(), 1);
    await page.waitForSelector("[data-testid=liability] >> text=Total in EUR");
    await shot(page, "16-gift-card");

    // By buyer, in another case.
    await page.fill("[data-testid=card-enquiry-who]", "beatriz buyer");
    await page.press("[data-testid=card-enquiry-who]", "Enter");
    const row = page.locator("[data-testid=card-results] tbody tr", { hasText: "Rui Recipient" });
    await row.waitFor();
    assert.match(await row.textContent(), /125,00\s€/);
    await shot(page, "17-gift-cards-by-buyer");
    // The card's link opens it again.
    await row.locator("a").click();
    await page.waitForSelector("[data-testid=gift-card]");

    // Nobody: the empty state; a number with a wrong check digit: the API's error.
    await page.fill("[data-testid=card-enquiry-who]", "Nobody At All");
    await page.press("[data-testid=card-enquiry-who]", "Enter");
    await page.waitForSelector("[data-testid=empty-state] >> text=No cards bought by Nobody At All");
    await page.fill("[data-testid=card-number]", number.slice(0, -1) + String((Number(number.slice(-1)) + 1) % 10));
    await page.press("[data-testid=card-number]", "Enter");
    assert.match(await (await page.waitForSelector("[data-testid=error-state]")).textContent(), /invalid_number/);
    await page.context().close();

    // A property manager may look cards up but has no group-wide liability report.
    const paul = await signIn("paul");
    await open(paul, `/giftcards?number=${number}`);
    await paul.waitForSelector("[data-testid=gift-card]");
    assert.equal(await paul.locator("[data-testid=liability]").count(), 0);
    await paul.context().close();
  });
});

describe("fraud", () => {
  test("a loyalty manager resolves a fraud alert and lifts its hold; an auditor reads it; a marketer has no such screen", async () => {
    await hearth.call("ana", "PUT", "/v1/guests/G-FAST/profile", { name: { last: "Fast" }, properties: ["hh-lisbon"] }, 200);
    await hearth.call("ana", "POST", "/v1/guests/G-FAST/membership", undefined, 201);
    await hearth.call("ana", "POST", "/v1/guests/G-FAST/membership/adjustments", { points: 3000, reason: "welcome", reference: "w" }, 201);
    await hearth.call("ben", "POST", "/v1/guests/G-FAST/membership/redemptions", { points: 500, reason: "bar", reference: "r1" }, 201);
    await hearth.call("ben", "POST", "/v1/guests/G-FAST/membership/redemptions", { points: 500, reason: "bar", reference: "r2" }, 409);

    const ben = await signIn("ben");
    await ben.click("nav >> text=Fraud alerts");
    const alert = ben.locator("[data-testid=fraud-alert]", { hasText: "G-FAST" });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Redemption soon after joining/);
    await shot(ben, "20-fraud-alerts");
    // Keyboard: the note, Tab to "lift the holds", Space ticks it, Enter in the note resolves.
    await alert.locator("[data-testid=resolve-note]").focus();
    await ben.keyboard.type("new member, called and verified");
    await ben.keyboard.press("Tab");
    await ben.keyboard.press("Space");
    assert.equal(await alert.locator("[data-testid=resolve-release]").isChecked(), true);
    await alert.locator("[data-testid=resolve-note]").press("Enter");
    await ben.waitForSelector("[data-testid=resolved-message]");
    await ben.locator("[data-testid=empty-state]", { hasText: "No open fraud alerts" }).waitFor();
    await ben.click("[data-testid=alerts-resolved]");
    const done = ben.locator("[data-testid=fraud-alert]", { hasText: "G-FAST" });
    await done.waitFor();
    assert.match(await done.textContent(), /called and verified/);
    assert.match(await done.textContent(), /holds lifted/);
    await shot(ben, "21-fraud-resolved");
    await ben.context().close();
    await hearth.call("ben", "POST", "/v1/guests/G-FAST/membership/redemptions", { points: 500, reason: "bar", reference: "r3" }, 201);

    const alex = await signIn("alex");
    await open(alex, "/fraud");
    await alex.click("[data-testid=alerts-resolved]");
    await alex.locator("[data-testid=fraud-alert]", { hasText: "G-FAST" }).waitFor();
    await alex.context().close();

    const mia = await signIn("mia");
    assert.equal(await mia.locator("nav >> text=Fraud alerts").count(), 0);
    await open(mia, "/fraud");
    assert.match(await (await mia.waitForSelector("[data-testid=error-state]")).textContent(), /403/);
    await mia.context().close();
  });
});

describe("screens", () => {
  test("Guest 360 shows stays, spend in each property's currency, statistics, consent and the statement", async () => {
    const page = await signIn("ana");
    await page.click("nav >> text=Guests");
    await page.fill("[data-testid=guest-id]", "G-360");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=guest-360]");
    assert.match(await page.textContent("h1"), /Vera Vista/);
    assert.match(await page.textContent("[data-testid=allergies]"), /peanuts/);
    assert.equal(await page.locator("[data-testid=visits] tbody tr").count(), 3);
    // Lisbon spends in euros in Portuguese format; Kyoto in yen with no minor units.
    assert.match(await page.textContent("[data-testid=spend-EUR]"), /687,00\s€/);
    assert.match(await page.textContent("[data-testid=spend-JPY]"), /[￥¥]\s?68,700/);
    await page.waitForSelector("[data-testid=statement] tbody tr");
    assert.equal(await page.locator("[data-testid=consent] tbody tr").count(), 1);
    await shot(page, "05-guest-360");

    await page.setViewportSize({ width: 800, height: 1100 }); // tablet width
    await page.waitForTimeout(200);
    await shot(page, "06-guest-360-tablet");
    await page.context().close();
  });

  test("approvals: the requester may not decide; a loyalty manager approves and the points post", async () => {
    const before = (await hearth.call("ana", "GET", "/v1/guests/G-360/membership", undefined, 200)).balance;
    const ana = await signIn("ana");
    await open(ana, "/approvals");
    const mine = await ana.waitForSelector(`[data-testid=approval-${approvalId}]`);
    assert.match(await mine.textContent(), /You requested this/);
    assert.equal(await ana.locator(`[data-testid=approval-${approvalId}] [data-testid=approve]`).count(), 0);
    await ana.context().close();

    const ben = await signIn("ben");
    await ben.click("nav >> text=Approvals");
    const item = ben.locator(`[data-testid=approval-${approvalId}]`);
    await item.waitFor();
    await shot(ben, "07-approvals-pending");
    await item.locator("[data-testid=approve]").click();
    await item.locator("[data-testid=approval-status]", { hasText: "approved" }).waitFor();
    await shot(ben, "08-approvals-approved");
    await eventually(
      async () => (await hearth.call("ana", "GET", "/v1/guests/G-360/membership", undefined, 200)).balance === before + 3000,
      "the approved adjustment to post",
    );
    await open(ben, "/guests/G-360");
    await ben.locator("[data-testid=statement] td", { hasText: /^\+3\D?000$/ }).first().waitFor(); // pt-PT: no grouping of 4 digits
    await ben.context().close();
  });

  test("an adjustment above the manager's limit, asked for on Guest 360, waits for someone else", async () => {
    const ben = await signIn("ben");
    await open(ben, "/guests/G-DEMO-VERA");
    await ben.fill("[data-testid=adjust-points]", "4000");
    await ben.fill("[data-testid=adjust-reason]", "lost booking");
    await ben.click("text=Adjust >> nth=-1");
    await ben.waitForSelector("[data-testid=adjust-pending]");
    await shot(ben, "15-adjust-pending");
    await open(ben, "/approvals");
    const item = ben.locator("[data-testid^=approval-]", { hasText: "by 4000 points: lost booking" });
    await item.waitFor();
    assert.match(await item.textContent(), /You requested this/);
    await ben.context().close();

    const ana = await signIn("ana");
    await open(ana, "/approvals");
    const same = ana.locator("[data-testid^=approval-]", { hasText: "by 4000 points: lost booking" });
    await same.locator("[data-testid=reject]").click();
    await same.locator("[data-testid=approval-status]", { hasText: "rejected" }).waitFor();
    await ana.context().close();
  });

  test("ingestion health shows each source's day and the queues with dead letters", async () => {
    const page = await signIn("ana");
    await page.click("nav >> text=Ingestion health");
    const row = page.locator("[data-testid=source-health] tr", { hasText: "hh-lisbon-pms" });
    await row.waitFor();
    assert.match(await row.textContent(), /Harbour Lisbon/);
    assert.ok(Number((await row.locator("td.num").first().textContent()).trim()) >= 1, "the Lisbon PMS message is counted");
    await page.waitForSelector("[data-testid=queue-ingest]");
    await page.click("[data-testid=queue-ingest] >> text=Dead letters");
    await page.waitForSelector("text=No dead letters in ingest");
    await shot(page, "09-ingestion-health");
    await page.context().close();

    const paul = await signIn("paul");
    await open(paul, "/ingestion");
    await paul.waitForSelector("[data-testid=source-health]");
    const sources = await paul.$$eval("[data-testid=source-health] tbody th", (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(sources, ["hh-lisbon-pms"]);
    await paul.waitForSelector("text=Queue operations are group-wide");
    await paul.context().close();
  });

  test("reconciliation of a day: not yet reconciled, then run on demand", async () => {
    const page = await signIn("ben");
    await open(page, "/properties/hh-lisbon/reconciliation/2026-12-21");
    await page.waitForSelector("text=Not reconciled yet");
    await page.click("[data-testid=recon-run]");
    await page.waitForSelector("text=PMS folio revenue");
    await shot(page, "10-reconciliation");
    await page.context().close();
  });

  test("the loyalty dashboard shows the programme's figures and a member's statement", async () => {
    const page = await signIn("ben");
    await page.click("nav >> text=Loyalty");
    const active = await (await page.waitForSelector("[data-testid=kpi-active-members]")).textContent();
    assert.ok(Number(active.replace(/\D/g, "")) > 0, `active members: ${active}`);
    assert.ok((await page.locator("[data-testid=tier-table] tbody tr").count()) >= 3);
    assert.equal(await page.locator("[data-testid=not-available]").count(), 0);
    await page.click("[data-testid=refresh-dashboard]");
    await page.waitForSelector("[data-testid=refresh-dashboard]:not([disabled])");
    await page.fill("[data-testid=member-guest-id]", "G-360");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=membership] [data-testid=points-balance]");
    await shot(page, "11-loyalty");
    await page.context().close();
  });

  test("an auditor reads the audit log and verifies its chain; others have no audit screen", async () => {
    const page = await signIn("alex");
    await page.click("nav >> text=Audit log");
    await page.waitForSelector("[data-testid=audit] tbody tr");
    await page.click("[data-testid=verify]");
    assert.match(await (await page.waitForSelector("[data-testid=verify-result]")).textContent(), /Chain intact/);
    await shot(page, "12-audit");
    await page.context().close();

    const mia = await signIn("mia");
    assert.equal(await mia.locator("nav >> text=Audit log").count(), 0);
    await open(mia, "/audit");
    assert.match(await (await mia.waitForSelector("[data-testid=error-state]")).textContent(), /403/);
    await mia.context().close();
  });

  test("the console is keyboard navigable: each screen's title takes the focus, links and forms follow", async () => {
    const page = await signIn("ana");
    const active = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`);
    assert.equal(await active(), "H1 Overview");
    await page.focus("nav a[href='/guests']");
    await page.keyboard.press("Enter");
    await page.waitForSelector("h1 >> text=Guests");
    assert.equal(await active(), "H1 Guests");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "guest-search");
    await page.keyboard.type("Vista");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=guest-hit-G-360]");
    await page.focus("[data-testid=guest-hit-G-360] a");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=guest-360]");
    await page.context().close();
  });
});
