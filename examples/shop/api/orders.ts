import { analytics } from './analytics'

export async function completeOrder(userId: string, order: { id: string; total: number }) {
  analytics.identify({ userId, traits: { lastOrder: order.id } })
  analytics.track({
    userId,
    event: 'Order Completed',
    properties: { orderId: order.id, total: order.total },
  })
  await analytics.closeAndFlush()
}
