/** The values of a metric's samples in a running service's `/metrics` whose labels include every one given. */
async function matchingSamples(
  baseUrl: string,
  name: string,
  labels: Readonly<Record<string, string>>,
): Promise<number[]> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  return text
    .split('\n')
    .filter((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

/**
 * One sample of a Prometheus metric from a running service's `/metrics`,
 * found by name and every given label; 0 when the series does not exist
 * yet (a counter never incremented).
 */
export async function metricSample(
  baseUrl: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  return (await matchingSamples(baseUrl, name, labels))[0] ?? 0;
}

/** The sum of a metric's samples whose labels include every one given: 0 when there is none yet. */
export async function metricSum(
  baseUrl: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  return (await matchingSamples(baseUrl, name, labels)).reduce((sum, value) => sum + value, 0);
}
