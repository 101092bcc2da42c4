/** One node of a Redis Cluster as a node's `CLUSTER NODES` reply describes it. */
export interface ClusterNode {
  readonly id: string;
  /** `host:port`, as clients reach it. */
  readonly address: string;
  readonly port: number;
  readonly role: 'primary' | 'replica';
  /** The primary a replica follows; undefined for a primary. */
  readonly primaryId: string | undefined;
  /** Flagged `fail` (the cluster agrees it is down) or `fail?` (the answering node suspects it). */
  readonly failing: boolean;
  /** The node answering the command. */
  readonly myself: boolean;
  /** Hash slots it serves (a primary's ranges and single slots, migration markers left out). */
  readonly slots: number;
}

/**
 * Parses a `CLUSTER NODES` reply: one line a node,
 * `<id> <ip:port@cport[,hostname]> <flags> <primary|-> <ping-sent> <pong-recv> <epoch> <link> <slot>...`
 * (https://redis.io/docs/latest/commands/cluster-nodes/).
 */
export function parseClusterNodes(reply: string): ClusterNode[] {
  return reply
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [id, endpoint, flagList, primary, , , , , ...slots] = line.split(' ');
      if (id === undefined || endpoint === undefined || flagList === undefined || primary === undefined) {
        throw new Error(`not a CLUSTER NODES line: '${line}'`);
      }
      const address = endpoint.split('@')[0] ?? '';
      const flags = flagList.split(',');
      return {
        id,
        address,
        port: Number(address.slice(address.lastIndexOf(':') + 1)),
        role: flags.includes('master') ? 'primary' : 'replica',
        primaryId: primary === '-' ? undefined : primary,
        failing: flags.includes('fail') || flags.includes('fail?'),
        myself: flags.includes('myself'),
        slots: slots.reduce((sum, range) => sum + slotCount(range), 0),
      };
    });
}

function slotCount(range: string): number {
  if (range.startsWith('[')) return 0;
  const [from, to] = range.split('-').map(Number);
  if (from === undefined) return 0;
  return (to ?? from) - from + 1;
}
