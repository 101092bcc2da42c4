import { describe, expect, it } from 'vitest';

import { csvField, csvRow } from './csv-row.js';

describe('csv field', () => {
  it('leaves plain text, numbers and booleans as they are', () => {
    expect(csvField('Edinburgh')).toBe('Edinburgh');
    expect(csvField(-3.167)).toBe('-3.167');
    expect(csvField(5016)).toBe('5016');
    expect(csvField(true)).toBe('true');
    expect(csvField(' spaced ')).toBe(' spaced ');
  });

  it('writes an absent value as an empty field', () => {
    expect(csvField(undefined)).toBe('');
  });

  it('quotes a field with a comma', () => {
    expect(csvField('Washington, D.C.')).toBe('"Washington, D.C."');
  });

  it('quotes a field with a double quote and doubles the quote', () => {
    expect(csvField('merchant "7"')).toBe('"merchant ""7"""');
    expect(csvField('"')).toBe('""""');
  });

  it('quotes a field with a line feed or carriage return', () => {
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });
});

describe('csv row', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvRow(['sim-1-0', 5016, undefined, 'São Paulo, "SP"', false])).toBe(
      'sim-1-0,5016,,"São Paulo, ""SP""",false\r\n',
    );
  });

  it('writes an empty record for no fields', () => {
    expect(csvRow([])).toBe('\r\n');
  });
});
