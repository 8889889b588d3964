package com.mparticle.client;

import com.mparticle.model.Batch;
import java.util.List;
import retrofit2.Call;

/** mparticle-java-events-sdk client/EventsApi.java (retrofit interface). */
public interface EventsApi {
    Call<Void> bulkUploadEvents(List<Batch> batch);
    Call<Void> uploadEvents(Batch batch);
}
