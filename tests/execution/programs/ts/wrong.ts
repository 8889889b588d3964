import * as amplitude from '@amplitude/analytics-node';

// Segment's object form passed to Amplitude: must not type-check.
amplitude.track({ userId: 'user-1', event: 'Signed Up' });
