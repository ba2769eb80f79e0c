import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Dashboard } from '../../../src-shared/index.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { cssColor, useResolvedTheme } from '../../theme/theme.js';

/** Customer messages, replies and waiting conversations per 15 minutes over the last hours (uPlot). */
export function HistoryChart({ history }: { history: Dashboard['history'] }) {
  const t = useT();
  const language = useLanguage();
  const theme = useResolvedTheme();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: uPlot.AlignedData = [
    history.buckets.map((b) => Date.parse(b.at) / 1000),
    history.buckets.map((b) => b.inbound),
    history.buckets.map((b) => b.replies),
    history.buckets.map((b) => b.waiting),
  ];

  useEffect(() => {
    if (!host.current) return;
    plot.current = new uPlot(
      {
        width: Math.max(320, host.current.clientWidth || 640),
        height: 200,
        series: [
          {},
          { label: t('lead.chart.inbound'), stroke: cssColor('--chart-1'), width: 2 },
          { label: t('lead.chart.replies'), stroke: cssColor('--chart-2'), width: 2 },
          { label: t('lead.chart.waiting'), stroke: cssColor('--chart-3'), width: 2, spanGaps: true },
        ],
        // Axis text and grid in the theme's colours (canvas cannot read CSS variables itself).
        axes: [
          { stroke: cssColor('--text'), grid: { stroke: cssColor('--border') }, ticks: { stroke: cssColor('--border') } },
          { label: t('lead.chart.perBucket', { minutes: history.bucketMinutes }), stroke: cssColor('--text'), grid: { stroke: cssColor('--border') }, ticks: { stroke: cssColor('--border') } },
        ],
      },
      data,
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is created once per theme and language (colours and labels are baked into the
    // canvas); data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme, language]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return <div ref={host} className="lead-chart" data-testid="lead-chart" role="figure" aria-label={t('lead.chart.label')} />;
}
