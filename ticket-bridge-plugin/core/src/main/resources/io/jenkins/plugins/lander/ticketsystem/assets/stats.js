// Draws the charts of /stats/SOURCE from the page's own JSON (#stats-data) with Chart.js.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('stats-data').textContent);
  var STEPS = ['allocate', 'build', 'image', 'test', 'publish', 'release'];
  // Okabe-Ito: tells the steps apart for colour-blind readers too
  var COLOURS = ['#999999', '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9'];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function ticketTitle(items) {
    return 'ticket ' + data.tickets[items[0].dataIndex] + ', ' + data.labels[items[0].dataIndex].join(' ');
  }

  function seconds(title) {
    return { beginAtZero: true, title: { display: true, text: title } };
  }

  var stepSets = STEPS.map(function (step, i) {
    return { type: 'bar', label: step, data: data.steps[step], backgroundColor: COLOURS[i], stack: 'steps' };
  });
  stepSets.push({
    type: 'line', label: 'wall', data: data.wall, borderColor: '#000000', backgroundColor: '#000000',
    stack: 'wall', pointRadius: 3, borderWidth: 1.5
  });
  new Chart(document.getElementById('chart-steps'), {
    data: { labels: data.labels, datasets: stepSets },
    options: {
      scales: { x: { stacked: true }, y: Object.assign(seconds('seconds'), { stacked: true }) },
      plugins: { tooltip: { callbacks: { title: ticketTitle } } }
    }
  });

  new Chart(document.getElementById('chart-pass-rate'), {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: [{ label: 'pass rate %', data: data.pass_rate, borderColor: '#009E73', backgroundColor: '#009E73', spanGaps: true }]
    },
    options: {
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% of tests run that passed' } } },
      plugins: { tooltip: { callbacks: { title: ticketTitle } } }
    }
  });

  new Chart(document.getElementById('chart-queue-wait'), {
    type: 'line',
    data: {
      labels: data.labels,
      datasets: [{ label: 'queue wait', data: data.queue_wait, borderColor: '#D55E00', backgroundColor: '#D55E00' }]
    },
    options: {
      scales: { y: seconds('seconds') },
      plugins: { tooltip: { callbacks: { title: ticketTitle } } }
    }
  });
})();
