import { readFile } from 'node:fs/promises';

const tcpListen = '0A';

/**
 * The local addresses of every TCP socket listening on `port` in this network
 * namespace, read from /proc/net (Linux), e.g. `['127.0.0.1']`, or `['::']`
 * for a server that took every interface. Tests use it to prove a starter
 * kept its server off the network.
 */
export async function listeningAddresses(port: number): Promise<string[]> {
  const tables = [
    { file: '/proc/net/tcp', decode: decodeIpv4 },
    { file: '/proc/net/tcp6', decode: decodeIpv6 },
  ];
  const addresses: string[] = [];
  for (const { file, decode } of tables) {
    // A kernel without IPv6 has no tcp6 table.
    const table = await readFile(file, 'utf8').catch(() => '');
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [hexAddress, hexPort] = local?.split(':') ?? [];
      if (state === tcpListen && hexAddress && hexPort && Number.parseInt(hexPort, 16) === port) {
        addresses.push(decode(hexAddress));
      }
    }
  }
  return addresses;
}

// The kernel prints addresses as 32-bit words in host (little-endian) byte order.
function wordBytes(hexWord: string): number[] {
  return (hexWord.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)).reverse();
}

function decodeIpv4(hex: string): string {
  return wordBytes(hex).join('.');
}

function decodeIpv6(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(wordBytes);
  const groups = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // The URL parser prints the canonical short form, e.g. `::` or `::1`.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}
