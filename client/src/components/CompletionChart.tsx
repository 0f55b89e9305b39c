import { useEffect, useRef } from 'react';

/** One bar: a district's completion (0..1). */
export interface CompletionBar {
  id: string;
  name: string;
  completion: number | null;
}

/**
 * Bar chart of completion by district (ECharts). echarts is imported dynamically, so it is loaded
 * only on the pages that draw a chart (its own chunk). A click on a bar calls `onSelect`.
 */
export function CompletionChart({
  bars,
  onSelect,
}: {
  bars: readonly CompletionBar[];
  onSelect?: (id: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const resize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      if (disposed || !ref.current) return;
      const c = echarts.init(ref.current);
      chart = c;
      c.setOption({
        grid: { left: 48, right: 16, top: 24, bottom: 80 },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—'),
        },
        xAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: { rotate: 60, interval: 0 } },
        yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
        series: [
          {
            type: 'bar',
            name: '完成率',
            data: bars.map((b) => (b.completion === null ? null : Math.round(b.completion * 1000) / 10)),
            itemStyle: { color: '#1677ff' },
          },
        ],
      });
      c.on('click', (params: { dataIndex?: number }) => {
        const bar = params.dataIndex !== undefined ? bars[params.dataIndex] : undefined;
        if (bar) onSelect?.(bar.id);
      });
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [bars, onSelect]);
  return <div ref={ref} data-testid="completion-chart" style={{ width: '100%', height: 320 }} />;
}
