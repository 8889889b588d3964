package com.mparticle;

import com.mparticle.identity.TaskSuccessListener;

/** Signatures copied from mparticle-android-sdk MParticleTask.java. */
public abstract class MParticleTask<MParticleTaskResult> {
    public abstract MParticleTask<MParticleTaskResult> addSuccessListener(TaskSuccessListener listener);
}
