package com.amplitude;

/** Signatures copied from amplitude/Amplitude-Java src/main/java/com/amplitude/Amplitude.java (1.13.0). */
public class Amplitude {
    public static Amplitude getInstance() { return new Amplitude(); }
    public static Amplitude getInstance(String instanceName) { return new Amplitude(); }
    public void init(String key) {}
    public void setServerUrl(String url) {}
    public void setOptions(Options options) {}
    public Amplitude setEventUploadThreshold(int eventUploadThreshold) { return this; }
    public Amplitude setEventUploadPeriodMillis(int eventUploadPeriodMillis) { return this; }
    public void logEvent(Event event) {}
    public void flushEvents() {}
    public void shutdown() throws InterruptedException {}
}
