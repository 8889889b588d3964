// Hand-written Amplitude (@amplitude/analytics-node) migration of segment_new.mjs / segment_legacy.cjs.
import * as amplitude from '@amplitude/analytics-node';

const GROUP_TYPE = '[Segment] Group';
const user = { user_id: 'user-1' };

await amplitude.init('API_KEY', { minIdLength: 1 }).promise;

amplitude.identify(
  new amplitude.Identify().set('email', 'ada@example.com').set('plan', 'pro').set('logins', 3).set('beta', true),
  user,
);
amplitude.track('Signed Up', { plan: 'pro', seats: 3, price: 9.99, trial: false }, user);
amplitude.track('Order Completed', { order_id: 'o-1', total: 42.5, currency: 'EUR' }, user);
amplitude.track('Viewed Docs Setup Page', { path: '/docs/setup', name: 'Setup', category: 'Docs' }, user);
amplitude.track('Viewed Home Screen', { tab: 'feed', name: 'Home' }, user);
amplitude.setGroup(GROUP_TYPE, 'acme', user);
amplitude.groupIdentify(GROUP_TYPE, 'acme', new amplitude.Identify().set('name', 'Acme Inc').set('employees', 10), user);

await amplitude.flush().promise;
