package com.mparticle.identity;

/** mparticle-android-sdk identity/TaskSuccessListener.java. */
public interface TaskSuccessListener {
    void onSuccess(IdentityApiResult result);
}
