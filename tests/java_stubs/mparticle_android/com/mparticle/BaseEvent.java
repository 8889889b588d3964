package com.mparticle;

/** Stub: mparticle-android-sdk BaseEvent. */
public class BaseEvent {}
