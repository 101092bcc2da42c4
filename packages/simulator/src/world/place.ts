/** A point on the map with the city and country it belongs to. */
export interface Place {
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly city: string;
}
