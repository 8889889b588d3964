package com.mparticle;

import com.mparticle.identity.IdentityApi;
import java.util.Map;

/** Signatures copied from mParticle/mparticle-android-sdk android-core/.../MParticle.java (5.80.0). */
public class MParticle {
    public static void start(MParticleOptions options) {}
    public static MParticle getInstance() { return null; }
    public void upload() {}
    public void logEvent(BaseEvent event) {}
    public void logScreen(String screenName) {}
    public void logScreen(String screenName, Map<String, String> eventData) {}
    public void logScreen(MPEvent screenEvent) {}
    public IdentityApi Identity() { return null; }

    public enum EventType { Unknown, Navigation, Location, Search, Transaction, UserContent, UserPreference, Social, Other, Media }

    public enum Environment { AutoDetect, Development, Production }
}
