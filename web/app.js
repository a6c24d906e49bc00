/*
 * The search page, enhanced: results while typing, suggestions, facets,
 * paging and the browser history, on top of the page kisearchd renders
 * for browsers without JavaScript (web/index.html). What this script
 * draws uses the same markup as the server, so either can be styled and
 * tested alike.
 *
 * Nothing from a document or the query is ever parsed as HTML: elements
 * are built with createElement and textContent. The API's snippets hold
 * escaped text with <mark> around matches; they are split on those two
 * tags and the rest is decoded into text nodes.
 */
(function () {
  'use strict';

  const PAGE_SIZE = 10;
  const DEBOUNCE_MS = 150;
  const SUGGEST_LIMIT = 8;
  const CACHE_SIZE = 30;
  const SITE_TITLE = 'Kommunale Integrationszentren NRW';

  const FACETS = [
    { name: 'type', legend: 'Art' },
    { name: 'centre', legend: 'Zentrum' },
    { name: 'project', legend: 'Projekt' },
    { name: 'year', legend: 'Jahr' },
  ];
  const TYPE_LABELS = {
    centre: 'Zentrum',
    news: 'Nachricht',
    event: 'Veranstaltung',
    page: 'Seite',
  };
  // Words carry no label: they are what the box says anyway.
  const KIND_LABELS = { project: 'Projekt', centre: 'Zentrum', title: 'Titel' };

  const form = document.getElementById('ks-form');
  const input = document.getElementById('ks-q');
  const listbox = document.getElementById('ks-suggest');
  const statusLine = document.getElementById('ks-status');
  const results = document.getElementById('ks-results');
  const facetsBox = document.getElementById('ks-facets');
  const filtersBox = document.getElementById('ks-filters');
  const intro = document.getElementById('ks-intro');
  const main = document.getElementById('ks-main');

  if (!form || !input || !listbox || !statusLine || !results || !facetsBox) {
    return;
  }
  const filtersTitle = filtersBox ? filtersBox.querySelector('summary') : null;
  const filtersTitleText = filtersTitle ? filtersTitle.textContent : '';

  /* ---- State: the URL is the state ------------------------------------ */

  // { q, type, centre, project, year, page }; absent filters are ''.
  function stateFromSearch(search) {
    const params = new URLSearchParams(search);
    const state = { q: params.get('q') || '', page: 1 };
    for (const facet of FACETS) {
      state[facet.name] = (params.get(facet.name) || '').trim();
    }
    if (!/^[0-9]{4}$/.test(state.year)) {
      state.year = '';
    }
    const page = parseInt(params.get('page') || '1', 10);
    if (page > 1 && page < 10000) {
      state.page = page;
    }
    return state;
  }

  function withChanges(state, changes) {
    return Object.assign({}, state, changes);
  }

  function activeFilters(state) {
    return FACETS.filter((facet) => state[facet.name] !== '').length;
  }

  function hasSearch(state) {
    return state.q.trim() !== '' || activeFilters(state) > 0;
  }

  // The page's own URL for @state, parameters in the server's order.
  function pageUrl(state) {
    const parts = [];
    if (state.q !== '') {
      parts.push('q=' + encodeURIComponent(state.q));
    }
    for (const facet of FACETS) {
      if (state[facet.name] !== '') {
        parts.push(facet.name + '=' + encodeURIComponent(state[facet.name]));
      }
    }
    if (state.page > 1) {
      parts.push('page=' + state.page);
    }
    return '/' + (parts.length ? '?' + parts.join('&') : '');
  }

  function searchUrl(state) {
    const params = new URLSearchParams();
    if (state.q.trim() !== '') {
      params.set('q', state.q);
    }
    params.set('limit', String(PAGE_SIZE));
    params.set('offset', String((state.page - 1) * PAGE_SIZE));
    params.set('facets', 'type,centre,project,year');
    for (const name of ['type', 'centre', 'project']) {
      if (state[name] !== '') {
        params.set(name, state[name]);
      }
    }
    // The API filters by date range, not by year.
    if (state.year !== '') {
      params.set('from', state.year);
      params.set('to', state.year);
    }
    return '/search?' + params.toString();
  }

  function setTitle(state) {
    const q = state.q.trim();
    document.title = (q ? 'Suche ' + q : 'Suche') + ' – ' + SITE_TITLE;
  }

  /* ---- Small DOM helpers --------------------------------------------- */

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value !== null && value !== undefined && value !== false) {
          node.setAttribute(name, value === true ? '' : String(value));
        }
      }
    }
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

  // Decode the few character references an escaped snippet can hold.
  function decodeEntities(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g,
      (whole, name) => {
        if (name[0] === '#') {
          const code = name[1] === 'x' || name[1] === 'X'
            ? parseInt(name.slice(2), 16)
            : parseInt(name.slice(1), 10);
          if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
            return String.fromCodePoint(code);
          }
          return whole;
        }
        return Object.prototype.hasOwnProperty.call(ENTITIES, name)
          ? ENTITIES[name] : whole;
      });
  }

  // Append the API's snippet to @parent: <mark> becomes an element, all
  // else is text, whatever it looks like.
  function appendSnippet(parent, snippet) {
    let target = parent;
    for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') {
        if (target === parent) {
          target = document.createElement('mark');
          parent.append(target);
        }
      } else if (part === '</mark>') {
        target = parent;
      } else if (part !== '') {
        target.append(document.createTextNode(decodeEntities(part)));
      }
    }
  }

  function germanDate(date) {
    let m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
    if (m) {
      return m[3] + '.' + m[2] + '.' + m[1];
    }
    m = /^([0-9]{4})-([0-9]{2})$/.exec(date);
    if (m) {
      return m[2] + '/' + m[1];
    }
    return date;
  }

  function hitHref(hit) {
    const url = typeof hit.url === 'string' ? hit.url : '';
    // Only web addresses: never javascript: or data: from a document.
    if (url.startsWith('https://') || url.startsWith('http://')) {
      return url;
    }
    return '/documents/' + encodeURIComponent(hit.id);
  }

  /* ---- Rendering (the server's markup, see server/handle_page.c) ------ */

  function renderHit(hit) {
    const centres = Array.isArray(hit.centres) ? hit.centres : [];
    const badges = el('p', { class: 'ks-badges' });
    if (hit.type) {
      badges.append(el('span', { class: 'ks-badge ks-type' },
        [TYPE_LABELS[hit.type] || hit.type]));
    }
    for (const centre of centres) {
      badges.append(el('span', { class: 'ks-badge ks-centre' }, [centre]));
    }
    if (hit.date) {
      badges.append(el('time', { class: 'ks-badge ks-date', datetime: hit.date },
        [germanDate(hit.date)]));
    }
    const snippet = el('p', { class: 'ks-snippet' });
    appendSnippet(snippet, hit.snippet);
    return el('li', { class: 'ks-hit', 'data-centres': centres.join('|') }, [
      el('h2', { class: 'ks-hit-title' }, [
        el('a', { href: hitHref(hit) }, [hit.title || hit.id]),
      ]),
      badges,
      snippet,
    ]);
  }

  function renderEmpty(state) {
    const tips = el('ul', null, [
      el('li', null, ['Prüfen Sie die Schreibweise.']),
      el('li', null, ['Versuchen Sie weniger oder andere Wörter.']),
    ]);
    if (activeFilters(state) > 0) {
      const unfiltered = { q: state.q, type: '', centre: '', project: '', year: '', page: 1 };
      tips.append(el('li', null, [
        el('a', { href: pageUrl(unfiltered) }, ['Ohne Filter suchen']),
      ]));
    }
    return el('div', { class: 'ks-empty' }, [el('p', null, ['Nichts gefunden.']), tips]);
  }

  function renderPages(state, total) {
    const nav = el('nav', { class: 'ks-pages', 'aria-label': 'Seiten' });
    if (state.page > 1) {
      nav.append(el('a', { rel: 'prev', href: pageUrl(withChanges(state, { page: state.page - 1 })) },
        ['Zurück']));
    }
    nav.append(' ', el('span', { class: 'ks-page' }, ['Seite ' + state.page]), ' ');
    if (state.page * PAGE_SIZE < total) {
      nav.append(el('a', { rel: 'next', href: pageUrl(withChanges(state, { page: state.page + 1 })) },
        ['Weiter']));
    }
    return nav;
  }

  function renderResults(state, data) {
    const nodes = [];
    const hits = Array.isArray(data.hits) ? data.hits : [];
    const total = Number(data.total) || 0;

    if (typeof data.suggestion === 'string' && data.suggestion !== '') {
      const corrected = withChanges(state, { q: data.suggestion, page: 1 });
      nodes.push(el('p', { class: 'ks-didyoumean' }, [
        'Meinten Sie ',
        el('a', { href: pageUrl(corrected), 'data-q': data.suggestion }, [data.suggestion]),
        '?',
      ]));
    }
    if (hits.length === 0) {
      nodes.push(renderEmpty(state));
    } else {
      const list = el('ol', { class: 'ks-hits', start: (state.page - 1) * PAGE_SIZE + 1 });
      for (const hit of hits) {
        list.append(renderHit(hit));
      }
      nodes.push(list);
      if (state.page > 1 || state.page * PAGE_SIZE < total) {
        nodes.push(renderPages(state, total));
      }
    }
    results.replaceChildren(...nodes);
  }

  function renderFacets(state, facets) {
    const box = el('div', { class: 'ks-facets' });
    let shown = 0;
    for (const facet of FACETS) {
      const values = facets && Array.isArray(facets[facet.name]) ? facets[facet.name] : [];
      if (values.length === 0) {
        continue;
      }
      const list = el('ul');
      for (const item of values) {
        const key = (facet.name === 'centre' || facet.name === 'project') && item.slug
          ? item.slug : String(item.value);
        const active = state[facet.name] === key;
        // A click on the active value takes the filter away again.
        const next = withChanges(state, { [facet.name]: active ? '' : key, page: 1 });
        const label = facet.name === 'type' ? (TYPE_LABELS[item.value] || item.value) : item.value;
        list.append(el('li', null, [
          el('a', {
            class: 'ks-facet-value',
            href: pageUrl(next),
            'data-value': key,
            'aria-current': active ? 'true' : null,
          }, [String(label), ' ', el('span', { class: 'ks-count' }, [String(item.count)])]),
        ]));
      }
      box.append(el('fieldset', { class: 'ks-facet', 'data-facet': facet.name }, [
        el('legend', null, [facet.legend]),
        list,
      ]));
      shown++;
    }
    facetsBox.replaceChildren(box);
    updateFiltersBox(state, shown > 0);
  }

  function updateFiltersBox(state, visible) {
    if (!filtersBox) {
      return;
    }
    filtersBox.hidden = !visible;
    if (filtersTitle) {
      const n = activeFilters(state);
      filtersTitle.textContent = filtersTitleText + (n > 0 ? ' (' + n + ' aktiv)' : '');
    }
  }

  function statusText(state, data) {
    const total = Number(data.total) || 0;
    let text = total === 0 ? 'Keine Treffer'
      : (data.total_exact === false ? 'etwa ' : '') + total + ' Treffer';
    if (state.q.trim() !== '') {
      text += ' für „' + state.q + '“';
    }
    return text;
  }

  function renderIntro(committed) {
    results.replaceChildren();
    if (intro) {
      results.append(intro);
    }
    facetsBox.replaceChildren();
    updateFiltersBox({ q: '', type: '', centre: '', project: '', year: '' }, false);
    statusLine.textContent = committed ? 'Bitte geben Sie einen Suchbegriff ein.' : '';
  }

  function renderError(status) {
    const message = status >= 400 && status < 500
      ? 'Diese Suche konnte nicht ausgeführt werden. Bitte ändern Sie die Eingabe, zum Beispiel mit weniger Wörtern.'
      : 'Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.';
    results.replaceChildren(el('p', { class: 'ks-error' }, [message]));
    facetsBox.replaceChildren();
    updateFiltersBox({ q: '', type: '', centre: '', project: '', year: '' }, false);
    statusLine.textContent = status >= 400 && status < 500
      ? 'Suche nicht möglich' : 'Die Suche ist nicht verfügbar';
  }

  /* ---- Searching ------------------------------------------------------ */

  let current = stateFromSearch(location.search);
  let searchSeq = 0;
  let searchAbort = null;
  const cache = new Map();

  // Search for @state and draw the answer, unless a newer search started
  // meanwhile. Resolves once drawn (or dropped).
  async function runSearch(state, options) {
    const seq = ++searchSeq;
    const committed = Boolean(options && options.committed);
    if (searchAbort) {
      searchAbort.abort();
      searchAbort = null;
    }
    if (!hasSearch(state)) {
      results.removeAttribute('aria-busy');
      renderIntro(committed);
      return;
    }
    const url = searchUrl(state);
    let data = options && options.fromCache ? cache.get(url) : undefined;
    let failed = 0;
    if (data === undefined) {
      const abort = new AbortController();
      searchAbort = abort;
      results.setAttribute('aria-busy', 'true');
      try {
        const response = await fetch(url, {
          signal: abort.signal,
          headers: { Accept: 'application/json' },
        });
        if (response.ok) {
          data = await response.json();
        } else {
          failed = response.status;
        }
      } catch (error) {
        if (error && error.name === 'AbortError') {
          return;
        }
        failed = 503;
      }
    }
    if (seq !== searchSeq) {
      return; // an answer to a question nobody asks any more
    }
    searchAbort = null;
    results.removeAttribute('aria-busy');
    if (failed || !data) {
      renderError(failed || 503);
      return;
    }
    cache.delete(url);
    cache.set(url, data);
    if (cache.size > CACHE_SIZE) {
      cache.delete(cache.keys().next().value);
    }
    renderResults(state, data);
    renderFacets(state, data.facets);
    statusLine.textContent = statusText(state, data);
  }

  // Whether the history entry on top was made by the typing going on, so
  // further keystrokes replace it instead of adding one each.
  let typingEntry = false;

  // Show @state: how = 'push' adds a history entry, 'replace' changes the
  // current one, 'none' leaves history alone (popstate).
  function navigate(state, how, options) {
    current = state;
    const url = pageUrl(state);
    const here = location.pathname + location.search;
    if (how === 'push' && url !== here) {
      history.pushState(null, '', url);
    } else if (how === 'replace' && url !== here) {
      history.replaceState(null, '', url);
    }
    setTitle(state);
    return runSearch(state, options);
  }

  /* ---- Suggestions: an ARIA combobox ---------------------------------- */

  let suggestSeq = 0;
  let suggestAbort = null;
  let suggestions = [];
  let activeOption = -1;
  let typingTimer = 0;

  function suggestOpen() {
    return !listbox.hidden;
  }

  function closeSuggest() {
    suggestSeq++;
    if (suggestAbort) {
      suggestAbort.abort();
      suggestAbort = null;
    }
    listbox.hidden = true;
    listbox.replaceChildren();
    delete listbox.dataset.q;
    suggestions = [];
    activeOption = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActiveOption(index) {
    activeOption = index;
    const options = listbox.querySelectorAll('[role="option"]');
    options.forEach((option, i) => {
      option.setAttribute('aria-selected', i === index ? 'true' : 'false');
    });
    if (index >= 0 && options[index]) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function showSuggestions(list) {
    suggestions = list;
    activeOption = -1;
    input.removeAttribute('aria-activedescendant');
    listbox.replaceChildren(...list.map((item, i) => {
      const option = el('li', { id: 'ks-option-' + i, role: 'option', 'aria-selected': 'false', class: 'ks-option' }, [
        el('span', { class: 'ks-option-text' }, [item.text]),
      ]);
      if (KIND_LABELS[item.kind]) {
        option.append(el('span', { class: 'ks-kind' }, [KIND_LABELS[item.kind]]));
      }
      return option;
    }));
    listbox.hidden = list.length === 0;
    input.setAttribute('aria-expanded', list.length > 0 ? 'true' : 'false');
  }

  async function fetchSuggestions(text) {
    const seq = ++suggestSeq;
    if (suggestAbort) {
      suggestAbort.abort();
    }
    if (text.trim() === '') {
      closeSuggest();
      return;
    }
    const abort = new AbortController();
    suggestAbort = abort;
    let url = '/suggest?q=' + encodeURIComponent(text) + '&limit=' + SUGGEST_LIMIT;
    if (current.centre !== '') {
      url += '&centre=' + encodeURIComponent(current.centre);
    }
    let list = [];
    try {
      const response = await fetch(url, { signal: abort.signal, headers: { Accept: 'application/json' } });
      if (response.ok) {
        const data = await response.json();
        list = Array.isArray(data.suggestions)
          ? data.suggestions.filter((s) => s && typeof s.text === 'string' && s.text !== '')
          : [];
      }
    } catch (error) {
      // Suggestions are a help, not the search: without them, stay quiet.
      if (error && error.name === 'AbortError') {
        return;
      }
    }
    if (seq !== suggestSeq || document.activeElement !== input) {
      return;
    }
    suggestAbort = null;
    // Offering exactly what is typed helps nobody.
    if (list.length === 1 && list[0].text === text) {
      list = [];
    }
    // What the list was made for: a slow machine may show the list of
    // "Gri" before that of "Griff" (the tests wait for the right one).
    listbox.dataset.q = text;
    showSuggestions(list);
  }

  function chooseSuggestion(index) {
    const item = suggestions[index];
    if (!item) {
      return;
    }
    clearTimeout(typingTimer);
    closeSuggest();
    input.value = item.text;
    commitQuery(item.text);
  }

  // A search the user asked for (Enter, a chosen suggestion).
  function commitQuery(text) {
    clearTimeout(typingTimer);
    closeSuggest();
    const next = withChanges(current, { q: text, page: 1 });
    const how = typingEntry ? 'replace' : 'push';
    typingEntry = false;
    return navigate(next, how, { committed: true });
  }

  // The hint speaks of what only the script does.
  const hint = document.getElementById('ks-hint');
  if (hint) {
    hint.hidden = false;
  }
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'ks-suggest');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-haspopup', 'listbox');

  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      const text = input.value;
      const next = withChanges(current, { q: text, page: 1 });
      if (pageUrl(next) === location.pathname + location.search) {
        return; // typed and taken back: nothing to do
      }
      // One history entry for a burst of typing: Back returns to what
      // was shown before it, not to every letter.
      navigate(next, typingEntry ? 'replace' : 'push');
      typingEntry = true;
      fetchSuggestions(text);
    }, DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    const count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count > 0) {
          event.preventDefault();
          if (!suggestOpen()) {
            showSuggestions(suggestions);
          }
          setActiveOption(activeOption + 1 >= count ? 0 : activeOption + 1);
        }
        break;
      case 'ArrowUp':
        if (count > 0) {
          event.preventDefault();
          if (!suggestOpen()) {
            showSuggestions(suggestions);
          }
          setActiveOption(activeOption <= 0 ? count - 1 : activeOption - 1);
        }
        break;
      case 'Enter':
        if (suggestOpen() && activeOption >= 0) {
          event.preventDefault();
          chooseSuggestion(activeOption);
        }
        break;
      case 'Escape':
        if (suggestOpen()) {
          // Close the list only; the browser would empty the field.
          event.preventDefault();
          closeSuggest();
        }
        break;
      case 'Tab':
        closeSuggest();
        break;
      default:
        break;
    }
  });

  input.addEventListener('blur', () => {
    closeSuggest();
  });

  // Keep the focus in the box while an option is clicked.
  listbox.addEventListener('mousedown', (event) => {
    event.preventDefault();
  });
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) {
      chooseSuggestion(Array.prototype.indexOf.call(listbox.children, option));
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    commitQuery(input.value);
  });

  /* ---- Links within the page: facets, pages, "Meinten Sie", examples -- */

  function restoreFocus(link) {
    const value = link.getAttribute('data-value');
    const fieldset = link.closest('.ks-facet');
    if (value !== null && fieldset) {
      const name = fieldset.getAttribute('data-facet');
      for (const candidate of facetsBox.querySelectorAll('.ks-facet[data-facet="' + name + '"] .ks-facet-value')) {
        if (candidate.getAttribute('data-value') === value) {
          candidate.focus();
          return;
        }
      }
    }
    results.focus({ preventScroll: true });
    if (results.getBoundingClientRect().top < 0) {
      results.scrollIntoView({ block: 'start' });
    }
  }

  main.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey
        || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const link = event.target.closest('a[href]');
    if (!link || !main.contains(link) || link.target) {
      return;
    }
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/') {
      return;
    }
    event.preventDefault();
    const keepFocus = link.classList.contains('ks-facet-value') ? link : null;
    const fieldset = keepFocus ? link.closest('.ks-facet') : null;
    let next = stateFromSearch(url.search);
    if (fieldset && link.hasAttribute('data-value')) {
      // A facet link was drawn for the answer on screen; the user may have
      // clicked another one since. Toggle this value on the state asked for
      // last, so that two quick clicks keep both changes.
      const name = fieldset.getAttribute('data-facet');
      const value = link.getAttribute('data-value');
      next = withChanges(current, { [name]: current[name] === value ? '' : value, page: 1 });
    }
    clearTimeout(typingTimer);
    closeSuggest();
    typingEntry = false;
    input.value = next.q;
    navigate(next, 'push', { committed: true }).then(() => {
      if (keepFocus || document.activeElement === document.body || !document.activeElement) {
        restoreFocus(link);
      }
    });
  });

  window.addEventListener('popstate', () => {
    clearTimeout(typingTimer);
    closeSuggest();
    typingEntry = false;
    const next = stateFromSearch(location.search);
    input.value = next.q;
    navigate(next, 'none', { fromCache: true });
  });

  /* ---- Start ---------------------------------------------------------- */

  // Small screens show the filters folded; they are one tap away.
  if (filtersBox && window.matchMedia && window.matchMedia('(max-width: 47.99rem)').matches) {
    filtersBox.open = false;
  }
  if (input.value === '{' + '{q}}') {
    // The template as a plain file, not rendered by kisearchd: draw it here.
    input.value = current.q;
    setTitle(current);
    runSearch(current);
  } else {
    const rendered = facetsBox.querySelector('.ks-facet') !== null;
    updateFiltersBox(current, rendered);
  }
}());
