/** Rows of one request, row-major, each `width` float32 values in the manifest's feature order. */
export interface FeatureMatrix {
  rows: number;
  width: number;
  values: Float32Array;
}
