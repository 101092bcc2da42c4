// Starts the local stack, prints its process ids as one JSON line, then waits
// to be killed. The leak test SIGKILLs this process and checks that nothing
// it started survives it.
import { startInfraStack } from '@fraud/testing';

const stack = await startInfraStack({ mode: 'local', redisCluster: false });
process.stdout.write(`${JSON.stringify({ pids: stack.pids })}\n`);
setInterval(() => undefined, 1 << 30);
