import { describe, expect, it } from 'vitest';

import { metricTotal, timingOf } from './service-timings.js';

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

describe('a service timing', () => {
  it("reads the wait, handler and endpoint-call means and the process's CPU seconds", () => {
    const text = [
      'transport_record_wait_seconds_sum{stream="transaction-features"} 0.3',
      'transport_record_wait_seconds_count{stream="transaction-features"} 20',
      'transport_handler_seconds_sum{stream="transaction-features"} 0.1',
      'transport_handler_seconds_count{stream="transaction-features"} 20',
      'inference_endpoint_call_seconds_sum 0.04',
      'inference_endpoint_call_seconds_count 5',
      'process_cpu_seconds_total 12.345',
    ].join('\n');
    expect(timingOf('inference', text)).toEqual({
      records: 20,
      waitMeanMs: 15,
      handlerMeanMs: 5,
      cpuSeconds: 12.3,
      callMeanMs: 8,
      calls: 5,
    });
  });

  it('has no means before any record, and no call figures for a service without a dependency histogram', () => {
    expect(timingOf('featureEngine', 'process_cpu_seconds_total 1')).toEqual({
      records: 0,
      waitMeanMs: null,
      handlerMeanMs: null,
      cpuSeconds: 1,
    });
  });
});
