(function () {
  var box = document.getElementById('progress');
  if (!box || box.dataset.ended === '1') return;
  var list = box.querySelector('ol.events');
  var bar = box.querySelector('.progress i');
  var status = document.getElementById('live-status');
  var limit = parseFloat(box.dataset.limit) || 60;
  var started = null;
  var ends = ['done', 'stopped', 'interrupted', 'failed'];
  var labels = JSON.parse(box.dataset.labels);
  function line(text, data) {
    var li = document.createElement('li');
    li.textContent = text;
    if (data && data !== '{}') {
      var more = document.createElement('span');
      more.className = 'muted';
      more.textContent = ' ' + data;
      li.appendChild(more);
    }
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }
  function fill(seconds) {
    bar.style.width = Math.min(100, 100 * seconds / limit).toFixed(1) + '%';
  }
  var source = new EventSource(box.dataset.events);
  ['queued', 'started', 'model', 'note', 'rota', 'stopping'].forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      if (kind === 'started') {
        started = Date.now();
        document.getElementById('job-status').textContent = box.dataset.wstarted;
      }
      line(labels['ev_' + kind] || kind, e.data);
      status.textContent = labels['ev_' + kind] || kind;
    });
  });
  source.addEventListener('rota', function (e) {
    var live = document.getElementById('live-rota');
    live.href = live.dataset.base + JSON.parse(e.data).rota;
    live.hidden = false;
  });
  source.addEventListener('solution', function (e) {
    var d = JSON.parse(e.data);
    fill(d.elapsed);
    var objective = d.objective == null ? '—' : d.objective.toFixed(3);
    var gap = d.gap == null ? '' : ' · ' + box.dataset.wgap + ' ' + (100 * d.gap).toFixed(2) + ' %';
    line(box.dataset.welapsed + ' ' + (d.elapsed || 0).toFixed(1) + ' s · ' +
      box.dataset.wobjective + ' ' + objective + gap);
  });
  source.addEventListener('bound', function (e) { fill(JSON.parse(e.data).elapsed); });
  ends.forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      line(labels['ev_' + kind] || kind, e.data);
      source.close();
      fill(limit);
      setTimeout(function () { location.reload(); }, 400);
    });
  });
  setInterval(function () { if (started) fill((Date.now() - started) / 1000); }, 1000);
})();
