package retrofit2;

/** Stub: retrofit2.Callback. */
public interface Callback<T> {
    void onResponse(Call<T> call, Response<T> response);
    void onFailure(Call<T> call, Throwable t);
}
