package com.mparticle;

/** Signatures copied from mParticle/mparticle-java-events-sdk src/main/java/com/mparticle/ApiClient.java (2.7.0). */
public class ApiClient {
    public ApiClient(String apiKey, String apiSecret) {}
    public <S> S createService(Class<S> serviceClass) { return null; }
}
