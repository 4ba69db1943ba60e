// Small behaviours of the approval, plan and administration pages (no inline scripts: the CSP forbids them).
document.addEventListener('click', function (e) {
  var button = e.target.closest('[data-print]');
  if (button) {
    window.print();
  }
});

// 年度计划与统计: draws the ECharts from the JSON in [data-charts] (SVG, so a printed page stays sharp).
document.addEventListener('DOMContentLoaded', function () {
  var holder = document.querySelector('[data-charts]');
  if (!holder || typeof echarts === 'undefined') {
    return;
  }
  var d = JSON.parse(holder.getAttribute('data-charts'));
  var font = {fontFamily: 'Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif'};
  var bars = function (categories, series, horizontal) {
    var cat = {type: 'category', data: categories, axisLabel: {interval: 0, rotate: horizontal ? 0 : 30}};
    var val = {type: 'value', minInterval: 1};
    return {
      textStyle: font, tooltip: {trigger: 'axis'}, legend: {show: series.length > 1, top: 0},
      grid: {left: 8, right: 16, top: series.length > 1 ? 28 : 12, bottom: 8, containLabel: true},
      xAxis: horizontal ? val : cat, yAxis: horizontal ? cat : val, series: series
    };
  };
  var options = {
    townships: bars(d.townships, [
      {name: '目标户数', type: 'bar', data: d.target, itemStyle: {color: '#9db7d5'}},
      {name: '搬迁入住户数', type: 'bar', data: d.movedIn, itemStyle: {color: '#1f4e79'}}]),
    stages: bars(d.stages.slice().reverse(), [{name: '户数', type: 'bar', data: d.stageCounts.slice().reverse(), itemStyle: {color: '#2f7d5b'}}], true),
    months: {
      textStyle: font, tooltip: {trigger: 'axis'}, grid: {left: 8, right: 16, top: 12, bottom: 8, containLabel: true},
      xAxis: {type: 'category', data: d.months}, yAxis: {type: 'value', minInterval: 1},
      series: [{name: '搬迁入住户数', type: 'line', data: d.monthCounts, smooth: false, areaStyle: {opacity: 0.15}, itemStyle: {color: '#b26a00'}}]
    },
    paid: bars(d.townships, [{name: '已拨付补助(万元)', type: 'bar', data: d.paid, itemStyle: {color: '#7a4fa3'}}])
  };
  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var option = options[el.getAttribute('data-chart')];
    if (option) {
      var chart = echarts.init(el, null, {renderer: 'svg'});
      chart.setOption(option);
      charts.push(chart);
    }
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
});
