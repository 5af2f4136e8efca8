// Browser tests of the screens added for issue 6's remaining asks: merge lineage and unmerge on Guest 360, the
// merge review queue, household and company links and the account page, the programme rules and the ingestion
// trends. Answers hard to make for real (a failing API, an account with figures in three currencies) are given by
// the browser (page.route); everything else runs against a real `hearth dev`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { eventually, artifacts, executablePath, session, startHearth } from "./hearth.mjs";


let hearth;
let browser;
let survivor;
let merged;
let reviewed; // [the guest with a given name, the one without] whom matching left for a person to decide

const { signIn, open, shot } = session(() => ({ browser, hearth }));

/** Answers a route in the browser with JSON, recording the requests' bodies. */
async function fake(page, pattern, answer) {
  const seen = [];
  await page.route(pattern, async (route) => {
    const req = route.request();
    seen.push({ method: req.method(), url: req.url(), body: req.postDataJSON?.() ?? null });
    const [status, body] = await answer(req);
    await route.fulfill({ status, contentType: "application/json", headers: { "X-Request-Id": "test" }, body: JSON.stringify(body) });
  });
  return seen;
}

function reservation(id, guest, at) {
  return JSON.stringify({
    reservationId: id, status: "booked", modifiedAt: at, arrival: "2026-12-01", departure: "2026-12-03",
    total: { amount: "300" }, guest,
  });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  hearth = await startHearth();
  browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  // Two Lisbon bookings of one person, by email and by phone, then a third with both: matching merges them.
  const email = "rui.lobo@example.pt";
  const phone = "+44 7946 123456";
  const guest = (id, extra) => ({ id, firstName: "Rui", lastName: "Lobo", ...extra });
  const days = "2026-10-01";
  await hearth.ingest("hh-lisbon-pms", "reservation", reservation("UA-1", guest("GA-1", { email }), `${days}T09:00:00Z`));
  await eventually(async () => (await hearth.call("ana", "GET", `/v1/journal/days/${days}`, undefined, 200)).items.length >= 1, "the first booking");
  await hearth.ingest("hh-lisbon-pms", "reservation", reservation("UB-1", guest("GB-1", { phone }), `${days}T09:00:01Z`));
  await eventually(async () => (await hearth.call("ana", "GET", `/v1/journal/days/${days}`, undefined, 200)).items.filter((e) => e.type === "Reservation Upserted").length >= 2, "the second booking");
  await hearth.ingest("hh-lisbon-pms", "reservation", reservation("UC-1", guest("GC-1", { email, phone }), `${days}T09:00:02Z`));
  const guests = await eventually(async () => {
    const items = (await hearth.call("ana", "GET", `/v1/journal/days/${days}`, undefined, 200)).items;
    const byReservation = Object.fromEntries(items.filter((e) => e.type === "Reservation Upserted").map((e) => [e.data.reservationId, e.guestId]));
    return byReservation["UC-1"] ? byReservation : null;
  }, "the third booking");
  survivor = guests["UA-1"];
  merged = guests["UB-1"];
  assert.ok(survivor && merged && survivor !== merged && guests["UC-1"] === survivor, JSON.stringify(guests));
  await eventually(async () => (await hearth.call("ana", "GET", `/v1/guests/${merged}/360`, undefined, 200)).mergedInto === survivor, "the merge");

  // Two bookings with one phone and family name, one without a given name: matching asks a person.
  const rday = "2026-10-02";
  await hearth.ingest("hh-lisbon-pms", "reservation", reservation("RA-1", { id: "RGA-1", firstName: "Dmitri", lastName: "Volkonsky", phone: "+44 7946 200001", email: "dmitri@volkonsky.example" }, `${rday}T09:00:00Z`));
  await eventually(async () => (await hearth.call("ana", "GET", `/v1/journal/days/${rday}`, undefined, 200)).items.some((e) => e.data?.reservationId === "RA-1"), "the first of the pair");
  await hearth.ingest("hh-lisbon-pms", "reservation", reservation("RB-1", { id: "RGB-1", lastName: "Volkonsky", phone: "+44 7946 200001" }, `${rday}T09:00:01Z`));
  const pair = await eventually(async () => {
    const items = (await hearth.call("ana", "GET", `/v1/journal/days/${rday}`, undefined, 200)).items;
    const g = Object.fromEntries(items.filter((e) => e.type === "Reservation Upserted").map((e) => [e.data.reservationId, e.guestId]));
    return g["RB-1"] ? [g["RA-1"], g["RB-1"]] : null;
  }, "the second of the pair");
  reviewed = pair;
  // Console profiles at the hotel, so that its brand's staff may read both guests (and so the review).
  for (const g of pair) await hearth.call("ana", "PUT", `/v1/guests/${g}/profile`, { name: { last: "Volkonsky" }, properties: ["hh-lisbon"] }, 200);
  await eventually(async () => (await hearth.call("ana", "GET", "/v1/merge-reviews", undefined, 200)).items.some((r) => r.id === `${pair[1]}~${pair[0]}`), "the review");

  await hearth.call("ana", "PUT", `/v1/guests/${survivor}/profile`, { name: { first: "Rui", last: "Lobo" }, properties: ["hh-lisbon"] }, 200);
});

