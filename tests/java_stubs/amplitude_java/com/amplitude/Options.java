package com.amplitude;

/** Amplitude-Java Options.java. */
public class Options {
    public Integer minIdLength;
    public Options setMinIdLength(Integer minIdLength) { return this; }
}
