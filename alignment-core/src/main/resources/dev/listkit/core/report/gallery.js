(function () {
  'use strict';
  var G = window.LISTKIT_GALLERY || { entries: [], pageSize: 24, concepts: [] };
  var entries = G.entries;
  var state = { arm: '', seed: '', round: '', status: '', concept: '', page: 1 };
  var keys = ['arm', 'seed', 'round', 'status', 'concept', 'page'];

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function readHash() {
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0 && keys.indexOf(kv.slice(0, i)) >= 0) {
        state[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
      }
    });
    state.page = Math.max(1, parseInt(state.page, 10) || 1);
  }

  function writeHash() {
    var parts = [];
    keys.forEach(function (k) {
      if (state[k] !== '' && !(k === 'page' && state.page === 1)) {
        parts.push(k + '=' + encodeURIComponent(state[k]));
      }
    });
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
  }

  function distinct(field) {
    var seen = {};
    var out = [];
    entries.forEach(function (e) {
      var v = String(e[field]);
      if (!seen[v]) { seen[v] = true; out.push(v); }
    });
    return out.sort(function (a, b) {
      var na = Number(a), nb = Number(b);
      return (isNaN(na) || isNaN(nb)) ? a.localeCompare(b) : na - nb;
    });
  }

  function fillSelect(id, field) {
    var s = $(id);
    distinct(field).forEach(function (v) {
      var o = el('option', null, v);
      o.value = v;
      s.appendChild(o);
    });
    s.value = state[field];
    if (s.value !== state[field]) { state[field] = ''; s.value = ''; }
    s.addEventListener('change', function () { state[field] = s.value; state.page = 1; render(); });
  }

  function matches(e) {
    if (state.arm && String(e.arm) !== state.arm) { return false; }
    if (state.seed && String(e.seed) !== state.seed) { return false; }
    if (state.round && String(e.round) !== state.round) { return false; }
    if (state.status && e.status !== state.status) { return false; }
    var words = state.concept.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(function (w) { return w; });
    return words.every(function (w) { return e.words.indexOf(w) >= 0; });
  }

  function media(e, box) {
    var m = e.media || { kind: 'missing', note: 'no media' };
    if (m.src && m.kind === 'img') {
      var img = el('img', 'thumb');
      img.src = m.src;
      img.alt = e.mediaName || e.id;
      box.appendChild(img);
    } else if (m.src && (m.kind === 'audio' || m.kind === 'video')) { // the element the modality named
      var au = el(m.kind);
      au.controls = true;
      au.preload = 'metadata';
      au.src = m.src;
      box.appendChild(au);
    } else if (m.src) {
      var a = el('a', null, e.mediaName || m.src);
      a.href = m.src;
      box.appendChild(a);
    } else {
      box.appendChild(el('div', 'missing', (e.mediaName ? e.mediaName + ': ' : '') + (m.note || 'no media')));
    }
    var p = e.preview;
    if (p && p.src) {
      var f = el('img', 'features' + (m.kind === 'img' ? ' square' : ''));
      f.src = p.src;
      f.alt = 'features';
      f.title = p.note || 'features';
      box.appendChild(f);
      box.appendChild(el('div', 'meta', p.note));
    } else if (p && p.note) {
      box.appendChild(el('div', 'missing', p.note));
    }
  }

  function card(e) {
    var c = el('div', 'entry ' + e.status);
    c.dataset.id = e.id;
    var head = el('div', 'head');
    head.appendChild(el('span', null, e.arm + ' · seed ' + e.seed + ' · round ' + e.round + ' · ' + (e.source || '')));
    head.appendChild(el('span', 'badge ' + e.status, e.status));
    c.appendChild(head);
    c.appendChild(el('div', 'meta', e.id));
    var box = el('div', 'media');
    media(e, box);
    c.appendChild(box);
    c.appendChild(el('div', 'caption', e.caption === null ? '(no caption)' : e.caption));
    if (e.reason) { c.appendChild(el('div', 'reason', e.reason)); }
    if (e.candidates.length) {
      c.appendChild(el('div', 'meta', e.candidates.length + ' candidate(s)'));
      var ol = el('ol');
      e.candidates.forEach(function (t) { ol.appendChild(el('li', null, t)); });
      c.appendChild(ol);
    }
    if (e.steps.length) {
      var t = el('table');
      var hr = el('tr');
      ['refiner', 'before → after', 'note'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
      t.appendChild(hr);
      e.steps.forEach(function (s) {
        var tr = el('tr');
        tr.appendChild(el('td', null, s.refiner + (s.fallback ? ' (fallback)' : '')));
        var changed = s.before !== s.after;
        tr.appendChild(el('td', changed ? 'changed' : null,
          changed ? (s.before + ' → ' + s.after) : (s.after + ' (unchanged)')));
        tr.appendChild(el('td', null, s.note || ''));
        t.appendChild(tr);
      });
      c.appendChild(t);
    }
    var sc = Object.keys(e.scores);
    if (sc.length) {
      c.appendChild(el('div', 'scores', sc.map(function (k) {
        return k + ' ' + Number(e.scores[k]).toFixed(4);
      }).join(' · ')));
    }
    return c;
  }

  function render() {
    var filtered = entries.filter(matches);
    var size = G.pageSize;
    var pages = Math.max(1, Math.ceil(filtered.length / size));
    state.page = Math.min(Math.max(1, state.page), pages);
    var from = (state.page - 1) * size;
    var shown = filtered.slice(from, from + size);
    var g = $('gallery');
    g.textContent = '';
    shown.forEach(function (e) { g.appendChild(card(e)); });
    g.dataset.filtered = String(filtered.length);
    g.dataset.shown = String(shown.length);
    $('count').textContent = filtered.length === 0
      ? 'No entries match (' + entries.length + ' in all).'
      : 'Showing ' + (from + 1) + '–' + (from + shown.length) + ' of ' + filtered.length + ' matching entries ('
        + entries.length + ' in all).';
    $('p-pages').textContent = String(pages);
    $('p-page').value = String(state.page);
    $('p-page').max = String(pages);
    $('p-prev').disabled = state.page <= 1;
    $('p-next').disabled = state.page >= pages;
    writeHash();
  }

  readHash();
  fillSelect('f-arm', 'arm');
  fillSelect('f-seed', 'seed');
  fillSelect('f-round', 'round');
  fillSelect('f-status', 'status');
  var dl = $('concepts');
  (G.concepts || []).forEach(function (w) { var o = el('option'); o.value = w; dl.appendChild(o); });
  var ci = $('f-concept');
  ci.value = state.concept;
  ci.addEventListener('input', function () { state.concept = ci.value; state.page = 1; render(); });
  $('p-prev').addEventListener('click', function () { state.page -= 1; render(); });
  $('p-next').addEventListener('click', function () { state.page += 1; render(); });
  $('p-page').addEventListener('change', function () { state.page = parseInt($('p-page').value, 10) || 1; render(); });
  window.addEventListener('hashchange', function () { readHash(); syncControls(); render(); });

  function syncControls() {
    $('f-arm').value = state.arm;
    $('f-seed').value = state.seed;
    $('f-round').value = state.round;
    $('f-status').value = state.status;
    ci.value = state.concept;
  }

  render();
  document.body.dataset.galleryReady = 'true';
})();
