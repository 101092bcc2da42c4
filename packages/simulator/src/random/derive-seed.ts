/**
 * Derives an independent 32-bit seed from a base seed and a path of labels, so
 * each part of the simulation (the world, each day, each scenario) draws from
 * its own stream: changing how many numbers one part draws never shifts another.
 */
export function deriveSeed(seed: number, ...path: readonly (string | number)[]): number {
  // FNV-1a over the text, then a murmur3 finaliser to spread the bits.
  let hash = 0x811c9dc5;
  const text = `${seed >>> 0}/${path.join('/')}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
