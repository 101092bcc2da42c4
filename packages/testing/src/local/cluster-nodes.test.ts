import { describe, expect, it } from 'vitest';

import { parseClusterNodes } from './cluster-nodes.js';

// Redis 7.0's reply on a cluster of 3 primaries with a replica each, as started here.
const STARTED = `d6aefec5cf2b2a11b9292d790bf1951acc5e7305 127.0.0.1:21138@31138 slave 735cc6ae2b25f0834f2acb8b319c6b7bf0766a1c 0 1796650438539 2 connected
735cc6ae2b25f0834f2acb8b319c6b7bf0766a1c 127.0.0.1:21011@31011 master - 0 1796650437531 2 connected 5461-10922
f7c63eaab0c5be1f9cc6bec4b9d980a7d14bcb24 127.0.0.1:20699@30699 master - 0 1796650437934 3 connected 10923-16383
da246ae9143d709a89cabc13636a088a8681ae22 127.0.0.1:22581@32581 myself,master - 0 1796650436000 1 connected 0-5460
`;

describe('parseClusterNodes', () => {
  it("reads each node's id, address, role, primary and slot count", () => {
    expect(parseClusterNodes(STARTED)).toEqual([
      {
        id: 'd6aefec5cf2b2a11b9292d790bf1951acc5e7305',
        address: '127.0.0.1:21138',
        port: 21138,
        role: 'replica',
        primaryId: '735cc6ae2b25f0834f2acb8b319c6b7bf0766a1c',
        failing: false,
        myself: false,
        slots: 0,
      },
      {
        id: '735cc6ae2b25f0834f2acb8b319c6b7bf0766a1c',
        address: '127.0.0.1:21011',
        port: 21011,
        role: 'primary',
        primaryId: undefined,
        failing: false,
        myself: false,
        slots: 5462,
      },
      {
        id: 'f7c63eaab0c5be1f9cc6bec4b9d980a7d14bcb24',
        address: '127.0.0.1:20699',
        port: 20699,
        role: 'primary',
        primaryId: undefined,
        failing: false,
        myself: false,
        slots: 5461,
      },
      {
        id: 'da246ae9143d709a89cabc13636a088a8681ae22',
        address: '127.0.0.1:22581',
        port: 22581,
        role: 'primary',
        primaryId: undefined,
        failing: false,
        myself: true,
        slots: 5461,
      },
    ]);
  });

  it('sees a failed primary, a hostname, single slots and leaves out migration markers', () => {
    const reply = [
      'aaa 127.0.0.1:7000@17000 master,fail - 1796650000000 1796650000000 1 disconnected',
      'bbb 127.0.0.1:7001@17001,node-b myself,master - 0 0 4 connected 0-99 200 [300->-ccc] [301-<-ddd]',
      'ccc 127.0.0.1:7002@17002 slave,fail? bbb 0 0 4 connected',
    ].join('\n');
    expect(
      parseClusterNodes(reply).map(({ id, address, role, failing, slots }) => ({ id, address, role, failing, slots })),
    ).toEqual([
      { id: 'aaa', address: '127.0.0.1:7000', role: 'primary', failing: true, slots: 0 },
      { id: 'bbb', address: '127.0.0.1:7001', role: 'primary', failing: false, slots: 101 },
      { id: 'ccc', address: '127.0.0.1:7002', role: 'replica', failing: true, slots: 0 },
    ]);
  });

  it('refuses a line that is not a node', () => {
    expect(() => parseClusterNodes('oops')).toThrow(/not a CLUSTER NODES line/);
  });
});
