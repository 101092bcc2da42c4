import { describe, expect, it } from 'vitest';

import { metricTotal } from './service-timings.js';

describe('metric totals', () => {
  it('sum every label set of a metric, and only that metric', () => {
    const text = [
      '# HELP transport_handler_seconds_sum x',
      'transport_handler_seconds_sum{service="a",stream="s1"} 1.5',
      'transport_handler_seconds_sum{service="a",stream="s2"} 2',
      'transport_handler_seconds_count{service="a",stream="s1"} 10',
      'transport_handler_seconds_sum_other 100',
      'alerting_sns_publish_seconds_count 4',
    ].join('\n');
    expect(metricTotal(text, 'transport_handler_seconds_sum')).toBe(3.5);
    expect(metricTotal(text, 'alerting_sns_publish_seconds_count')).toBe(4);
    expect(metricTotal(text, 'missing_metric')).toBe(0);
  });
});
