import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Dashboard } from '../../../src-shared/index.js';

/** Customer messages, replies and waiting conversations per 15 minutes over the last hours (uPlot). */
export function HistoryChart({ history }: { history: Dashboard['history'] }) {
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
          { label: 'Customer messages', stroke: '#2563eb', width: 2 },
          { label: 'Replies', stroke: '#16a34a', width: 2 },
          { label: 'Waiting', stroke: '#d97706', width: 2, spanGaps: true },
        ],
        axes: [{}, { label: `per ${history.bucketMinutes} min` }],
      },
      data,
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is created once; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return <div ref={host} className="lead-chart" data-testid="lead-chart" aria-label="Traffic of the last hours" />;
}