after(async () => {
  await browser?.close();
  hearth?.stop();
});

describe("Guest 360 lineage", () => {
  test("the lineage names the records and the merge; unmerge asks first, then gives the merged guest back", async () => {
    // An auditor reads the lineage but is offered no unmerge.
    const alex = await signIn("alex");
    await open(alex, `/guests/${survivor}`);
    const row = alex.locator(`[data-testid=merge-${merged}]`);
    await row.waitFor();
    assert.match(await row.textContent(), /automatic match/);
    assert.equal(await alex.locator(`[data-testid=unmerge-${merged}]`).count(), 0);
    await alex.context().close();

    const page = await signIn("ana");
    await open(page, `/guests/${survivor}`);
    await page.waitForSelector("[data-testid=lineage]");
    assert.ok((await page.locator("[data-testid=source-records] tbody tr").count()) >= 2, "each booking's guest record is listed");
    assert.match(await page.textContent("[data-testid=source-records]"), /hh-lisbon-pms/);
    // A guest booked by no company and in no household: the links section says so.
    await page.locator("[data-testid=links] [data-testid=empty-state]").waitFor();
    await page.locator("[data-testid=lineage]").scrollIntoViewIfNeeded();
    await shot(page, "22-guest-lineage");

    // Keyboard: the button opens the dialog with Cancel focused; Escape closes it and nothing happens.
    await page.focus(`[data-testid=unmerge-${merged}]`);
    await page.keyboard.press("Enter");
    const dialog = page.locator("[data-testid=confirm-dialog]");
    await dialog.waitFor({ state: "visible" });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Cancel");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    assert.equal(((await hearth.call("ana", "GET", `/v1/guests/${merged}/360`, undefined, 200)).mergedInto), survivor);

    await page.click(`[data-testid=unmerge-${merged}]`);
    await page.fill("[data-testid=unmerge-reason]", "two different people: father and son");
    await shot(page, "23-unmerge-confirm");
    await page.click("[data-testid=confirm]");
    await page.waitForSelector("[data-testid=guest-notice]");
    await page.locator(`[data-testid=merge-${merged}]`, { hasText: "undone" }).waitFor();
    const back = await hearth.call("ana", "GET", `/v1/guests/${merged}/360`, undefined, 200);
    assert.equal(back.mergedInto, undefined);
    await page.context().close();
  });

  test("the demo's household and company links, as the API serves them, lead to the account pages", async () => {
    const page = await signIn("ana");
    await open(page, "/guests/G-DEMO-VERA");
    const household = page.locator("[data-testid=link-demo-vista-household]");
    await household.waitFor();
    assert.match(await household.textContent(), /Vista household/);
    assert.ok((await page.locator("[data-testid=links] tbody tr").count()) >= 2, "the household and the company Vera booked through");
    await household.locator("a").click();
    await page.waitForSelector("[data-testid=account]");
    assert.match(await page.textContent("h1"), /Vista household/);
    assert.ok((await page.locator("[data-testid=account-members] tbody tr").count()) >= 2);
    await page.context().close();
  });

  test("household and company links lead to the account page, with money in each currency's format", async () => {
    const page = await signIn("ana");
    // The 360 as the accounts API will answer it: the real one with links added.
    await page.route(`**/v1/guests/G-DEMO-VERA/360`, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.links = [{ accountId: "ACC-1", kind: "household", name: "Vista household", role: "head", since: "2024-05-01T00:00:00Z", stays: 3, revenue: { EUR: 123450 }, shareOfGuestRevenue: { EUR: 6250 } }];
      await route.fulfill({ response: res, json: body });
    });
    await fake(page, "**/v1/accounts/ACC-1", async () => [200, {
      account: { id: "ACC-1", kind: "household", name: "Vista household" },
      stats: { stays: 5, nights: 12, revenue: { EUR: { room: 180000, food_beverage: 17550 } }, firstStay: "2024-05-03", lastStay: "2026-11-20", byProperty: { "hh-lisbon": 5 } },
      members: [
        { guestId: "G-DEMO-VERA", name: "Vera Vista", role: "head", since: "2024-05-01T00:00:00Z", stays: 3, revenue: { EUR: 123450 }, share: { EUR: 6250 } },
        { guestId: "G-KID", name: "Tiago Vista", role: "member", stays: 2, revenue: { EUR: 74100 }, share: { EUR: 3750 } },
      ],
    }]);
    await open(page, "/guests/G-DEMO-VERA");
    const link = page.locator("[data-testid=link-ACC-1]");
    await link.waitFor();
    assert.match(await link.textContent(), /Household/);
    assert.match(await link.textContent(), /1234,50\s€/); // pt-PT: no grouping of four digits
    assert.match(await link.textContent(), /62,5\s?%/);
    await shot(page, "24-guest-links");
    await link.locator("a").click();
    await page.waitForSelector("[data-testid=account]");
    assert.match(await page.textContent("h1"), /Vista household/);
    assert.match(await page.textContent("[data-testid=account-stats]"), /12/);
    assert.equal(await page.locator("[data-testid=account-members] tbody tr").count(), 2);
    assert.match(await page.textContent("[data-testid=spend-EUR]"), /1975,50\s€/);
    await shot(page, "25-account");
    await page.setViewportSize({ width: 800, height: 1100 });
    await shot(page, "26-account-tablet");
    await page.context().close();
  });
});

