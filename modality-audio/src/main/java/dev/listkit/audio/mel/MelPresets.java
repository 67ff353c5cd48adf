package dev.listkit.audio.mel;

import dev.listkit.core.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named front-end settings of published audio-text models. Each entry names the file its values come
 * from. The three CLAP-family models compute their features with torchlibrosa's
 * {@code Spectrogram} + {@code LogmelFilterBank}: periodic Hann, centred with reflect padding,
 * power 2, {@code librosa.filters.mel} defaults ({@code htk=False} → Slaney scale, Slaney norm), and
 * {@code 10 log10(max(x, 1e-10))} with {@code ref = 1} and no {@code top_db}.
 */
public final class MelPresets {
    /** The preset used when a config names none. */
    public static final String DEFAULT = "default-16k";

    private static final Map<String, Entry> PRESETS = new LinkedHashMap<>();

    private record Entry(MelConfig mel, double clipSeconds) {
    }

    static {
        // listkit's own CPU-sized default: 25 ms Hann window (400) in a 512-point FFT, 10 ms hop,
        // 64 Slaney mels over 50-8000 Hz, dB with an 80 dB range so silent padding cannot stretch it.
        // Clips of 5 s (ESC-50 length).
        put(DEFAULT, 5.0, clap(16_000, 512, 160, 50, 8_000).optWinLength(400).optDb(1e-10, 1.0, 80.0));
        // LAION-CLAP: clap_module/model_configs/HTSAT-tiny.json audio_cfg (sample_rate 48000,
        // window_size 1024, hop_size 480, mel_bins 64, fmin 50, fmax 14000, clip_samples 480000)
        // with the torchlibrosa front end of clap_module/htsat.py.
        put("laion-clap", 10.0, clap(48_000, 1024, 480, 50, 14_000));
        // MS-CLAP 2023: msclap/configs/config_2023.yml (sampling_rate 44100, duration 7,
        // window_size 1024, hop_size 320, mel_bins 64, fmin 50, fmax 8000), HTSAT torchlibrosa front end.
        put("ms-clap-2023", 7.0, clap(44_100, 1024, 320, 50, 8_000));
        // WavCaps: retrieval/settings/pretrain.yaml audio_args (sr 32000, n_fft 1024, hop_length 320,
        // n_mels 64, f_min 50, f_max 14000, max_length 10), HTSAT torchlibrosa front end.
        put("wavcaps", 10.0, clap(32_000, 1024, 320, 50, 14_000));
        // Whisper: whisper/audio.py (SAMPLE_RATE 16000, N_FFT 400, HOP_LENGTH 160, CHUNK_LENGTH 30,
        // librosa.filters.mel(sr=16000, n_fft=400, n_mels=80) → 0-8000 Hz, Slaney scale and norm,
        // magnitudes = stft[..., :-1].abs() ** 2, then its log10 normalisation).
        put("whisper", 30.0, MelConfig.builder().setSampleRateHz(16_000).setNFft(400).setHopLength(160)
                .setNMels(80).optFrequencyRangeHz(0, 8_000).optMelScale(MelScale.SLANEY, FilterNorm.SLANEY)
                .optPower(2).optWhisperLog().optDropLastFrame(true));
        // EfficientAT (mn04_as and the other AudioSet models): models/prepress.py AugmentMelSTFT in eval mode
        // (sr 32000, n_fft 1024, win_length 800, hopsize 320, n_mels 128, fmin 0, fmax = sr/2 - fmax_aug_range/2
        // = 15000): conv1d pre-emphasis [-0.97, 1], torch.stft with hann_window(800, periodic=False), power,
        // kaldi.get_mel_banks(128, 1024, 32000, 0, 15000, vtln_low=100, vtln_high=-500) + one zero column,
        // (melspec + 1e-5).log(), then (x + 4.5) / 5. AudioSet clips are 10 s.
        put("efficientat", 10.0, MelConfig.builder().setSampleRateHz(32_000).setNFft(1024).setHopLength(320)
                .setNMels(128).optWinLength(800).optWindow(WindowType.HANN, false).optCenter(true, PadMode.REFLECT)
                .optPreEmphasis(0.97).optFrequencyRangeHz(0, 15_000).optMelScale(MelScale.KALDI, FilterNorm.NONE)
                .optPower(2).optLog(1e-5).optAffine(4.5, 5.0));
    }

    private MelPresets() {
    }

    private static MelConfig.Builder clap(int rateHz, int nFft, int hop, double fMinHz, double fMaxHz) {
        return MelConfig.builder().setSampleRateHz(rateHz).setNFft(nFft).setHopLength(hop).setNMels(64)
                .optWinLength(nFft).optWindow(WindowType.HANN).optCenter(true, PadMode.REFLECT)
                .optFrequencyRangeHz(fMinHz, fMaxHz).optMelScale(MelScale.SLANEY, FilterNorm.SLANEY)
                .optPower(2).optDb(1e-10, 1.0, null);
    }

    private static void put(String name, double clipSeconds, MelConfig.Builder b) {
        try {
            PRESETS.put(name, new Entry(b.build(), clipSeconds));
        } catch (ConfigException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Preset names, {@link #DEFAULT} first. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The mel config of preset {@code name}. */
    public static MelConfig get(String name) throws ConfigException {
        return entry(name).mel();
    }

    /** The clip length in seconds the preset's model was trained on. */
    public static double clipSeconds(String name) throws ConfigException {
        return entry(name).clipSeconds();
    }

    private static Entry entry(String name) throws ConfigException {
        Entry e = PRESETS.get(name);
        if (e == null) {
            throw new ConfigException("unknown mel preset '" + name + "'; presets: " + names());
        }
        return e;
    }
}
