package com.mparticle.model;

/** Signatures copied from mparticle-java-events-sdk model/UserIdentities.java. */
public class UserIdentities {
    public UserIdentities other(String other) { return this; }
    public UserIdentities customerId(String customerId) { return this; }
    public UserIdentities email(String email) { return this; }
}
