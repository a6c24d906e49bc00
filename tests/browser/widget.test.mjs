// The embeddable box (web/widget.js) on a centre's site, which is
// another origin: http://localhost:PORT is in kisearchd's cors_origins,
// http://127.0.0.1:PORT (same server, different origin) is not.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, missingPrerequisites, openPage, startEnvironment, until } from './harness.mjs';

const missing = await missingPrerequisites();
if (missing) {
  console.log(`# browser tests skipped: ${missing}`);
}

async function typeInto(box, text) {
  const input = box.locator('input[type="search"]');
  await input.fill('');
  await input.pressSequentially(text, { delay: 25 });
}

describe('widget', { skip: missing || false }, () => {
  let env;

  before(async () => {
    env = await startEnvironment();
  });

  after(async () => {
    if (env) {
      await env.stop();
    }
  });

  test('on an allowed site it shows hits of its centre only, in its own styles', async () => {
    const { context, page, seen } = await openPage(env);
    await page.goto(env.allowedBase + '/centre.html');
    const box = page.locator('.kisearch-box');
    const input = box.locator('input[type="search"]');
    await input.waitFor({ state: 'visible' });
    // Inside a shadow root: the host page's "input { display: none }"
    // and its 3 px font do not reach it; its custom properties do.
    assert.equal(await page.evaluate(() => document.querySelector('.kisearch-box').shadowRoot !== null), true);
    assert.equal(await input.getAttribute('placeholder'), 'Suche im KI Krefeld');
    const inputId = await input.getAttribute('id');
    assert.equal(await box.locator(`label[for="${inputId}"]`).textContent(), 'Suche');
    const styles = await box.locator('button[type="submit"]').evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, radius: style.borderTopLeftRadius, fontSize: parseFloat(style.fontSize) };
    });
    assert.equal(styles.background, 'rgb(138, 21, 56)');
    assert.equal(styles.radius, '0px');
    assert.ok(styles.fontSize >= 14, `font size ${styles.fontSize}`);

    await typeInto(box, 'Griffbereit');
    const hits = box.locator('.ksw-hit');
    await hits.first().waitFor();
    const centres = await hits.evaluateAll((items) => items.map((li) => li.getAttribute('data-centres')));
    assert.ok(centres.length > 0);
    for (const list of centres) {
      assert.ok(list.split('|').includes('Krefeld'), `hit about ${list}`);
    }
    // Scoping matters: unscoped, the same words find other centres too.
    const unscoped = await api(env, '/search?q=Griffbereit&limit=50');
    assert.ok(unscoped.body.hits.some((hit) => !hit.centres.includes('Krefeld')));
    const scoped = await api(env, '/search?q=Griffbereit&centre=krefeld&limit=5');
    assert.deepEqual(await box.locator('.ksw-title').allTextContents(), scoped.body.hits.map((hit) => hit.title));
    assert.ok(await box.locator('.ksw-snippet mark').count() > 0);

    for (const href of await box.locator('.ksw-title').evaluateAll((links) => links.map((a) => a.href))) {
      assert.ok(href.startsWith('https://') || href.startsWith(env.searchBase + '/documents/'), href);
    }
    const all = box.locator('a.ksw-all');
    assert.equal(await all.textContent(), 'Alle Ergebnisse');
    assert.equal(await all.getAttribute('href'), `${env.searchBase}/?q=Griffbereit&centre=krefeld`);
    assert.match(await box.locator('[role="status"]').textContent(), /^[0-9]+ Treffer$/);

    // "Meinten Sie …?" searches the correction.
    await typeInto(box, 'Grifbereit');
    const fix = box.locator('.ksw-didyoumean button');
    await fix.waitFor();
    assert.equal(await fix.textContent(), 'Griffbereit');
    await fix.click();
    await until('the corrected query', () => input.inputValue(), (value) => value === 'Griffbereit');
    await until('no suggestion any more', () => box.locator('.ksw-didyoumean').count(), (n) => n === 0);
    assert.ok(await hits.count() > 0);

    // Nothing on the host page needed an exception to its strict CSP.
    assert.deepEqual(seen.console.filter((text) => /Content Security Policy/i.test(text)), []);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(seen.dialogs, []);
    await context.close();
  });

  test('a site not in cors_origins gets no answer, and the box says so in German', async () => {
    const allowed = await api(env, '/search?q=Griffbereit', { Origin: env.allowedBase });
    assert.equal(allowed.headers.get('access-control-allow-origin'), env.allowedBase);
    const refused = await api(env, '/search?q=Griffbereit', { Origin: env.refusedBase });
    assert.equal(refused.status, 200);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);

    const { context, page, seen } = await openPage(env);
    await page.goto(env.refusedBase + '/centre.html');
    const box = page.locator('.kisearch-box');
    await box.locator('input[type="search"]').waitFor({ state: 'visible' });
    await typeInto(box, 'Griffbereit');
    const message = box.locator('.ksw-error');
    await message.waitFor();
    assert.match(await message.textContent(), /nicht erreichbar/);
    assert.equal(await box.locator('.ksw-hit').count(), 0);
    assert.ok(seen.console.some((text) => /CORS/.test(text)), `console: ${seen.console}`);
    // The page itself can't read the API either.
    const read = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'read';
      } catch (error) {
        return error.name;
      }
    }, env.searchBase + '/search?q=Griffbereit');
    assert.equal(read, 'TypeError');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test('the documentation page carries a working example under the server\'s CSP', async () => {
    const { context, page, seen } = await openPage(env);
    const response = await page.goto(env.searchBase + '/widget.html');
    assert.match(response.headers()['content-security-policy'] || '', /script-src 'self'/);
    assert.equal(await page.locator('h1').textContent(), 'Das Suchfeld für Ihre Website');
    assert.ok((await page.locator('main').textContent()).includes('cors_origins'));
    const box = page.locator('.kisearch-box[data-centre="krefeld"]');
    await typeInto(box, 'Griffbereit');
    await box.locator('.ksw-hit').first().waitFor();
    const centres = await box.locator('.ksw-hit').evaluateAll((items) => items.map((li) => li.getAttribute('data-centres')));
    assert.ok(centres.every((list) => list.split('|').includes('Krefeld')), `${centres}`);
    assert.deepEqual(seen.console.filter((text) => /Content Security Policy/i.test(text)), []);
    assert.deepEqual(seen.errors, []);
    await context.close();
  });
});