const reviews = [
  {
    id: "MR-1", guestId: "G-A", candidateId: "G-B", score: 7.5, reason: "score between the thresholds", explanation: "same email, different phone",
    fields: [{ field: "email", outcome: "exact", weight: 9.2 }, { field: "phone", outcome: "differ", weight: -3.1 }, { field: "name", outcome: "alias", weight: 1.4 }],
    openedAt: "2026-11-20T10:00:00Z", status: "open",
    guest: { guestId: "G-A", name: "Ana Costa", email: "ana@example.pt", phone: "+351 912 000 001", city: "Lisboa" },
    candidate: { guestId: "G-B", name: "Ana Costa", email: "ana@example.pt", phone: "+351 912 000 002", city: "Porto", loyaltyNumber: "HH123" },
  },
  {
    id: "MR-2", guestId: "G-C", candidateId: "G-D", score: 4.1, reason: "score between the thresholds", explanation: "",
    fields: [{ field: "name", outcome: "close", weight: 2.0 }],
    openedAt: "2026-11-21T10:00:00Z", status: "open",
    guest: { guestId: "G-C", name: "Jon Smith" }, candidate: { guestId: "G-D", name: "John Smith" },
  },
];

describe("merge reviews", () => {
  test("a real review: both guests side by side, kept apart, then listed as decided; the API remembers", async () => {
    const [first, second] = reviewed;
    const id = `${second}~${first}`;
    // A loyalty manager reads the queue but may not decide; the property manager of the hotel may.
    const ben = await signIn("ben");
    await ben.click("nav >> text=Merge reviews");
    await ben.locator("[data-testid=review-queue] button", { hasText: "Volkonsky" }).click();
    await ben.locator("text=Deciding needs the guests:write permission").waitFor();
    await ben.context().close();

    const page = await signIn("paul");
    await page.click("nav >> text=Merge reviews");
    await page.locator("[data-testid=review-queue] button", { hasText: "Volkonsky" }).click();
    const card = page.locator("[data-testid=merge-review]", { hasText: "Volkonsky" });
    await card.waitFor();
    assert.match(await card.textContent(), /Dmitri/);
    assert.match(await page.textContent("[data-testid=review-compare]"), /\+447946200001|7946 200001/);
    assert.ok((await page.locator("[data-testid=review-fields] tbody tr").count()) >= 2, "field agreements are listed");
    await shot(page, "31-merge-review-real");
    await page.fill("[data-testid=review-comment]", "brothers sharing a phone");
    await page.click("[data-testid=review-keep-apart]");
    await page.locator("[data-testid=merge-review]", { hasText: "Volkonsky" }).waitFor({ state: "detached" });
    await page.click("[data-testid=reviews-decided]");
    const row = page.locator("[data-testid=decided-reviews] tr", { hasText: "brothers sharing a phone" });
    await row.waitFor();
    assert.match(await row.textContent(), /kept apart/);
    assert.match(await row.textContent(), /paul@harbour\.example/);
    const decided = (await hearth.call("ana", "GET", "/v1/merge-reviews?status=decided", undefined, 200)).items.find((r) => r.id === id);
    assert.equal(decided?.status, "kept-apart");
    await page.context().close();
  });

  test("side by side, decided from the keyboard: J and K move, A keeps apart, M merges", async () => {
    const page = await signIn("ana");
    const decisions = [];
    await fake(page, "**/v1/merge-reviews?*", async () => [200, { items: reviews, nextCursor: null }]);
    await page.route("**/v1/merge-reviews/*/decision", async (route) => {
      const body = route.request().postDataJSON();
      const id = route.request().url().split("/").at(-2);
      decisions.push({ id, ...body });
      await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ ...reviews.find((r) => r.id === id), status: "decided" }) });
    });
    await page.click("nav >> text=Merge reviews");
    const card = page.locator("[data-testid=merge-review]");
    await card.waitFor();
    assert.match(await page.textContent("[data-testid=review-progress]"), /Review 1 of 2/);
    assert.match(await card.textContent(), /Lisboa/);
    assert.match(await card.textContent(), /Porto/);
    assert.match(await page.textContent("[data-testid=review-fields]"), /differ/);
    assert.match(await page.textContent("[data-testid=review-fields]"), /−?-?3\.10/);
    await shot(page, "27-merge-reviews");

    await page.keyboard.press("j");
    await page.locator("[data-testid=review-progress]", { hasText: "Review 2 of 2" }).waitFor();
    await page.keyboard.press("k");
    await page.locator("[data-testid=review-progress]", { hasText: "Review 1 of 2" }).waitFor();
    // Typing a comment does not trigger the shortcuts.
    await page.fill("[data-testid=review-comment]", "a mother and daughter");
    await page.press("[data-testid=review-comment]", "a");
    assert.equal(decisions.length, 0);
    assert.equal(await page.inputValue("[data-testid=review-comment]"), "a mother and daughtera");
    await page.fill("[data-testid=review-comment]", "a mother and daughter");
    await page.locator("h1").focus();
    await page.keyboard.press("a");
    await page.locator("[data-testid=review-progress]", { hasText: "Review 1 of 1" }).waitFor();
    assert.deepEqual(decisions[0], { id: "MR-1", outcome: "keep-apart", comment: "a mother and daughter" });
    assert.match(await page.textContent("[data-testid=merge-review]"), /Jon Smith/);
    await page.keyboard.press("m");
    await page.locator("[data-testid=empty-state]", { hasText: "No merge reviews waiting" }).waitFor();
    assert.deepEqual(decisions[1], { id: "MR-2", outcome: "merge", comment: "" });
    await page.context().close();
  });

  test("an auditor sees the queue but cannot decide; an API error is shown with its code", async () => {
    const alex = await signIn("alex");
    const posted = await fake(alex, "**/v1/merge-reviews/*/decision", async () => [500, {}]);
    await fake(alex, "**/v1/merge-reviews?*", async () => [200, { items: reviews, nextCursor: null }]);
    await open(alex, "/merge-reviews");
    await alex.waitForSelector("[data-testid=merge-review]");
    assert.equal(await alex.locator("[data-testid=review-merge]").count(), 0);
    await alex.keyboard.press("m");
    await alex.waitForTimeout(200);
    assert.equal(posted.length, 0);
    await alex.context().close();

    const ana = await signIn("ana");
    await fake(ana, "**/v1/merge-reviews?*", async () => [503, { code: "unavailable", message: "matching is resting", details: [], requestId: "r-1" }]);
    await open(ana, "/merge-reviews");
    assert.match(await (await ana.waitForSelector("[data-testid=error-state]")).textContent(), /unavailable/);
    await ana.context().close();
  });
});

