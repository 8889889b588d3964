package com.segment.analytics;

/** Signatures copied from segmentio/analytics-android Properties.java. */
public class Properties extends ValueMap {
    @Override public Properties putValue(String key, Object value) { return this; }
    public Properties putRevenue(double revenue) { return this; }
    public Properties putValue(double value) { return this; }
    public Properties putCurrency(String currency) { return this; }
    public Properties putPath(String path) { return this; }
    public Properties putReferrer(String referrer) { return this; }
    public Properties putTitle(String title) { return this; }
    public Properties putUrl(String url) { return this; }
    public Properties putName(String name) { return this; }
    public Properties putCategory(String category) { return this; }
    public Properties putSku(String sku) { return this; }
    public Properties putPrice(double price) { return this; }
    public Properties putProductId(String id) { return this; }
    public Properties putOrderId(String orderId) { return this; }
    public Properties putTotal(double total) { return this; }
    public Properties putSubtotal(double subtotal) { return this; }
    public Properties putShipping(double shipping) { return this; }
    public Properties putTax(double tax) { return this; }
    public Properties putDiscount(double discount) { return this; }
    public Properties putCoupon(String coupon) { return this; }
    public Properties putRepeatCustomer(boolean repeat) { return this; }
}
