/** Common merchant category codes (ISO 18245) that simulated merchants draw from. */
export const MERCHANT_CATEGORY_CODES = [
  '5411', // grocery stores, supermarkets
  '5812', // restaurants
  '5814', // fast food
  '5541', // service stations
  '5311', // department stores
  '5912', // drug stores, pharmacies
  '5999', // miscellaneous retail
  '5651', // family clothing
  '5732', // electronics
  '4111', // local commuter transport
  '4121', // taxis and limousines
  '7011', // hotels
  '5942', // book stores
  '5200', // home supply warehouses
] as const;
