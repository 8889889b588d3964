package com.amplitude.android;

/** Amplitude-Kotlin android/.../AutocaptureOptions.kt. */
public enum AutocaptureOption { SESSIONS, APP_LIFECYCLES, DEEP_LINKS, SCREEN_VIEWS, ELEMENT_INTERACTIONS }
