package android.app;

import android.content.Context;

/** Stub: android.app.Application. */
public class Application extends Context {
    public void onCreate() {}

    @Override
    public Context getApplicationContext() {
        return this;
    }
}
