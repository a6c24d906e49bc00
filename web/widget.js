/*
 * kisearch widget: a search box for a centre's own web site.
 *
 *   <div class="kisearch-box" data-centre="krefeld"></div>
 *   <script src="https://SEARCH-HOST/widget.js" async></script>
 *
 * Every .kisearch-box gets a labelled search field and a results panel
 * inside a shadow root, so the host page's CSS cannot break it; the
 * widget's own styles (widget.css) come from the search server, themed by
 * the custom properties --kisearch-accent, --kisearch-font,
 * --kisearch-radius, --kisearch-bg and --kisearch-text, which the host
 * page sets and which inherit into the shadow root.
 *
 * The widget needs no inline script or style on the host page. Nothing
 * from a document or the query is parsed as HTML: the API's snippets are
 * split on <mark> and </mark>, the rest becomes text.
 *
 * Optional attributes: data-centre (a centre's slug: only its documents),
 * data-placeholder, data-limit (hits shown, 1 to 20, default 5),
 * data-label (the field's label).
 */
(function () {
  'use strict';

  var DEBOUNCE_MS = 200;
  var DEFAULT_LIMIT = 5;
  var MAX_LIMIT = 20;
  var TYPE_LABELS = {
    centre: 'Zentrum',
    news: 'Nachricht',
    event: 'Veranstaltung',
    page: 'Seite'
  };

  // Where this script came from is where the search lives. currentScript
  // is only set while the script first runs, so read it now.
  function findOrigin() {
    var script = document.currentScript;
    if (!script || !script.src) {
      var scripts = document.getElementsByTagName('script');
      for (var i = scripts.length - 1; i >= 0; i--) {
        if (/\/widget\.js(?:[?#].*)?$/.test(scripts[i].src)) {
          script = scripts[i];
          break;
        }
      }
    }
    try {
      return new URL(script.src, document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  var origin = findOrigin();
  var boxCount = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value !== null && value !== undefined && value !== false) {
          node.setAttribute(name, String(value));
        }
      });
    }
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  var ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

  function decodeEntities(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g,
      function (whole, name) {
        if (name.charAt(0) === '#') {
          var hex = name.charAt(1) === 'x' || name.charAt(1) === 'X';
          var code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
          if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) {
            return String.fromCodePoint(code);
          }
          return whole;
        }
        return Object.prototype.hasOwnProperty.call(ENTITIES, name) ? ENTITIES[name] : whole;
      });
  }

  function appendSnippet(parent, snippet) {
    var target = parent;
    String(snippet || '').split(/(<mark>|<\/mark>)/).forEach(function (part) {
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
    });
  }

  function germanDate(date) {
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
    if (m) {
      return m[3] + '.' + m[2] + '.' + m[1];
    }
    m = /^([0-9]{4})-([0-9]{2})$/.exec(date);
    return m ? m[2] + '/' + m[1] : date;
  }

  function hitHref(hit) {
    var url = typeof hit.url === 'string' ? hit.url : '';
    if (url.indexOf('https://') === 0 || url.indexOf('http://') === 0) {
      return url;
    }
    return origin + '/documents/' + encodeURIComponent(hit.id);
  }

  function Box(host) {
    var id = 'kisearch-' + (++boxCount);
    var centre = (host.getAttribute('data-centre') || '').trim();
    var limit = parseInt(host.getAttribute('data-limit') || '', 10);
    if (!(limit >= 1)) {
      limit = DEFAULT_LIMIT;
    }
    limit = Math.min(limit, MAX_LIMIT);

    var root = host.attachShadow({ mode: 'open' });
    var sheet = el('link', { rel: 'stylesheet', href: origin + '/widget.css' });
    var input = el('input', {
      id: id + '-q',
      class: 'ksw-input',
      type: 'search',
      name: 'q',
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      maxlength: '300',
      placeholder: host.getAttribute('data-placeholder') || 'Suchbegriff eingeben',
      'aria-controls': id + '-results'
    });
    var button = el('button', { class: 'ksw-button', type: 'submit' }, ['Suchen']);
    var form = el('form', { class: 'ksw-form', role: 'search', action: origin + '/', method: 'get' }, [
      el('label', { class: 'ksw-label', for: id + '-q' },
        [host.getAttribute('data-label') || 'Suche']),
      el('div', { class: 'ksw-row' }, [input, button])
    ]);
    if (centre) {
      form.append(el('input', { type: 'hidden', name: 'centre', value: centre }));
    }
    var status = el('p', { class: 'ksw-status', role: 'status', 'aria-live': 'polite' });
    var panel = el('div', { class: 'ksw-results', id: id + '-results' });
    var wrap = el('div', { class: 'ksw', part: 'box' }, [form, status, panel]);

    // Unstyled, the box would flash at full width; show it when its
    // styles arrived, or failed to (then at least it works).
    wrap.hidden = true;
    var reveal = function () {
      wrap.hidden = false;
    };
    sheet.addEventListener('load', reveal);
    sheet.addEventListener('error', reveal);
    setTimeout(reveal, 3000);
    root.append(sheet, wrap);

    var timer = 0;
    var seq = 0;
    var abort = null;

    function allResultsUrl(q) {
      var url = origin + '/?q=' + encodeURIComponent(q);
      if (centre) {
        url += '&centre=' + encodeURIComponent(centre);
      }
      return url;
    }

    function clear() {
      panel.replaceChildren();
      status.textContent = '';
      wrap.classList.remove('ksw-open');
    }

    function showMessage(text, kind) {
      panel.replaceChildren(el('p', { class: 'ksw-message' + (kind ? ' ksw-' + kind : '') }, [text]));
      wrap.classList.add('ksw-open');
    }

    function render(q, data) {
      var hits = Array.isArray(data.hits) ? data.hits : [];
      var total = Number(data.total) || 0;
      var nodes = [];

      if (typeof data.suggestion === 'string' && data.suggestion !== '') {
        var fix = el('button', { type: 'button', class: 'ksw-fix' }, [data.suggestion]);
        fix.addEventListener('click', function () {
          input.value = data.suggestion;
          search(data.suggestion);
          input.focus();
        });
        nodes.push(el('p', { class: 'ksw-didyoumean' }, ['Meinten Sie ', fix, '?']));
      }
      if (hits.length === 0) {
        nodes.push(el('p', { class: 'ksw-message' }, [
          'Nichts gefunden. Prüfen Sie die Schreibweise oder versuchen Sie andere Wörter.'
        ]));
      } else {
        var list = el('ol', { class: 'ksw-hits' });
        hits.forEach(function (hit) {
          var centres = Array.isArray(hit.centres) ? hit.centres : [];
          var meta = [];
          if (hit.type && TYPE_LABELS[hit.type]) {
            meta.push(TYPE_LABELS[hit.type]);
          }
          if (hit.date) {
            meta.push(germanDate(hit.date));
          }
          var snippet = el('p', { class: 'ksw-snippet' });
          appendSnippet(snippet, hit.snippet);
          var item = el('li', { class: 'ksw-hit', 'data-centres': centres.join('|') }, [
            el('a', { class: 'ksw-title', href: hitHref(hit) }, [hit.title || hit.id])
          ]);
          if (meta.length) {
            item.append(el('p', { class: 'ksw-meta' }, [meta.join(' · ')]));
          }
          item.append(snippet);
          list.append(item);
        });
        nodes.push(list);
      }
      nodes.push(el('p', { class: 'ksw-more' }, [
        el('a', { class: 'ksw-all', href: allResultsUrl(q) }, ['Alle Ergebnisse'])
      ]));
      panel.replaceChildren.apply(panel, nodes);
      wrap.classList.add('ksw-open');
      status.textContent = total === 0 ? 'Keine Treffer'
        : (data.total_exact === false ? 'etwa ' : '') + total + ' Treffer';
    }

    function search(q) {
      var mine = ++seq;
      if (abort) {
        abort.abort();
        abort = null;
      }
      if (q.trim() === '') {
        clear();
        return;
      }
      var url = origin + '/search?q=' + encodeURIComponent(q) + '&limit=' + limit;
      if (centre) {
        url += '&centre=' + encodeURIComponent(centre);
      }
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      abort = controller;
      wrap.setAttribute('aria-busy', 'true');
      fetch(url, {
        signal: controller ? controller.signal : undefined,
        mode: 'cors',
        credentials: 'omit',
        headers: { Accept: 'application/json' }
      }).then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      }).then(function (data) {
        if (mine !== seq) {
          return;
        }
        wrap.removeAttribute('aria-busy');
        render(q, data);
      }).catch(function (error) {
        if ((error && error.name === 'AbortError') || mine !== seq) {
          return;
        }
        wrap.removeAttribute('aria-busy');
        // A refused origin (CORS), a server that is down, a lost network:
        // the browser does not say which, so neither can we.
        showMessage('Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.', 'error');
        status.textContent = 'Suche nicht erreichbar';
      });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        search(input.value);
      }, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && wrap.classList.contains('ksw-open')) {
        event.preventDefault();
        clearTimeout(timer);
        seq++;
        clear();
      }
    });
    // Enter searches at once, in place; the full page is one link away.
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search(input.value);
    });
  }

  function start() {
    if (!origin) {
      return;
    }
    var boxes = document.querySelectorAll('.kisearch-box');
    for (var i = 0; i < boxes.length; i++) {
      var host = boxes[i];
      // The script may be included twice; a box is set up once.
      if (host.shadowRoot || host.hasAttribute('data-kisearch-ready')) {
        continue;
      }
      host.setAttribute('data-kisearch-ready', '');
      try {
        Box(host);
      } catch (e) {
        host.removeAttribute('data-kisearch-ready');
      }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
