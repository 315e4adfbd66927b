#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace onair::audio {

struct ImportRequest {
    std::string inputPath;
    std::string outputPath; // the FLAC file to create (24-bit, at sampleRate)
    double sampleRate = 48000;
    // When set, the decoded audio (float, at sampleRate) goes here instead of a file, and
    // outputPath is not used: for measuring what a file holds as a player decodes it.
    std::function<void(const float* interleaved, std::int64_t frames, int channels)> sink{};
};

struct ImportProgress {
    // Called on the importing thread with a fraction that only grows, at most about 100 times,
    // ending with exactly 1.0 on success (never called with 1.0 after a failure or a cancel).
    std::function<void(double fraction)> onProgress;
    // Polled once per demuxed packet; the callback may set it.
    const std::atomic<bool>* cancel = nullptr;
};

struct ImportResult {
    std::string error;         // empty on success; a message a person can act on (also on cancel)
    std::int64_t frames = 0;   // frames actually written (the real decoded length)
    int channels = 0;          // channels written: 1 for mono sources, otherwise 2
    double sourceRate = 0;     // the decoder's sample rate
    std::string codec;         // e.g. "mp3", "aac", "pcm_s16le"
    double claimedSeconds = 0; // what the container claimed (may differ for truncated files)
    int decodeErrors = 0;      // packets that failed to decode and were skipped
    bool cancelled = false;
};

// Imports any audio FFmpeg can decode (WAV, FLAC, Ogg Vorbis, MP3, M4A/AAC, Opus, ...) as a
// 24-bit FLAC file at the requested rate: mono stays mono, stereo stays stereo, more channels
// are downmixed to stereo by libswresample's standard matrix. The first audio stream is used.
//
// The length is what really decodes, not what the header claims: encoder priming and padding
// are removed as FFmpeg's demuxers describe them (skip-samples side data: LAME/Xing tags, Ogg
// pre-skip and granule positions, MP4 edit lists), damaged packets are skipped and counted,
// and a truncated file gives what it holds. A file where nothing decodes is refused.
//
// The output is written to outputPath + ".part" and renamed only on success, so the final name
// never holds half a file; on error or cancel the .part file is removed. Blocking; run it off
// the GUI thread. Not real-time safe.
ImportResult importAudio(const ImportRequest& request, const ImportProgress& progress = {});

} // namespace onair::audio
