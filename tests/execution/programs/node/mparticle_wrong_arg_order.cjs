// A deliberately WRONG mParticle migration: AppEvent built with the Python argument order,
// new AppEvent(eventName, customEventType), so the event name ends up as the event type.
// (The correct Node order is new AppEvent(customEventType, eventName).)
const mParticle = require('mparticle');

const api = new mParticle.EventsApi(new mParticle.Configuration('API_KEY', 'API_SECRET'));

function upload({ events = [], userAttributes, email } = {}) {
  const batch = new mParticle.Batch(mParticle.Batch.Environment.development);
  batch.user_identities = new mParticle.UserIdentities();
  batch.user_identities.customerid = 'user-1';
  if (email) batch.user_identities.email = email;
  if (userAttributes) batch.user_attributes = userAttributes;
  for (const event of events) batch.addEvent(event);
  return new Promise((resolve, reject) => {
    api.uploadEvents(batch, (error) => (error ? reject(error) : resolve()));
  });
}

function appEvent(name, attributes, type = mParticle.AppEvent.CustomEventType.other) {
  const event = new mParticle.AppEvent(name, type);
  event.custom_attributes = attributes;
  return event;
}

function screenView(name, attributes) {
  const event = new mParticle.ScreenViewEvent(name);
  event.custom_attributes = attributes;
  return event;
}

(async () => {
  await upload({
    userAttributes: { email: 'ada@example.com', plan: 'pro', logins: 3, beta: true },
    email: 'ada@example.com',
  });
  await upload({ events: [appEvent('Signed Up', { plan: 'pro', seats: 3, price: 9.99, trial: false })] });
  await upload({
    events: [
      appEvent(
        'Order Completed',
        { order_id: 'o-1', total: 42.5, currency: 'EUR' },
        mParticle.AppEvent.CustomEventType.transaction,
      ),
    ],
  });
  await upload({ events: [screenView('Setup', { path: '/docs/setup' })] });
  await upload({ events: [screenView('Home', { tab: 'feed' })] });
  await upload({ userAttributes: { group_id: 'acme', group_name: 'Acme Inc', group_employees: 10 } });
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
