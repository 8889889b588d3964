package com.mparticle;

import android.content.Context;

/** Signatures copied from mparticle-android-sdk MParticleOptions.java. */
public class MParticleOptions {
    public static MParticleOptions.Builder builder(Context context) { return new Builder(); }

    public static class Builder {
        public Builder credentials(String apiKey, String apiSecret) { return this; }
        public Builder environment(MParticle.Environment environment) { return this; }
        public Builder uploadInterval(int uploadInterval) { return this; }
        public MParticleOptions build() { return new MParticleOptions(); }
    }
}
