import type { ServiceProcess } from '@fraud/testing';

import type { PipelineService } from '../pipeline/pipeline-settings.js';

/** Where a service's time went, from its own metrics at the end of a run. */
export interface ServiceTiming {
  /** Records its consumer handled. */
  records: number;
  /** Mean time a record waited before its handling: from its timestamp to its batch's start. */
  waitMeanMs: number | null;
  /** Mean time a record spent in the handler: its batch's, from arrival to published, retries included. */
  handlerMeanMs: number | null;
  /** CPU seconds the process used over its whole run: on a shared machine, who took the cores. */
  cpuSeconds: number;
  /** Mean time of one call to its dependency: the model endpoint (inference) or SNS (alerting). */
  callMeanMs?: number | null;
  calls?: number;
}

/** Each streaming service's timings; the model endpoint consumes nothing. */
export type ServiceTimings = Partial<Record<PipelineService, ServiceTiming>>;

/** The sum of every sample of `name` (all label sets) in Prometheus text. */
export function metricTotal(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const meanMs = (text: string, histogram: string): { mean: number | null; count: number } => {
  const count = metricTotal(text, `${histogram}_count`);
  const mean = count === 0 ? null : Math.round((metricTotal(text, `${histogram}_sum`) / count) * 10_000) / 10;
  return { mean, count };
};

/** The calls each service makes to what it depends on, by its histogram's name. */
const CALL_HISTOGRAMS: Partial<Record<PipelineService, string>> = {
  inference: 'inference_endpoint_call_seconds',
  alerting: 'alerting_sns_publish_seconds',
};

/** One service's timings from its `/metrics` text. */
export function timingOf(name: PipelineService, text: string): ServiceTiming {
  const handler = meanMs(text, 'transport_handler_seconds');
  const timing: ServiceTiming = {
    records: handler.count,
    waitMeanMs: meanMs(text, 'transport_record_wait_seconds').mean,
    handlerMeanMs: handler.mean,
    cpuSeconds: Math.round(metricTotal(text, 'process_cpu_seconds_total') * 10) / 10,
  };
  const histogram = CALL_HISTOGRAMS[name];
  if (histogram !== undefined) {
    const call = meanMs(text, histogram);
    timing.callMeanMs = call.mean;
    timing.calls = call.count;
  }
  return timing;
}

/** Wait, handler and dependency-call means and CPU of the feature engine, inference and alerting, read from `/metrics`. */
export async function serviceTimings(
  services: Readonly<Record<PipelineService, ServiceProcess>>,
): Promise<ServiceTimings> {
  const streaming = (['featureEngine', 'inference', 'alerting'] as const).map(async (name) => {
    const text = await (await fetch(`${services[name].baseUrl}/metrics`)).text();
    return [name, timingOf(name, text)] as const;
  });
  return Object.fromEntries(await Promise.all(streaming));
}
