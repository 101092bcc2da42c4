/** The currency a merchant in each simulated country charges in (ISO 4217). */
export const CURRENCY_BY_COUNTRY: Readonly<Record<string, string>> = {
  US: 'USD',
  CA: 'CAD',
  MX: 'MXN',
  BR: 'BRL',
  GB: 'GBP',
  IE: 'EUR',
  FR: 'EUR',
  DE: 'EUR',
  ES: 'EUR',
  PT: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  AT: 'EUR',
  CH: 'CHF',
  SE: 'SEK',
  PL: 'PLN',
  AU: 'AUD',
};

export function currencyOf(country: string): string {
  const currency = CURRENCY_BY_COUNTRY[country];
  if (currency === undefined) throw new RangeError(`no currency for country ${country}`);
  return currency;
}
