// Segment (@segment/analytics-node 3.x) original, as an ES module.
// Note: in native Node ESM the default import of this CommonJS package is its exports object,
// not the class; `import { Analytics }` is the form that works.
import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({ writeKey: 'WRITE_KEY' });

analytics.identify({ userId: 'user-1', traits: { email: 'ada@example.com', plan: 'pro', logins: 3, beta: true } });
analytics.track({ userId: 'user-1', event: 'Signed Up', properties: { plan: 'pro', seats: 3, price: 9.99, trial: false } });
analytics.track({ userId: 'user-1', event: 'Order Completed', properties: { order_id: 'o-1', total: 42.5, currency: 'EUR' } });
analytics.page({ userId: 'user-1', category: 'Docs', name: 'Setup', properties: { path: '/docs/setup' } });
analytics.screen({ userId: 'user-1', name: 'Home', properties: { tab: 'feed' } });
analytics.group({ userId: 'user-1', groupId: 'acme', traits: { name: 'Acme Inc', employees: 10 } });

await analytics.closeAndFlush();
