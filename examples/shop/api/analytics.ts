import { Analytics } from '@segment/analytics-node'

export const analytics = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? '' })
