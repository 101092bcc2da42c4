/**
 * An event type without the `[key: string]: unknown` index signature that
 * loose (extra-field-tolerant) schemas add. Parsed events still carry extra
 * fields at run time, so a stage forwards what a newer producer added; the
 * type only lists the contract's fields, so a misspelt field name is a
 * compile error. Typed index signatures (the feature map's numbers) stay.
 */
export type KnownFields<T> = T extends readonly (infer U)[]
  ? KnownFields<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: KnownFields<T[K]> }
    : T;
