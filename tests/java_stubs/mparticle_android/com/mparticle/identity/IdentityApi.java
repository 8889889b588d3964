package com.mparticle.identity;

import com.mparticle.MParticleTask;

/** Signatures copied from mparticle-android-sdk identity/IdentityApi.java. */
public class IdentityApi {
    public MParticleUser getCurrentUser() { return null; }
    public MParticleTask<IdentityApiResult> logout() { return null; }
    public MParticleTask<IdentityApiResult> login(IdentityApiRequest loginRequest) { return null; }
    public MParticleTask<IdentityApiResult> identify(IdentityApiRequest identifyRequest) { return null; }
}
