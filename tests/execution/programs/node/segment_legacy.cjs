// Segment legacy (analytics-node 6.x) original, CommonJS, no explicit flush (the SDK's flush
// timer keeps the process alive until the queue is sent).
const Analytics = require('analytics-node');

const analytics = new Analytics('WRITE_KEY');

analytics.identify({ userId: 'user-1', traits: { email: 'ada@example.com', plan: 'pro', logins: 3, beta: true } });
analytics.track({ userId: 'user-1', event: 'Signed Up', properties: { plan: 'pro', seats: 3, price: 9.99, trial: false } });
analytics.track({ userId: 'user-1', event: 'Order Completed', properties: { order_id: 'o-1', total: 42.5, currency: 'EUR' } });
analytics.page({ userId: 'user-1', category: 'Docs', name: 'Setup', properties: { path: '/docs/setup' } });
analytics.screen({ userId: 'user-1', name: 'Home', properties: { tab: 'feed' } });
analytics.group({ userId: 'user-1', groupId: 'acme', traits: { name: 'Acme Inc', employees: 10 } });
