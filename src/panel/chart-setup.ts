// Chart.js, tree-shaken: only the controllers, elements, scales and plugins the panel uses
// are registered. Also the panel's defaults (no animation: a live run redraws often; theme
// colours and fonts) and a small plugin that draws the epoch the slider shows.
import {
  BarController,
  BarElement,
  Chart,
  type ChartType,
  Filler,
  Legend,
  type ChartOptions,
  type LegendItem,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  type Plugin,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { toCss } from './color-scale';
import type { Theme } from './theme';

// The epoch marker's options, typed like Chart.js' own plugins'.
declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    epochMarker?: { epoch?: number };
  }
}

let markerColor = 'rgba(128,128,128,0.6)';

/** A dashed vertical line at options.plugins.epochMarker.epoch. */
const epochMarker: Plugin = {
  id: 'epochMarker',
  afterDatasetsDraw(chart, _args, options: { epoch?: number }) {
    const epoch = options?.epoch;
    const x = chart.scales.x;
    if (epoch === undefined || !x) return;
    const px = x.getPixelForValue(epoch);
    const { top, bottom, left, right } = chart.chartArea;
    if (px < left - 0.5 || px > right + 0.5) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = markerColor;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(px) + 0.5, top);
    ctx.lineTo(Math.round(px) + 0.5, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

Chart.register(LineController, ScatterController, BarController, LineElement, PointElement, BarElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip, epochMarker);

export { Chart };

/** Sets Chart.js' global defaults from the theme; charts made before need refreshChart. */
export function applyChartTheme(theme: Theme): void {
  const d = Chart.defaults;
  d.animation = false;
  d.responsive = true;
  d.maintainAspectRatio = false;
  d.color = toCss(theme.foreground);
  d.borderColor = toCss(theme.grid, 0.6);
  d.font.family = theme.fontFamily;
  d.font.size = Math.max(10, theme.fontSize - 2);
  d.plugins.legend.labels.boxWidth = 14;
  d.plugins.legend.labels.boxHeight = 2;
  d.plugins.tooltip.backgroundColor = toCss(theme.background, 0.95);
  d.plugins.tooltip.titleColor = toCss(theme.foreground);
  d.plugins.tooltip.bodyColor = toCss(theme.foreground);
  d.plugins.tooltip.borderColor = toCss(theme.highContrast && theme.contrastBorder ? theme.contrastBorder : theme.grid);
  d.plugins.tooltip.borderWidth = 1;
  d.elements.point.radius = 0;
  d.elements.line.borderWidth = 1.5;
  markerColor = toCss(theme.muted, 0.8);
}

/** Axis options in the theme's colours (per chart: Chart.js copies scale defaults at creation). */
export function axisStyle(theme: Theme, title?: string) {
  return {
    grid: { color: toCss(theme.grid, theme.highContrast ? 0.8 : 0.35), tickColor: toCss(theme.grid, 0.6) },
    border: { color: toCss(theme.grid, 0.8) },
    ticks: { color: toCss(theme.muted), maxTicksLimit: 6 },
    ...(title ? { title: { display: true, text: title, color: toCss(theme.muted) } } : {}),
  };
}

type LineLegendOptions = NonNullable<NonNullable<ChartOptions<'line'>['plugins']>['legend']>;

/**
 * A legend with one entry per group of datasets (the group's other datasets are labelled
 * '_…': a band's edges, later runs' lines): a click shows or hides the whole group.
 */
export function groupedLegend(groupOf: (datasetIndex: number) => unknown): LineLegendOptions {
  return {
    position: 'bottom',
    labels: { filter: (item: LegendItem) => !item.text.startsWith('_') },
    onClick: (_event, item, legend) => {
      const chart = legend.chart;
      const clicked = item.datasetIndex ?? 0;
      const group = groupOf(clicked);
      const hide = chart.isDatasetVisible(clicked);
      chart.data.datasets.forEach((_, i) => groupOf(i) === group && chart.setDatasetVisibility(i, !hide));
      chart.update('none');
    },
  };
}
