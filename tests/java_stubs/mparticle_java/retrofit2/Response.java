package retrofit2;

/** Stub: retrofit2.Response. */
public final class Response<T> {
    public boolean isSuccessful() { return true; }
}
