/**
 * True once the emulator answers `call` (a cheap list request); throws the
 * SDK's error otherwise, which `waitUntil` reports if it never answers. The
 * client is made per probe with one attempt, so a probe never retries inside.
 */
export async function emulatorAnswers<C extends { destroy(): void }>(
  client: C,
  call: (client: C) => Promise<unknown>,
): Promise<boolean> {
  try {
    await call(client);
    return true;
  } finally {
    client.destroy();
  }
}
