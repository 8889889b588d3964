package com.mparticle.identity;

import java.util.Map;

/** Signatures copied from mparticle-android-sdk identity/MParticleUser.java. */
public interface MParticleUser {
    boolean setUserAttributes(Map<String, Object> userAttributes);
    boolean setUserAttribute(String key, Object value);
}
