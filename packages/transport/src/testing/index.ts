// Test support that needs the transport: `@fraud/transport/testing`. It lives
// here, not in @fraud/testing, because the transport's own tests use
// @fraud/testing: one importing the other would be a cycle.
export { testTransport } from './test-transport.js';