describe("loyalty and ingestion", () => {
  test("the loyalty dashboard lists the programme's earning rules and tiers in the property's formats", async () => {
    const page = await signIn("ben");
    await page.click("nav >> text=Loyalty");
    const rules = page.locator("[data-testid=earning-rules]");
    await rules.waitFor();
    const room = rules.locator("tr", { hasText: "Room revenue" });
    assert.match(await room.textContent(), /10 per 1,00\s€/);
    assert.match(await rules.textContent(), /250 points per stay/);
    const gold = page.locator("[data-testid=tiers] tr", { hasText: "Gold" });
    assert.match(await gold.textContent(), /30 nights or 60,000 qualifying points/);
    assert.match(await gold.textContent(), /× 1\.5/);
    await page.locator("[data-testid=programme]").scrollIntoViewIfNeeded();
    await shot(page, "28-loyalty-programme");
    await page.context().close();
  });

  test("ingestion trends chart each source's lag, throughput and errors by day", async () => {
    const body = JSON.stringify({ reservationId: "TR-1", status: "booked", modifiedAt: new Date(Date.now() - 120_000).toISOString(), arrival: "2026-12-01", departure: "2026-12-03", total: { amount: "100" }, guest: { id: "T-1", lastName: "Trend" } });
    await hearth.ingest("hh-london-pms", "reservation", body);
    await eventually(async () => (await hearth.call("ana", "GET", "/v1/sources/hh-london-pms/health/days", undefined, 200)).days.at(-1).matched >= 1, "the London message to be matched");
    const page = await signIn("ana");
    await open(page, "/ingestion");
    const trends = page.locator("[data-testid=ingestion-trends]");
    const london = trends.locator("[data-testid=trend-totals] tr", { hasText: "hh-london-pms" });
    await london.waitFor();
    assert.match(await london.textContent(), /Harbour London/);
    assert.match(await london.textContent(), /≤ 5 min/);
    assert.ok((await trends.locator(".chart svg").count()) >= 3, "lag, throughput and error charts are drawn");
    await page.click("[data-testid=lag-p50]");
    await trends.locator("h3", { hasText: "Lag p50" }).waitFor();
    await page.click("[data-testid=trend-7]");
    await trends.locator("p", { hasText: /–/ }).waitFor();
    await trends.locator("[data-testid=trend-totals]").waitFor();
    await trends.scrollIntoViewIfNeeded();
    await shot(page, "29-ingestion-trends");
    await page.setViewportSize({ width: 800, height: 1100 });
    await shot(page, "30-ingestion-trends-tablet");
    await page.context().close();
  });
});

describe("layout", () => {
  test("every screen fits the window at 1280 px and at a tablet's 800 px: no sideways scrolling of the page", async () => {
    const page = await signIn("ana");
    const paths = await page.$$eval("nav.sidenav a", (links) => links.map((a) => new URL(a.href).pathname));
    assert.ok(paths.length >= 10, `screens in the navigation: ${paths}`);
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      for (const path of paths) {
        await open(page, path);
        await page.waitForSelector("main h1");
        await page.waitForLoadState("networkidle");
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert.ok(scroll <= inner + 1, `${path} at ${width} px is ${scroll} px wide`);
      }
    }
    await page.context().close();
  });
});
