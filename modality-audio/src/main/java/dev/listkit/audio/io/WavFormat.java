package dev.listkit.audio.io;

/**
 * The parts of a WAV {@code fmt } chunk the decoder needs, after {@code WAVE_FORMAT_EXTENSIBLE} has been
 * resolved to its sub-format.
 *
 * @param encoding      sample encoding (integer PCM or IEEE float)
 * @param channels      interleaved channel count, at least 1
 * @param sampleRateHz  frames per second
 * @param bitsPerSample significant bits per sample as declared
 * @param bytesPerFrame block align: bytes of one frame (all channels)
 */
record WavFormat(Encoding encoding, int channels, int sampleRateHz, int bitsPerSample, int bytesPerFrame) {

    /** Sample encodings the decoder understands. */
    enum Encoding {
        /** {@code WAVE_FORMAT_PCM} (0x0001): unsigned 8-bit, signed little-endian otherwise. */
        PCM,
        /** {@code WAVE_FORMAT_IEEE_FLOAT} (0x0003): 32- or 64-bit little-endian floats. */
        FLOAT
    }

    /** Bytes one sample of one channel occupies (the container size, may exceed the significant bits). */
    int bytesPerSample() {
        return bytesPerFrame / channels;
    }
}
