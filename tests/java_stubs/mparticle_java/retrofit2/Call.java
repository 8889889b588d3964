package retrofit2;

import java.io.IOException;

/** Stub: retrofit2.Call (the mParticle events SDK's transport). */
public interface Call<T> {
    Response<T> execute() throws IOException;
    void enqueue(Callback<T> callback);
}
