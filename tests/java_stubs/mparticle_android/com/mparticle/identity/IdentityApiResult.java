package com.mparticle.identity;

/** Signatures copied from mparticle-android-sdk identity/IdentityApiResult.java. */
public final class IdentityApiResult {
    public MParticleUser getUser() { return null; }
}
