export { deriveSeed } from './derive-seed.js';
export { mulberry32 } from './mulberry32.js';
export { standardNormal } from './normal.js';
export { poisson } from './poisson.js';
export { Random } from './random.js';
