/** CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), as Kafka's record batches carry it. */
const POLYNOMIAL = 0x82f63b78;

/** tables[k][b]: the CRC of byte b followed by k zero bytes, for eight bytes a step. */
const tables: Int32Array[] = (() => {
  const out = Array.from({ length: 8 }, () => new Int32Array(256));
  const [first] = out as [Int32Array];
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    first[b] = crc;
  }
  for (let k = 1; k < 8; k++) {
    const previous = out[k - 1] ?? first;
    const table = out[k] ?? first;
    for (let b = 0; b < 256; b++) {
      const crc = previous[b] ?? 0;
      table[b] = (first[crc & 0xff] ?? 0) ^ (crc >>> 8);
    }
  }
  return out;
})();

const [T0, T1, T2, T3, T4, T5, T6, T7] = tables as [
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
  Int32Array,
];

/**
 * CRC-32C of `bytes`, eight bytes a step (slicing-by-8): the same value as
 * a byte-at-a-time table loop, in a fraction of the time on a large batch.
 */
export function crc32c(bytes: Uint8Array): number {
  let crc = ~0;
  let i = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; i < end8; i += 8) {
    const low =
      crc ^ ((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24));
    crc =
      (T7[low & 0xff] ?? 0) ^
      (T6[(low >>> 8) & 0xff] ?? 0) ^
      (T5[(low >>> 16) & 0xff] ?? 0) ^
      (T4[low >>> 24] ?? 0) ^
      (T3[bytes[i + 4] ?? 0] ?? 0) ^
      (T2[bytes[i + 5] ?? 0] ?? 0) ^
      (T1[bytes[i + 6] ?? 0] ?? 0) ^
      (T0[bytes[i + 7] ?? 0] ?? 0);
  }
  for (; i < bytes.length; i++) crc = (T0[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}
