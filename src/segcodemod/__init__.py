"""segcodemod: migrate Segment analytics SDK calls to Amplitude or mParticle."""

__version__ = "0.1.0"
