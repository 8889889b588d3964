import { analytics } from './analytics'

export function Checkout({ userId, total }: { userId: string; total: number }) {
  analytics.identify(userId, { plan: 'pro' })
  analytics.page('Shop', 'Checkout')
  return (
    <button onClick={() => analytics.track('Checkout Clicked', { total })}>
      Pay
    </button>
  )
}
