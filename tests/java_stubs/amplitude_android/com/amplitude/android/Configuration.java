package com.amplitude.android;

import android.content.Context;
import java.util.Set;

/**
 * Java view of amplitude/Amplitude-Kotlin android/.../Configuration.kt (1.30.x): the deprecated
 * @JvmOverloads constructor (apiKey, context, ...) and the setters of its `var` properties.
 */
public class Configuration {
    public Configuration(String apiKey, Context context) {}
    public void setFlushQueueSize(int flushQueueSize) {}
    public void setFlushIntervalMillis(int flushIntervalMillis) {}
    public void setMinIdLength(Integer minIdLength) {}
    public void setAutocapture(Set<AutocaptureOption> autocapture) {}
}
