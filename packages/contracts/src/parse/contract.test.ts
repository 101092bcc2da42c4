import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { decodeTransaction, TransactionContract } from '../contracts.js';
import { exampleTransaction } from '../examples.js';
import { ContractError } from './contract-error.js';
import { decodeEvent, defineContract } from './contract.js';
import { encodeEvent } from './decode-json.js';

function failure(result: { ok: boolean; error?: ContractError }): ContractError {
  if (result.ok || result.error === undefined) throw new Error('expected the payload to be refused');
  return result.error;
}

describe('decoding a record', () => {
  it('accepts a Buffer, a Uint8Array and a string alike', () => {
    const bytes = encodeEvent(exampleTransaction);
    const expected = { ok: true, value: exampleTransaction };
    expect(decodeTransaction(bytes)).toEqual(expected);
    expect(decodeTransaction(new Uint8Array(bytes))).toEqual(expected);
    expect(decodeTransaction(bytes.toString('utf8'))).toEqual(expected);
  });

  it('refuses invalid UTF-8', () => {
    const error = failure(decodeTransaction(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])));
    expect(error.message).toBe('invalid Transaction: payload is not valid UTF-8');
    expect(error.issues).toEqual([{ path: '', message: 'payload is not valid UTF-8' }]);
  });

  it.each([
    ['text', 'card 4111111111111111', 'payload is not valid JSON'],
    ['a truncated object', '{"transactionId": ', 'payload is not valid JSON (unexpected end of input)'],
    ['trailing text', '{"a":1} x', 'payload is not valid JSON (at character 8)'],
    ['nothing', '', 'payload is empty'],
  ])('refuses %s as not JSON, without quoting the payload', (_case, payload, message) => {
    const error = failure(decodeTransaction(Buffer.from(payload)));
    expect(error.message).toBe(`invalid Transaction: ${message}`);
  });

  it('refuses JSON that is not an object', () => {
    expect(failure(decodeTransaction('[1,2]')).message).toBe('invalid Transaction: expected object, received array');
  });

  it('decodes against any contract through decodeEvent', () => {
    expect(decodeEvent(TransactionContract, encodeEvent(exampleTransaction))).toEqual({
      ok: true,
      value: exampleTransaction,
    });
  });
});

describe('ContractError', () => {
  const Point = defineContract('Point', z.object({ x: z.number(), tags: z.array(z.string()) }));

  it('lists every invalid field with its dotted path, on one line', () => {
    const error = failure(Point.parse({ tags: ['a', 7] }));
    expect(error).toBeInstanceOf(ContractError);
    expect(error.name).toBe('ContractError');
    expect(error.contract).toBe('Point');
    expect(error.issues).toEqual([
      { path: 'x', message: 'required' },
      { path: 'tags.1', message: 'expected string, received number' },
    ]);
    expect(error.message).toBe('invalid Point: x: required; tags.1: expected string, received number');
  });

  it('serialises to its contract, message and issues', () => {
    const error = failure(Point.parse({ x: 1 }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      contract: 'Point',
      message: 'invalid Point: tags: required',
      issues: [{ path: 'tags', message: 'required' }],
    });
  });

  it('names each unknown field of a strict schema', () => {
    const Strict = defineContract('Strict', z.strictObject({ x: z.number(), nested: z.strictObject({}) }));
    expect(failure(Strict.parse({ x: 1, y: 2, nested: { z: 3 } })).issues).toEqual([
      { path: 'nested.z', message: 'unknown field' },
      { path: 'y', message: 'unknown field' },
    ]);
  });
});
