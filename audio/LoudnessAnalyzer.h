#pragma once

#include "audio/ExportTypes.h"
#include "audio/TruePeakMeter.h"

#include <cstddef>
#include <ebur128.h> // its state is an anonymous struct: no forward declaration
#include <memory>
#include <vector>

namespace onair::audio {

// What a LoudnessAnalyzer measures beyond the integrated loudness; each costs time per sample.
struct LoudnessMeasures {
    // The true peak (TruePeakMeter). Without it the report's true peak is the sample peak, or
    // the floor without `details` too.
    bool truePeak = true;
    // Loudness range, the sample peak and the short-term series: libebur128's range and peak
    // modes and the per-second reading add about 40 % to its integrated-only cost.
    bool details = true;
};

// Measures an export's loudness with libebur128 (ITU-R BS.1770-4 / EBU R 128): integrated
// loudness, loudness range, true peak, sample peak, and one short-term (3 s) value per second
// of audio, read while the audio is added so no second pass is needed. The true peak comes from
// TruePeakMeter (libswresample's oversampling), not libebur128's slower interpolator.
//
// Mono: a single channel is measured as one channel (libebur128's default map, weight 1.0),
// as BS.1770 defines it, not as "dual mono" (which would add 3 dB). A -20 dBFS sine therefore
// reads -23 LUFS mono and -20 LUFS as identical stereo. The podcast mono target (-19 LUFS,
// AES TD1004 / common practice, vs. -16 LUFS stereo) already accounts for that 3 dB.
// Not real-time: the export pipeline calls it off the audio thread.
class LoudnessAnalyzer {
public:
    explicit LoudnessAnalyzer(int channels, double rate, LoudnessMeasures measures = {});
    ~LoudnessAnalyzer();
    LoudnessAnalyzer(const LoudnessAnalyzer&) = delete;
    LoudnessAnalyzer& operator=(const LoudnessAnalyzer&) = delete;

    // False when libebur128 refused the format (channels or rate out of its range).
    bool valid() const { return state_ != nullptr; }

    void add(const float* interleaved, std::size_t frames);
    // Silence (or no audio) reads as -70 LUFS / -70 dB, the floor of LoudnessReport. Call it
    // after the last add(): it drains the true-peak meter's filter.
    LoudnessReport report();

private:
    ebur128_state* state_ = nullptr;
    int channels_;
    std::size_t framesPerSecond_;
    std::size_t framesIntoSecond_ = 0;
    bool details_;
    std::vector<float> shortTerm_;
    std::unique_ptr<TruePeakMeter> truePeak_;
};

} // namespace onair::audio
