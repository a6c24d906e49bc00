// The search page at / in a real browser: with JavaScript (web/app.js)
// and without (rendered by kisearchd from web/index.html).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  EVIL_TITLE, api, artifactDir, missingPrerequisites, openPage,
  startEnvironment, until,
} from './harness.mjs';

const missing = await missingPrerequisites();
if (missing) {
  console.log(`# browser tests skipped: ${missing}`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// "17 Treffer für „Griffbereit“", as the server and app.js both write it.
function statusFor(q) {
  return new RegExp(`^(etwa )?[0-9]+ Treffer für „${escapeRegExp(q)}“$`);
}

function countIn(status) {
  const match = /([0-9]+) Treffer/.exec(status);
  return match ? Number(match[1]) : 0;
}

async function statusText(page) {
  return ((await page.locator('#ks-status').textContent()) || '').trim();
}

async function waitForStatus(page, pattern) {
  return until(`status matching ${pattern}`, () => statusText(page), (text) => pattern.test(text));
}

async function typeQuery(page, text) {
  const box = page.locator('#ks-q');
  await box.fill('');
  await box.pressSequentially(text, { delay: 25 });
}

async function titles(page) {
  return page.locator('.ks-hit-title a').allTextContents();
}

function queryOf(page) {
  return new URL(page.url()).searchParams;
}

// After a click that removes the @name filter: wait until it is gone from
// the URL and from the facets drawn for the new answer.
async function filterGone(page, name) {
  const active = page.locator(`.ks-facet[data-facet="${name}"] a[aria-current="true"]`);
  await until(`the ${name} filter to go`,
    async () => ({ url: queryOf(page).get(name), drawn: await active.count() }),
    (seen) => seen.url === null && seen.drawn === 0);
}

describe('search page', { skip: missing || false }, () => {
  let env;

  before(async () => {
    env = await startEnvironment();
  });

  after(async () => {
    if (env) {
      await env.stop();
    }
  });

  test('typing a misspelt word shows results, marks and "Meinten Sie"', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    await typeQuery(page, 'Grifbereit');

    await waitForStatus(page, statusFor('Grifbereit'));
    const fix = page.locator('.ks-didyoumean a');
    await fix.waitFor();
    assert.equal(await fix.textContent(), 'Griffbereit');
    assert.match(await page.locator('.ks-didyoumean').textContent(), /^Meinten Sie Griffbereit\?$/);
    assert.ok(await page.locator('ol.ks-hits > li.ks-hit').count() > 0);
    const marks = (await page.locator('.ks-snippet mark').allTextContents()).map((t) => t.toLowerCase());
    assert.ok(marks.includes('griffbereit'), `marks: ${marks}`);
    assert.equal(queryOf(page).get('q'), 'Grifbereit');

    // Taking the suggestion searches it (the suggestions are closed
    // first: open, they cover the results, as they should).
    await page.locator('#ks-q').press('Escape');
    await fix.click();
    await waitForStatus(page, statusFor('Griffbereit'));
    assert.equal(await page.inputValue('#ks-q'), 'Griffbereit');
    assert.equal(queryOf(page).get('q'), 'Griffbereit');
    assert.equal(await page.locator('.ks-didyoumean').count(), 0);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('suggestions: a combobox that ArrowDown/ArrowUp/Enter/Escape drive', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    const box = page.locator('#ks-q');
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-controls'), 'ks-suggest');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    await typeQuery(page, 'Griff');
    // The list for all of "Griff": on a slow machine the debounce may
    // fire mid-word, and the final list replace the one being driven.
    const listFor = (q) => page.locator(`ul#ks-suggest[role="listbox"][data-q="${q}"]`);
    const listbox = listFor('Griff');
    await listbox.waitFor({ state: 'visible' });
    const options = listbox.locator('li[role="option"]');
    assert.ok(await options.count() >= 2, 'at least two suggestions for "Griff"');
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await options.nth(0).locator('.ks-option-text').textContent(), 'Griffbereit');
    assert.equal(await options.nth(0).locator('.ks-kind').textContent(), 'Projekt');

    await box.press('ArrowDown');
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    await box.press('ArrowUp');
    const chosen = options.nth(1);
    assert.equal(await chosen.getAttribute('aria-selected'), 'true');
    assert.equal(await box.getAttribute('aria-activedescendant'), await chosen.getAttribute('id'));
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
    const text = await chosen.locator('.ks-option-text').textContent();
    assert.notEqual(text, 'Griff');

    await box.press('Enter');
    await waitForStatus(page, statusFor(text));
    assert.equal(await box.inputValue(), text);
    assert.equal(await listbox.isVisible(), false);
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.getAttribute('aria-activedescendant'), null);
    assert.equal(queryOf(page).get('q'), text);
    assert.ok(await page.locator('.ks-hit').count() > 0);

    // Escape closes the list and keeps what was typed.
    await typeQuery(page, 'Rucks');
    await listFor('Rucks').waitFor({ state: 'visible' });
    await box.press('Escape');
    const anyList = page.locator('ul#ks-suggest');
    await until('the list to close', () => anyList.isVisible(), (visible) => !visible);
    assert.equal(await box.inputValue(), 'Rucks');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('a facet narrows the results and goes into the URL; clicked again, it goes', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    await typeQuery(page, 'Griffbereit');
    const before = await waitForStatus(page, statusFor('Griffbereit'));
    const all = countIn(before);

    const news = page.locator('.ks-facet[data-facet="type"] a.ks-facet-value[data-value="news"]');
    await news.waitFor();
    const expected = Number(await news.locator('.ks-count').textContent());
    assert.ok(expected > 0 && expected <= all, `news ${expected} of ${all}`);
    await news.click();

    await until('the filtered count', () => statusText(page), (text) => countIn(text) === expected);
    const after = await statusText(page);
    assert.ok(expected < all ? after !== before : true, `${before} -> ${after}`);
    assert.equal(queryOf(page).get('type'), 'news');
    assert.equal(queryOf(page).get('q'), 'Griffbereit');
    const types = await page.locator('.ks-hit .ks-type').allTextContents();
    assert.ok(types.length > 0);
    assert.deepEqual([...new Set(types)], ['Nachricht']);
    const active = page.locator('.ks-facet[data-facet="type"] a[aria-current="true"]');
    assert.equal(await active.getAttribute('data-value'), 'news');

    // A centre facet filters by slug, on top of the type.
    const centre = page.locator('.ks-facet[data-facet="centre"] a.ks-facet-value').first();
    const slug = await centre.getAttribute('data-value');
    const centreCount = Number(await centre.locator('.ks-count').textContent());
    await centre.click();
    await until('the centre filter', () => statusText(page), (text) => countIn(text) === centreCount);
    assert.equal(queryOf(page).get('centre'), slug);
    assert.equal(queryOf(page).get('type'), 'news');
    const answer = await api(env, `/search?q=Griffbereit&type=news&centre=${slug}&limit=50`);
    assert.deepEqual(await titles(page), answer.body.hits.map((hit) => hit.title));

    // The year facet maps to from/to. A facet link carries the whole state
    // it was drawn for, so each click waits for the facets to be drawn anew.
    await page.locator('.ks-facet[data-facet="centre"] a[aria-current="true"]').click();
    await filterGone(page, 'centre');
    const year = page.locator('.ks-facet[data-facet="year"] a.ks-facet-value').first();
    const yearValue = await year.getAttribute('data-value');
    await year.click();
    await until('the year filter', () => Promise.resolve(queryOf(page).get('year')), (v) => v === yearValue);
    await until('hits of that year', () => page.locator('.ks-hit time').allTextContents(),
      (dates) => dates.length > 0 && dates.every((d) => d.endsWith(yearValue)));

    // Clicking an active value removes that filter again; two clicks in a
    // row, the second on facets drawn before the first was answered, keep
    // both changes.
    // The answers are held back until both clicks are done.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const isSearch = (url) => url.pathname === '/search';
    const hold = async (route) => {
      await held;
      await route.continue().catch(() => {}); // the first one was aborted
    };
    await page.route(isSearch, hold);
    await page.locator('.ks-facet[data-facet="year"] a[aria-current="true"]').click();
    await page.locator('.ks-facet[data-facet="type"] a[aria-current="true"]').click();
    release();
    await page.unroute(isSearch, hold);
    await until('all hits again', () => statusText(page), (text) => countIn(text) === all);
    assert.equal(queryOf(page).get('type'), null);
    assert.equal(queryOf(page).get('year'), null);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('Back restores the previous query and its results; Forward the next', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    const box = page.locator('#ks-q');

    await typeQuery(page, 'Griffbereit');
    await box.press('Enter');
    await waitForStatus(page, statusFor('Griffbereit'));
    const first = await titles(page);
    assert.ok(first.length > 0);

    await typeQuery(page, 'Rucksack');
    await box.press('Enter');
    await waitForStatus(page, statusFor('Rucksack'));
    const second = await titles(page);
    assert.notDeepEqual(second, first);

    await page.goBack();
    await waitForStatus(page, statusFor('Griffbereit'));
    assert.equal(await box.inputValue(), 'Griffbereit');
    assert.equal(queryOf(page).get('q'), 'Griffbereit');
    await until('the earlier results', () => titles(page), (t) => JSON.stringify(t) === JSON.stringify(first));

    await page.goForward();
    await waitForStatus(page, statusFor('Rucksack'));
    assert.equal(await box.inputValue(), 'Rucksack');
    await until('the later results', () => titles(page), (t) => JSON.stringify(t) === JSON.stringify(second));

    // Back over a filter, then to the empty start page.
    await page.locator('.ks-facet[data-facet="type"] a.ks-facet-value').first().click();
    await until('the filter in the URL', () => Promise.resolve(queryOf(page).get('type')), Boolean);
    await page.goBack();
    await until('no filter', () => Promise.resolve(queryOf(page).get('type')), (v) => v === null);
    await until('the unfiltered results', () => titles(page), (t) => JSON.stringify(t) === JSON.stringify(second));
    await page.goBack();
    await page.goBack();
    await until('the start page', () => page.locator('#ks-intro').isVisible(), Boolean);
    assert.equal(await box.inputValue(), '');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('paging: Weiter and Zurück move by ten hits and go into the URL', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    await typeQuery(page, 'Griffbereit');
    await waitForStatus(page, statusFor('Griffbereit'));
    const first = await titles(page);
    assert.equal(first.length, 10);
    await page.locator('.ks-pages a[rel="next"]').click();
    await until('page 2', () => Promise.resolve(queryOf(page).get('page')), (v) => v === '2');
    const second = await api(env, '/search?q=Griffbereit&offset=10&limit=10');
    await until('the second page', () => titles(page),
      (t) => JSON.stringify(t) === JSON.stringify(second.body.hits.map((hit) => hit.title)));
    assert.equal(await page.locator('ol.ks-hits').getAttribute('start'), '11');
    assert.equal(await page.locator('.ks-page').textContent(), 'Seite 2');
    await page.locator('.ks-pages a[rel="prev"]').click();
    await until('page 1 again', () => titles(page), (t) => JSON.stringify(t) === JSON.stringify(first));
    assert.equal(queryOf(page).get('page'), null);
    await page.goBack();
    await until('page 2 by Back', () => Promise.resolve(queryOf(page).get('page')), (v) => v === '2');
    await until('its hits', () => page.locator('ol.ks-hits').getAttribute('start'), (v) => v === '11');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('without JavaScript, /?q= renders the same results as the script', async () => {
    const plain = await openPage(env, { javaScriptEnabled: false });
    await plain.page.goto(env.searchBase + '/?q=Griffbereit');
    assert.equal(await plain.page.inputValue('#ks-q'), 'Griffbereit');
    const serverTitles = await titles(plain.page);
    const serverLinks = await plain.page.locator('.ks-hit-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const serverStatus = await statusText(plain.page);
    const serverFacets = await plain.page.locator('.ks-facet-value').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(serverTitles.length > 0);
    assert.match(serverStatus, statusFor('Griffbereit'));
    assert.ok(await plain.page.locator('.ks-pages a[rel="next"]').count() === 1);
    // The form submits to / without a script.
    await plain.page.fill('#ks-q', 'Rucksack');
    await plain.page.press('#ks-q', 'Enter');
    await plain.page.waitForURL(/\/\?q=Rucksack$/);
    assert.match(await statusText(plain.page), statusFor('Rucksack'));
    await plain.context.close();

    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    await typeQuery(page, 'Griffbereit');
    await waitForStatus(page, statusFor('Griffbereit'));
    const scriptTitles = await titles(page);
    assert.equal(scriptTitles[0], serverTitles[0]);
    assert.deepEqual(scriptTitles, serverTitles);
    assert.deepEqual(await page.locator('.ks-hit-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), serverLinks);
    assert.equal(await statusText(page), serverStatus);
    assert.deepEqual(await page.locator('.ks-facet-value').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), serverFacets);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('document and query text is shown as text, never run', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page, seen } = await openPage(env, { javaScriptEnabled });
      if (javaScriptEnabled) {
        await page.goto(env.searchBase + '/');
        await typeQuery(page, 'Testdokument');
        await waitForStatus(page, statusFor('Testdokument'));
      } else {
        await page.goto(env.searchBase + '/?q=Testdokument');
      }
      const evil = page.locator('.ks-hit-title a', { hasText: EVIL_TITLE });
      await evil.waitFor();
      assert.equal(await evil.textContent(), EVIL_TITLE);
      assert.ok(await evil.isVisible());
      assert.equal(await evil.getAttribute('href'), '/documents/evil');
      const snippet = await page.locator('.ks-hit', { has: evil }).locator('.ks-snippet').textContent();
      assert.match(snippet, /<script>alert\(2\)<\/script>/);
      assert.equal(await page.locator('img[src="x"]').count(), 0);
      assert.equal(await page.locator('.ks-hits script').count(), 0);
      // A javascript: address is never used as a link.
      const link = page.locator('.ks-hit-title a', { hasText: 'Linktest Testdokument' });
      assert.equal(await link.getAttribute('href'), '/documents/evil-link');
      assert.deepEqual(seen.dialogs, [], `javaScriptEnabled=${javaScriptEnabled}`);
      await context.close();
    }

    // The query itself, in the box, the title and the status line.
    const { context, page, seen } = await openPage(env);
    const hostile = '"><img src=x onerror=alert(4)>';
    await page.goto(env.searchBase + '/?q=' + encodeURIComponent(hostile));
    assert.equal(await page.inputValue('#ks-q'), hostile);
    assert.ok((await statusText(page)).includes(hostile));
    await typeQuery(page, '<b>fett</b> <img src=x onerror=alert(5)>');
    await waitForStatus(page, /Treffer für „<b>fett<\/b> <img src=x onerror=alert\(5\)>“$/);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('#ks-status b').count(), 0);
    await page.waitForTimeout(200);
    assert.deepEqual(seen.dialogs, []);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('the empty states help: tips and examples, and what to try when nothing is found', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    const intro = page.locator('#ks-intro');
    assert.ok(await intro.isVisible());
    const examples = await intro.locator('.ks-examples a').allTextContents();
    assert.ok(examples.includes('Griffbereit') && examples.includes('Rucksack'), `examples: ${examples}`);
    assert.equal(await page.locator('#ks-filters').isVisible(), false);

    // A search submitted empty asks for a word and shows the tips.
    await page.locator('#ks-q').press('Enter');
    await waitForStatus(page, /^Bitte geben Sie einen Suchbegriff ein\.$/);
    assert.ok(await intro.isVisible());

    // An example is a search.
    await intro.locator('.ks-examples a', { hasText: 'Rucksack' }).click();
    await waitForStatus(page, statusFor('Rucksack'));
    assert.equal(await page.inputValue('#ks-q'), 'Rucksack');
    assert.equal(await intro.isVisible(), false);

    // Emptying the box brings the tips back.
    await page.locator('#ks-q').fill('');
    await until('the tips again', () => page.locator('#ks-intro').isVisible(), Boolean);
    assert.equal(await page.locator('.ks-hit').count(), 0);

    // Nothing found: what to try.
    await typeQuery(page, 'qqxqzv');
    await waitForStatus(page, /^Keine Treffer für „qqxqzv“$/);
    const empty = page.locator('.ks-empty');
    await empty.waitFor();
    const help = await empty.textContent();
    assert.match(help, /Schreibweise/);
    assert.match(help, /weniger oder andere Wörter/);

    // With a filter that leaves nothing, offer to drop the filters.
    await page.goto(env.searchBase + '/?q=Griffbereit&type=event');
    assert.match(await statusText(page), /^Keine Treffer/);
    const unfiltered = page.locator('.ks-empty a', { hasText: 'Ohne Filter suchen' });
    await unfiltered.click();
    await waitForStatus(page, statusFor('Griffbereit'));
    assert.equal(queryOf(page).get('type'), null);
    assert.ok(await page.locator('.ks-hit').count() > 0);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('keyboard: visible focus everywhere, the count announced, facets by Enter', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.searchBase + '/');
    const outline = () => page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { id: el.id, tag: el.tagName, cls: el.className, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });

    let focused;
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      focused = await outline();
      assert.notEqual(focused.style, 'none', `focus ring on ${focused.tag}.${focused.cls}`);
      assert.ok(focused.width >= 2, `focus ring width on ${focused.tag}.${focused.cls}`);
      if (focused.id === 'ks-q') {
        break;
      }
    }
    assert.equal(focused.id, 'ks-q', 'Tab reaches the search box');

    const status = page.locator('#ks-status');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.equal(await status.getAttribute('aria-live'), 'polite');
    // Every control has a label.
    assert.equal(await page.locator('label[for="ks-q"]').textContent(), 'Wonach suchen Sie?');

    await page.keyboard.type('Rucksack', { delay: 25 });
    const announced = await waitForStatus(page, statusFor('Rucksack'));
    assert.ok(countIn(announced) > 0);
    assert.equal(countIn(announced), (await api(env, '/search?q=Rucksack')).body.total);

    // Onwards to the first facet value, past the button and the summary.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      focused = await outline();
      assert.notEqual(focused.style, 'none', `focus ring on ${focused.tag}.${focused.cls}`);
      if (focused.cls === 'ks-facet-value') {
        break;
      }
    }
    assert.equal(focused.cls, 'ks-facet-value');
    await page.keyboard.press('Enter');
    await until('a changed count', () => statusText(page), (text) => text !== announced && statusFor('Rucksack').test(text));
    // The focus stays on the value just chosen.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-current')), 'true');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('results page at desktop and 360 px width (screenshots)', async () => {
    for (const [width, name] of [[1280, 'search-results.png'], [360, 'search-results-360.png']]) {
      const { context, page, seen } = await openPage(env, { viewport: { width, height: 900 } });
      await page.goto(env.searchBase + '/');
      await typeQuery(page, 'Grifbereit');
      await waitForStatus(page, statusFor('Grifbereit'));
      await page.locator('.ks-didyoumean').waitFor();
      await page.locator('#ks-q').press('Escape');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at ${width} px (${overflow} px too wide)`);
      // No violations of the server's Content-Security-Policy.
      assert.deepEqual(seen.console.filter((text) => /Content Security Policy/i.test(text)), []);
      const file = path.join(artifactDir(), name);
      await page.screenshot({ path: file, fullPage: width !== 360 });
      console.log(`screenshot: ${file}`);
      await context.close();
    }
  });
});
