import type { FeatureMatrix } from './feature-matrix.js';
import { PayloadError } from './payload-error.js';
import { columnCountProblem, quoteCell, tooManyRowsProblem, valueProblem, type RowShape } from './row-shape.js';

const SHAPE = '{"instances": [[...], ...]} or {"instances": [{"features": [...]}, ...]}';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The instance's feature list and its JSON path: the instance itself, or its `features` (SageMaker's common format). */
function featuresOf(instance: unknown, index: number): { features: unknown[]; path: string } | undefined {
  if (Array.isArray(instance)) return { features: instance, path: `instances[${index}]` };
  if (isRecord(instance) && Array.isArray(instance.features)) {
    return { features: instance.features, path: `instances[${index}].features` };
  }
  return undefined;
}

/**
 * `application/json`: `{"instances": [...]}`, each instance an array of the
 * features in the manifest's order, or `{"features": [...]}` as in
 * SageMaker's common request format. SageMaker's built-in XGBoost container
 * takes no JSON; this is for clients that prefer it. Rows are numbered from
 * 1 in messages, with the JSON path beside them.
 */
export function parseJsonInstances(text: string, shape: RowShape): FeatureMatrix {
  const { featureNames, maxRows } = shape;
  const width = featureNames.length;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new PayloadError(400, `the body is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(body) || !Array.isArray(body.instances)) {
    throw new PayloadError(400, `the body must be ${SHAPE}`);
  }
  const instances: unknown[] = body.instances;
  if (instances.length === 0) throw new PayloadError(400, 'instances is empty: send at least one row');
  if (instances.length > maxRows) throw new PayloadError(413, tooManyRowsProblem(instances.length, maxRows));

  const values = new Float32Array(instances.length * width);
  instances.forEach((instance, index) => {
    const found = featuresOf(instance, index);
    if (found === undefined) {
      throw new PayloadError(
        400,
        `row ${index + 1} (instances[${index}]) must be an array of numbers or {"features": [...]}`,
      );
    }
    const { features, path } = found;
    const row = `row ${index + 1} (${path})`;
    if (features.length !== width) throw new PayloadError(400, columnCountProblem(row, features.length, featureNames));
    features.forEach((value, column) => {
      const where = `row ${index + 1}, column ${column + 1} (${path}[${column}], ${featureNames[column] ?? ''})`;
      if (typeof value !== 'number') {
        throw new PayloadError(400, `${where} is not a number: ${quoteCell(JSON.stringify(value))}`);
      }
      const problem = valueProblem(value);
      if (problem !== undefined) throw new PayloadError(400, `${where} ${problem}`);
      values[index * width + column] = value;
    });
  });
  return { rows: instances.length, width, values };
}
