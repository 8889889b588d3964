// Type-checked (not run) by test_harness.py with the pinned typescript: the target SDK forms the
// codemod emits for TypeScript, against the pinned SDK typings.
import { Analytics } from '@segment/analytics-node';
import * as amplitude from '@amplitude/analytics-node';
import * as amplitudeBrowser from '@amplitude/analytics-browser';
import mParticle from '@mparticle/web-sdk';

export async function segmentOriginal(): Promise<void> {
  const analytics = new Analytics({ writeKey: 'WRITE_KEY' });
  analytics.track({ userId: 'user-1', event: 'Signed Up', properties: { plan: 'pro' } });
  await analytics.closeAndFlush();
}

export async function amplitudeNode(): Promise<void> {
  await amplitude.init('API_KEY', { minIdLength: 1 }).promise;
  amplitude.identify(new amplitude.Identify().set('plan', 'pro'), { user_id: 'user-1' });
  amplitude.track('Signed Up', { plan: 'pro' }, { user_id: 'user-1' });
  amplitude.setGroup('[Segment] Group', 'acme', { user_id: 'user-1' });
  await amplitude.flush().promise;
}

export function amplitudeWeb(): void {
  amplitudeBrowser.init('API_KEY', { autocapture: { pageViews: false } });
  amplitudeBrowser.setUserId('user-1');
  amplitudeBrowser.track('Viewed Home Page', { name: 'Home' });
}

export function mparticleWeb(): void {
  mParticle.logEvent('Signed Up', mParticle.EventType.Other, { plan: 'pro' });
  mParticle.logPageView('Home', { path: '/' });
}
