import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

import { addFraudDetection } from '../../src/app/fraud-detection-app.js';
import type { FraudDetectionStack } from '../../src/fraud-detection-stack.js';

/** The feature flags of cdk.json, so a test synthesizes exactly what `cdk synth` does. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface SynthesizedVariant {
  stack: FraudDetectionStack;
  template: Template;
  /** The template as CloudFormation receives it. */
  json: CloudFormationTemplate;
  /** Removes the cloud assembly. */
  dispose: () => void;
}

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>;
  Outputs?: Record<string, { Value: unknown }>;
  Mappings?: Record<string, unknown>;
}

/**
 * The app as `cdk synth -c key=value …` builds it, synthesized offline into a
 * temporary directory. Synthesis runs the rule packs: an unacknowledged
 * finding throws here, naming the rule and the resource.
 */
export function synthesize(context: Record<string, string> = {}): SynthesizedVariant {
  const outdir = mkdtempSync(join(tmpdir(), 'fraud-cdk-'));
  const app = new App({
    outdir,
    // The image contexts are fingerprinted as by `cdk synth` but not copied into the assembly: seven times
    // faster, and only the asset hashes differ, which the snapshots mask anyway.
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:disable-asset-staging': true, ...context },
  });
  const stack = addFraudDetection(app);
  const assembly = app.synth();
  const json = assembly.getStackByName(stack.stackName).template as CloudFormationTemplate;
  return {
    stack,
    template: Template.fromJSON(json),
    json,
    dispose: () => {
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
