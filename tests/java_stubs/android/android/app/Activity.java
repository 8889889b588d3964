package android.app;

import android.content.Context;

/** Stub: android.app.Activity. */
public class Activity extends Context {
    protected void onResume() {}

    @Override
    public Context getApplicationContext() {
        return null;
    }
}
