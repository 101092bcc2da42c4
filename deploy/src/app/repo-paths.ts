import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root: deploy/src/app/ and deploy/dist/app/ both sit three levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The committed model: model.tar.gz for the built-in image, the manifest naming its image version. */
export const MODEL_ARTIFACTS_DIR = join(REPO_ROOT, 'model', 'artifacts');
