package android.content;

/** Stub: android.content.Context (only what the fixtures use). */
public abstract class Context {
    public abstract Context getApplicationContext();
}
