package com.amplitude.android;

import android.content.Context;

/** Java view of Amplitude-Kotlin android/.../ConfigurationBuilder.kt (since 1.27.0). */
public final class ConfigurationBuilder extends Configuration {
    public ConfigurationBuilder(String apiKey, Context context) { super(apiKey, context); }
    public Configuration build() { return this; }
}
